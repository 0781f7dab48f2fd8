#include "lint/net/network.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>
#include <nlohmann/json.hpp>

#include "lint/net/cache.h"
#include "lint/net/http.h"
#include "lint/text/doi_text.h"
#include "lint/text/unicode.h"

namespace reflint {
namespace {
using nlohmann::json;

constexpr int64_t kSecondsPerDay = int64_t{24} * 60 * 60;

std::string text_of(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array() && !value.empty() && value.front().is_string())
    return value.front().get<std::string>();
  return {};
}

/// The string at `key` of `object`; empty when `object` is not an object or the value is not a
/// string. Registry answers carry nulls where text is expected, and json::value() throws on them.
std::string string_at(const json& object, const char* key) {
  if (!object.is_object()) return {};
  const auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

/// Reads a work's metadata out of a registry answer. Nullopt when the answer has a shape the reader
/// does not expect (a null or a number where an object belongs): its DOI is then unverified, where the
/// exception would have ended the whole run on the network thread.
template <typename Read>
std::optional<WorkMetadata> read_metadata(const Read& read) {
  try {
    return read();
  } catch (const json::exception&) {
    return std::nullopt;
  }
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
WorkMetadata crossref_metadata(const json& message, const MarkupReaders& readers) {
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
  metadata.abstract = readers.jats_fragment(message.value("abstract", ""));
  return metadata;
}

/// The metadata of a DataCite /dois record's attributes.
WorkMetadata datacite_metadata(const json& attributes) {
  WorkMetadata metadata;
  const json& titles = attributes.value("titles", json::array());
  if (titles.is_array() && !titles.empty()) metadata.title = string_at(titles.front(), "title");
  const json& creators = attributes.value("creators", json::array());
  if (creators.is_array() && !creators.empty()) {
    const json& first = creators.front();
    metadata.first_author = string_at(first, "familyName");
    if (metadata.first_author.empty()) {
      const std::string name = string_at(first, "name");
      metadata.first_author = name.substr(0, name.find(','));
    }
  }
  const json& year = attributes.value("publicationYear", json());
  metadata.year = year.is_number()   ? year.get<int>()
                  : year.is_string() ? std::atoi(year.get<std::string>().c_str())
                                     : 0;
  const std::string container = string_at(attributes.value("container", json()), "title");
  if (!container.empty()) metadata.containers.push_back(container);
  for (const json& description : attributes.value("descriptions", json::array())) {
    if (string_at(description, "descriptionType") != "Abstract") continue;
    if (!metadata.abstract.empty()) metadata.abstract += '\n';
    metadata.abstract += string_at(description, "description");
  }
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
                         {"updated_by", std::move(updates)},
                         {"abstract", metadata.abstract}};
  }
  return value;
}

/// A cached DOI record; nullopt for a row this version cannot read (a miss: looked up again and
/// rewritten), whatever its JSON holds.
std::optional<DoiRecord> record_from_json(const std::string& text) try {
  const json value = json::parse(text, nullptr, false);
  if (!value.is_object()) return std::nullopt;
  const std::string status = value.value("status", "");
  if (status != "found" && status != "not_found") return std::nullopt;
  DoiRecord record;
  record.status = status == "found" ? DoiStatus::found : DoiStatus::not_found;
  record.agency = value.value("agency", "");
  if (value.contains("metadata")) {
    const json& stored = value["metadata"];
    WorkMetadata metadata;
    metadata.title = stored.value("title", "");
    metadata.first_author = stored.value("first_author", "");
    metadata.year = stored.value("year", 0);
    metadata.containers = stored.value("containers", std::vector<std::string>{});
    metadata.abstract = stored.value("abstract", "");
    for (const json& update : stored.value("updated_by", json::array())) {
      metadata.updated_by.push_back({update.value("type", ""), update.value("doi", ""),
                                     update.value("label", ""), update.value("source", ""),
                                     update.value("record_id", "")});
    }
    record.metadata = std::move(metadata);
  }
  return record;
} catch (const json::exception&) {  // a field of the wrong type
  return std::nullopt;
}

/// Why an answer could not be used, for the "could not verify" notice.
std::string failure_of(const HttpResponse& response, std::string_view service) {
  if (response.outcome == HttpResponse::Outcome::failed)
    return fmt::format("{}: {}", service, response.error);
  if (response.status == 200) return fmt::format("{} sent a malformed answer", service);
  if (!response.error.empty()) return fmt::format("{} answered {}", service, response.error);
  return fmt::format("{} answered HTTP {}", service, response.status);
}

json texts_to_json(const SourceTexts& texts) {
  json parts = json::array();
  for (const SourceTexts::Part& part : texts.parts)
    parts.push_back({{"origin", part.origin}, {"text", part.text}, {"abstract", part.abstract}});
  return {{"status", texts.status == SourceTexts::Status::found ? "found" : "none"},
          {"parts", std::move(parts)}};
}

/// Cached source texts; nullopt for a row this version cannot read (a miss).
std::optional<SourceTexts> texts_from_json(const std::string& stored) try {
  const json value = json::parse(stored, nullptr, false);
  if (!value.is_object()) return std::nullopt;
  SourceTexts texts;
  texts.status =
      value.value("status", "") == "found" ? SourceTexts::Status::found : SourceTexts::Status::none;
  for (const json& part : value.value("parts", json::array())) {
    texts.parts.push_back({part.value("origin", ""), part.value("text", ""), part.value("abstract", false)});
  }
  return texts;
} catch (const json::exception&) {
  return std::nullopt;
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

/// Title words for a Europe PMC phrase search and for comparing titles: folded, punctuation dropped.
std::string title_words(std::string_view title) {
  std::string words;
  bool space = false;
  for (const char c : fold_for_comparison(title)) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0 || static_cast<unsigned char>(c) >= 0x80) {
      if (space && !words.empty()) words += ' ';
      space = false;
      words += c;
    } else {
      space = true;
    }
  }
  return words;
}

/// Whether a Europe PMC result is the work `query` describes.
bool is_queried_work(const json& result, const WorkQuery& query) {
  if (!query.doi.empty()) return doi_key(result.value("doi", "")) == doi_key(query.doi);
  if (title_words(result.value("title", "")) != title_words(query.title)) return false;
  if (query.first_author.empty()) return true;
  // "Loureiro A, Constantinou M, ..." : the first author's family name comes first.
  return title_words(result.value("authorString", "")).starts_with(title_words(query.first_author));
}

std::string without_trailing_slash(std::string base) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

}  // namespace

struct NetworkServices::TextLookup {
  std::string key;   // cache key
  std::string what;  // for notices: a DOI, a title, an address
  std::string requested_by;
  std::promise<SourceTexts> promise;
};

struct NetworkServices::Lookup {
  std::string doi;
  std::string key;
  std::string requested_by;
  std::promise<DoiRecord> promise;
};

NetworkServices::NetworkServices(const NetworkSettings& settings, MarkupReaders readers)
    : settings_(settings), readers_(std::move(readers)) {
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
  std::shared_future<DoiRecord> answer = lookup->promise.get_future().share();
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
    if (const auto cached = cache_->get("ra:" + prefix)) return deliver({*cached, ""});
  }
  http_->get(url(settings_.doi_resolver, "/ra/" + prefix),
             [this, prefix, deliver](const HttpResponse& response) {
               const json answer = json::parse(response.body, nullptr, false);
               if (response.outcome != HttpResponse::Outcome::answered || response.status != 200 ||
                   !answer.is_array() || answer.empty() || !answer.front().is_object()) {
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
    http_->get(url(settings_.crossref_api, "/works/" + encoded + query), [this, lookup, agency](
                                                                             const HttpResponse& response) {
      const json answer = json::parse(response.body, nullptr, false);
      if (response.outcome == HttpResponse::Outcome::answered && response.status == 200) {
        if (!answer.is_object() || !answer.value("message", json()).is_object()) {
          return settle(lookup,
                        {DoiStatus::unverified, agency, std::nullopt, failure_of(response, "Crossref")});
        }
        std::optional<WorkMetadata> metadata =
            read_metadata([&] { return crossref_metadata(answer["message"], readers_); });
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
      const json answer = json::parse(response.body, nullptr, false);
      if (response.outcome == HttpResponse::Outcome::answered && response.status == 200) {
        const json data = answer.is_object() ? answer.value("data", json()) : json();
        const json attributes = data.is_object() ? data.value("attributes", json()) : json();
        std::optional<WorkMetadata> metadata;
        if (attributes.is_object()) metadata = read_metadata([&] { return datacite_metadata(attributes); });
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

std::shared_ptr<NetworkServices::TextLookup> NetworkServices::start_text_lookup(
    const std::string& key, const std::string& what, const std::string& requested_by,
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
  if (cache_) {
    if (const auto cached = cache_->get(key)) {
      if (std::optional<SourceTexts> texts = texts_from_json(*cached)) {
        {
          std::lock_guard lock(mutex_);
          summary_.texts_from_cache += 1;
        }
        lookup->promise.set_value(std::move(*texts));
        return nullptr;
      }
    }
  }
  if (!http_) {
    lookup->promise.set_value({SourceTexts::Status::unverified, {}, "offline, and not in the cache"});
    return nullptr;
  }
  return lookup;
}

std::shared_future<SourceTexts> NetworkServices::lookup_europepmc(const WorkQuery& query,
                                                                  const std::string& requested_by) {
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
    const json found = json::parse(response.body, nullptr, false);
    const json results =
        found.is_object() ? found.value("resultList", json::object()).value("result", json()) : json();
    if (response.outcome != HttpResponse::Outcome::answered || response.status != 200 ||
        !results.is_array()) {
      return settle_text(lookup, {SourceTexts::Status::unverified, {}, failure_of(response, "Europe PMC")});
    }
    const auto hit = std::find_if(results.begin(), results.end(), [&](const json& result) {
      return result.is_object() && is_queried_work(result, query);
    });
    if (hit == results.end()) return settle_text(lookup, {SourceTexts::Status::none, {}, ""});
    SourceTexts texts{SourceTexts::Status::found, {}, ""};
    if (std::string abstract = readers_.html_fragment(hit->value("abstractText", "")); !abstract.empty())
      texts.parts.push_back({"Europe PMC abstract", std::move(abstract), true});
    const json ids = hit->value("fullTextIdList", json::object()).value("fullTextId", json::array());
    const std::string pmcid = hit->value("pmcid", "");
    const bool open_access = hit->value("isOpenAccess", "") == "Y" && hit->value("inEPMC", "") == "Y";
    if (open_access && !pmcid.empty() && ids.is_array() &&
        std::find(ids.begin(), ids.end(), pmcid) != ids.end())
      return fetch_fulltext(lookup, std::move(texts), pmcid);
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
    lookup->promise.set_value(std::move(texts));
  });
}

std::shared_future<SourceTexts> NetworkServices::lookup_page(const std::string& address,
                                                             const std::string& requested_by) {
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
    cache_->put(lookup->key, texts_to_json(texts).dump(), days * kSecondsPerDay);
  }
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
  if (cache_ && !cache_->warning().empty()) notices.push_back({true, cache_->warning(), ""});
  const NetworkSummary summary = this->summary();
  {
    std::lock_guard lock(mutex_);
    // A reason that many lookups share (a dead host, a failed agency lookup) is one thing to fix:
    // one notice with the count rather than one per DOI or text.
    for (const auto& [reason, dois] : by_reason(unverified_)) {
      for (const auto& named : one_notice_or_each(dois)) {
        notices.push_back({true,
                           fmt::format("could not verify {}: {}", counted("DOI", "DOIs", named), reason),
                           named.front()->path});
      }
    }
    for (const auto& [reason, sources] : by_reason(unverified_texts_)) {
      for (const auto& named : one_notice_or_each(sources)) {
        notices.push_back({true,
                           fmt::format("could not fetch the text of {} to check quotations: {}",
                                       counted("", "quotation sources", named), reason),
                           named.front()->path});
      }
    }
  }
  if (summary.offline_skipped > 0) {
    notices.push_back({false,
                       fmt::format("offline: {} of {} DOI lookups skipped (not in the cache)",
                                   summary.offline_skipped, summary.lookups),
                       ""});
  }
  if (summary.lookups > 0) {
    std::string transport;
    if (summary.requests > 0) {
      transport =
          fmt::format(" on {} connection{}", summary.connections, summary.connections == 1 ? "" : "s");
      if (summary.http2_responses > 0) transport += fmt::format(", {} over HTTP/2", summary.http2_responses);
    }
    notices.push_back(
        {false,
         fmt::format(
             "DOIs: {} looked up, {} from the cache, {} not verified; {} HTTP requests ({} retries){}",
             summary.lookups, summary.from_cache, summary.unverified, summary.requests, summary.retries,
             transport),
         ""});
  }
  if (summary.text_lookups > 0) {
    notices.push_back(
        {false,
         fmt::format("quotation sources: {} looked up, {} from the cache, {} could not be fetched",
                     summary.text_lookups, summary.texts_from_cache, summary.texts_unverified),
         ""});
  }
  return notices;
}

}  // namespace reflint
