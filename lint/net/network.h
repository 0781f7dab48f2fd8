#pragma once
// NetworkServices: what rules ask of the registries, once per run. The runner creates one when an
// enabled rule needs the network; rules queue lookups from check() (any thread, non-blocking) and
// collect the answers in finish(). Each unique DOI is looked up at most once per run, whatever the
// number of files, rules and threads; answers come from the cache when it has them.
//
// A DOI is "not found" only when the DOI handle API answers responseCode 100. Every other failure
// (timeouts, connection errors, 403, 429, 5xx, malformed answers, the deadline) leaves it
// unverified: reported as a notice, never as a finding.

#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "lint/core/settings.h"
#include "lint/model/document.h"

namespace reflint {

class HttpClient;
class LookupCache;
struct HttpResponse;

enum class DoiStatus : uint8_t { found, not_found, unverified };

/// A Crossref update notice on a work ("updated-by"): a retraction, correction, expression of
/// concern, ...
struct WorkUpdate {
  std::string type;  // "retraction", "expression_of_concern", "correction", ...
  std::string doi;   // the notice's DOI
  std::string label;
  std::string source;     // "publisher", "retraction-watch"
  std::string record_id;  // Retraction Watch record, when given
};

/// The bibliographic data reflint compares with a reference entry.
struct WorkMetadata {
  std::string title;
  std::string first_author;  // family name
  int year = 0;
  std::vector<std::string> containers;  // journal or book title, and its abbreviation
  std::vector<WorkUpdate> updated_by;
};

struct DoiRecord {
  DoiStatus status = DoiStatus::unverified;
  std::string agency;                    // "Crossref", "DataCite", ...; empty when unknown
  std::optional<WorkMetadata> metadata;  // for found DOIs of Crossref and DataCite
  std::string reason;                    // why it is unverified
};

struct NetworkSummary {
  uint64_t lookups = 0;          // unique DOIs asked for
  uint64_t from_cache = 0;       // answered by the cache
  uint64_t offline_skipped = 0;  // not in the cache, and --offline
  uint64_t unverified = 0;
  uint64_t requests = 0;  // HTTP attempts, retries included
  uint64_t retries = 0;
  int max_in_flight = 0;
};

class NetworkServices {
 public:
  explicit NetworkServices(const NetworkSettings& settings);
  ~NetworkServices();
  NetworkServices(const NetworkServices&) = delete;
  NetworkServices& operator=(const NetworkServices&) = delete;

  /// The registry's answer for `doi`, once it arrives. Never blocks; the first call for a DOI
  /// starts the lookup. `requested_by` (a path) is named if the DOI cannot be verified.
  std::shared_future<DoiRecord> lookup_doi(const std::string& doi, const std::string& requested_by);

  /// Notices for the run: cache problems, each DOI that could not be verified, offline skips and a
  /// count of the network work done. Call after every lookup was collected.
  std::vector<Notice> notices() const;
  NetworkSummary summary() const;

 private:
  struct Lookup;
  struct AgencyAnswer {
    std::string agency;  // empty: the prefix is not registered anywhere (ask the handle API)
    std::string error;   // non-empty: could not be determined
  };
  void find_agency(const std::string& prefix, std::function<void(const AgencyAnswer&)> then);
  void fetch_metadata(const std::shared_ptr<Lookup>& lookup, const std::string& agency);
  void check_handle(const std::shared_ptr<Lookup>& lookup, const std::string& agency);
  void settle(const std::shared_ptr<Lookup>& lookup, DoiRecord record);
  std::string url(const std::string& base, const std::string& path) const;

  const NetworkSettings settings_;
  std::unique_ptr<LookupCache> cache_;

  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_future<DoiRecord>> dois_;  // by case-folded DOI
  struct PrefixState {
    bool known = false;
    AgencyAnswer answer;
    std::vector<std::function<void(const AgencyAnswer&)>> waiting;
  };
  std::unordered_map<std::string, PrefixState> prefixes_;
  NetworkSummary summary_;
  struct Unverified {
    std::string doi;
    std::string reason;
    std::string path;  // the first file that asked
  };
  std::vector<Unverified> unverified_;

  // Last, so it is destroyed first: its thread runs the callbacks that use the members above.
  std::unique_ptr<HttpClient> http_;
};

}  // namespace reflint
