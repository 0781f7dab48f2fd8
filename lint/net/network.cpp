#include "lint/net/network.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "lint/net/cache.h"
#include "lint/net/http.h"
#include "lint/net/registry_answers.h"
#include "lint/text/doi_text.h"
#include "lint/text/unicode.h"

namespace reflint {
namespace {

constexpr int64_t kSecondsPerDay = int64_t{24} * 60 * 60;

/// Why an answer could not be used, for the "could not verify" notice.
std::string failure_of(const HttpResponse& response, std::string_view service) {
  if (response.outcome == HttpResponse::Outcome::failed)
    return fmt::format("{}: {}", service, response.error);
  if (response.status == 200) return fmt::format("{} sent a malformed answer", service);
  if (!response.error.empty()) return fmt::format("{} answered {}", service, response.error);
  return fmt::format("{} answered HTTP {}", service, response.status);
}

/// A query value for a URL: everything but unreserved characters percent-encoded.
std::string percent_encode_query(std::string_view value) {
  std::string encoded;
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      encoded += c;
    } else {
      constexpr char kHex[] = "0123456789ABCDEF";
      encoded += '%';
      encoded += kHex[byte >> 4];
      encoded += kHex[byte & 0xF];
    }
  }
  return encoded;
}

std::string without_trailing_slash(std::string base) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

}  // namespace

struct NetworkServices::TextLookup {
  std::string key;   // cache key
  std::string what;  // for notices: a DOI, a title, an address
  Requester requested_by;
  std::promise<SourceTexts> promise;
};

struct NetworkServices::Lookup {
  std::string doi;
  std::string key;
  Requester requested_by;
  std::promise<DoiRecord> promise;
};

NetworkServices::NetworkServices(const NetworkSettings& settings, MarkupReaders readers,
                                 LookupProgress* progress)
    : settings_(settings), readers_(std::move(readers)), progress_(progress) {
  if (settings_.use_cache) {
    cache_ = std::make_unique<LookupCache>(settings_.cache_path.empty()
                                               ? LookupCache::default_path()
                                               : std::filesystem::path(settings_.cache_path));
  }
  if (!settings_.offline) http_ = std::make_unique<HttpClient>(settings_, make_user_agent(settings_.mailto));
  if (!settings_.retraction_records.empty()) load_retraction_records();
}

void NetworkServices::load_retraction_records() {
  namespace fs = std::filesystem;
  const fs::path path(settings_.retraction_records);
  std::vector<fs::path> files;
  std::error_code error;
  if (fs::is_directory(path, error)) {
    for (const auto& entry : fs::directory_iterator(path, error)) {
      const fs::path extension = entry.path().extension();
      if (extension == ".json" || extension == ".jsonl" || extension == ".ndjson")
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(path);
  }
  size_t unread = 0;
  const auto add = [&](std::string_view body) {
    std::optional<RetractionRecord> record = read_retraction_record(body);
    if (!record) return void(++unread);
    std::vector<WorkUpdate>& updates = listed_updates_[doi_key(record->doi)];
    std::move(record->updates.begin(), record->updates.end(), std::back_inserter(updates));
  };
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      ++unread;
      continue;
    }
    const std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // A file is one record, an array of records, or one record a line.
    const nlohmann::json whole = nlohmann::json::parse(body, nullptr, false);
    if (whole.is_array()) {
      for (const nlohmann::json& record : whole) add(record.dump());
    } else if (!whole.is_discarded()) {
      add(body);
    } else {
      std::istringstream lines(body);
      for (std::string line; std::getline(lines, line);)
        if (line.find_first_not_of(" \t\r") != std::string::npos) add(line);
    }
  }
  if (listed_updates_.empty()) {
    retraction_records_problem_ =
        fmt::format("no Open Retractions record read from {}: retractions are those of the registries only",
                    settings_.retraction_records);
  } else if (unread > 0) {
    retraction_records_problem_ = fmt::format(
        "{} of the retraction records in {} are not Open Retractions records (or could not be "
        "read) and were left out",
        unread, settings_.retraction_records);
  }
}

void NetworkServices::add_listed_updates(const std::string& key, DoiRecord& record) const {
  if (record.status != DoiStatus::found) return;
  const auto listed = listed_updates_.find(key);
  if (listed == listed_updates_.end()) return;
  if (!record.metadata) record.metadata.emplace();  // an agency whose records are not read here
  std::vector<WorkUpdate>& updates = record.metadata->updated_by;
  for (const WorkUpdate& update : listed->second) {
    const bool known = std::any_of(updates.begin(), updates.end(), [&](const WorkUpdate& have) {
      return have.type == update.type && doi_key(have.doi) == doi_key(update.doi);
    });
    if (!known) updates.push_back(update);
  }
}

NetworkServices::~NetworkServices() {
  http_.reset();  // joins the thread that runs the callbacks before anything else goes
}

std::string NetworkServices::url(const std::string& base, const std::string& path) const {
  return without_trailing_slash(base) + path;
}

std::shared_future<DoiRecord> NetworkServices::lookup_doi(const std::string& doi,
                                                          const Requester& requested_by) {
  auto lookup = std::make_shared<Lookup>();
  lookup->doi = doi;
  lookup->key = doi_key(doi);
  lookup->requested_by = requested_by;
  std::shared_future<DoiRecord> answer = lookup->promise.get_future().share();
  {
    std::lock_guard lock(mutex_);
    const auto [known, added] = dois_.try_emplace(lookup->key, answer);
    if (!added) return known->second;
    summary_.lookups += 1;
  }
  if (progress_ != nullptr) progress_->asked += 1;
  if (cache_) {
    if (const auto cached = cache_->get("doi:" + lookup->key)) {
      if (std::optional<DoiRecord> record = read_doi_record_row(*cached)) {
        {
          std::lock_guard lock(mutex_);
          summary_.from_cache += 1;
        }
        count_answer();
        add_listed_updates(lookup->key, *record);
        lookup->promise.set_value(std::move(*record));
        return answer;
      }
    }
  }
  if (!http_) {
    {
      std::lock_guard lock(mutex_);
      summary_.offline_skipped += 1;
    }
    count_answer();
    lookup->promise.set_value({DoiStatus::unverified, "", std::nullopt, "offline, and not in the cache"});
    return answer;
  }
  const std::string prefix = lookup->key.substr(0, lookup->key.find('/'));
  find_agency(prefix, [this, lookup](const AgencyAnswer& agency) {
    // Without its agency a DOI's metadata cannot be asked for, but the handle API still answers
    // whether it exists.
    if (!agency.error.empty()) return check_handle(lookup, "");
    fetch_metadata(lookup, agency.agency);
  });
  return answer;
}

void NetworkServices::find_agency(const std::string& prefix,
                                  const std::function<void(const AgencyAnswer&)>& then) {
  std::optional<AgencyAnswer> known;
  bool ask = false;
  {
    std::lock_guard lock(mutex_);
    PrefixState& state = prefixes_[prefix];
    if (state.known) {
      known = state.answer;
    } else {
      state.waiting.push_back(then);
      ask = state.waiting.size() == 1;  // the others wait for the question already on its way
    }
  }
  if (known) return then(*known);
  if (!ask) return;
  const auto deliver = [this, prefix](const AgencyAnswer& answer) {
    std::vector<std::function<void(const AgencyAnswer&)>> waiting;
    {
      std::lock_guard lock(mutex_);
      PrefixState& state = prefixes_[prefix];
      waiting.swap(state.waiting);
      // A transient failure is not remembered: the next DOI of this prefix asks again.
      state.known = answer.error.empty();
      state.answer = answer;
    }
    for (const auto& waiter : waiting) waiter(answer);
  };
  if (cache_) {
    if (const auto cached = cache_->get("ra:" + prefix)) return deliver({canonical_agency(*cached), ""});
  }
  http_->get(url(settings_.doi_resolver, "/ra/" + prefix),
             [this, prefix, deliver](const HttpResponse& response) {
               const std::optional<std::string> named =
                   response.outcome == HttpResponse::Outcome::answered && response.status == 200
                       ? read_registration_agency(response.body)
                       : std::nullopt;
               if (!named) return deliver({"", failure_of(response, "the DOI registration agency lookup")});
               const std::string& agency = *named;
               if (cache_) {
                 const int days = agency.empty() ? settings_.not_found_ttl_days : settings_.found_ttl_days;
                 cache_->put("ra:" + prefix, agency, days * kSecondsPerDay);
               }
               deliver({agency, ""});
             });
}

void NetworkServices::fetch_metadata(const std::shared_ptr<Lookup>& lookup, const std::string& agency) {
  const std::string encoded = percent_encode_doi(lookup->doi);
  if (agency == "Crossref") {
    const std::string query =
        settings_.mailto.empty() ? "" : "?mailto=" + percent_encode_doi(settings_.mailto);
    http_->get(url(settings_.crossref_api, "/works/" + encoded + query), [this, lookup, agency](
                                                                             const HttpResponse& response) {
      if (response.outcome == HttpResponse::Outcome::answered && response.status == 200) {
        std::optional<WorkMetadata> metadata = read_crossref_work(response.body, readers_);
        if (!metadata) {
          return settle(lookup,
                        {DoiStatus::unverified, agency, std::nullopt, failure_of(response, "Crossref")});
        }
        return settle(lookup, {DoiStatus::found, agency, std::move(metadata), ""});
      }
      if (response.outcome == HttpResponse::Outcome::answered && response.status == 404) {
        return check_handle(lookup, agency);
      }
      settle(lookup, {DoiStatus::unverified, agency, std::nullopt, failure_of(response, "Crossref")});
    });
    return;
  }
  if (agency == "DataCite") {
    http_->get(url(settings_.datacite_api, "/dois/" + encoded), [this, lookup,
                                                                 agency](const HttpResponse& response) {
      if (response.outcome == HttpResponse::Outcome::answered && response.status == 200) {
        std::optional<WorkMetadata> metadata = read_datacite_doi(response.body, readers_);
        if (!metadata) {
          return settle(lookup,
                        {DoiStatus::unverified, agency, std::nullopt, failure_of(response, "DataCite")});
        }
        return settle(lookup, {DoiStatus::found, agency, std::move(metadata), ""});
      }
      if (response.outcome == HttpResponse::Outcome::answered && response.status == 404) {
        return check_handle(lookup, agency);
      }
      settle(lookup, {DoiStatus::unverified, agency, std::nullopt, failure_of(response, "DataCite")});
    });
    return;
  }
  // Other agencies (mEDRA, JaLC, ...) have no metadata API here; an unknown prefix may still be a
  // handle: the handle API decides whether the DOI exists.
  check_handle(lookup, agency);
}

void NetworkServices::check_handle(const std::shared_ptr<Lookup>& lookup, const std::string& agency) {
  const std::string encoded = percent_encode_doi(lookup->doi);
  http_->get(url(settings_.doi_resolver, "/api/handles/" + encoded),
             [this, lookup, agency](const HttpResponse& response) {
               const std::optional<int> answered = response.outcome == HttpResponse::Outcome::answered
                                                       ? read_handle_response_code(response.body)
                                                       : std::nullopt;
               if (!answered)
                 return settle(lookup, {DoiStatus::unverified, agency, std::nullopt,
                                        failure_of(response, "the DOI handle API")});
               const int code = *answered;
               if (code == 1) return settle(lookup, {DoiStatus::found, agency, std::nullopt, ""});
               if (code == 100) return settle(lookup, {DoiStatus::not_found, agency, std::nullopt, ""});
               settle(lookup, {DoiStatus::unverified, agency, std::nullopt,
                               fmt::format("the DOI handle API answered responseCode {}", code)});
             });
}

void NetworkServices::settle(const std::shared_ptr<Lookup>& lookup, DoiRecord record) {
  if (record.status == DoiStatus::unverified) {
    std::lock_guard lock(mutex_);
    summary_.unverified += 1;
    unverified_.push_back({lookup->doi, record.reason, lookup->requested_by});
  } else if (cache_) {
    const int days =
        record.status == DoiStatus::found ? settings_.found_ttl_days : settings_.not_found_ttl_days;
    cache_->put("doi:" + lookup->key, doi_record_row(record), days * kSecondsPerDay);
  }
  count_answer();
  add_listed_updates(lookup->key, record);  // after the cache: the list may change, the row not
  lookup->promise.set_value(std::move(record));
}

std::shared_ptr<NetworkServices::TextLookup> NetworkServices::start_text_lookup(
    const std::string& key, const std::string& what, const Requester& requested_by,
    std::shared_future<SourceTexts>& answer) {
  auto lookup = std::make_shared<TextLookup>();
  lookup->key = key;
  lookup->what = what;
  lookup->requested_by = requested_by;
  answer = lookup->promise.get_future().share();
  {
    std::lock_guard lock(mutex_);
    const auto [known, added] = texts_.try_emplace(key, answer);
    if (!added) {
      answer = known->second;
      return nullptr;
    }
    summary_.text_lookups += 1;
  }
  if (progress_ != nullptr) progress_->asked += 1;
  if (cache_) {
    if (const auto cached = cache_->get(key)) {
      if (std::optional<SourceTexts> texts = read_source_texts_row(*cached)) {
        {
          std::lock_guard lock(mutex_);
          summary_.texts_from_cache += 1;
        }
        count_answer();
        lookup->promise.set_value(std::move(*texts));
        return nullptr;
      }
    }
  }
  if (!http_) {
    {
      std::lock_guard lock(mutex_);
      summary_.texts_offline_skipped += 1;
    }
    count_answer();
    lookup->promise.set_value({SourceTexts::Status::unverified, {}, "offline, and not in the cache"});
    return nullptr;
  }
  return lookup;
}

std::shared_future<SourceTexts> NetworkServices::lookup_europepmc(const WorkQuery& query,
                                                                  const Requester& requested_by) {
  std::shared_future<SourceTexts> answer;
  std::string key;
  std::string search;
  std::string what;
  if (!query.doi.empty()) {
    key = "epmc:doi:" + doi_key(query.doi);
    search = fmt::format("DOI:\"{}\"", query.doi);
    what = "doi:" + query.doi;
  } else {
    const std::string phrase = title_words(query.title);
    if (phrase.empty()) {
      std::promise<SourceTexts> none;
      none.set_value({SourceTexts::Status::none, {}, ""});
      return none.get_future().share();
    }
    key = fmt::format("epmc:title:{}|{}", phrase, title_words(query.first_author));
    search = fmt::format("TITLE:\"{}\"", phrase);
    what = fmt::format("\"{}\"", query.title);
  }
  const std::shared_ptr<TextLookup> lookup = start_text_lookup(key, what, requested_by, answer);
  if (!lookup) return answer;
  const std::string address = url(settings_.europepmc_api, "/search?query=" + percent_encode_query(search) +
                                                               "&resultType=core&format=json");
  http_->get(address, [this, lookup, query](const HttpResponse& response) {
    std::optional<EuropePmcMatch> match =
        response.outcome == HttpResponse::Outcome::answered && response.status == 200
            ? read_europepmc_search(response.body, query, readers_)
            : std::nullopt;
    if (!match) {
      return settle_text(lookup, {SourceTexts::Status::unverified, {}, failure_of(response, "Europe PMC")});
    }
    if (!match->found) return settle_text(lookup, {SourceTexts::Status::none, {}, ""});
    SourceTexts texts{SourceTexts::Status::found, {}, ""};
    if (!match->abstract.empty())
      texts.parts.push_back({"Europe PMC abstract", std::move(match->abstract), true});
    if (!match->full_text_pmcid.empty())
      return fetch_fulltext(lookup, std::move(texts), match->full_text_pmcid);
    settle_text(lookup, std::move(texts));
  });
  return answer;
}

void NetworkServices::fetch_fulltext(const std::shared_ptr<TextLookup>& lookup, SourceTexts texts,
                                     const std::string& pmcid) {
  const std::string address =
      url(settings_.europepmc_api, "/" + percent_encode_query(pmcid) + "/fullTextXML");
  http_->get(address, [this, lookup, texts = std::move(texts)](const HttpResponse& response) mutable {
    if (response.outcome == HttpResponse::Outcome::answered && response.status == 200) {
      if (std::string body = readers_.jats_article(response.body); !body.empty())
        texts.parts.push_back({"Europe PMC full text", std::move(body)});
      return settle_text(lookup, std::move(texts));
    }
    // Without its full text the record is incomplete: use the abstract for this run, but do not
    // cache it, so the next run asks again.
    count_answer();
    lookup->promise.set_value(std::move(texts));
  });
}

std::shared_future<SourceTexts> NetworkServices::lookup_page(const std::string& address,
                                                             const Requester& requested_by) {
  if (!settings_.fetch_pages) {
    std::promise<SourceTexts> off;
    off.set_value({SourceTexts::Status::unverified, {}, "fetching cited pages is off (fetch-pages = false)"});
    return off.get_future().share();
  }
  std::shared_future<SourceTexts> answer;
  const std::shared_ptr<TextLookup> lookup =
      start_text_lookup("page:" + address, address, requested_by, answer);
  if (!lookup) return answer;
  http_->get(
      address,
      [this, lookup](const HttpResponse& response) {
        if (response.outcome == HttpResponse::Outcome::answered && response.status == 200) {
          return settle_text(
              lookup,
              {SourceTexts::Status::found, {{"the page", readers_.page(lookup->what, response.body)}}, ""});
        }
        if (response.outcome == HttpResponse::Outcome::answered &&
            (response.status == 404 || response.status == 410))
          return settle_text(lookup, {SourceTexts::Status::none, {}, ""});
        settle_text(lookup, {SourceTexts::Status::unverified, {}, failure_of(response, "the page")});
      },
      UrlSource::article);
  return answer;
}

void NetworkServices::settle_text(const std::shared_ptr<TextLookup>& lookup, SourceTexts texts) {
  if (texts.status == SourceTexts::Status::unverified) {
    std::lock_guard lock(mutex_);
    summary_.texts_unverified += 1;
    unverified_texts_.push_back({lookup->what, texts.reason, lookup->requested_by});
  } else if (cache_) {
    const int days =
        texts.status == SourceTexts::Status::found ? settings_.found_ttl_days : settings_.not_found_ttl_days;
    cache_->put(lookup->key, source_texts_row(texts), days * kSecondsPerDay);
  }
  count_answer();
  lookup->promise.set_value(std::move(texts));
}

NetworkSummary NetworkServices::summary() const {
  NetworkSummary summary;
  {
    std::lock_guard lock(mutex_);
    summary = summary_;
  }
  if (http_) {
    const HttpStats stats = http_->stats();
    summary.requests = stats.requests;
    summary.retries = stats.retries;
    summary.max_in_flight = stats.max_in_flight;
    summary.http2_responses = stats.http2_responses;
    summary.connections = stats.connections;
  }
  return summary;
}

namespace {

/// `items` grouped by reason, each group in the order first met, groups in the order of their first item.
template <class Item>
std::vector<std::pair<std::string, std::vector<const Item*>>> by_reason(const std::vector<Item>& items) {
  std::vector<std::pair<std::string, std::vector<const Item*>>> groups;
  std::map<std::string, size_t> group_of;
  for (const Item& item : items) {
    const auto [found, added] = group_of.try_emplace(item.reason, groups.size());
    if (added) groups.push_back({item.reason, {}});
    groups[found->second].second.push_back(&item);
  }
  return groups;
}

/// The items of one reason as the notices that report them: each on its own while there are few,
/// else all in one.
template <class Item>
std::vector<std::vector<const Item*>> one_notice_or_each(const std::vector<const Item*>& items) {
  constexpr size_t kMostReportedEach = 3;
  if (items.size() > kMostReportedEach) return {items};
  std::vector<std::vector<const Item*>> each;
  each.reserve(items.size());
  for (const Item* item : items) each.push_back({item});
  return each;
}

/// "DOI 10.1/x" (with `one` empty: "10.1/x"), "3 DOIs (10.1/a, 10.1/b, 10.1/c)",
/// "40 DOIs (10.1/a, 10.1/b, 10.1/c, ...)".
template <class Item>
std::string counted(std::string_view one, std::string_view many, const std::vector<const Item*>& items) {
  constexpr size_t kNamed = 3;
  if (items.size() == 1)
    return one.empty() ? items.front()->doi : fmt::format("{} {}", one, items.front()->doi);
  std::vector<std::string_view> named;
  for (size_t i = 0; i < items.size() && i < kNamed; ++i) named.push_back(items[i]->doi);
  return fmt::format("{} {} ({}{})", items.size(), many, fmt::join(named, ", "),
                     items.size() > kNamed ? ", ..." : "");
}

}  // namespace

std::vector<NetworkNotice> NetworkServices::notices() const {
  std::vector<NetworkNotice> notices;
  if (cache_ && !cache_->warning().empty()) notices.push_back({true, cache_->warning(), "", ""});
  if (!retraction_records_problem_.empty()) notices.push_back({true, retraction_records_problem_, "", ""});
  const NetworkSummary summary = this->summary();
  {
    std::lock_guard lock(mutex_);
    // A reason that many lookups share (a dead host, a failed agency lookup) is one thing to fix:
    // one notice with the count rather than one per DOI or text.
    for (const auto& [reason, dois] : by_reason(unverified_)) {
      for (const auto& named : one_notice_or_each(dois)) {
        notices.push_back({true,
                           fmt::format("could not verify {}: {}", counted("DOI", "DOIs", named), reason),
                           named.front()->requested_by.path, named.front()->requested_by.rule, true});
      }
    }
    for (const auto& [reason, sources] : by_reason(unverified_texts_)) {
      for (const auto& named : one_notice_or_each(sources)) {
        notices.push_back({true,
                           fmt::format("could not fetch the text of {} to check quotations: {}",
                                       counted("", "quotation sources", named), reason),
                           named.front()->requested_by.path, named.front()->requested_by.rule, true});
      }
    }
  }
  if (summary.lookups > 0) {
    // One line that adds up: every DOI asked for was answered by the cache, skipped offline, asked
    // of the registries, or could not be verified.
    std::string transport;
    if (summary.requests > 0) {
      transport =
          fmt::format(" on {} connection{}", summary.connections, summary.connections == 1 ? "" : "s");
      if (summary.http2_responses > 0) transport += fmt::format(", {} over HTTP/2", summary.http2_responses);
    }
    const std::string skipped =
        summary.offline_skipped > 0
            ? fmt::format(", {} skipped offline (not in the cache)", summary.offline_skipped)
            : "";
    const std::string requests =
        settings_.offline
            ? ""
            : fmt::format("; {} HTTP requests ({} retries){}", summary.requests, summary.retries, transport);
    notices.push_back(
        {false,
         fmt::format("DOIs: {} asked for, {} from the cache{}, {} not verified{}", summary.lookups,
                     summary.from_cache, skipped, summary.unverified, requests),
         "", ""});
  }
  if (summary.text_lookups > 0) {
    notices.push_back(
        {false,
         fmt::format(
             "quotation sources: {} asked for, {} from the cache{}, {} could not be fetched",
             summary.text_lookups, summary.texts_from_cache,
             summary.texts_offline_skipped > 0
                 ? fmt::format(", {} skipped offline (not in the cache)", summary.texts_offline_skipped)
                 : "",
             summary.texts_unverified),
         "", ""});
  }
  return notices;
}

}  // namespace reflint
