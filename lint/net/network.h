#pragma once
// NetworkServices: what rules ask of the registries, once per run. The runner creates one when an
// enabled rule needs the network; rules queue lookups from check() (any thread, non-blocking) and
// collect the answers in finish(). Each unique DOI is looked up at most once per run, whatever the
// number of files, rules and threads; answers come from the cache when it has them.
//
// A DOI is "not found" only when the DOI handle API answers responseCode 100. Every other failure
// (timeouts, connection errors, 403, 429, 5xx, malformed answers, the deadline) leaves it
// unverified: reported as a notice, never as a finding.

#include <atomic>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lint/net/settings.h"

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

/// A link from a work to another ("is-preprint-of", "has-preprint", "is-review-of",
/// "is-component-of", ...: Crossref's relation names; DataCite's relationTypes written the same way).
struct WorkRelation {
  std::string type;
  std::string doi;
};

/// The bibliographic data reflint compares with a reference entry.
struct WorkMetadata {
  std::string title;  // plain text (markup dropped, spaces collapsed), with its subtitle after ": "
  std::vector<std::string> other_titles;  // the title without its subtitle, translated and original titles
  std::string first_author;               // family name, or an organisation's name
  std::vector<std::string> authors;       // every author so, in order; the editors when there is no author
  int year = 0;                           // issued; else printed, online, posted
  std::vector<int> other_years;           // the record's printed, online and posted years that differ from it
  std::vector<std::string> containers;    // journal, book or preprint server, and abbreviations
  std::string type;  // Crossref's ("journal-article", "posted-content", "peer-review", "component", ...);
                     // DataCite's resourceTypeGeneral in those names ("dataset", "software", ...)
  std::vector<WorkRelation> relations;  // only those naming a DOI
  std::vector<WorkUpdate> updated_by;
  std::string abstract;  // plain text: Crossref's JATS abstract, DataCite's Abstract descriptions
};

struct DoiRecord {
  DoiStatus status = DoiStatus::unverified;
  std::string agency;                    // "Crossref", "DataCite", ...; empty when unknown
  std::optional<WorkMetadata> metadata;  // for found DOIs of Crossref and DataCite
  std::string reason;                    // why it is unverified
};

/// How to find a cited work at Europe PMC: by DOI, else by title (a hit counts only when its title
/// and first author match).
struct WorkQuery {
  std::string doi;
  std::string title;
  std::string first_author;  // family name; may be empty
};

/// Texts of a cited work or page that quotations are checked against.
struct SourceTexts {
  enum class Status : uint8_t {
    found,       // `parts` holds the texts found (it may still be empty: a record without abstract)
    none,        // the service has no record of it
    unverified,  // could not be fetched; `reason` says why
  };
  struct Part {
    std::string origin;  // for messages: "Europe PMC abstract", "Europe PMC full text", "the page"
    std::string text;
    bool abstract = false;  // an abstract: only part of the work
  };
  Status status = Status::unverified;
  std::vector<Part> parts;
  std::string reason;
};

struct NetworkSummary {
  uint64_t lookups = 0;          // unique DOIs asked for
  uint64_t from_cache = 0;       // answered by the cache
  uint64_t offline_skipped = 0;  // not in the cache, and --offline
  uint64_t unverified = 0;
  uint64_t requests = 0;  // HTTP attempts, retries included
  uint64_t retries = 0;
  int max_in_flight = 0;
  uint64_t http2_responses = 0;  // answers that came over HTTP/2
  uint64_t connections = 0;      // connections opened (fewer than requests: reused or multiplexed)
  uint64_t text_lookups = 0;     // Europe PMC records and pages asked for (quotations' sources)
  uint64_t texts_from_cache = 0;
  uint64_t texts_unverified = 0;
  uint64_t texts_offline_skipped = 0;  // not in the cache, and --offline
};

/// Something the network layer could not do, or a count of what it did, for the run's notices.
struct NetworkNotice {
  bool warning = false;  // else a note
  std::string message;
  std::string path;         // the first file that asked; empty when about the run
  std::string rule;         // the rule that first asked; empty when about the run
  bool unverified = false;  // about checks that could not be made
};

/// Who asked for a lookup: named in the notice when it cannot be made (a dead host, a refused
/// address).
struct Requester {
  std::string path;  // the page
  std::string rule;  // the rule's id
};

/// Plain text from the markup that registries and pages send. The network layer reads no markup
/// itself: the engine passes lint/html's readers in.
struct MarkupReaders {
  std::function<std::string(std::string_view)> jats_fragment;  // a Crossref abstract
  std::function<std::string(std::string_view)> html_fragment;  // a Europe PMC abstractText
  std::function<std::string(std::string_view)> jats_article;   // a Europe PMC fullTextXML article
  std::function<std::string(const std::string& address, std::string_view html)> page;  // readable text
};

/// Live counts of lookups for a progress display: written by the services, read from any thread.
struct LookupProgress {
  std::atomic<uint64_t> asked{0};     // unique DOIs and quotation sources
  std::atomic<uint64_t> answered{0};  // from the cache, the network, or given up on
};

class NetworkServices {
 public:
  NetworkServices(const NetworkSettings& settings, MarkupReaders readers, LookupProgress* progress = nullptr);
  ~NetworkServices();
  NetworkServices(const NetworkServices&) = delete;
  NetworkServices& operator=(const NetworkServices&) = delete;

  /// The registry's answer for `doi`, once it arrives. Never blocks; the first call for a DOI
  /// starts the lookup. `requested_by` is named if the DOI cannot be verified.
  std::shared_future<DoiRecord> lookup_doi(const std::string& doi, const Requester& requested_by);

  /// The abstract, and the open-access full text when Europe PMC has it, of a cited work. Never
  /// blocks; each work is asked for once per run.
  std::shared_future<SourceTexts> lookup_europepmc(const WorkQuery& query, const Requester& requested_by);
  /// The readable text of a web page (its blocks outside navigation and page chrome).
  std::shared_future<SourceTexts> lookup_page(const std::string& address, const Requester& requested_by);

  /// Notices for the run: cache problems, each DOI that could not be verified, offline skips and a
  /// count of the network work done. Call after every lookup was collected.
  std::vector<NetworkNotice> notices() const;
  NetworkSummary summary() const;

 private:
  struct Lookup;
  struct AgencyAnswer {
    std::string agency;  // empty: the prefix is not registered anywhere (ask the handle API)
    std::string error;   // non-empty: could not be determined
  };
  void find_agency(const std::string& prefix, const std::function<void(const AgencyAnswer&)>& then);
  void fetch_metadata(const std::shared_ptr<Lookup>& lookup, const std::string& agency);
  void check_handle(const std::shared_ptr<Lookup>& lookup, const std::string& agency);
  void settle(const std::shared_ptr<Lookup>& lookup, DoiRecord record);
  struct TextLookup;
  /// The lookup for `key`, or nullopt with `answer` set when it is already known, cached or offline.
  std::shared_ptr<TextLookup> start_text_lookup(const std::string& key, const std::string& what,
                                                const Requester& requested_by,
                                                std::shared_future<SourceTexts>& answer);
  void fetch_fulltext(const std::shared_ptr<TextLookup>& lookup, SourceTexts texts, const std::string& pmcid);
  void settle_text(const std::shared_ptr<TextLookup>& lookup, SourceTexts texts);
  std::string url(const std::string& base, const std::string& path) const;

  void count_answer() const {
    if (progress_ != nullptr) progress_->answered += 1;
  }

  /// Reads settings_.retraction_records into listed_updates_; a problem is kept for notices().
  void load_retraction_records();
  /// `record` with the listed notices of its DOI that it lacks.
  void add_listed_updates(const std::string& key, DoiRecord& record) const;

  const NetworkSettings settings_;
  const MarkupReaders readers_;
  LookupProgress* const progress_;
  std::unique_ptr<LookupCache> cache_;

  std::unordered_map<std::string, std::vector<WorkUpdate>> listed_updates_;  // by case-folded DOI
  std::string retraction_records_problem_;

  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_future<DoiRecord>> dois_;     // by case-folded DOI
  std::unordered_map<std::string, std::shared_future<SourceTexts>> texts_;  // by cache key
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
    Requester requested_by;  // the first that asked
  };
  std::vector<Unverified> unverified_;
  std::vector<Unverified> unverified_texts_;  // `doi` holds what was asked for

  // Last, so it is destroyed first: its thread runs the callbacks that use the members above.
  std::unique_ptr<HttpClient> http_;
};

}  // namespace reflint
