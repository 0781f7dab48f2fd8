#include "lint/net/network.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "lint/model/doi.h"
#include "lint/net/cache.h"
#include "lint/net/http.h"

namespace reflint {
namespace {
using nlohmann::json;

constexpr int64_t kSecondsPerDay = 24 * 60 * 60;

std::string text_of(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array() && !value.empty() && value.front().is_string())
    return value.front().get<std::string>();
  return {};
}

int first_year(const json& message) {
  for (const char* field : {"issued", "published-print", "published-online", "published"}) {
    const json& parts = message.value(field, json::object()).value("date-parts", json::array());
    if (!parts.empty() && parts.front().is_array() && !parts.front().empty() &&
        parts.front().front().is_number()) {
      return parts.front().front().get<int>();
    }
  }
  return 0;
}

/// The metadata of a Crossref /works message.
WorkMetadata crossref_metadata(const json& message) {
  WorkMetadata metadata;
  metadata.title = text_of(message.value("title", json::array()));
  const json& authors = message.value("author", json::array());
  for (const json& author : authors) {
    if (author.value("sequence", "") == "first" || metadata.first_author.empty()) {
      metadata.first_author = author.value("family", author.value("name", ""));
      if (author.value("sequence", "") == "first") break;
    }
  }
  metadata.year = first_year(message);
  for (const char* field : {"container-title", "short-container-title"}) {
    for (const json& name : message.value(field, json::array())) {
      if (name.is_string()) metadata.containers.push_back(name.get<std::string>());
    }
  }
  for (const json& update : message.value("updated-by", json::array())) {
    WorkUpdate entry;
    entry.type = update.value("type", "");
    entry.doi = update.value("DOI", "");
    entry.label = update.value("label", "");
    entry.source = update.value("source", "");
    if (update.contains("record-id")) {
      const json& id = update["record-id"];
      entry.record_id = id.is_string() ? id.get<std::string>() : id.dump();
    }
    metadata.updated_by.push_back(std::move(entry));
  }
  return metadata;
}

/// The metadata of a DataCite /dois record's attributes.
WorkMetadata datacite_metadata(const json& attributes) {
  WorkMetadata metadata;
  const json& titles = attributes.value("titles", json::array());
  if (!titles.empty()) metadata.title = titles.front().value("title", "");
  const json& creators = attributes.value("creators", json::array());
  if (!creators.empty()) {
    const json& first = creators.front();
    metadata.first_author = first.value("familyName", "");
    if (metadata.first_author.empty()) {
      const std::string name = first.value("name", "");
      metadata.first_author = name.substr(0, name.find(','));
    }
  }
  const json& year = attributes.value("publicationYear", json());
  metadata.year = year.is_number()   ? year.get<int>()
                  : year.is_string() ? std::atoi(year.get<std::string>().c_str())
                                     : 0;
  const std::string container = attributes.value("container", json::object()).value("title", "");
  if (!container.empty()) metadata.containers.push_back(container);
  return metadata;
}

json record_to_json(const DoiRecord& record) {
  json value = {{"status", record.status == DoiStatus::found ? "found" : "not_found"},
                {"agency", record.agency}};
  if (record.metadata) {
    const WorkMetadata& metadata = *record.metadata;
    json updates = json::array();
    for (const WorkUpdate& update : metadata.updated_by) {
      updates.push_back({{"type", update.type},
                         {"doi", update.doi},
                         {"label", update.label},
                         {"source", update.source},
                         {"record_id", update.record_id}});
    }
    value["metadata"] = {{"title", metadata.title},
                         {"first_author", metadata.first_author},
                         {"year", metadata.year},
                         {"containers", metadata.containers},
                         {"updated_by", std::move(updates)}};
  }
  return value;
}

std::optional<DoiRecord> record_from_json(const std::string& text) {
  const json value = json::parse(text, nullptr, false);
  if (!value.is_object()) return std::nullopt;
  DoiRecord record;
  record.status = value.value("status", "") == "found" ? DoiStatus::found : DoiStatus::not_found;
  record.agency = value.value("agency", "");
  if (value.contains("metadata")) {
    const json& stored = value["metadata"];
    WorkMetadata metadata;
    metadata.title = stored.value("title", "");
    metadata.first_author = stored.value("first_author", "");
    metadata.year = stored.value("year", 0);
    metadata.containers = stored.value("containers", std::vector<std::string>{});
    for (const json& update : stored.value("updated_by", json::array())) {
      metadata.updated_by.push_back({update.value("type", ""), update.value("doi", ""),
                                     update.value("label", ""), update.value("source", ""),
                                     update.value("record_id", "")});
    }
    record.metadata = std::move(metadata);
  }
  return record;
}

/// Why an answer could not be used, for the "could not verify" notice.
std::string failure_of(const HttpResponse& response, std::string_view service) {
  if (response.outcome == HttpResponse::Outcome::failed)
    return fmt::format("{}: {}", service, response.error);
  if (response.status == 200) return fmt::format("{} sent a malformed answer", service);
  if (!response.error.empty()) return fmt::format("{} answered {}", service, response.error);
  return fmt::format("{} answered HTTP {}", service, response.status);
}

std::string without_trailing_slash(std::string base) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

}  // namespace

struct NetworkServices::Lookup {
  std::string doi;
  std::string key;
  std::string requested_by;
  std::promise<DoiRecord> promise;
};

NetworkServices::NetworkServices(const NetworkSettings& settings) : settings_(settings) {
  if (settings_.use_cache) {
    cache_ = std::make_unique<LookupCache>(settings_.cache_path.empty()
                                               ? LookupCache::default_path()
                                               : std::filesystem::path(settings_.cache_path));
  }
  if (!settings_.offline) http_ = std::make_unique<HttpClient>(settings_, make_user_agent(settings_.mailto));
}

NetworkServices::~NetworkServices() {
  http_.reset();  // joins the thread that runs the callbacks before anything else goes
}

std::string NetworkServices::url(const std::string& base, const std::string& path) const {
  return without_trailing_slash(base) + path;
}

std::shared_future<DoiRecord> NetworkServices::lookup_doi(const std::string& doi,
                                                          const std::string& requested_by) {
  auto lookup = std::make_shared<Lookup>();
  lookup->doi = doi;
  lookup->key = doi_key(doi);
  lookup->requested_by = requested_by;
  const std::shared_future<DoiRecord> answer = lookup->promise.get_future().share();
  {
    std::lock_guard lock(mutex_);
    const auto [known, added] = dois_.try_emplace(lookup->key, answer);
    if (!added) return known->second;
    summary_.lookups += 1;
  }
  if (cache_) {
    if (const auto cached = cache_->get("doi:" + lookup->key)) {
      if (std::optional<DoiRecord> record = record_from_json(*cached)) {
        {
          std::lock_guard lock(mutex_);
          summary_.from_cache += 1;
        }
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
    lookup->promise.set_value({DoiStatus::unverified, "", std::nullopt, "offline, and not in the cache"});
    return answer;
  }
  const std::string prefix = lookup->key.substr(0, lookup->key.find('/'));
  find_agency(prefix, [this, lookup](const AgencyAnswer& agency) {
    if (!agency.error.empty()) return settle(lookup, {DoiStatus::unverified, "", std::nullopt, agency.error});
    fetch_metadata(lookup, agency.agency);
  });
  return answer;
}

void NetworkServices::find_agency(const std::string& prefix, std::function<void(const AgencyAnswer&)> then) {
  std::optional<AgencyAnswer> known;
  bool ask = false;
  {
    std::lock_guard lock(mutex_);
    PrefixState& state = prefixes_[prefix];
    if (state.known) {
      known = state.answer;
    } else {
      state.waiting.push_back(std::move(then));
      ask = state.waiting.size() == 1;  // the others wait for the question already on its way
    }
  }
  if (known) return then(*known);
  if (!ask) return;
  const auto deliver = [this, prefix](AgencyAnswer answer) {
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
    if (const auto cached = cache_->get("ra:" + prefix)) return deliver({*cached, ""});
  }
  http_->get(url(settings_.doi_resolver, "/ra/" + prefix), [this, prefix, deliver](HttpResponse response) {
    const json answer = json::parse(response.body, nullptr, false);
    if (response.outcome != HttpResponse::Outcome::answered || response.status != 200 || !answer.is_array() ||
        answer.empty() || !answer.front().is_object()) {
      return deliver({"", failure_of(response, "the DOI registration agency lookup")});
    }
    const std::string agency = answer.front().value("RA", "");
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
    http_->get(url(settings_.crossref_api, "/works/" + encoded + query), [this, lookup,
                                                                          agency](HttpResponse response) {
      const json answer = json::parse(response.body, nullptr, false);
      if (response.outcome == HttpResponse::Outcome::answered && response.status == 200) {
        if (!answer.is_object() || !answer.value("message", json()).is_object()) {
          return settle(lookup,
                        {DoiStatus::unverified, agency, std::nullopt, failure_of(response, "Crossref")});
        }
        return settle(lookup, {DoiStatus::found, agency, crossref_metadata(answer["message"]), ""});
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
                                                                 agency](HttpResponse response) {
      const json answer = json::parse(response.body, nullptr, false);
      if (response.outcome == HttpResponse::Outcome::answered && response.status == 200) {
        const json attributes =
            answer.is_object() ? answer.value("data", json::object()).value("attributes", json()) : json();
        if (!attributes.is_object()) {
          return settle(lookup,
                        {DoiStatus::unverified, agency, std::nullopt, failure_of(response, "DataCite")});
        }
        return settle(lookup, {DoiStatus::found, agency, datacite_metadata(attributes), ""});
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
             [this, lookup, agency](HttpResponse response) {
               const json answer = json::parse(response.body, nullptr, false);
               const bool answered = response.outcome == HttpResponse::Outcome::answered &&
                                     answer.is_object() && answer.value("responseCode", json()).is_number();
               if (!answered)
                 return settle(lookup, {DoiStatus::unverified, agency, std::nullopt,
                                        failure_of(response, "the DOI handle API")});
               const int code = answer["responseCode"].get<int>();
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
    cache_->put("doi:" + lookup->key, record_to_json(record).dump(), days * kSecondsPerDay);
  }
  lookup->promise.set_value(std::move(record));
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
  }
  return summary;
}

std::vector<Notice> NetworkServices::notices() const {
  std::vector<Notice> notices;
  if (cache_ && !cache_->warning().empty())
    notices.push_back({NoticeLevel::warning, cache_->warning(), "", {}, ""});
  const NetworkSummary summary = this->summary();
  {
    std::lock_guard lock(mutex_);
    for (const Unverified& doi : unverified_) {
      notices.push_back({NoticeLevel::warning,
                         fmt::format("could not verify DOI {}: {}", doi.doi, doi.reason),
                         doi.path,
                         {},
                         ""});
    }
  }
  if (summary.offline_skipped > 0) {
    notices.push_back({NoticeLevel::note,
                       fmt::format("offline: {} of {} DOI lookups skipped (not in the cache)",
                                   summary.offline_skipped, summary.lookups),
                       "",
                       {},
                       ""});
  }
  if (summary.lookups > 0) {
    notices.push_back(
        {NoticeLevel::note,
         fmt::format("DOIs: {} looked up, {} from the cache, {} not verified; {} HTTP requests ({} retries)",
                     summary.lookups, summary.from_cache, summary.unverified, summary.requests,
                     summary.retries),
         "",
         {},
         ""});
  }
  return notices;
}

}  // namespace reflint
