#include "lint/net/registry_answers.h"

#include <algorithm>
#include <array>
#include <cctype>
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

/// The year of a Crossref date ({"date-parts": [[2019, 5, 1]]}); 0 when it has none.
int date_year(const json& message, const char* field) {
  const auto date = message.find(field);
  if (date == message.end() || !date->is_object()) return 0;
  const json& parts = date->value("date-parts", json::array());
  if (parts.is_array() && !parts.empty() && parts.front().is_array() && !parts.front().empty())
    return year_of(parts.front().front());
  return 0;
}

/// The record's year, and the other years a citation may give: Crossref's `issued` is the earliest
/// of print and online, and entries often give the printed year. `created` is when the DOI was
/// registered, not published: a record dated only so has no year.
void read_years(const json& message, WorkMetadata& metadata) {
  for (const char* field : {"issued", "published-print", "published-online", "posted", "published"}) {
    const int year = date_year(message, field);
    if (year == 0) continue;
    if (metadata.year == 0) {
      metadata.year = year;
    } else if (year != metadata.year && std::find(metadata.other_years.begin(), metadata.other_years.end(),
                                                  year) == metadata.other_years.end()) {
      metadata.other_years.push_back(year);
    }
  }
}

/// `text` with every run of white space one space, trimmed.
std::string collapse_spaces(std::string_view text) {
  std::string collapsed;
  for (const char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      if (!collapsed.empty() && collapsed.back() != ' ') collapsed += ' ';
    } else {
      collapsed += c;
    }
  }
  if (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
  return collapsed;
}

/// A registry's title as plain text: Crossref titles carry <i>, <sub>, MathML and newlines.
std::string plain_title(std::string_view title, const MarkupReaders& readers) {
  return collapse_spaces(title.find_first_of("<&") == std::string_view::npos ? std::string(title)
                                                                             : readers.html_fragment(title));
}

/// Every string of a Crossref list field ("title": ["..."]).
std::vector<std::string> strings_at(const json& object, const char* field) {
  std::vector<std::string> strings;
  const auto list = object.find(field);
  if (list == object.end() || !list->is_array()) return strings;
  for (const json& value : *list)
    if (value.is_string()) strings.push_back(value.get<std::string>());
  return strings;
}

void add_other_title(WorkMetadata& metadata, std::string title) {
  if (title.empty() || title == metadata.title) return;
  if (std::find(metadata.other_titles.begin(), metadata.other_titles.end(), title) ==
      metadata.other_titles.end())
    metadata.other_titles.push_back(std::move(title));
}

/// Title, subtitle, further titles (translations, each with the subtitle at its index) and original
/// titles of a Crossref work: each title with its subtitle after ": " and without it. Some records
/// leave the title empty and give only the original title.
void read_crossref_titles(const json& message, const MarkupReaders& readers, WorkMetadata& metadata) {
  const std::vector<std::string> titles = strings_at(message, "title");
  const std::vector<std::string> subtitles = strings_at(message, "subtitle");
  std::vector<std::string> found;
  for (size_t i = 0; i < titles.size(); ++i) {
    std::string title = plain_title(titles[i], readers);
    if (title.empty()) continue;
    const std::string subtitle = i < subtitles.size() ? plain_title(subtitles[i], readers) : std::string();
    // Some publishers deposit the subtitle inside the title too.
    if (!subtitle.empty() && title.find(subtitle) == std::string::npos) {
      std::string joined = title;
      joined.append(": ").append(subtitle);
      found.push_back(std::move(joined));
    }
    found.push_back(std::move(title));
  }
  for (const std::string& original : strings_at(message, "original-title"))
    found.push_back(plain_title(original, readers));
  for (std::string& title : found) {
    if (metadata.title.empty()) {
      metadata.title = std::move(title);
    } else {
      add_other_title(metadata, std::move(title));
    }
  }
}

/// The family name of a Crossref person, or an organisation's name; empty for a placeholder
/// left as an unexpanded entity ("&NA;").
std::string person_name(const json& person) {
  std::string name = string_at(person, "family");
  if (name.empty()) name = string_at(person, "name");
  const bool placeholder = name.size() > 2 && name.front() == '&' && name.back() == ';';
  return placeholder ? std::string() : name;
}

/// Authors of a Crossref work: the one marked first leads (an organisation listed among the
/// authors may be marked first too); the editors when there is no author.
void read_crossref_authors(const json& message, WorkMetadata& metadata) {
  for (const char* role : {"author", "editor"}) {
    const auto people = message.find(role);
    if (people == message.end() || !people->is_array()) continue;
    for (const json& person : *people) {
      std::string name = person_name(person);
      if (name.empty()) continue;
      if (metadata.first_author.empty() && string_at(person, "sequence") == "first")
        metadata.first_author = name;
      metadata.authors.push_back(std::move(name));
    }
    if (metadata.authors.empty()) continue;
    if (metadata.first_author.empty()) metadata.first_author = metadata.authors.front();
    return;
  }
}

/// Crossref's relations that name a DOI ("cites" is left out: it names the works a work cites).
void read_crossref_relations(const json& message, WorkMetadata& metadata) {
  const auto relations = message.find("relation");
  if (relations == message.end() || !relations->is_object()) return;
  for (const auto& [type, targets] : relations->items()) {
    if (type == "cites" || !targets.is_array()) continue;
    for (const json& target : targets) {
      if (string_at(target, "id-type") != "doi") continue;
      const std::string doi = string_at(target, "id");
      if (!doi.empty()) metadata.relations.push_back({type, doi});
    }
  }
}

/// The metadata of a Crossref /works message.
WorkMetadata crossref_metadata(const json& message, const MarkupReaders& readers) {
  WorkMetadata metadata;
  read_crossref_titles(message, readers, metadata);
  read_crossref_authors(message, metadata);
  read_years(message, metadata);
  for (const char* field : {"container-title", "short-container-title"})
    for (std::string& name : strings_at(message, field))
      metadata.containers.push_back(plain_title(name, readers));
  // A preprint's server ("bioRxiv") is where a citation names it; Crossref has it as an institution.
  const auto institutions = message.find("institution");
  if (institutions != message.end() && institutions->is_array()) {
    for (const json& institution : *institutions) {
      std::string name = string_at(institution, "name");
      if (!name.empty()) metadata.containers.push_back(std::move(name));
    }
  }
  metadata.type = string_at(message, "type");
  read_crossref_relations(message, metadata);
  const auto updates = message.find("updated-by");
  if (updates != message.end() && updates->is_array()) {
    for (const json& update : *updates) {
      if (!update.is_object()) continue;
      WorkUpdate entry{string_at(update, "type"), string_at(update, "DOI"), string_at(update, "label"),
                       string_at(update, "source"), ""};
      const auto id = update.find("record-id");
      if (id != update.end()) entry.record_id = id->is_string() ? id->get<std::string>() : id->dump();
      metadata.updated_by.push_back(std::move(entry));
    }
  }
  metadata.abstract = readers.jats_fragment(string_at(message, "abstract"));
  return metadata;
}

/// "IsPreprintOf" as Crossref writes it: "is-preprint-of".
std::string relation_name(std::string_view camel_case) {
  std::string name;
  for (const char c : camel_case) {
    if (std::isupper(static_cast<unsigned char>(c)) != 0) {
      if (!name.empty()) name += '-';
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      name += c;
    }
  }
  return name;
}

/// DataCite's resourceTypeGeneral in Crossref's type names where there is one.
std::string datacite_type(std::string_view general) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kCrossrefNames{{
      {"JournalArticle", "journal-article"},
      {"Preprint", "posted-content"},
      {"ConferencePaper", "proceedings-article"},
      {"BookChapter", "book-chapter"},
  }};
  for (const auto& [datacite, crossref] : kCrossrefNames)
    if (general == datacite) return std::string(crossref);
  return relation_name(general);  // "Dataset" -> "dataset", "PhysicalObject" -> "physical-object"
}

/// The metadata of a DataCite /dois record's attributes.
WorkMetadata datacite_metadata(const json& attributes, const MarkupReaders& readers) {
  WorkMetadata metadata;
  const json& titles = attributes.value("titles", json::array());
  for (const json& title : titles.is_array() ? titles : json::array()) {
    std::string text = plain_title(string_at(title, "title"), readers);
    if (text.empty()) continue;
    if (metadata.title.empty() && string_at(title, "titleType").empty()) {
      metadata.title = std::move(text);
    } else if (string_at(title, "titleType") == "Subtitle" && !metadata.title.empty()) {
      // A subtitle given once per language joins once; the title without it stays a title.
      if (metadata.title.find(text) != std::string::npos) continue;
      metadata.other_titles.insert(metadata.other_titles.begin(), metadata.title);
      metadata.title += ": " + text;
    } else {
      add_other_title(metadata, std::move(text));
    }
  }
  if (metadata.title.empty() && !metadata.other_titles.empty()) {
    metadata.title = metadata.other_titles.front();
    metadata.other_titles.erase(metadata.other_titles.begin());
  }
  const json& creators = attributes.value("creators", json::array());
  for (const json& creator : creators.is_array() ? creators : json::array()) {
    std::string name = string_at(creator, "familyName");
    if (name.empty()) {
      // "Family, Given" for a person; an organisation's name as it is.
      name = string_at(creator, "name");
      if (string_at(creator, "nameType") != "Organizational") name = name.substr(0, name.find(','));
    }
    if (!name.empty()) metadata.authors.push_back(std::move(name));
  }
  if (!metadata.authors.empty()) metadata.first_author = metadata.authors.front();
  metadata.year = year_of(attributes.value("publicationYear", json()));
  const std::string container = string_at(attributes.value("container", json()), "title");
  if (!container.empty()) metadata.containers.push_back(container);
  // A repository is what a citation of a dataset or preprint names ("Zenodo", "arXiv").
  const json& publisher = attributes.value("publisher", json());
  const std::string publisher_name =
      publisher.is_object() ? string_at(publisher, "name") : text_of(publisher);
  if (container.empty() && !publisher_name.empty()) metadata.containers.push_back(publisher_name);
  metadata.type = datacite_type(string_at(attributes.value("types", json()), "resourceTypeGeneral"));
  const json& related = attributes.value("relatedIdentifiers", json::array());
  for (const json& link : related.is_array() ? related : json::array()) {
    if (string_at(link, "relatedIdentifierType") != "DOI") continue;
    const std::string doi = string_at(link, "relatedIdentifier");
    if (!doi.empty()) metadata.relations.push_back({relation_name(string_at(link, "relationType")), doi});
  }
  for (const json& description : attributes.value("descriptions", json::array())) {
    if (string_at(description, "descriptionType") != "Abstract") continue;
    if (!metadata.abstract.empty()) metadata.abstract += '\n';
    metadata.abstract += string_at(description, "description");
  }
  return metadata;
}

/// The shape of a DOI record row: a row of an older shape lacks fields that rules read (a work's
/// type and relations), so it is a miss, looked up again and rewritten.
constexpr int kDoiRowVersion = 2;

json record_to_json(const DoiRecord& record) {
  json value = {{"version", kDoiRowVersion},
                {"status", record.status == DoiStatus::found ? "found" : "not_found"},
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
    json relations = json::array();
    for (const WorkRelation& relation : metadata.relations)
      relations.push_back({{"type", relation.type}, {"doi", relation.doi}});
    value["metadata"] = {{"title", metadata.title},
                         {"other_titles", metadata.other_titles},
                         {"first_author", metadata.first_author},
                         {"authors", metadata.authors},
                         {"year", metadata.year},
                         {"other_years", metadata.other_years},
                         {"containers", metadata.containers},
                         {"type", metadata.type},
                         {"relations", std::move(relations)},
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

std::optional<WorkMetadata> read_datacite_doi(std::string_view body, const MarkupReaders& readers) try {
  const json answer = json::parse(body, nullptr, false);
  const json data = answer.is_object() ? answer.value("data", json()) : json();
  const json attributes = data.is_object() ? data.value("attributes", json()) : json();
  if (!attributes.is_object()) return std::nullopt;
  return datacite_metadata(attributes, readers);
} catch (const json::exception&) {
  return std::nullopt;
}

std::string canonical_agency(std::string agency) {
  // The older doiRA service (and answers recorded from it) spells them "CrossRef" and "Data Cite".
  if (agency == "CrossRef") return "Crossref";
  if (agency == "Data Cite") return "DataCite";
  return agency;
}

std::optional<std::string> read_registration_agency(std::string_view body) {
  const json answer = json::parse(body, nullptr, false);
  if (!answer.is_array() || answer.empty() || !answer.front().is_object()) return std::nullopt;
  return canonical_agency(string_at(answer.front(), "RA"));
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

namespace {

/// The label Crossref gives a notice of `type` ("expression_of_concern": "Expression of concern").
std::string notice_label(std::string_view type) {
  std::string label(type);
  std::replace(label.begin(), label.end(), '_', ' ');
  if (!label.empty())
    label.front() = static_cast<char>(std::toupper(static_cast<unsigned char>(label.front())));
  return label;
}

std::optional<RetractionRecord> retraction_record(const json& record) {
  if (!record.is_object()) return std::nullopt;
  RetractionRecord read;
  read.doi = string_at(record.value("identifier", json()), "doi");
  if (read.doi.empty()) return std::nullopt;
  for (const json& update : record.value("updates", json::array())) {
    if (!update.is_object()) continue;
    std::string type = string_at(update, "type");
    if (type.starts_with("retra")) type = "retraction";  // "retration" in some records
    if (type.empty()) continue;
    std::string label = notice_label(type);
    read.updates.push_back({std::move(type), string_at(update.value("identifier", json()), "doi"),
                            std::move(label), "open-retractions", ""});
  }
  return read;
}

}  // namespace

std::optional<RetractionRecord> read_retraction_record(std::string_view body) try {
  return retraction_record(json::parse(body, nullptr, false));
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
  const auto version = value.is_object() ? value.find("version") : value.end();
  if (!value.is_object() || version == value.end() || !version->is_number_integer() ||
      version->get<int64_t>() != kDoiRowVersion)
    return std::nullopt;
  const std::string status = value.value("status", "");
  if (status != "found" && status != "not_found") return std::nullopt;
  DoiRecord record;
  record.status = status == "found" ? DoiStatus::found : DoiStatus::not_found;
  record.agency = value.value("agency", "");
  if (value.contains("metadata")) {
    const json& stored = value["metadata"];
    WorkMetadata metadata;
    metadata.title = stored.value("title", "");
    metadata.other_titles = stored.value("other_titles", std::vector<std::string>{});
    metadata.first_author = stored.value("first_author", "");
    metadata.authors = stored.value("authors", std::vector<std::string>{});
    metadata.year = year_of(stored.value("year", json()));
    for (const json& year : stored.value("other_years", json::array()))
      if (const int other = year_of(year); other != 0) metadata.other_years.push_back(other);
    metadata.containers = stored.value("containers", std::vector<std::string>{});
    metadata.type = stored.value("type", "");
    for (const json& relation : stored.value("relations", json::array()))
      metadata.relations.push_back({relation.value("type", ""), relation.value("doi", "")});
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
