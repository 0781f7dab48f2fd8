// The readers of registry answers: every real answer shape in ../shared/registry-samples is read,
// and no answer of an unexpected shape throws or converts a value out of range.

#include "lint/net/registry_answers.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lint/html/markup_text.h"
#include "lint/text/doi_text.h"
#include "tests/test_support.h"

namespace reflint {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

MarkupReaders plain_readers() {
  const auto same = [](std::string_view text) { return std::string(text); };
  return {same, same, same, [](const std::string&, std::string_view html) { return std::string(html); }};
}

TEST(RegistryAnswers, UnexpectedShapesAreNoAnswerNeverAnException) {
  const MarkupReaders readers = plain_readers();
  const std::vector<std::string> bodies = {
      "",
      "null",
      "[]",
      "{}",
      "5",
      "\"text\"",
      "{\"message\":null}",
      "{\"message\":[1]}",
      R"({"message":{"title":5,"author":[5,null,{"family":3}],"issued":{"date-parts":[[1e300]]}}})",
      R"({"message":{"issued":7,"updated-by":[null]}})",
      R"({"data":{"attributes":{"titles":[5],"creators":7}}})",
      R"({"data":{"attributes":{"publicationYear":-1e300,"descriptions":[5]}}})",
      R"([{"RA":5}])",
      "[null]",
      R"({"responseCode":1.5})",
      R"({"responseCode":1e300})",
      R"({"responseCode":9999999999999})",
      R"({"resultList":5})",
      R"({"resultList":{"result":[5,{"doi":7}]}})",
      R"({"version":2,"status":"found","metadata":{"year":1e300,"containers":[5]}})",
      R"({"version":2,"status":"found","metadata":{"other_years":["x",1e300],"relations":[5,{"type":3}]}})",
      R"({"version":1e300,"status":"found"})",
      R"({"status":"found","parts":[5]})",
      R"({"identifier":{"doi":"10.1/x"},"updates":[5,{"type":7},{"identifier":5}]})",
      std::string(100000, '[')};
  for (const std::string& body : bodies) {
    SCOPED_TRACE(body.substr(0, 80));
    EXPECT_NO_THROW(read_crossref_work(body, readers));
    EXPECT_NO_THROW(read_datacite_doi(body, readers));
    EXPECT_NO_THROW(read_registration_agency(body));
    EXPECT_NO_THROW(read_handle_response_code(body));
    EXPECT_NO_THROW(read_europepmc_search(body, {"10.1/x", "", ""}, readers));
    EXPECT_NO_THROW(read_doi_record_row(body));
    EXPECT_NO_THROW(read_source_texts_row(body));
    EXPECT_NO_THROW(read_retraction_record(body));
  }
  EXPECT_FALSE(read_doi_record_row(R"({"version":1e300,"status":"found"})"));
  EXPECT_FALSE(read_handle_response_code(R"({"responseCode":1.5})"));
  EXPECT_FALSE(read_handle_response_code(R"({"responseCode":9999999999999})"));
  EXPECT_EQ(read_handle_response_code(R"({"responseCode":100})"), 100);
  EXPECT_EQ(read_registration_agency(R"([{"RA":5}])"), "");
  EXPECT_EQ(read_registration_agency(R"([{"DOI":"10.1186","RA":"Crossref"}])"), "Crossref");
  EXPECT_FALSE(read_europepmc_search(R"({"resultList":5})", {"10.1/x", "", ""}, readers));
  const auto far_future =
      read_crossref_work(R"({"message":{"title":["T"],"issued":{"date-parts":[[1e300]]}}})", readers);
  ASSERT_TRUE(far_future);
  EXPECT_EQ(far_future->year, 0);
  EXPECT_EQ(far_future->title, "T");
}

TEST(RegistryAnswers, ACacheRowReadsBackAsWritten) {
  WorkMetadata work;
  work.title = "Title: Subtitle";
  work.other_titles = {"Title"};
  work.first_author = "Smith";
  work.authors = {"Smith", "Jones Consortium"};
  work.year = 2019;
  work.other_years = {2020};
  work.containers = {"J Test"};
  work.type = "posted-content";
  work.relations = {{"is-preprint-of", "10.5555/published"}};
  work.updated_by = {{"retraction", "10.5555/notice", "Retraction", "publisher", "7"}};
  work.abstract = "Abstract";
  const DoiRecord record{DoiStatus::found, "Crossref", work, ""};
  const std::optional<DoiRecord> read = read_doi_record_row(doi_record_row(record));
  ASSERT_TRUE(read);
  EXPECT_EQ(read->agency, "Crossref");
  ASSERT_TRUE(read->metadata);
  const WorkMetadata& back = *read->metadata;
  EXPECT_EQ(back.title, work.title);
  EXPECT_EQ(back.other_titles, work.other_titles);
  EXPECT_EQ(back.authors, work.authors);
  EXPECT_EQ(back.year, 2019);
  EXPECT_EQ(back.other_years, work.other_years);
  EXPECT_EQ(back.containers, std::vector<std::string>{"J Test"});
  EXPECT_EQ(back.type, "posted-content");
  ASSERT_EQ(back.relations.size(), 1u);
  EXPECT_EQ(back.relations[0].doi, "10.5555/published");
  ASSERT_EQ(back.updated_by.size(), 1u);
  EXPECT_EQ(back.updated_by[0].record_id, "7");
  // A row of the shape before types and relations were kept is a miss, looked up again.
  EXPECT_FALSE(read_doi_record_row(R"({"status":"found","agency":"Crossref","metadata":{"title":"T"}})"));
}

/// Every file of one folder of ../shared/registry-samples.
std::vector<fs::path> samples(const std::string& folder, std::string_view extension = ".json") {
  std::vector<fs::path> files;
  const fs::path dir = testing::source_dir().parent_path() / "shared" / "registry-samples" / folder;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == extension) files.push_back(entry.path());
  return files;
}

TEST(RegistryAnswers, EveryRealRecordShapeIsRead) {
  const auto crossref = samples("crossref-works");
  if (crossref.empty())
    GTEST_SKIP() << "../shared/registry-samples is absent: real registry answers not read";
  const MarkupReaders readers = plain_readers();
  size_t works = 0;
  for (const fs::path& file : crossref) {
    const std::string body = testing::read_file(file);
    const json answer = json::parse(body, nullptr, false);
    if (!answer.is_object() || answer.value("message-type", "") != "work") continue;  // a list or an error
    const auto work = read_crossref_work(body, readers);
    ASSERT_TRUE(work) << file;
    // Some records have no date at all ("issued": {"date-parts": [[null]]}): their year is unknown.
    const json& issued = answer["message"].value("issued", json::object());
    const bool dated = issued.dump().find("[[null]]") == std::string::npos;
    EXPECT_EQ(work->year > 0, dated) << file;
    ++works;
  }
  EXPECT_GT(works, 100u);
  size_t datacite = 0;
  for (const fs::path& file : samples("datacite-dois")) {
    const std::string body = testing::read_file(file);
    const json answer = json::parse(body, nullptr, false);
    if (!answer.is_object() || !answer.value("data", json()).is_object()) continue;  // a list answer
    const auto work = read_datacite_doi(body, readers);
    ASSERT_TRUE(work) << file;
    EXPECT_FALSE(work->title.empty()) << file;
    ++datacite;
  }
  EXPECT_GT(datacite, 20u);
  std::map<std::string, size_t> agencies;
  for (const fs::path& file : samples("doi-ra")) {
    const std::string body = testing::read_file(file);
    const auto agency = read_registration_agency(body);
    ASSERT_TRUE(agency) << file;
    EXPECT_EQ(agency->empty(), body.find("\"RA\"") == std::string::npos) << file;
    if (!agency->empty()) ++agencies[*agency];
  }
  // The old spellings are today's: what decides where the metadata is asked for.
  EXPECT_FALSE(agencies.contains("CrossRef"));
  EXPECT_FALSE(agencies.contains("Data Cite"));
  EXPECT_GT(agencies["Crossref"], 100u);
  EXPECT_GT(agencies["DataCite"], 30u);
  for (const char* other : {"mEDRA", "JaLC", "KISTI", "ISTIC", "OP"})
    EXPECT_TRUE(agencies.contains(other)) << other;
  for (const fs::path& file : samples("doi-handles")) {
    const auto code = read_handle_response_code(testing::read_file(file));
    ASSERT_TRUE(code) << file;
  }
  // Crossref's 404 body ("Resource not found.") is no work.
  const auto not_found = samples("crossref-works", ".txt");
  EXPECT_FALSE(not_found.empty());
  for (const fs::path& file : not_found)
    EXPECT_FALSE(read_crossref_work(testing::read_file(file), readers)) << file;
}

TEST(RegistryAnswers, EveryEuropePmcAnswerIsReadOrIsOfAnEndpointReflintNeverAsks) {
  const auto answers = samples("europepmc");
  if (answers.empty()) GTEST_SKIP() << "../shared/registry-samples is absent: Europe PMC answers not read";
  const MarkupReaders readers = plain_readers();
  size_t searches = 0;
  for (const fs::path& file : answers) {
    const std::string body = testing::read_file(file);
    const json answer = json::parse(body, nullptr, false);
    ASSERT_TRUE(answer.is_object()) << file;
    if (!answer.contains("resultList")) {
      // Citations, database links: endpoints reflint does not call; their JSON is still JSON.
      EXPECT_TRUE(answer.contains("hitCount")) << file;
      continue;
    }
    // A search by DOI finds its result; one by title and author too, when the result has both.
    const json& results = answer["resultList"].value("result", json::array());
    const std::string doi = results.empty() ? "" : results.front().value("doi", "");
    const auto match = read_europepmc_search(body, {doi.empty() ? "10.5555/none" : doi, "", ""}, readers);
    ASSERT_TRUE(match) << file;
    EXPECT_EQ(match->found, !doi.empty()) << file;
    ++searches;
  }
  EXPECT_GT(searches, 10u);
  // The open-access full texts (JATS) read as text with their abstract and body; searches
  // answered in XML are of a format reflint never asks for (it asks format=json), and are no text.
  size_t full_texts = 0;
  for (const fs::path& file : samples("europepmc", ".xml")) {
    const std::string body = testing::read_file(file);
    const bool article = body.find("<article") != std::string::npos;
    EXPECT_EQ(jats_article_text(body).size() > 1000, article) << file;
    full_texts += article ? 1 : 0;
  }
  EXPECT_GT(full_texts, 0u);
}

/// One recorded answer of ../shared/registry-samples read by the real readers (markup included);
/// nullopt when it is missing or cannot be read.
std::optional<WorkMetadata> recorded(const std::string& folder, const std::string& file) {
  const fs::path path = testing::source_dir().parent_path() / "shared" / "registry-samples" / folder / file;
  if (!fs::exists(path)) return std::nullopt;
  const MarkupReaders readers{jats_fragment_text, html_fragment_text, jats_article_text,
                              [](const std::string&, std::string_view html) { return std::string(html); }};
  const std::string body = testing::read_file(path);
  auto work =
      folder == "crossref-works" ? read_crossref_work(body, readers) : read_datacite_doi(body, readers);
  EXPECT_TRUE(work) << path;
  return work;
}

bool has_relation(const WorkMetadata& work, std::string_view type, std::string_view doi) {
  return std::any_of(work.relations.begin(), work.relations.end(), [&](const WorkRelation& relation) {
    return relation.type == type && relation.doi == doi;
  });
}

bool contains(const std::vector<std::string>& strings, std::string_view wanted) {
  return std::find(strings.begin(), strings.end(), wanted) != strings.end();
}

bool samples_present() {
  return fs::is_directory(testing::source_dir().parent_path() / "shared" / "registry-samples");
}

// Each unusual case of SOURCES.tsv, field by field, in the real answers.
TEST(RegistryAnswerFields, TitlesLoseTheirMarkupAndKeepSubtitlesTranslationsAndOriginals) {
  if (!samples_present())
    GTEST_SKIP() << "../shared/registry-samples is absent: real registry answers not read";
  struct TitleCase {
    const char* folder;
    const char* file;
    const char* title;
    size_t other_titles;
  };
  for (const TitleCase& test : {
           // <i> and a newline with indentation inside the title
           TitleCase{
               "crossref-works", "10.1098_rspb.2017.0132.json",
               "Sexual conflict and correlated evolution between male persistence and female resistance "
               "traits in the seed beetle Callosobruchus maculatus",
               0},
           // a subtitle the title already holds is not joined twice
           TitleCase{
               "crossref-works", "10.1002_car.2279.json",
               "Exploring Pet Loss for Survivors of Child Sexual Abuse: A Hitherto Unchartered Terrain of "
               "Trauma Impact and Recovery",
               0},
           // an empty title and an original title only
           TitleCase{"crossref-works", "10.7600_jspfsm.56.60.json", "自律神経・循環器応答", 0},
           // DataCite: the only title has titleType "Other"
           TitleCase{"datacite-dois", "10.26301_jgf3-jm06__v2.json",
                     "Palacio Rivero - Chan Chan Archaeological Zone", 0},
       }) {
    const std::optional<WorkMetadata> work = recorded(test.folder, test.file);
    ASSERT_TRUE(work) << test.file;
    EXPECT_EQ(work->title, test.title) << test.file;
    EXPECT_EQ(work->other_titles.size(), test.other_titles) << test.file;
  }
  {  // two titles (German, English), each with its subtitle: each with and without it
    const std::optional<WorkMetadata> work = recorded("crossref-works", "10.1007_s00120-007-1345-2.json");
    ASSERT_TRUE(work) << "10.1007_s00120-007-1345-2.json";
    EXPECT_EQ(work->title,
              "Penisverletzung durch eine Moulinette: Folge einer autoerotischen Selbstverstümmelung");
    EXPECT_EQ(work->other_titles,
              (std::vector<std::string>{
                  "Penisverletzung durch eine Moulinette",
                  "Penile injury caused by a Moulinette: Result of autoerotic self-mutilation",
                  "Penile injury caused by a Moulinette"}));
  }
  {  // MathML-like markup (<formula><tex>) in an IEEE title
    const std::optional<WorkMetadata> work = recorded("crossref-works", "10.1109_led.2013.2242039.json");
    ASSERT_TRUE(work) << "10.1109_led.2013.2242039.json";
    EXPECT_EQ(work->title.find('<'), std::string::npos) << work->title;
    EXPECT_NE(work->title.find("Passivation for Low Surface Recombination Velocity on Ge Surface"),
              std::string::npos);
  }
  {  // DataCite: a Subtitle title joins the title; a TranslatedTitle is another title
    const std::optional<WorkMetadata> work =
        recorded("datacite-dois", "10.26102_2310-6018_2019.24.1.006.json");
    ASSERT_TRUE(work) << "10.26102_2310-6018_2019.24.1.006.json";
    EXPECT_EQ(work->title, "МОДЕЛЬ СИСТЕМНОЙ ДИНАМИКИ ПРОЦЕССА ОБУЧЕНИЯ");
    EXPECT_TRUE(contains(work->other_titles, "MODEL OF SYSTEM DYNAMICS OF PROCESS OF TRAINING"));
  }
}

TEST(RegistryAnswerFields, AuthorsIncludeOrganisationsAndFallBackToEditors) {
  if (!samples_present())
    GTEST_SKIP() << "../shared/registry-samples is absent: real registry answers not read";
  {  // an organisation among the authors, itself marked "first" after the first person
    const std::optional<WorkMetadata> work = recorded("crossref-works", "10.1038_ng.3834.json");
    ASSERT_TRUE(work) << "10.1038_ng.3834.json";
    EXPECT_EQ(work->first_author, "Chiang");
    EXPECT_TRUE(contains(work->authors, "GTEx Consortium"));
  }
  {  // editors only (a book)
    const std::optional<WorkMetadata> work =
        recorded("crossref-works", "10.1039_9781788019972.abbotsbury.json");
    ASSERT_TRUE(work) << "10.1039_9781788019972.abbotsbury.json";
    EXPECT_EQ(work->first_author, "Pileio");
  }
  {  // no author at all: unknown, not a name to look for
    const std::optional<WorkMetadata> work =
        recorded("crossref-works", "10.5406_jamerethnhist.33.1.0123.json");
    ASSERT_TRUE(work) << "10.5406_jamerethnhist.33.1.0123.json";
    EXPECT_TRUE(work->first_author.empty());
    EXPECT_TRUE(work->authors.empty());
  }
  {  // a family name without a given name
    const std::optional<WorkMetadata> work = recorded("crossref-works", "10.3892_ijo_00000353.json");
    ASSERT_TRUE(work) << "10.3892_ijo_00000353.json";
    EXPECT_EQ(work->first_author, "Stravopodis");
  }
  {  // a placeholder author deposited as an unexpanded entity
    const std::optional<WorkMetadata> work = recorded("crossref-works", "10.1097_jpo.0b013e31828bf72f.json");
    ASSERT_TRUE(work) << "10.1097_jpo.0b013e31828bf72f.json";
    EXPECT_FALSE(contains(work->authors, "&NA;"));
  }
  {  // DataCite: organisational creators keep their whole name
    const std::optional<WorkMetadata> work = recorded("datacite-dois", "10.25318_3410014001-fra.json");
    ASSERT_TRUE(work) << "10.25318_3410014001-fra.json";
    EXPECT_EQ(work->first_author, "Statistique Canada");
  }
  {  // DataCite: a person given only as "Family, Given"
    const std::optional<WorkMetadata> work = recorded("datacite-dois", "10.5061_dryad.8515.json");
    ASSERT_TRUE(work) << "10.5061_dryad.8515.json";
    EXPECT_FALSE(work->first_author.empty());
    EXPECT_EQ(work->first_author.find(','), std::string::npos);
  }
}

TEST(RegistryAnswerFields, YearsComeFromPublicationDatesNeverFromRegistration) {
  if (!samples_present())
    GTEST_SKIP() << "../shared/registry-samples is absent: real registry answers not read";
  {  // printed a year after it appeared online: both years are the work's
    const std::optional<WorkMetadata> work = recorded("crossref-works", "10.1007_s00421-009-1295-z.json");
    ASSERT_TRUE(work) << "10.1007_s00421-009-1295-z.json";
    EXPECT_EQ(work->year, 2009);
    EXPECT_EQ(work->other_years, std::vector<int>{2010});
  }
  {  // "issued": [[null]] and only "created" (the DOI's registration): no year
    const std::optional<WorkMetadata> work = recorded("crossref-works", "10.1007_10452.1573-5125.json");
    ASSERT_TRUE(work) << "10.1007_10452.1573-5125.json";
    EXPECT_EQ(work->year, 0);
  }
  {  // a preprint: posted
    const std::optional<WorkMetadata> work = recorded("crossref-works", "10.1101_097196.json");
    ASSERT_TRUE(work) << "10.1101_097196.json";
    EXPECT_EQ(work->year, 2016);
  }
  {  // DataCite: publicationYear
    const std::optional<WorkMetadata> work =
        recorded("datacite-dois", "10.2312_geowissenschaften.1989.7.181.json");
    ASSERT_TRUE(work) << "10.2312_geowissenschaften.1989.7.181.json";
    EXPECT_EQ(work->year, 1989);
  }
}

TEST(RegistryAnswerFields, ContainersTypesAndRelations) {
  if (!samples_present())
    GTEST_SKIP() << "../shared/registry-samples is absent: real registry answers not read";
  {  // a preprint: its server is where citations name it; it is the preprint of a published work
    const std::optional<WorkMetadata> work = recorded("crossref-works", "10.1101_097196.json");
    ASSERT_TRUE(work) << "10.1101_097196.json";
    EXPECT_EQ(work->type, "posted-content");
    EXPECT_TRUE(contains(work->containers, "bioRxiv"));
    EXPECT_TRUE(has_relation(*work, "is-preprint-of", "10.1038/s41597-019-0031-8"));
  }
  {  // a published article with its preprint
    const std::optional<WorkMetadata> work = recorded("crossref-works", "10.1038_ng.3834.json");
    ASSERT_TRUE(work) << "10.1038_ng.3834.json";
    EXPECT_EQ(work->type, "journal-article");
    EXPECT_TRUE(has_relation(*work, "has-preprint", "10.1101/055962"));
  }
  {  // a peer review of an article
    const std::optional<WorkMetadata> work =
        recorded("crossref-works", "10.7287_peerj.3819v0.1_reviews_2.json");
    ASSERT_TRUE(work) << "10.7287_peerj.3819v0.1_reviews_2.json";
    EXPECT_EQ(work->type, "peer-review");
    EXPECT_TRUE(has_relation(*work, "is-review-of", "10.7717/peerj.3819"));
  }
  {  // a figure of an article
    const std::optional<WorkMetadata> work =
        recorded("crossref-works", "10.1371_journal.pmed.0030277.g001.json");
    ASSERT_TRUE(work) << "10.1371_journal.pmed.0030277.g001.json";
    EXPECT_EQ(work->type, "component");
    EXPECT_TRUE(has_relation(*work, "is-component-of", "10.1371/journal.pmed.0030277"));
  }
  {  // a book chapter: the book and its series are its containers
    const std::optional<WorkMetadata> work = recorded("crossref-works", "10.1007_978-3-642-33191-6_49.json");
    ASSERT_TRUE(work) << "10.1007_978-3-642-33191-6_49.json";
    EXPECT_EQ(work->type, "book-chapter");
    EXPECT_TRUE(contains(work->containers, "Advances in Visual Computing"));
    EXPECT_TRUE(contains(work->containers, "Lecture Notes in Computer Science"));
  }
  {  // journal and abbreviation
    const std::optional<WorkMetadata> work = recorded("crossref-works", "10.1109_led.2013.2242039.json");
    ASSERT_TRUE(work) << "10.1109_led.2013.2242039.json";
    EXPECT_TRUE(contains(work->containers, "IEEE Electron Device Letters"));
    EXPECT_TRUE(contains(work->containers, "IEEE Electron Device Lett."));
  }
  {  // DataCite: a preprint server is the publisher; the type in Crossref's words
    const std::optional<WorkMetadata> work = recorded("datacite-dois", "10.48550_arxiv.1902.02534.json");
    ASSERT_TRUE(work) << "10.48550_arxiv.1902.02534.json";
    EXPECT_EQ(work->type, "posted-content");
    EXPECT_TRUE(contains(work->containers, "arXiv"));
  }
  {  // DataCite: a dataset; a conference paper that is part of its proceedings
    const std::optional<WorkMetadata> dataset = recorded("datacite-dois", "10.5061_dryad.8515.json");
    ASSERT_TRUE(dataset) << "10.5061_dryad.8515.json";
    EXPECT_EQ(dataset->type, "dataset");
    const std::optional<WorkMetadata> paper =
        recorded("datacite-dois", "10.4230_lipics.tqc.2013.93__v2.json");
    ASSERT_TRUE(paper) << "10.4230_lipics.tqc.2013.93__v2.json";
    EXPECT_EQ(paper->type, "proceedings-article");
    EXPECT_TRUE(has_relation(*paper, "is-part-of", "10.4230/LIPIcs.TQC.2013"));
    EXPECT_TRUE(contains(paper->containers, "LIPIcs, Volume 22, TQC 2013"));
  }
}

TEST(RegistryAnswerFields, OpenRetractionsRecordsOfEveryNoticeType) {
  const auto files = samples("retractions");
  if (files.empty()) GTEST_SKIP() << "../shared/registry-samples is absent: retraction records not read";
  std::map<std::string, size_t> types;
  for (const fs::path& file : files) {
    const json answer = json::parse(testing::read_file(file));
    const auto record = read_retraction_record(testing::read_file(file));
    ASSERT_TRUE(record) << file;
    EXPECT_EQ(record->doi, answer["identifier"]["doi"].get<std::string>()) << file;
    ASSERT_EQ(record->updates.size(), answer["updates"].size()) << file;
    for (const WorkUpdate& update : record->updates) {
      ++types[update.type];
      EXPECT_EQ(update.source, "open-retractions");
      EXPECT_FALSE(update.doi.empty()) << file;
    }
  }
  EXPECT_EQ(files.size(), 19u);
  // "retration" in one record is read as the retraction it is.
  EXPECT_EQ(types, (std::map<std::string, size_t>{{"correction", 2},
                                                  {"expression_of_concern", 4},
                                                  {"removal", 4},
                                                  {"retraction", 5},
                                                  {"withdrawal", 4}}));
  const auto notice = read_retraction_record(
      testing::read_file(files.front().parent_path() / "openretractions_10.1007_978-3-030-13469-3_75.json"));
  ASSERT_TRUE(notice);
  EXPECT_EQ(notice->updates.at(0).doi, "10.1007/978-3-030-13469-3_113");
  EXPECT_EQ(notice->updates.at(0).label, "Retraction");
  EXPECT_FALSE(read_retraction_record(R"({"updates":[]})"));
  EXPECT_FALSE(read_retraction_record("[5]"));
}

TEST(RegistryAnswerFields, AbstractsAndDoisWithMathAndSpecialCharacters) {
  if (!samples_present())
    GTEST_SKIP() << "../shared/registry-samples is absent: real registry answers not read";
  {  // MathML inside a JATS abstract: its text, no markup
    const std::optional<WorkMetadata> work = recorded("crossref-works", "10.1155_2012_291294.json");
    ASSERT_TRUE(work);
    EXPECT_NE(work->abstract.find("131.0,P<0.001)"), std::string::npos)
        << work->abstract;  // the formula's text
    EXPECT_EQ(work->abstract.find("mml:"), std::string::npos);
  }
  {  // a SICI DOI with ( ) [ ] : ; : read, and the same key as the DOI written in a page
    const std::string body =
        testing::read_file(testing::source_dir().parent_path() / "shared" / "registry-samples" /
                           "crossref-works" / "10.1890_0012-9658_2006_87_2832_tiopma_2.0.co_2.json");
    EXPECT_EQ(doi_key(json::parse(body)["message"]["DOI"].get<std::string>()),
              doi_key("10.1890/0012-9658(2006)87[2832:TIOPMA]2.0.CO;2"));
    const std::optional<WorkMetadata> work =
        recorded("crossref-works", "10.1890_0012-9658_2006_87_2832_tiopma_2.0.co_2.json");
    ASSERT_TRUE(work);
    EXPECT_FALSE(work->title.empty());
  }
}

TEST(RegistryAnswerFields, UpdatesKeepEveryNoticeAndANewVersionIsNoUpdate) {
  if (!samples_present())
    GTEST_SKIP() << "../shared/registry-samples is absent: real registry answers not read";
  {  // a correction notice
    const std::optional<WorkMetadata> work = recorded("crossref-works", "10.1371_journal.pone.0033693.json");
    ASSERT_TRUE(work) << "10.1371_journal.pone.0033693.json";
    ASSERT_EQ(work->updated_by.size(), 1u);
    EXPECT_EQ(work->updated_by[0].type, "correction");
    EXPECT_EQ(work->updated_by[0].doi, "10.1371/annotation/c76da2c1-ccb8-4797-94c1-359d3ceceeda");
    EXPECT_EQ(work->updated_by[0].source, "publisher");
  }
  {  // a new version: an update, but none of the kinds that take a work back
    const std::optional<WorkMetadata> work = recorded("crossref-works", "10.1371_journal.ppat.1008184.json");
    ASSERT_TRUE(work) << "10.1371_journal.ppat.1008184.json";
    ASSERT_EQ(work->updated_by.size(), 1u);
    EXPECT_EQ(work->updated_by[0].type, "new_version");
  }
}

}  // namespace
}  // namespace reflint
