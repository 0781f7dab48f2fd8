#pragma once
// Settings that apply to a whole run (not per file): network endpoints, cache, politeness.

#include <cstdint>
#include <string>

namespace reflint {

struct NetworkSettings {
  std::string doi_resolver = "https://doi.org";
  std::string crossref_api = "https://api.crossref.org";
  std::string datacite_api = "https://api.datacite.org";
  std::string europepmc_api = "https://www.ebi.ac.uk/europepmc/webservices/rest";
  std::string mailto;      // --mailto / REFLINT_MAILTO: joins Crossref's polite pool
  std::string cache_path;  // empty: $XDG_CACHE_HOME/reflint/cache.sqlite
  bool use_cache = true;
  bool offline = false;     // cache and --sources only
  std::string sources_dir;  // --sources: local source texts for quote checks
  double connect_timeout_seconds = 10;
  double request_timeout_seconds = 30;
  double deadline_seconds = 300;  // for all network work of one run
  int max_retries = 3;
  int per_host_concurrency = 3;
  double per_host_rate = 10;  // requests per second
  int64_t max_response_bytes = 8 * 1024 * 1024;
  int max_redirects = 5;
  int found_ttl_days = 30;
  int not_found_ttl_days = 1;
};

struct RunSettings {
  NetworkSettings network;
  bool cross_page = true;  // site-wide checks across the inputs of one run
};

}  // namespace reflint
