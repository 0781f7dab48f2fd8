#include "lint/net/site.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <fnmatch.h>
#include <zlib.h>

#include <algorithm>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "lint/net/cache.h"
#include "lint/net/http.h"
#include "lint/net/robots.h"
#include "lint/text/ascii.h"

namespace reflint {
namespace {
namespace fs = std::filesystem;

constexpr std::string_view kRobotsAgent = "reflint";
constexpr int kMaxSitemapDepth = 4;  // an index of indexes of ...: deeper is a loop or a mistake
constexpr size_t kMaxSitemapBytes = size_t{50} * 1024 * 1024;  // the protocol's cap, uncompressed

struct UrlFree {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlFree>;

std::string url_part(CURLU* url, CURLUPart part, unsigned flags = 0) {
  char* text = nullptr;
  std::string value;
  if (curl_url_get(url, part, &text, flags) == CURLUE_OK && text != nullptr) value = text;
  curl_free(text);
  return value;
}

bool matches_any(const std::vector<std::string>& globs, const std::string& text) {
  return std::any_of(globs.begin(), globs.end(),
                     [&](const std::string& glob) { return fnmatch(glob.c_str(), text.c_str(), 0) == 0; });
}

/// Whether a glob matches the URL, or its path without the leading '/' and the query (as the
/// configuration's `exclude` globs match files relative to its folder: "drafts/*").
bool matches_url(const std::vector<std::string>& globs, const std::string& url) {
  if (globs.empty()) return false;
  const size_t authority = url.find("://");
  const size_t path = authority == std::string::npos ? std::string::npos : url.find('/', authority + 3);
  const std::string relative =
      path == std::string::npos ? std::string() : url.substr(path + 1, url.find('?', path) - path - 1);
  return matches_any(globs, url) || (!relative.empty() && matches_any(globs, relative));
}

/// `reference` resolved against `base`, in the one form URLs are compared in: http(s) only, scheme
/// and host in lower case, no default port, dot segments resolved, no fragment, no tracking
/// parameters. Empty when it is not an http(s) URL.
std::string normalise_url(const std::string& base, std::string_view reference,
                          const std::vector<std::string>& strip_parameters) {
  const UrlHandle url(curl_url());
  if (!base.empty() && curl_url_set(url.get(), CURLUPART_URL, base.c_str(), 0) != CURLUE_OK) return {};
  const std::string text(trim_ascii(reference));
  if (text.empty() ||
      curl_url_set(url.get(), CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
    return {};
  const std::string scheme = lower_ascii(url_part(url.get(), CURLUPART_SCHEME));
  if (scheme != "http" && scheme != "https") return {};
  curl_url_set(url.get(), CURLUPART_SCHEME, scheme.c_str(), 0);
  curl_url_set(url.get(), CURLUPART_HOST, lower_ascii(url_part(url.get(), CURLUPART_HOST)).c_str(), 0);
  curl_url_set(url.get(), CURLUPART_FRAGMENT, nullptr, 0);
  const std::string query = url_part(url.get(), CURLUPART_QUERY);
  if (!query.empty()) {
    std::string kept;
    size_t at = 0;
    while (at <= query.size()) {
      size_t end = query.find('&', at);
      if (end == std::string::npos) end = query.size();
      const std::string parameter = query.substr(at, end - at);
      const std::string name = parameter.substr(0, parameter.find('='));
      if (!parameter.empty() && !matches_any(strip_parameters, name))
        kept += (kept.empty() ? "" : "&") + parameter;
      at = end + 1;
    }
    curl_url_set(url.get(), CURLUPART_QUERY, kept.empty() ? nullptr : kept.c_str(), 0);
  }
  return url_part(url.get(), CURLUPART_URL, CURLU_NO_DEFAULT_PORT);
}

/// "https://example.org" (scheme, host and any non-default port) of a normalised URL.
std::string origin_of(const std::string& url) {
  const size_t authority = url.find("://");
  if (authority == std::string::npos) return {};
  const size_t end = url.find_first_of("/?#", authority + 3);
  return url.substr(0, end == std::string::npos ? url.size() : end);
}

/// "/a/b?c" of a normalised URL.
std::string path_and_query(const std::string& url) {
  const std::string origin = origin_of(url);
  const std::string rest = url.substr(origin.size());
  return rest.empty() ? "/" : rest;
}

/// The folder of a crawl root, which its crawl stays within by default: "https://h/blog/" for
/// "https://h/blog/post.html".
std::string folder_of(const std::string& url) {
  const std::string origin = origin_of(url);
  std::string path = path_and_query(url);
  path = path.substr(0, path.find('?'));
  return origin + path.substr(0, path.rfind('/') + 1);
}

/// normalise_url for the links of crawled pages, each resolution remembered: a site's navigation
/// repeats the same links on every page, and parsing each again cost more than linting the page.
/// A reference's resolution depends on no more of its base than the key says: nothing for an
/// absolute URL, the scheme for "//host/…", the origin for "/path", the folder for "a/b".
class LinkResolver {
 public:
  explicit LinkResolver(const std::vector<std::string>& strip_parameters) : strip_(strip_parameters) {}

  std::string resolve(const std::string& base, std::string_view reference) {
    const std::string_view text = trim_ascii(reference);
    std::string key;
    if (has_scheme(text)) {
      key = "\n";
    } else if (base.empty() || text.empty() || text.front() == '?' || text.front() == '#') {
      return normalise_url(base, text, strip_);  // depends on the whole base
    } else if (text.starts_with("//")) {
      key = base.substr(0, base.find(':')) + '\n';
    } else if (text.front() == '/') {
      key = origin_of(base) + '\n';
    } else {
      key = folder_of(base) + '\n';
    }
    key += text;
    if (const auto known = resolved_.find(key); known != resolved_.end()) return known->second;
    std::string url = normalise_url(base, text, strip_);
    if (resolved_.size() >= kMaxRemembered) resolved_.clear();
    resolved_.emplace(std::move(key), url);
    return url;
  }

 private:
  static constexpr size_t kMaxRemembered = size_t{1} << 16;

  /// "mailto:", "https:" (RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":").
  static bool has_scheme(std::string_view text) {
    if (text.empty() || !is_ascii_alpha(text.front())) return false;
    for (const char c : text.substr(1)) {
      if (c == ':') return true;
      if (!is_ascii_alnum(c) && c != '+' && c != '-' && c != '.') return false;
    }
    return false;
  }

  const std::vector<std::string>& strip_;
  std::unordered_map<std::string, std::string> resolved_;
};

bool is_html_type(std::string_view content_type) {
  const std::string type = lower_ascii(trim_ascii(content_type.substr(0, content_type.find(';'))));
  return type.empty() || type == "text/html" || type == "application/xhtml+xml";
}

/// The bytes of a gzip stream decompressed (at most `max_bytes`), or nullopt when they are not one.
std::optional<std::string> gunzip(std::string_view bytes, size_t max_bytes) {
  z_stream stream{};
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) return std::nullopt;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  char buffer[1 << 16];
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    status = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
    if (out.size() > max_bytes) status = Z_BUF_ERROR;
  }
  inflateEnd(&stream);
  if (status != Z_STREAM_END) return std::nullopt;
  return out;
}

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

/// A page as the last audit kept it: its validators and bytes. Stored as one JSON line of
/// validators, a newline, then the bytes as fetched (any encoding, so never inside the JSON).
struct CachedPage {
  std::string etag;
  std::string last_modified;
  std::string lastmod;      // the sitemap's, when it listed the page
  std::string redirect;     // a permanent redirect's target (301, 308): no bytes, asked for no more
  int64_t fresh_until = 0;  // Unix time until which the server said the copy is fresh (RFC 9111)
  // The last audit could not fetch the page (an error, a timeout): the next one asks once and does
  // not retry, so that a page that stays broken costs one request, not a retry's backoff each time.
  bool failed = false;
  std::string bytes;

  std::string encode() const {
    const nlohmann::json head = {
        {"etag", etag},         {"last_modified", last_modified}, {"lastmod", lastmod},
        {"redirect", redirect}, {"fresh_until", fresh_until},     {"failed", failed}};
    return head.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + '\n' + bytes;
  }
  /// nullopt for a row that is not one (a miss).
  static std::optional<CachedPage> decode(const std::string& value) {
    const size_t newline = value.find('\n');
    if (newline == std::string::npos) return std::nullopt;
    const nlohmann::json head = nlohmann::json::parse(value.substr(0, newline), nullptr, false);
    if (!head.is_object()) return std::nullopt;
    CachedPage page;
    for (auto [field, name] : {std::pair{&page.etag, "etag"}, std::pair{&page.last_modified, "last_modified"},
                               std::pair{&page.lastmod, "lastmod"}, std::pair{&page.redirect, "redirect"}}) {
      const auto found = head.find(name);
      if (found == head.end() || !found->is_string()) return std::nullopt;
      *field = found->get<std::string>();
    }
    const auto fresh = head.find("fresh_until");
    if (fresh == head.end() || !fresh->is_number_integer()) return std::nullopt;
    page.fresh_until = fresh->get<int64_t>();
    page.failed = head.value("failed", false);
    page.bytes = value.substr(newline + 1);
    return page;
  }
};

int64_t unix_now() {
  return static_cast<int64_t>(std::time(nullptr));
}

std::string page_cache_key(const std::string& url) {
  return "page:" + url;
}

/// Where --save-pages keeps a page: DIR/host/path, "index.html" for a folder, the query kept in the
/// name with its unsafe characters replaced.
fs::path saved_page_path(const fs::path& folder, const std::string& url) {
  const std::string origin = origin_of(url);
  std::string host = origin.substr(origin.find("://") + 3);
  std::replace(host.begin(), host.end(), ':', '_');
  // A folder's page is its index.html; the query stays in the name.
  const std::string rest = path_and_query(url);
  const size_t query = std::min(rest.find('?'), rest.size());
  std::string name = rest.substr(0, query);
  if (name.ends_with('/')) name += "index.html";
  name += rest.substr(query);
  std::string safe;
  for (const char c : name.substr(1))
    safe += (is_ascii_alnum(c) || c == '/' || c == '.' || c == '-' || c == '_') ? c : '_';
  fs::path path = folder / host;
  for (const fs::path& part : fs::path(safe)) {
    if (part != ".." && part != "." && !part.empty()) path /= part;
  }
  if (path.extension() != ".html" && path.extension() != ".htm" && path.extension() != ".xhtml")
    path += ".html";
  return path;
}

void sort_slowest_first(std::vector<SiteSummary::Host>& hosts) {
  std::sort(hosts.begin(), hosts.end(), [](const auto& a, const auto& b) {
    return a.seconds / static_cast<double>(std::max<uint64_t>(1, a.requests)) >
           b.seconds / static_cast<double>(std::max<uint64_t>(1, b.requests));
  });
}

}  // namespace

void SiteSummary::add_shard(const SiteSummary& other) {
  for (uint64_t SiteSummary::*count : kSiteSummaryCounts) this->*count += other.*count;
  other_shards = 0;
  for (const Host& host : other.hosts) {
    const auto same =
        std::find_if(hosts.begin(), hosts.end(), [&](const Host& h) { return h.host == host.host; });
    if (same == hosts.end()) {
      hosts.push_back(host);
    } else {
      same->requests += host.requests;
      same->seconds += host.seconds;
    }
  }
  sort_slowest_first(hosts);
}

class SiteAudit::Crawl {
 public:
  Crawl(const NetworkSettings& settings, SiteReaders readers, SiteProgress* progress)
      : settings_(settings), readers_(std::move(readers)), progress_(progress) {}

  std::vector<FetchedPage> run(const SiteSources& sources) {
    sources_ = &sources;
    links_ = std::make_unique<LinkResolver>(sources.strip_parameters);
    NetworkSettings site = settings_;
    site.per_host_concurrency = settings_.site_concurrency;
    site.per_host_rate = settings_.site_rate;
    site.deadline_seconds = settings_.site_deadline_seconds;
    http_ = std::make_unique<HttpClient>(site, make_user_agent(settings_.mailto));
    if (settings_.use_cache) {
      cache_ = std::make_unique<LookupCache>(settings_.cache_path.empty() ? LookupCache::default_path()
                                                                          : fs::path(settings_.cache_path));
      if (!cache_->warning().empty()) notices_.push_back({true, cache_->warning(), {}});
    }
    for (const std::string& root : sources.crawl_roots) {
      const std::string url = normalise_url({}, root, sources.strip_parameters);
      if (url.empty()) continue;
      scopes_.push_back(folder_of(url));
      // Without a cache there is no earlier copy to spare: the hints would be requests for nothing.
      if (sources.trust_lastmod && cache_) origins_[origin_of(url)].wants_hints = true;
    }
    for (const std::string& scope : sources.scopes) scopes_.push_back(scope);
    for (const std::string& page : sources.pages) add(seed(page, Kind::named));
    for (const std::string& root : sources.crawl_roots) add(seed(root, Kind::crawled));
    for (const std::string& sitemap : sources.sitemaps) start_sitemap(sitemap);
    drain();
    http_.reset();
    return finish_pages();
  }

  const std::vector<SiteNotice>& notices() const { return notices_; }
  const SiteSummary& summary() const { return summary_; }

 private:
  enum class Kind : uint8_t {
    named,    // given by the user: any address
    listed,   // in a sitemap: its site only
    crawled,  // reached by a crawl: its scope only
  };
  struct Candidate {
    std::string url;
    Kind kind = Kind::named;
    int depth = 0;
    std::string lastmod;
    std::string origin_limit;  // for listed pages and redirects of named ones: their site
    std::string redirected_from;
    int redirects = 0;
  };
  static Candidate seed(const std::string& url, Kind kind) {
    Candidate candidate;
    candidate.url = url;
    candidate.kind = kind;
    return candidate;
  }
  struct Page {
    FetchedPage page;
    std::string canonical;  // normalised; empty when none
  };
  struct Origin {
    bool robots_known = false;
    bool robots_asked = false;
    RobotsRules robots;
    std::vector<Candidate> held;   // waiting for robots.txt (and a crawl's sitemap hints)
    bool sitemaps_wanted = false;  // a bare root given to --sitemap
    uint64_t disallowed = 0;
    // A crawl reads the sitemaps robots.txt names for each page's <lastmod> before it fetches, so
    // that a re-audit asks nothing of a page whose lastmod is the one it last saw.
    bool wants_hints = false;
    int hint_sitemaps = 0;  // being read

    bool ready() const { return robots_known && hint_sitemaps == 0; }
  };
  /// What a sitemap is read for: pages to lint (--sitemap) or only their lastmod, for a crawl of
  /// `hints_for` (an origin).
  struct SitemapUse {
    bool list_pages = true;
    std::string hints_for;
  };

  // ---- the event loop: callbacks of the HTTP thread are run here, on the caller's thread

  void send(std::string url, HttpRequestOptions options, std::function<void(HttpResponse)> then) {
    outstanding_ += 1;
    if (progress_ != nullptr) progress_->waiting += 1;
    summary_.requests += 1;
    http_->get(
        std::move(url),
        [this, then = std::move(then)](HttpResponse response) {
          std::lock_guard lock(mutex_);
          events_.emplace_back(
              [then, response = std::move(response)]() mutable { then(std::move(response)); });
          ready_.notify_one();
        },
        std::move(options));
  }

  void drain() {
    for (;;) {
      std::function<void()> event;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return !events_.empty() || outstanding_ == 0; });
        if (events_.empty()) return;
        event = std::move(events_.front());
        events_.pop_front();
      }
      outstanding_ -= 1;
      if (progress_ != nullptr) progress_->waiting -= 1;
      event();
    }
  }

  // ---- pages

  bool in_scope(const Candidate& candidate, const std::string& url) const {
    switch (candidate.kind) {
      case Kind::named:
      case Kind::listed:
        return candidate.origin_limit.empty() || origin_of(url) == candidate.origin_limit;
      case Kind::crawled:
        return std::any_of(scopes_.begin(), scopes_.end(),
                           [&](const std::string& scope) { return url.starts_with(scope); });
    }
    return false;
  }

  void add(Candidate candidate, const std::string& base = {}) {
    const std::string url = links_->resolve(base, candidate.url);
    if (url.empty()) {
      if (candidate.kind != Kind::crawled)
        notices_.push_back({true, fmt::format("not an http or https URL: {}", candidate.url), base});
      return;
    }
    candidate.url = url;
    if (!seen_.insert(url).second) return;
    if (sources_->in_shard && candidate.kind != Kind::crawled && candidate.redirected_from.empty() &&
        !sources_->in_shard(url)) {
      summary_.other_shards += 1;
      return;
    }
    if ((!sources_->include.empty() && !matches_url(sources_->include, url)) ||
        matches_url(sources_->exclude, url)) {
      summary_.excluded += 1;
      return;
    }
    if (!in_scope(candidate, url)) {
      summary_.out_of_scope += 1;
      if (!candidate.redirected_from.empty()) {
        notices_.push_back({false, fmt::format("redirects out of the audit's scope to {}: not followed", url),
                            candidate.redirected_from});
      }
      return;
    }
    if (static_cast<int64_t>(accepted_) >= sources_->max_pages) {
      summary_.over_limit += 1;
      return;
    }
    accepted_ += 1;
    if (progress_ != nullptr) progress_->found += 1;
    Origin& origin = with_robots(origin_of(url));
    if (origin.ready()) {
      fetch(std::move(candidate), origin);
    } else {
      origin.held.push_back(std::move(candidate));
    }
  }

  void fetch(Candidate candidate, Origin& origin) {
    if (candidate.lastmod.empty()) {
      if (const auto hint = lastmod_hints_.find(candidate.url); hint != lastmod_hints_.end())
        candidate.lastmod = hint->second;
    }
    if (!origin.robots.allows(path_and_query(candidate.url))) {
      summary_.disallowed += 1;
      origin.disallowed += 1;
      page_done();
      return;
    }
    std::optional<CachedPage> cached;
    if (cache_) {
      if (auto value = cache_->get(page_cache_key(candidate.url))) cached = CachedPage::decode(*value);
    }
    if (cached && !cached->redirect.empty()) {
      page_done();
      const std::string target = cached->redirect;
      follow_redirect(candidate, target);
      return;
    }
    if (cached && cached->fresh_until > unix_now()) {
      summary_.fresh += 1;
      keep_page(candidate, candidate.url, std::move(cached->bytes), true);
      page_done();
      return;
    }
    if (cached && sources_->trust_lastmod && !candidate.lastmod.empty() &&
        cached->lastmod == candidate.lastmod) {
      summary_.unchanged += 1;
      keep_page(candidate, candidate.url, std::move(cached->bytes), true);
      page_done();
      return;
    }
    HttpRequestOptions options;
    options.follow_redirects = false;  // each hop is checked against the scope here
    options.retry = !(cached && cached->failed);
    if (cached && !cached->etag.empty()) options.headers.push_back("If-None-Match: " + cached->etag);
    if (cached && !cached->last_modified.empty())
      options.headers.push_back("If-Modified-Since: " + cached->last_modified);
    const std::string url = candidate.url;
    send(url, std::move(options),
         [this, candidate = std::move(candidate), cached = std::move(cached)](HttpResponse response) mutable {
           on_page(candidate, std::move(response), std::move(cached));
         });
  }

  void on_page(const Candidate& candidate, HttpResponse response, std::optional<CachedPage> cached) {
    note_host(candidate.url, response.transfer_seconds);
    const long status = response.status;
    if (response.outcome == HttpResponse::Outcome::failed) {
      not_fetched(candidate, response.error);
      remember_failure(candidate.url, cached);
    } else if (status == 304 && cached) {
      summary_.not_modified += 1;
      const int64_t fresh_until = response.fresh_seconds > 0 ? unix_now() + response.fresh_seconds : 0;
      if ((cached->lastmod != candidate.lastmod && !candidate.lastmod.empty()) ||
          fresh_until != cached->fresh_until || cached->failed) {
        // The next audit need not ask: the sitemap's lastmod, and the freshness this answer gave.
        if (!candidate.lastmod.empty()) cached->lastmod = candidate.lastmod;
        cached->fresh_until = fresh_until;
        cached->failed = false;
        store(candidate.url, *cached);
      }
      keep_page(candidate, candidate.url, std::move(cached->bytes), true);
    } else if (status >= 300 && status < 400 && !response.location.empty()) {
      if (status == 301 || status == 308) {
        CachedPage moved;
        moved.redirect = normalise_url(candidate.url, response.location, sources_->strip_parameters);
        if (!moved.redirect.empty()) store(candidate.url, moved);
      }
      follow_redirect(candidate, response.location);
    } else if (status < 200 || status >= 300) {
      not_fetched(candidate, fmt::format("HTTP {}", status));
      remember_failure(candidate.url, cached);
    } else if (!is_html_type(response.content_type)) {
      summary_.skipped_type += 1;
    } else {
      summary_.downloaded += 1;
      const bool worth_keeping = !response.etag.empty() || !response.last_modified.empty() ||
                                 !candidate.lastmod.empty() || response.fresh_seconds > 0;
      // A row that says the page failed is replaced whatever this answer is worth keeping.
      if ((worth_keeping || (cached && cached->failed)) && response.fresh_seconds >= 0) {  // -1: no-store
        const int64_t fresh_until = response.fresh_seconds > 0 ? unix_now() + response.fresh_seconds : 0;
        store(candidate.url, {response.etag,
                              response.last_modified,
                              candidate.lastmod,
                              {},
                              fresh_until,
                              false,
                              response.body});
      }
      keep_page(candidate, candidate.url, std::move(response.body), false);
    }
    page_done();
  }

  void store(const std::string& url, const CachedPage& entry) {
    if (cache_)
      cache_->put(page_cache_key(url), entry.encode(), int64_t{settings_.found_ttl_days} * 24 * 3600);
  }

  /// Marks the page's cache row (its earlier copy, if any, kept) as failed.
  void remember_failure(const std::string& url, const std::optional<CachedPage>& cached) {
    if (cached && cached->failed) return;
    CachedPage row = cached ? *cached : CachedPage{};
    row.failed = true;
    store(url, row);
  }

  void not_fetched(const Candidate& candidate, const std::string& error) {
    summary_.not_fetched += 1;
    notices_.push_back({true, fmt::format("could not fetch the page: {}", error), candidate.url});
  }

  void follow_redirect(const Candidate& candidate, const std::string& location) {
    summary_.redirects += 1;
    if (candidate.redirects >= settings_.max_redirects) {
      not_fetched(candidate, fmt::format("more than {} redirects", settings_.max_redirects));
      return;
    }
    Candidate next = candidate;
    next.url = location;
    next.redirects += 1;
    if (next.redirected_from.empty()) next.redirected_from = candidate.url;
    if (next.kind == Kind::named && next.origin_limit.empty()) next.origin_limit = origin_of(candidate.url);
    add(std::move(next), candidate.url);
  }

  void keep_page(const Candidate& candidate, const std::string& url, std::string bytes, bool from_cache) {
    Page page;
    page.page.url = url;
    page.page.redirected_from = candidate.redirected_from;
    page.page.from_cache = from_cache;
    const CrawlLinks links = readers_.links(bytes);
    const std::string base = links.base.empty() ? url : normalise_url(url, links.base, {});
    if (!links.canonical.empty())
      page.canonical = normalise_url(base, links.canonical, sources_->strip_parameters);
    const bool follow = candidate.kind == Kind::crawled && !links.nofollow &&
                        (sources_->max_depth < 0 || candidate.depth < sources_->max_depth);
    page.page.bytes = std::move(bytes);
    pages_.push_back(std::move(page));
    if (!follow) return;
    for (const std::string& href : links.hrefs) {
      Candidate link;
      link.url = href;
      link.kind = Kind::crawled;
      link.depth = candidate.depth + 1;
      add(std::move(link), base.empty() ? url : base);
    }
  }

  void page_done() {
    if (progress_ != nullptr) progress_->fetched += 1;
  }

  void note_host(const std::string& url, double seconds) {
    SiteSummary::Host& host = hosts_[origin_of(url)];
    host.requests += 1;
    host.seconds += seconds;
  }

  // ---- robots.txt

  Origin& with_robots(const std::string& origin_url) {
    Origin& origin = origins_[origin_url];
    if (origin.robots_asked) return origin;
    origin.robots_asked = true;
    send(origin_url + "/robots.txt", {}, [this, origin_url](HttpResponse response) {
      note_host(origin_url, response.transfer_seconds);
      Origin& site = origins_[origin_url];
      if (response.outcome == HttpResponse::Outcome::answered && response.status >= 200 &&
          response.status < 300) {
        site.robots = RobotsRules::parse(response.body, kRobotsAgent);
      } else if (response.outcome == HttpResponse::Outcome::answered && response.status >= 400 &&
                 response.status < 500) {
        site.robots = RobotsRules::allow_all();
      } else {
        site.robots = RobotsRules::disallow_all();
        notices_.push_back(
            {true,
             fmt::format("its robots.txt could not be fetched ({}): nothing is fetched from "
                         "this site (RFC 9309 2.3.1.4)",
                         response.error.empty() ? fmt::format("HTTP {}", response.status) : response.error),
             origin_url});
      }
      site.robots_known = true;
      if (const double delay = site.robots.crawl_delay_seconds(); delay > 0)
        http_->limit_host_rate(origin_url, 1.0 / delay);
      if (site.wants_hints) {
        for (const std::string& sitemap : site.robots.sitemaps()) {
          const std::string url = normalise_url({}, sitemap, {});
          if (!url.empty() && origin_of(url) == origin_url)
            fetch_sitemap(url, origin_url, 0, {false, origin_url});
        }
      }
      release_held(origin_url);
      if (origins_[origin_url].sitemaps_wanted) fetch_robots_sitemaps(origin_url);
    });
    return origin;
  }

  void release_held(const std::string& origin_url) {
    Origin& origin = origins_[origin_url];
    if (!origin.ready()) return;
    std::vector<Candidate> held = std::move(origin.held);
    for (Candidate& candidate : held) fetch(std::move(candidate), origins_[origin_url]);
  }

  // ---- sitemaps

  void start_sitemap(const std::string& source) {
    if (!is_http_url(source)) return read_sitemap_file(source);
    const std::string url = normalise_url({}, source, {});
    const std::string origin = origin_of(url);
    if (!url.empty() && path_and_query(url) == "/") {  // a bare site root: the sitemaps its robots.txt names
      Origin& state = with_robots(origin);
      state.sitemaps_wanted = true;
      if (state.robots_known) fetch_robots_sitemaps(origin);
      return;
    }
    fetch_sitemap(source, origin, 0, {});
  }

  /// The sitemaps a site's robots.txt names, else its /sitemap.xml.
  void fetch_robots_sitemaps(const std::string& origin) {
    std::vector<std::string> listed = origins_[origin].robots.sitemaps();
    if (listed.empty()) listed.push_back(origin + "/sitemap.xml");
    // robots.txt may name a sitemap elsewhere (cross-submission): the site, not the user, chose that
    // address, so it may reach public addresses only; its pages still must be the site's.
    for (const std::string& sitemap : listed) {
      const bool elsewhere = origin_of(normalise_url({}, sitemap, {})) != origin;
      fetch_sitemap(sitemap, origin, 0, {}, elsewhere ? UrlSource::article : UrlSource::configured);
    }
  }

  void read_sitemap_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::error_code error;
    if (!in || !fs::is_regular_file(path, error)) {
      notices_.push_back({true, "cannot read the sitemap file", path});
      return;
    }
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // A local file lists pages of any site: the user wrote or chose it.
    on_sitemap(path, std::move(bytes), {}, 0, {});
  }

  void fetch_sitemap(const std::string& address, const std::string& origin_limit, int depth,
                     const SitemapUse& use, UrlSource source = UrlSource::configured) {
    const std::string url = normalise_url({}, address, {});
    if (url.empty()) {
      notices_.push_back({true, "not a sitemap URL", address});
      return;
    }
    // Read for its pages and for a crawl's hints: two different uses, one request each at most.
    if (!sitemaps_seen_.insert(use.list_pages ? url : url + "#hints").second) return;
    if (!use.hints_for.empty()) origins_[use.hints_for].hint_sitemaps += 1;
    HttpRequestOptions options;
    options.source = source;
    send(url, std::move(options), [this, url, origin_limit, depth, use](HttpResponse response) {
      note_host(url, response.transfer_seconds);
      if (response.outcome != HttpResponse::Outcome::answered || response.status < 200 ||
          response.status >= 300) {
        // A crawl does without the hints; a sitemap asked for is missed.
        if (use.list_pages) {
          notices_.push_back(
              {true,
               fmt::format("could not fetch the sitemap: {}",
                           response.error.empty() ? fmt::format("HTTP {}", response.status) : response.error),
               url});
        }
      } else {
        on_sitemap(url, std::move(response.body), origin_limit, depth, use);
      }
      if (!use.hints_for.empty()) {
        origins_[use.hints_for].hint_sitemaps -= 1;
        release_held(use.hints_for);
      }
    });
  }

  void on_sitemap(const std::string& where, std::string bytes, const std::string& origin_limit, int depth,
                  const SitemapUse& use) {
    if (is_gzip(bytes)) {
      std::optional<std::string> inflated = gunzip(bytes, kMaxSitemapBytes);
      if (!inflated) {
        notices_.push_back({true, "the sitemap is not a readable gzip file", where});
        return;
      }
      bytes = std::move(*inflated);
    }
    const CrawlSitemap sitemap = readers_.sitemap(bytes);
    if (!sitemap.readable) {
      notices_.push_back({true, "not a sitemap (no <urlset> or <sitemapindex>)", where});
      return;
    }
    for (const CrawlSitemap::Entry& entry : sitemap.entries) {
      if (sitemap.index) {
        const std::string child = normalise_url(is_http_url(where) ? where : "", entry.location, {});
        if (child.empty() || (!origin_limit.empty() && origin_of(child) != origin_limit)) continue;
        if (depth + 1 > kMaxSitemapDepth) {
          notices_.push_back({true, "sitemap indexes nested too deep: not followed", child});
          continue;
        }
        fetch_sitemap(child, origin_of(child), depth + 1, use);
        continue;
      }
      if (!use.hints_for.empty()) {
        if (const std::string url = normalise_url(where, entry.location, sources_->strip_parameters);
            !url.empty() && !entry.lastmod.empty()) {
          lastmod_hints_[url] = entry.lastmod;
        }
      }
      if (!use.list_pages) continue;
      Candidate page;
      page.url = entry.location;
      page.kind = Kind::listed;
      page.lastmod = entry.lastmod;
      page.origin_limit = origin_limit;
      add(std::move(page), is_http_url(where) ? where : "");
    }
  }

  // ---- the end

  std::vector<FetchedPage> finish_pages() {
    for (const auto& [site, state] : origins_) {
      if (state.disallowed > 0) {
        notices_.push_back(
            {false,
             fmt::format("{} not fetched: robots.txt disallows {}",
                         state.disallowed == 1 ? "1 page" : fmt::format("{} pages", state.disallowed),
                         state.disallowed == 1 ? "it" : "them"),
             site});
      }
    }
    if (summary_.over_limit > 0) {
      notices_.push_back({true,
                          fmt::format("{} more pages were found than --max-pages {} lets the audit fetch",
                                      summary_.over_limit, sources_->max_pages),
                          {}});
    }
    std::sort(pages_.begin(), pages_.end(),
              [](const Page& a, const Page& b) { return a.page.url < b.page.url; });
    // Twins: a page whose rel=canonical names another page of the audit, one that names itself (or
    // nothing), is that page again. Pages that name each other are all kept: none says it is the one.
    std::set<std::string> urls;
    for (const Page& page : pages_) urls.insert(page.page.url);
    std::set<std::string> originals;
    for (const Page& page : pages_) {
      if (page.canonical.empty() || page.canonical == page.page.url || !urls.contains(page.canonical))
        originals.insert(page.page.url);
    }
    std::vector<FetchedPage> kept;
    for (Page& page : pages_) {
      if (!originals.contains(page.page.url) && originals.contains(page.canonical)) {
        summary_.twins += 1;
        continue;
      }
      kept.push_back(std::move(page.page));
    }
    if (!sources_->save_pages_dir.empty()) save(kept);
    summary_.pages = kept.size();
    for (auto& [site, host] : hosts_) {
      host.host = site;
      summary_.hosts.push_back(host);
    }
    sort_slowest_first(summary_.hosts);
    return kept;
  }

  void save(std::vector<FetchedPage>& pages) {
    for (FetchedPage& page : pages) {
      const fs::path path = saved_page_path(sources_->save_pages_dir, page.url);
      std::error_code error;
      fs::create_directories(path.parent_path(), error);
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out.write(page.bytes.data(), static_cast<std::streamsize>(page.bytes.size()));
      if (error || !out) {
        notices_.push_back({true, fmt::format("could not save the page to {}", path.string()), page.url});
        continue;
      }
      page.saved_path = path.string();
    }
  }

  const NetworkSettings settings_;
  const SiteReaders readers_;
  SiteProgress* progress_;
  const SiteSources* sources_ = nullptr;
  std::unique_ptr<LookupCache> cache_;

  std::mutex mutex_;  // guards events_
  std::condition_variable ready_;
  std::deque<std::function<void()>> events_;

  // The caller's thread alone.
  size_t outstanding_ = 0;  // requests whose event has not been run
  std::vector<std::string> scopes_;
  std::unordered_set<std::string> seen_;
  std::unique_ptr<LinkResolver> links_;
  std::set<std::string> sitemaps_seen_;
  std::map<std::string, std::string> lastmod_hints_;  // page URL -> its sitemap's lastmod, for a crawl
  std::map<std::string, Origin> origins_;
  std::map<std::string, SiteSummary::Host> hosts_;
  uint64_t accepted_ = 0;
  std::vector<Page> pages_;
  std::vector<SiteNotice> notices_;
  SiteSummary summary_;

  // Last, so it is destroyed first: its thread runs the callbacks that use the members above.
  std::unique_ptr<HttpClient> http_;
};

SiteAudit::SiteAudit(const NetworkSettings& settings, SiteReaders readers, SiteProgress* progress)
    : crawl_(std::make_unique<Crawl>(settings, std::move(readers), progress)) {}
SiteAudit::~SiteAudit() = default;

std::vector<FetchedPage> SiteAudit::run(const SiteSources& sources) {
  return crawl_->run(sources);
}
const std::vector<SiteNotice>& SiteAudit::notices() const {
  return crawl_->notices();
}
const SiteSummary& SiteAudit::summary() const {
  return crawl_->summary();
}

}  // namespace reflint
