// The readers of registry answers: every real answer shape in ../shared/registry-samples is read,
// and no answer of an unexpected shape throws or converts a value out of range.

#include "lint/net/registry_answers.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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
      R"({"status":"found","metadata":{"year":1e300,"containers":[5]}})",
      R"({"status":"found","parts":[5]})",
      std::string(100000, '[')};
  for (const std::string& body : bodies) {
    SCOPED_TRACE(body.substr(0, 80));
    EXPECT_NO_THROW(read_crossref_work(body, readers));
    EXPECT_NO_THROW(read_datacite_doi(body));
    EXPECT_NO_THROW(read_registration_agency(body));
    EXPECT_NO_THROW(read_handle_response_code(body));
    EXPECT_NO_THROW(read_europepmc_search(body, {"10.1/x", "", ""}, readers));
    EXPECT_NO_THROW(read_doi_record_row(body));
    EXPECT_NO_THROW(read_source_texts_row(body));
  }
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
  DoiRecord record{DoiStatus::found, "Crossref",
                   WorkMetadata{"Title", "Smith", 2019, {"J Test"}, {}, "Abstract"}, ""};
  const std::optional<DoiRecord> read = read_doi_record_row(doi_record_row(record));
  ASSERT_TRUE(read);
  EXPECT_EQ(read->agency, "Crossref");
  ASSERT_TRUE(read->metadata);
  EXPECT_EQ(read->metadata->year, 2019);
  EXPECT_EQ(read->metadata->containers, std::vector<std::string>{"J Test"});
}

/// Every file of one folder of ../shared/registry-samples.
std::vector<fs::path> samples(const std::string& folder) {
  std::vector<fs::path> files;
  const fs::path dir = testing::source_dir().parent_path() / "shared" / "registry-samples" / folder;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
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
    const auto work = read_datacite_doi(body);
    ASSERT_TRUE(work) << file;
    EXPECT_FALSE(work->title.empty()) << file;
    ++datacite;
  }
  EXPECT_GT(datacite, 20u);
  for (const fs::path& file : samples("doi-ra")) {
    const std::string body = testing::read_file(file);
    const auto agency = read_registration_agency(body);
    ASSERT_TRUE(agency) << file;
    EXPECT_EQ(agency->empty(), body.find("\"RA\"") == std::string::npos) << file;
  }
  for (const fs::path& file : samples("doi-handles")) {
    const auto code = read_handle_response_code(testing::read_file(file));
    ASSERT_TRUE(code) << file;
  }
}

}  // namespace
}  // namespace reflint
