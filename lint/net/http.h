#pragma once
// The one HTTP client of reflint (the only libcurl user): a background thread drives a libcurl
// multi handle, so requests from every worker thread share connections and one set of politeness
// limits per host (concurrent requests, requests per second, adapted down to the server's
// X-Rate-Limit-* answers). Transient failures (timeouts, 429, 5xx) are retried with exponential
// backoff and jitter, honouring Retry-After up to NetworkSettings::max_retry_after_seconds; a name
// that does not resolve or a refused connection is not retried, and a host whose connections fail
// three times in a row is down for the run (its requests fail at once). Redirects are followed up
// to max_redirects, and only to http and https.
// HTTP/2 is used where the server offers it over TLS (ALPN), new requests wait for a connection
// that may multiplex them rather than opening more; NetworkSettings::ca_file replaces the CA bundle.
// Nothing outlives the run's deadline.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lint/net/settings.h"

namespace reflint {

struct HttpResponse {
  enum class Outcome : uint8_t {
    answered,  // the server answered `status` (any status, after retries for transient ones)
    failed,    // no usable answer: connection errors or timeouts after all retries, body too large,
               // a refused redirect or scheme, the run's deadline
  };
  Outcome outcome = Outcome::failed;
  long status = 0;
  std::string body;
  std::string error;  // for `failed`, and for a transient status that was given up on
  int attempts = 0;
  std::string url;  // the URL that answered, after the redirects libcurl followed
  // Of the answer that counts (the last one after redirects).
  std::string content_type;
  std::string etag;
  std::string last_modified;
  // How long the answer stays fresh (RFC 9111: Cache-Control max-age less Age, else Expires less
  // Date), in seconds; 0 when it must be revalidated (no-cache, no freshness given); -1 for no-store.
  int64_t fresh_seconds = 0;
  std::string location;         // of an unfollowed redirect (HttpRequestOptions::follow_redirects)
  double transfer_seconds = 0;  // of the last attempt, from its start to its end
};

struct HttpStats {
  uint64_t requests = 0;  // attempts sent, retries included
  uint64_t retries = 0;
  int max_in_flight = 0;         // per host, the highest seen
  uint64_t http2_responses = 0;  // transfers whose (last) response came over HTTP/2
  uint64_t connections = 0;      // new connections opened; fewer than `requests` when reused or multiplexed
};

/// Who chose a URL: the user (registry base URLs, trusted) or an article (a cited page: only public
/// unicast addresses, allow-hosts and deny-hosts applied to it and to every redirect it takes).
enum class UrlSource : uint8_t { configured, article };

struct HttpRequestOptions {
  UrlSource source = UrlSource::configured;
  std::vector<std::string> headers;  // "If-None-Match: \"abc\"", added to the request
  // false: a redirect is the answer (its status and `location`), for a caller that checks each hop.
  bool follow_redirects = true;
  // false: one attempt, whatever the answer (a page that could not be fetched last time either).
  bool retry = true;
};

class HttpClient {
 public:
  using Clock = std::chrono::steady_clock;
  HttpClient(const NetworkSettings& settings, std::string user_agent);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// Queues a GET; `done` runs once on the client's thread. Thread-safe. Only http and https URLs
  /// are fetched; anything else fails at once. An article-supplied URL that the outbound policy
  /// refuses fails without a connection ("refused: ..."), and is not retried.
  void get(std::string url, std::function<void(HttpResponse)> done, UrlSource source = UrlSource::configured);
  void get(std::string url, std::function<void(HttpResponse)> done, HttpRequestOptions options);
  /// Caps the request rate of the host of `url` for the rest of the run (a site's Crawl-delay);
  /// never raises it above the configured rate.
  void limit_host_rate(std::string_view url, double requests_per_second);
  HttpStats stats() const;

 private:
  class Engine;
  std::unique_ptr<Engine> engine_;
};

/// "reflint/0.1.0 (+https://github.com/reflint/reflint; mailto:someone@example.org)".
std::string make_user_agent(const std::string& mailto);

}  // namespace reflint
