#include "lint/net/registry_answers.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>

#include "lint/text/doi_text.h"
#include "lint/text/unicode.h"

namespace reflint {
namespace {
using nlohmann::json;

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

/// A year given as a number or as text ("2019"); 0 when it is neither or no plausible year (a
/// value out of int's range would be undefined to convert).
int year_of(const json& value) {
  constexpr int64_t kLatest = 100000;
  if (value.is_number_integer()) {
    const auto year = value.get<int64_t>();
    return year > 0 && year < kLatest ? static_cast<int>(year) : 0;
  }
  if (value.is_number_float()) {
    const double year = value.get<double>();
    return year > 0 && year < kLatest ? static_cast<int>(year) : 0;
  }
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    int year = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), year);
    return error == std::errc() && year > 0 && year < kLatest ? year : 0;
  }
  return 0;
}

int first_year(const json& message) {
  for (const char* field : {"issued", "published-print", "published-online", "published"}) {
    const json& parts = message.value(field, json::object()).value("date-parts", json::array());
    if (!parts.empty() && parts.front().is_array() && !parts.front().empty() &&
        parts.front().front().is_number()) {
      return year_of(parts.front().front());
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
  metadata.year = year_of(year);
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

/// Whether a Europe PMC result is the work `query` describes.
bool is_queried_work(const json& result, const WorkQuery& query) {
  if (!query.doi.empty()) return doi_key(result.value("doi", "")) == doi_key(query.doi);
  if (title_words(result.value("title", "")) != title_words(query.title)) return false;
  if (query.first_author.empty()) return true;
  // "Loureiro A, Constantinou M, ..." : the first author's family name comes first.
  return title_words(result.value("authorString", "")).starts_with(title_words(query.first_author));
}

}  // namespace

std::optional<WorkMetadata> read_crossref_work(std::string_view body, const MarkupReaders& readers) try {
  const json answer = json::parse(body, nullptr, false);
  if (!answer.is_object() || !answer.value("message", json()).is_object()) return std::nullopt;
  return crossref_metadata(answer["message"], readers);
} catch (const json::exception&) {
  return std::nullopt;
}

std::optional<WorkMetadata> read_datacite_doi(std::string_view body) try {
  const json answer = json::parse(body, nullptr, false);
  const json data = answer.is_object() ? answer.value("data", json()) : json();
  const json attributes = data.is_object() ? data.value("attributes", json()) : json();
  if (!attributes.is_object()) return std::nullopt;
  return datacite_metadata(attributes);
} catch (const json::exception&) {
  return std::nullopt;
}

std::optional<std::string> read_registration_agency(std::string_view body) {
  const json answer = json::parse(body, nullptr, false);
  if (!answer.is_array() || answer.empty() || !answer.front().is_object()) return std::nullopt;
  return string_at(answer.front(), "RA");
}

std::optional<int> read_handle_response_code(std::string_view body) {
  const json answer = json::parse(body, nullptr, false);
  if (!answer.is_object()) return std::nullopt;
  const auto code = answer.find("responseCode");
  // A code out of int's range is no code the handle API gives.
  if (code == answer.end() || !code->is_number_integer()) return std::nullopt;
  const auto value = code->get<int64_t>();
  if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) return std::nullopt;
  return static_cast<int>(value);
}

std::optional<EuropePmcMatch> read_europepmc_search(std::string_view body, const WorkQuery& query,
                                                    const MarkupReaders& readers) try {
  const json answer = json::parse(body, nullptr, false);
  const json list = answer.is_object() ? answer.value("resultList", json()) : json();
  const json results = list.is_object() ? list.value("result", json()) : json();
  if (!results.is_array()) return std::nullopt;
  const auto hit = std::find_if(results.begin(), results.end(), [&](const json& result) {
    return result.is_object() && is_queried_work(result, query);
  });
  EuropePmcMatch match;
  if (hit == results.end()) return match;
  match.found = true;
  match.abstract = readers.html_fragment(string_at(*hit, "abstractText"));
  const json id_list = hit->value("fullTextIdList", json());
  const json ids = id_list.is_object() ? id_list.value("fullTextId", json()) : json();
  const std::string pmcid = string_at(*hit, "pmcid");
  const bool open_access = string_at(*hit, "isOpenAccess") == "Y" && string_at(*hit, "inEPMC") == "Y";
  if (open_access && !pmcid.empty() && ids.is_array() &&
      std::find(ids.begin(), ids.end(), pmcid) != ids.end())
    match.full_text_pmcid = pmcid;
  return match;
} catch (const json::exception&) {
  return std::nullopt;
}

std::string doi_record_row(const DoiRecord& record) {
  return record_to_json(record).dump();
}

/// A cached DOI record; nullopt for a row this version cannot read (a miss: looked up again and
/// rewritten), whatever its JSON holds.
std::optional<DoiRecord> read_doi_record_row(std::string_view row) try {
  const json value = json::parse(row, nullptr, false);
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
    metadata.year = year_of(stored.value("year", json()));
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

std::string source_texts_row(const SourceTexts& texts) {
  json parts = json::array();
  for (const SourceTexts::Part& part : texts.parts)
    parts.push_back({{"origin", part.origin}, {"text", part.text}, {"abstract", part.abstract}});
  const json row = {{"status", texts.status == SourceTexts::Status::found ? "found" : "none"},
                    {"parts", std::move(parts)}};
  return row.dump();
}

/// Cached source texts; nullopt for a row this version cannot read (a miss).
std::optional<SourceTexts> read_source_texts_row(std::string_view row) try {
  const json value = json::parse(row, nullptr, false);
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

}  // namespace reflint
