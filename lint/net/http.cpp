#include "lint/net/http.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>
#include <vector>

#include "lint/net/address_policy.h"
#include "lint/text/ascii.h"
#include "reflint/version.h"

namespace reflint {
namespace {

using Clock = HttpClient::Clock;

constexpr double kRetryBaseSeconds = 0.5;
constexpr double kMaxBackoffSeconds = 8;

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
};

/// "https://api.crossref.org:443" for any URL on that host; empty when the scheme is not http(s).
std::string host_key(std::string_view url) {
  const std::string lower = lower_ascii(url.substr(0, std::min<size_t>(url.size(), 8)));
  if (!lower.starts_with("http://") && !lower.starts_with("https://")) return {};
  const size_t authority = url.find("://") + 3;
  const size_t end = url.find_first_of("/?#", authority);
  return lower_ascii(url.substr(0, end == std::string_view::npos ? url.size() : end));
}

Clock::duration seconds(double value) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(value));
}

/// Retry-After as seconds (a number, or an HTTP date), or a negative value when unreadable.
double retry_after_seconds(const std::string& value) {
  char* end = nullptr;
  const double number = std::strtod(value.c_str(), &end);
  if (end != value.c_str() && *end == '\0') return number;
  const time_t when = curl_getdate(value.c_str(), nullptr);
  return when < 0 ? -1 : std::max<double>(0, static_cast<double>(when - std::time(nullptr)));
}

/// "1s", "60s", "1m" as seconds; 0 when unreadable.
double interval_seconds(const std::string& value) {
  char* end = nullptr;
  const double number = std::strtod(value.c_str(), &end);
  if (end == value.c_str() || number <= 0) return 0;
  const std::string unit = lower_ascii(end);
  if (unit.empty() || unit == "s") return number;
  if (unit == "ms") return number / 1000;
  if (unit == "m") return number * 60;
  return 0;
}

struct HostState;

struct Request {
  std::string url;
  std::string host;
  // Worked out on the request's first pass through the queue, not on every pass: a site audit
  // queues thousands of requests to one host, and the queue is walked at every transfer's end.
  HostState* state = nullptr;
  bool policy_checked = false;
  std::function<void(HttpResponse)> done;
  UrlSource source = UrlSource::configured;
  std::vector<std::string> headers;
  bool follow_redirects = true;
  bool retry = true;
  bool host_allowed = false;  // an article's URL whose host is in allow-hosts: any address
  std::string refused;        // why the outbound policy refused the connection
  int redirects = 0;          // followed by hand, for article URLs
  int attempts = 0;
  Clock::time_point not_before;
  // The current attempt.
  CURL* easy = nullptr;
  std::string body;
  bool too_large = false;
  int64_t max_bytes = 0;
  std::string retry_after;
  std::string location;  // of the last redirect, to name a refused one
  std::string effective_url;
  double transfer_seconds = 0;
  std::string rate_limit;
  std::string rate_interval;
  std::string content_type;
  std::string etag;
  std::string last_modified;
  std::string cache_control;
  std::string expires;
  std::string date;
  std::string age;
  curl_slist* header_list = nullptr;  // `headers` as libcurl takes them, for the current attempt
  char error[CURL_ERROR_SIZE] = {};

  Request() = default;
  Request(const Request&) = delete;
  Request& operator=(const Request&) = delete;
  ~Request() { curl_slist_free_all(header_list); }
};

size_t write_body(char* data, size_t size, size_t count, void* user) {
  auto* request = static_cast<Request*>(user);
  const size_t bytes = size * count;
  if (static_cast<int64_t>(request->body.size() + bytes) > request->max_bytes) {
    request->too_large = true;
    return 0;  // aborts the transfer, also for chunked bodies without a Content-Length
  }
  request->body.append(data, bytes);
  return bytes;
}

size_t read_header(char* data, size_t size, size_t count, void* user) {
  auto* request = static_cast<Request*>(user);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {  // a new response (after a redirect): forget the last one's headers
    request->retry_after.clear();
    request->location.clear();
    request->rate_limit.clear();
    request->rate_interval.clear();
    request->content_type.clear();
    request->etag.clear();
    request->last_modified.clear();
    request->cache_control.clear();
    request->expires.clear();
    request->date.clear();
    request->age.clear();
    return line.size();
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return line.size();
  const std::string name = lower_ascii(line.substr(0, colon));
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
    value.remove_suffix(1);
  if (name == "retry-after") request->retry_after = value;
  if (name == "location") request->location = value;
  if (name == "x-rate-limit-limit") request->rate_limit = value;
  if (name == "x-rate-limit-interval") request->rate_interval = value;
  if (name == "content-type") request->content_type = value;
  if (name == "etag") request->etag = value;
  if (name == "last-modified") request->last_modified = value;
  if (name == "cache-control")
    request->cache_control += (request->cache_control.empty() ? "" : ",") + std::string(value);
  if (name == "expires") request->expires = value;
  if (name == "date") request->date = value;
  if (name == "age") request->age = value;
  return line.size();
}

/// How long an answer stays fresh, from its Cache-Control, Expires, Date and Age headers (RFC 9111
/// 4.2.1): seconds; 0 when it must be revalidated; -1 when it may not be stored (no-store).
int64_t freshness_seconds(const std::string& cache_control, const std::string& expires,
                          const std::string& date, const std::string& age) {
  std::optional<int64_t> max_age;
  for (size_t at = 0; at <= cache_control.size();) {
    size_t end = cache_control.find(',', at);
    if (end == std::string::npos) end = cache_control.size();
    const std::string directive =
        lower_ascii(trim_ascii(std::string_view(cache_control).substr(at, end - at)));
    at = end + 1;
    if (directive == "no-store") return -1;
    if (directive == "no-cache") return 0;
    if (directive.starts_with("max-age=")) {
      char* stop = nullptr;
      const long long seconds = std::strtoll(directive.c_str() + 8, &stop, 10);
      if (stop != directive.c_str() + 8 && seconds >= 0) max_age = seconds;
    }
  }
  const long long already = age.empty() ? 0 : std::max(0LL, std::strtoll(age.c_str(), nullptr, 10));
  if (max_age) return std::max<int64_t>(0, *max_age - already);
  if (expires.empty()) return 0;
  const time_t until = curl_getdate(expires.c_str(), nullptr);
  const time_t now = date.empty() ? std::time(nullptr) : curl_getdate(date.c_str(), nullptr);
  if (until < 0 || now < 0) return 0;  // an invalid Expires ("0") means already expired
  return std::max<int64_t>(0, static_cast<int64_t>(until - now) - already);
}

/// The host of `url` as libcurl reads it (userinfo, port and brackets handled), or empty.
std::string url_host(const std::string& url) {
  CURLU* parsed = curl_url();
  std::string host;
  char* part = nullptr;
  if (curl_url_set(parsed, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK &&
      curl_url_get(parsed, CURLUPART_HOST, &part, 0) == CURLUE_OK) {
    host = part;
  }
  curl_free(part);
  curl_url_cleanup(parsed);
  return host;
}

/// Opens each connection of an article-supplied request only to an address the policy allows.
curl_socket_t open_checked_socket(void* user, curlsocktype /*purpose*/, curl_sockaddr* address) {
  auto* request = static_cast<Request*>(user);
  if (!request->host_allowed) {
    if (std::string reason = non_public_reason(&address->addr); !reason.empty()) {
      request->refused = std::move(reason);
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype, address->protocol);
}

// Connection failures in a row after which a host is down for the rest of the run: its queued and
// later requests fail at once instead of each waiting out its own retries.
constexpr int kFailuresBeforeHostIsDown = 3;

struct HostState {
  // Requests waiting for this host: in order, and those waiting out a retry's backoff apart, so
  // that starting requests never walks the whole queue (a site audit queues thousands).
  std::deque<std::unique_ptr<Request>> ready;
  std::vector<std::unique_ptr<Request>> retrying;  // until their not_before
  int in_flight = 0;
  double rate = 0;  // requests per second
  Clock::time_point next_start;
  int connection_failures = 0;  // in a row
  std::string down;             // why the host is down for the run; empty while it is up
};

/// Failures of the connection itself (no name, nothing listening, no TLS, no answer in time):
/// what tells that a host cannot be reached at all.
bool is_connection_failure(CURLcode result) {
  return result == CURLE_COULDNT_RESOLVE_HOST || result == CURLE_COULDNT_CONNECT ||
         result == CURLE_SSL_CONNECT_ERROR || result == CURLE_OPERATION_TIMEDOUT;
}

/// Failures that the same request would meet again at once: not retried.
bool is_final_connection_failure(CURLcode result) {
  return result == CURLE_COULDNT_RESOLVE_HOST || result == CURLE_COULDNT_CONNECT;
}

}  // namespace

class HttpClient::Engine {
 public:
  Engine(const NetworkSettings& settings, std::string user_agent)
      : settings_(settings),
        user_agent_(std::move(user_agent)),
        deadline_(Clock::now() + seconds(settings.deadline_seconds)),
        random_(std::random_device{}()) {
    static CurlGlobal global;
    multi_ = curl_multi_init();
    curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS,
                      static_cast<long>(std::max(1, settings.per_host_concurrency)));
    // The multi_socket API: libcurl is told which socket is ready, rather than polling every
    // transfer's socket itself on each pass (26 polls a request with curl_multi_perform).
    curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, on_socket);
    curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, on_timer);
    curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
    wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    thread_ = std::thread([this] { run(); });
  }

  ~Engine() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake();
    thread_.join();
    curl_multi_cleanup(multi_);
    close(wake_fd_);
  }

  void get(std::string url, std::function<void(HttpResponse)> done, HttpRequestOptions options) {
    auto request = std::make_unique<Request>();
    request->host = host_key(url);
    request->url = std::move(url);
    request->done = std::move(done);
    request->source = options.source;
    request->headers = std::move(options.headers);
    request->follow_redirects = options.follow_redirects;
    request->retry = options.retry;
    {
      std::lock_guard lock(mutex_);
      incoming_.push_back(std::move(request));
    }
    wake();
  }

  HttpStats stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
  }

  void limit_host_rate(std::string_view url, double requests_per_second) {
    {
      std::lock_guard lock(mutex_);
      rate_limits_.emplace_back(host_key(url), requests_per_second);
    }
    wake();
  }

 private:
  /// Wakes the engine thread from its poll; wakes already pending are one.
  void wake() {
    if (wake_pending_.exchange(true)) return;
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t written = write(wake_fd_, &one, sizeof one);
  }

  static int on_socket(CURL* /*easy*/, curl_socket_t socket, int what, void* engine, void* /*socket_data*/) {
    auto& sockets = static_cast<Engine*>(engine)->sockets_;
    if (what == CURL_POLL_REMOVE) {
      sockets.erase(socket);
    } else {
      sockets[socket] = static_cast<short>(((what & CURL_POLL_IN) != 0 ? POLLIN : 0) |
                                           ((what & CURL_POLL_OUT) != 0 ? POLLOUT : 0));
    }
    return 0;
  }

  static int on_timer(CURLM* /*multi*/, long timeout_ms, void* engine) {
    auto& timer = static_cast<Engine*>(engine)->timer_;
    if (timeout_ms < 0) {
      timer.reset();
    } else {
      timer = Clock::now() + std::chrono::milliseconds(timeout_ms);
    }
    return 0;
  }

  /// Runs libcurl's timeouts when they are due.
  void run_due_timer() {
    if (!timer_ || *timer_ > Clock::now()) return;
    timer_.reset();
    int running = 0;
    curl_multi_socket_action(multi_, CURL_SOCKET_TIMEOUT, 0, &running);
  }

  /// Waits for a socket, a wake or the next timeout, and hands libcurl the sockets that are ready.
  void wait_and_transfer() {
    std::vector<pollfd> watched;
    watched.reserve(sockets_.size() + 1);
    watched.push_back({wake_fd_, POLLIN, 0});
    for (const auto& [socket, events] : sockets_) watched.push_back({socket, events, 0});
    poll(watched.data(), watched.size(), wait_milliseconds());
    if (watched[0].revents != 0) {
      // Read, then clear: a wake that comes between finds the flag set, and its request is taken
      // on the next pass, which comes after the clear.
      uint64_t count = 0;
      [[maybe_unused]] const ssize_t read_bytes = read(wake_fd_, &count, sizeof count);
      wake_pending_ = false;
    }
    for (size_t i = 1; i < watched.size(); ++i) {
      const short ready = watched[i].revents;
      if (ready == 0) continue;
      const int mask = ((ready & (POLLIN | POLLHUP)) != 0 ? CURL_CSELECT_IN : 0) |
                       ((ready & POLLOUT) != 0 ? CURL_CSELECT_OUT : 0) |
                       ((ready & (POLLERR | POLLNVAL)) != 0 ? CURL_CSELECT_ERR : 0);
      int running = 0;
      curl_multi_socket_action(multi_, watched[i].fd, mask, &running);
    }
  }

  void run() {
    for (;;) {
      std::vector<std::unique_ptr<Request>> arrived;
      bool stopping = false;
      {
        std::lock_guard lock(mutex_);
        arrived.swap(incoming_);
        for (const auto& [host, rate] : rate_limits_) {
          if (rate > 0) host_state(host).rate = std::min(host_state(host).rate, rate);
        }
        rate_limits_.clear();
        stopping = stopping_;
      }
      // Queued outside the lock: a refused request's callback may queue another.
      for (auto& request : arrived) queue(std::move(request));
      if (stopping) break;
      const Clock::time_point now = Clock::now();
      if (now >= deadline_) {
        fail_everything(fmt::format("the network deadline of {} s was reached", settings_.deadline_seconds));
      }
      start_ready(now);
      run_due_timer();
      collect_finished();
      wait_and_transfer();
      run_due_timer();
      collect_finished();
    }
    // Failing a request may queue its follow-up: fail those too, so every callback runs once.
    for (;;) {
      std::vector<std::unique_ptr<Request>> arrived;
      {
        std::lock_guard lock(mutex_);
        arrived.swap(incoming_);
      }
      for (auto& request : arrived) queue(std::move(request));
      if (!any_waiting() && in_flight_.empty()) break;
      fail_everything("the run ended before the request was made");
    }
  }

  bool any_waiting() const {
    return std::any_of(hosts_.begin(), hosts_.end(), [](const auto& entry) {
      return !entry.second.ready.empty() || !entry.second.retrying.empty();
    });
  }

  /// Puts a request in its host's queue, or fails it at once: a scheme other than http(s), a host
  /// the outbound policy refuses by name, a host that is down.
  void queue(std::unique_ptr<Request> request) {
    if (request->host.empty()) {
      const std::string url = request->url;
      return complete(std::move(request), HttpResponse::Outcome::failed, 0,
                      fmt::format("refused to fetch {}: only http and https URLs are fetched", url));
    }
    if (!request->policy_checked) {
      request->policy_checked = true;
      if (std::string refusal = host_refusal(*request); !refusal.empty())
        return complete(std::move(request), HttpResponse::Outcome::failed, 0, std::move(refusal));
    }
    if (request->state == nullptr) request->state = &host_state(request->host);
    HostState& host = *request->state;
    if (!host.down.empty()) return complete(std::move(request), HttpResponse::Outcome::failed, 0, host.down);
    if (request->not_before > Clock::now()) {
      host.retrying.push_back(std::move(request));
    } else {
      host.ready.push_back(std::move(request));
    }
  }

  void start_ready(Clock::time_point now) {
    const int cap = std::max(1, settings_.per_host_concurrency);
    for (auto& [key, host] : hosts_) {
      if (!host.down.empty()) {
        fail_queued(host, host.down);
        continue;
      }
      // Retries whose backoff is over go first, in the order they were queued.
      const auto due =
          std::stable_partition(host.retrying.begin(), host.retrying.end(),
                                [now](const auto& request) { return request->not_before > now; });
      for (auto it = std::make_reverse_iterator(host.retrying.end()); it != std::make_reverse_iterator(due);
           ++it)
        host.ready.push_front(std::move(*it));
      host.retrying.erase(due, host.retrying.end());
      while (!host.ready.empty() && host.in_flight < cap && host.next_start <= now) {
        std::unique_ptr<Request> request = std::move(host.ready.front());
        host.ready.pop_front();
        host.in_flight += 1;
        host.next_start = now + seconds(1.0 / host.rate);
        start(*request, now);
        {
          std::lock_guard lock(mutex_);
          stats_.requests += 1;
          stats_.retries += request->attempts > 1 ? 1 : 0;
          stats_.max_in_flight = std::max(stats_.max_in_flight, host.in_flight);
        }
        CURL* easy = request->easy;
        in_flight_.emplace(easy, std::move(request));
      }
    }
  }

  /// Fails every request queued for `host` with `reason`.
  void fail_queued(HostState& host, const std::string& reason) {
    std::vector<std::unique_ptr<Request>> failing;
    for (auto& request : host.ready) failing.push_back(std::move(request));
    for (auto& request : host.retrying) failing.push_back(std::move(request));
    host.ready.clear();
    host.retrying.clear();
    for (auto& request : failing) complete(std::move(request), HttpResponse::Outcome::failed, 0, reason);
  }

  /// For an article's URL: why its host is refused by name (deny-hosts), or empty; notes whether
  /// allow-hosts lets it reach any address.
  std::string host_refusal(Request& request) const {
    if (request.source != UrlSource::article) return {};
    const std::string host = url_host(request.url);
    if (host.empty()) return fmt::format("refused to fetch {}: the address has no host", request.url);
    if (host_matches(host, settings_.deny_hosts))
      return fmt::format("refused to fetch {}: its host {} is in deny-hosts", request.url, host);
    request.host_allowed = host_matches(host, settings_.allow_hosts);
    return {};
  }

  HostState& host_state(const std::string& host) {
    auto [it, added] = hosts_.try_emplace(host);
    if (added) it->second.rate = settings_.per_host_rate > 0 ? settings_.per_host_rate : 10;
    return it->second;
  }

  void start(Request& request, Clock::time_point now) {
    request.attempts += 1;
    request.body.clear();
    request.too_large = false;
    request.refused.clear();
    request.max_bytes = settings_.max_response_bytes;
    request.error[0] = '\0';
    CURL* easy = curl_easy_init();
    request.easy = easy;
    const auto remaining_ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - now).count();
    const auto timeout_ms = std::min<long>(static_cast<long>(settings_.request_timeout_seconds * 1000),
                                           std::max<long>(1, remaining_ms));
    curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
    curl_slist_free_all(request.header_list);
    request.header_list = nullptr;
    for (const std::string& header : request.headers)
      request.header_list = curl_slist_append(request.header_list, header.c_str());
    if (request.header_list != nullptr) curl_easy_setopt(easy, CURLOPT_HTTPHEADER, request.header_list);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, user_agent_.c_str());
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    // A DOI's dot segments are percent-encoded; libcurl must not resolve any that remain either.
    curl_easy_setopt(easy, CURLOPT_PATH_AS_IS, 1L);
    if (request.source == UrlSource::article) {
      // Every connection is opened, and its address checked, for this request alone; redirects are
      // followed by hand so that each hop's host meets the policy too.
      curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, open_checked_socket);
      curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, &request);
      curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
      curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, 1L);
    } else if (request.follow_redirects) {
      curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
      curl_easy_setopt(easy, CURLOPT_MAXREDIRS, static_cast<long>(settings_.max_redirects));
    }
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(settings_.connect_timeout_seconds * 1000));
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(settings_.max_response_bytes));
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    // Rather than open another connection to a host, wait to learn whether the first one multiplexes.
    curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
    if (!settings_.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, settings_.ca_file.c_str());
    curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &request);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, read_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &request);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, request.error);
    curl_multi_add_handle(multi_, easy);
  }

  void collect_finished() {
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_, &left)) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* easy = message->easy_handle;
      const CURLcode result = message->data.result;
      long status = 0;
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
      long version = CURL_HTTP_VERSION_NONE;
      curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &version);
      long connects = 0;
      curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects);
      char* effective = nullptr;  // owned by `easy`: copied before the cleanup
      curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &effective);
      std::string effective_url = effective != nullptr ? effective : "";
      double total_seconds = 0;
      curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME, &total_seconds);
      {
        std::lock_guard lock(mutex_);
        stats_.http2_responses += version == CURL_HTTP_VERSION_2_0 ? 1 : 0;
        stats_.connections += static_cast<uint64_t>(std::max(0L, connects));
      }
      curl_multi_remove_handle(multi_, easy);
      curl_easy_cleanup(easy);
      auto found = in_flight_.find(easy);
      std::unique_ptr<Request> request = std::move(found->second);
      in_flight_.erase(found);
      request->easy = nullptr;
      request->effective_url = std::move(effective_url);
      request->transfer_seconds = total_seconds;
      HostState& host = *request->state;  // set when it was queued
      host.in_flight -= 1;
      adapt_rate(host, *request);
      note_connection(host, *request, result);
      finish_attempt(std::move(request), result, status);
    }
  }

  /// Counts connection failures in a row; the third marks the host down for the run.
  static void note_connection(HostState& host, const Request& request, CURLcode result) {
    if (!is_connection_failure(result) || !request.refused.empty()) {
      host.connection_failures = 0;
      return;
    }
    if (++host.connection_failures >= kFailuresBeforeHostIsDown && host.down.empty()) {
      host.down = fmt::format(
          "{} is unreachable ({} after {} connection failures in a row); not tried again this run",
          request.host, request.error[0] != '\0' ? request.error : curl_easy_strerror(result),
          host.connection_failures);
    }
  }

  /// Slows down to the rate the server publishes (Crossref: X-Rate-Limit-Limit per
  /// X-Rate-Limit-Interval); never speeds up beyond the configured rate.
  static void adapt_rate(HostState& host, const Request& request) {
    if (request.rate_limit.empty() || request.rate_interval.empty()) return;
    const double limit = std::strtod(request.rate_limit.c_str(), nullptr);
    const double interval = interval_seconds(request.rate_interval);
    if (limit > 0 && interval > 0) host.rate = std::min(host.rate, limit / interval);
  }

  void finish_attempt(std::unique_ptr<Request> request, CURLcode result, long status) {
    if (!request->refused.empty()) {
      const std::string error = fmt::format(
          "refused to fetch {}: {} (a cited page may be on a public address "
          "only; allow-hosts lets a host through)",
          request->url, request->refused);
      return complete(std::move(request), HttpResponse::Outcome::failed, status, error);
    }
    if (result == CURLE_OK && request->source == UrlSource::article && status >= 300 && status < 400 &&
        !request->location.empty()) {
      return follow_redirect(std::move(request), status);
    }
    if (result == CURLE_OK) {
      const bool transient = status == 429 || status == 408 || status >= 500;
      if (!transient) return complete(std::move(request), HttpResponse::Outcome::answered, status, "");
      return retry_or_give_up(std::move(request), HttpResponse::Outcome::answered, status,
                              fmt::format("HTTP {}", status));
    }
    if (request->too_large || result == CURLE_FILESIZE_EXCEEDED) {
      return complete(std::move(request), HttpResponse::Outcome::failed, status,
                      fmt::format("the response exceeds {} bytes", settings_.max_response_bytes));
    }
    // None of these is retried: the same request would meet the same redirects or certificate.
    if (result == CURLE_TOO_MANY_REDIRECTS) {
      return complete(std::move(request), HttpResponse::Outcome::failed, status,
                      fmt::format("more than {} redirects", settings_.max_redirects));
    }
    if (result == CURLE_PEER_FAILED_VERIFICATION || result == CURLE_SSL_CACERT_BADFILE) {
      const std::string error = request->error[0] != '\0' ? request->error : curl_easy_strerror(result);
      return complete(std::move(request), HttpResponse::Outcome::failed, status, error);
    }
    if (result == CURLE_UNSUPPORTED_PROTOCOL) {
      const std::string error =
          request->location.empty()
              ? fmt::format("refused to fetch {}: only http and https URLs are fetched", request->url)
              : fmt::format("refused to follow a redirect to {}: only http and https URLs are followed",
                            request->location);
      return complete(std::move(request), HttpResponse::Outcome::failed, status, error);
    }
    const std::string error = request->error[0] != '\0' ? request->error : curl_easy_strerror(result);
    if (const HostState& host = *request->state; !host.down.empty())
      return complete(std::move(request), HttpResponse::Outcome::failed, status, host.down);
    if (is_final_connection_failure(result))
      return complete(std::move(request), HttpResponse::Outcome::failed, status, error);
    retry_or_give_up(std::move(request), HttpResponse::Outcome::failed, status, error);
  }

  /// The next hop of an article URL's redirect, queued as a request of its own so that its host
  /// and address meet the outbound policy.
  void follow_redirect(std::unique_ptr<Request> request, long status) {
    if (request->redirects >= settings_.max_redirects) {
      return complete(std::move(request), HttpResponse::Outcome::failed, status,
                      fmt::format("more than {} redirects", settings_.max_redirects));
    }
    CURLU* parsed = curl_url();
    char* next = nullptr;
    curl_url_set(parsed, CURLUPART_URL, request->url.c_str(), 0);
    const bool resolved = curl_url_set(parsed, CURLUPART_URL, request->location.c_str(), 0) == CURLUE_OK &&
                          curl_url_get(parsed, CURLUPART_URL, &next, 0) == CURLUE_OK;
    const std::string target = resolved ? next : request->location;
    curl_free(next);
    curl_url_cleanup(parsed);
    if (!resolved || host_key(target).empty()) {
      std::string error = fmt::format(
          "refused to follow a redirect to {}: only http and https URLs are followed", request->location);
      return complete(std::move(request), HttpResponse::Outcome::failed, status, std::move(error));
    }
    request->redirects += 1;
    request->attempts = 0;
    request->url = target;
    request->host = host_key(target);
    request->state = nullptr;
    request->policy_checked = false;
    request->host_allowed = false;
    request->not_before = Clock::now();
    queue(std::move(request));
  }

  void retry_or_give_up(std::unique_ptr<Request> request, HttpResponse::Outcome outcome, long status,
                        const std::string& error) {
    const Clock::time_point now = Clock::now();
    if (request->retry && request->attempts <= settings_.max_retries) {
      double delay = std::min(kMaxBackoffSeconds, kRetryBaseSeconds * std::pow(2.0, request->attempts - 1));
      delay += std::uniform_real_distribution<double>(0, delay / 2)(random_);
      if (!request->retry_after.empty()) {
        // A server asking for longer (an hour, a date far ahead) gets its retry after the cap.
        const double asked = retry_after_seconds(request->retry_after);
        delay = std::max(delay, std::min(asked, settings_.max_retry_after_seconds));
      }
      if (now + seconds(delay) >= deadline_) {
        return complete(std::move(request), outcome, status,
                        fmt::format("{}; the network deadline of {} s leaves no time to retry", error,
                                    settings_.deadline_seconds));
      }
      request->not_before = now + seconds(delay);
      queue(std::move(request));
      return;
    }
    const int attempts = request->attempts;
    complete(std::move(request), outcome, status, fmt::format("{} after {} attempts", error, attempts));
  }

  void complete(std::unique_ptr<Request> request, HttpResponse::Outcome outcome, long status,
                std::string error) {
    HttpResponse response;
    response.outcome = outcome;
    response.status = status;
    response.body = std::move(request->body);
    response.error = std::move(error);
    response.attempts = request->attempts;
    response.url = request->effective_url.empty() ? request->url : std::move(request->effective_url);
    response.content_type = std::move(request->content_type);
    response.etag = std::move(request->etag);
    response.last_modified = std::move(request->last_modified);
    response.fresh_seconds =
        freshness_seconds(request->cache_control, request->expires, request->date, request->age);
    response.location = std::move(request->location);
    response.transfer_seconds = request->transfer_seconds;
    request->done(std::move(response));
  }

  void fail_everything(const std::string& reason) {
    std::vector<std::unique_ptr<Request>> failing;
    for (auto& [easy, request] : in_flight_) {
      curl_multi_remove_handle(multi_, easy);
      curl_easy_cleanup(easy);
      request->state->in_flight -= 1;
      request->easy = nullptr;
      failing.push_back(std::move(request));
    }
    in_flight_.clear();
    for (auto& request : failing) complete(std::move(request), HttpResponse::Outcome::failed, 0, reason);
    // Callbacks may queue follow-up requests; they fail in the same way on the next pass.
    for (auto& [key, host] : hosts_) fail_queued(host, reason);
  }

  int wait_milliseconds() const {
    long wait = 1000;
    const Clock::time_point now = Clock::now();
    const int cap = std::max(1, settings_.per_host_concurrency);
    const auto until = [&](Clock::time_point ready) {
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(ready - now).count() + 1;
      wait = std::min<long>(wait, std::max<long>(0, ms));
    };
    if (timer_) until(*timer_);
    for (const auto& [key, host] : hosts_) {
      // A host at its cap frees a slot when a transfer ends, which wakes the poll anyway.
      if (host.in_flight >= cap) continue;
      if (!host.ready.empty()) until(host.next_start);
      for (const auto& request : host.retrying) until(std::max(request->not_before, host.next_start));
    }
    return static_cast<int>(wait);
  }

  const NetworkSettings settings_;
  const std::string user_agent_;
  const Clock::time_point deadline_;
  std::mt19937 random_;
  CURLM* multi_ = nullptr;
  int wake_fd_ = -1;  // an eventfd: other threads write to it to end the engine's poll
  std::atomic<bool> wake_pending_ = false;
  std::thread thread_;

  mutable std::mutex mutex_;  // guards incoming_, stopping_ and stats_
  std::vector<std::unique_ptr<Request>> incoming_;
  std::vector<std::pair<std::string, double>> rate_limits_;  // by host key, not yet applied
  bool stopping_ = false;
  HttpStats stats_;

  // Owned by the engine thread.
  std::unordered_map<curl_socket_t, short> sockets_;  // the poll events libcurl waits for, by socket
  std::optional<Clock::time_point> timer_;            // when libcurl's next timeout is due
  std::unordered_map<CURL*, std::unique_ptr<Request>> in_flight_;
  std::map<std::string, HostState> hosts_;
};

HttpClient::HttpClient(const NetworkSettings& settings, std::string user_agent)
    : engine_(std::make_unique<Engine>(settings, std::move(user_agent))) {}
HttpClient::~HttpClient() = default;

void HttpClient::get(std::string url, std::function<void(HttpResponse)> done, UrlSource source) {
  HttpRequestOptions options;
  options.source = source;
  engine_->get(std::move(url), std::move(done), std::move(options));
}
void HttpClient::get(std::string url, std::function<void(HttpResponse)> done, HttpRequestOptions options) {
  engine_->get(std::move(url), std::move(done), std::move(options));
}
void HttpClient::limit_host_rate(std::string_view url, double requests_per_second) {
  engine_->limit_host_rate(url, requests_per_second);
}
HttpStats HttpClient::stats() const {
  return engine_->stats();
}

std::string make_user_agent(const std::string& mailto) {
  return mailto.empty() ? fmt::format("reflint/{} (+{})", kVersion, kInformationUri)
                        : fmt::format("reflint/{} (+{}; mailto:{})", kVersion, kInformationUri, mailto);
}

}  // namespace reflint
