#pragma once
// What the network layer is configured with: registry endpoints, cache, politeness.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace reflint {

struct NetworkSettings {
  std::string doi_resolver = "https://doi.org";
  std::string crossref_api = "https://api.crossref.org";
  std::string datacite_api = "https://api.datacite.org";
  std::string europepmc_api = "https://www.ebi.ac.uk/europepmc/webservices/rest";
  std::string mailto;      // --mailto / REFLINT_MAILTO: joins Crossref's polite pool
  std::string ca_file;     // --cacert / ca-file: CA certificates (PEM) for https instead of libcurl's bundle
  std::string cache_path;  // empty: $XDG_CACHE_HOME/reflint/cache.sqlite
  bool use_cache = true;
  bool offline = false;     // cache and --sources only
  std::string sources_dir;  // --sources: local source texts for quote checks
  // --retractions: a file (a JSON array, or one record a line) or folder (*.json) of Open
  // Retractions records, whose notices join those of every DOI looked up
  std::string retraction_records;
  double connect_timeout_seconds = 10;
  double request_timeout_seconds = 30;
  double deadline_seconds = 300;  // for all network work of one run
  int max_retries = 3;
  int per_host_concurrency = 3;
  double per_host_rate = 10;  // requests per second
  int64_t max_response_bytes = int64_t{8} * 1024 * 1024;
  int max_redirects = 5;  // more fails the request (not retried); only http and https are followed
  // A Retry-After asking for longer (an hour, a date far ahead) is waited for this long, then retried.
  double max_retry_after_seconds = 60;
  // Requests an article supplies (cited pages): public unicast addresses only, unless the host
  // matches allow-hosts; never a host that matches deny-hosts; none at all without fetch_pages.
  bool fetch_pages = true;
  // A run with checks that could not be made (a DOI or a quotation's source not verified: registry
  // down, deadline) exits 3 unless this is set (--allow-unverified).
  bool allow_unverified = false;
  std::vector<std::string> allow_hosts;
  std::vector<std::string> deny_hosts;
  int found_ttl_days = 30;
  // Site audits (pages fetched to lint): per host, what a site owner would accept.
  int site_concurrency = 2;
  double site_rate = 4;                 // requests per second
  double site_deadline_seconds = 3600;  // for all fetching of one audit

  /// Offline without a cache, no DOI or quotation source can be looked up: the network rules check
  /// only what needs no lookup, and build nothing for the lookups they cannot make.
  bool can_look_up() const { return !offline || use_cache; }
  int not_found_ttl_days = 1;
};

/// Whether `url` is an http:// or https:// URL (scheme in any case): the only kind reflint fetches,
/// so a registry base URL such as "file:///etc" is a configuration error.
inline bool is_http_url(std::string_view url) {
  const auto starts_with = [url](std::string_view scheme) {
    if (url.size() <= scheme.size()) return false;
    for (size_t i = 0; i < scheme.size(); ++i) {
      const char c = url[i] >= 'A' && url[i] <= 'Z' ? static_cast<char>(url[i] - 'A' + 'a') : url[i];
      if (c != scheme[i]) return false;
    }
    return true;
  };
  return starts_with("http://") || starts_with("https://");
}

}  // namespace reflint
