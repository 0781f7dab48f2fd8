// The quote rules with source texts from the loopback registry server: Europe PMC abstracts and
// open-access full texts (found by DOI or by title), Crossref and DataCite abstracts, cited pages;
// request discipline, the cache, --offline and faults. Never the internet.

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <cstring>
#include <set>

#include "loopback_lint.h"

namespace reflint {
namespace {
namespace fs = std::filesystem;
using testing::Lint;

/// Fictional works and a page for these tests (Crossref's test prefix 10.5555).
const char* kQuoteWorks = R"json([
  {"doi": "10.5555/reflint-test.crossref-abstract-1", "agency": "Crossref",
   "title": "[TEST RECORD, fictional] Stair climbing speed after hip arthroplasty",
   "authors": [{"given": "Eve", "family": "Stairwell"}], "container_title": "Journal of Tests", "issued": [2019],
   "abstract": [{"title": "Results", "text": "Patients who climbed stairs daily were faster at twelve weeks than those who did not."}]},
  {"doi": "10.5555/reflint-test.no-text-1", "agency": "Crossref",
   "title": "[TEST RECORD, fictional] A record without any abstract",
   "authors": [{"given": "Noor", "family": "Silent"}], "container_title": "Journal of Tests", "issued": [2019]}
])json";

const char* kQuotePages = R"json({
  "reflint-test.interview": "<!doctype html><html><body><nav><p>Home · News · Sections of this fictional site</p></nav><main><p>In an interview the fictional surgeon said that most hip pain in runners starts in the tendons, not in the joint itself.</p></main></body></html>"
})json";

class QuoteNetworkTest : public testing::LoopbackLintTest<QuoteNetworkTest> {
 protected:
  static void SetUpTestSuite() { start_server("quote-network", kQuoteWorks, kQuotePages); }

  static bool quote_rule(const RuleMeta& meta) { return meta.family == "quotes"; }

  Lint lint(const std::vector<fs::path>& paths,
            const std::function<void(NetworkSettings&)>& adjust = {}) const {
    return lint_with(paths, quote_rule, adjust);
  }

  /// The sample article, with `from` replaced by `to`, in the test's folder.
  fs::path sample(std::string_view from = {}, std::string_view to = {}) const {
    std::string html =
        reflint::testing::read_file(testing::source_dir() / "fixtures/sample/hip-pain-article.html");
    if (!from.empty()) {
      const size_t at = html.find(from);
      EXPECT_NE(at, std::string::npos) << from;
      if (at != std::string::npos) html.replace(at, from.size(), to);
    }
    fs::path path = work_dir_ / "hip-pain-article.html";
    testing::write_file(path, html);
    return path;
  }

  /// The one unverified-quote finding of `run`, which must be on `line` and name what was checked.
  static const Finding* only_unverified(const Lint& run, uint32_t line, const std::string& checked) {
    const auto unverified = findings_of(run.result, "unverified-quote");
    EXPECT_EQ(unverified.size(), 1u) << describe(run.result);
    if (unverified.size() != 1) return nullptr;
    EXPECT_EQ(unverified[0]->location.start.line, line);
    EXPECT_NE(unverified[0]->message.find("(checked: " + checked), std::string::npos)
        << unverified[0]->message;
    return unverified[0];
  }

  static std::string describe(const RunResult& result) {
    std::string text;
    for (const Finding& finding : result.findings)
      text += fmt::format("{}:{} {}: {}\n", finding.location.start.line, finding.rule_id,
                          to_string(finding.level), finding.message);
    return text + notices_text(result);
  }
};

TEST_F(QuoteNetworkTest, SampleQuotationsOf5And8VerifyAgainstServedAbstractsAndThatOf3IsANote) {
  const Lint run = lint({sample()});
  // References 5 (no DOI: found at Europe PMC by title) and 8 (by DOI) verify, the ". . ." ellipsis
  // and the abbreviations their abstracts define included. Reference 3's quotation is not in its
  // published abstract (it reads like the paper's introduction): a note, not a warning.
  EXPECT_EQ(run.result.findings.size(), 1u) << describe(run.result);
  const Finding* finding = only_unverified(run, 72, "Europe PMC abstract only;");
  ASSERT_NE(finding, nullptr);
  EXPECT_EQ(finding->level, Level::note);
  EXPECT_NE(finding->message.find("attributed source [3]"), std::string::npos) << finding->message;
  const json queries = stats()["queries"];
  const auto searched = [&](std::string_view phrase) {
    return std::any_of(queries.begin(), queries.end(), [&](const json& query) {
      return query.get<std::string>().find(phrase) != std::string::npos;
    });
  };
  EXPECT_TRUE(searched("TITLE%3A%22a%2012%20month%20prospective%20exploratory%20study")) << queries.dump();
  EXPECT_TRUE(searched("DOI%3A%2210.12659%2FMSM.919166%22")) << queries.dump();
}

TEST_F(QuoteNetworkTest, SwappingTheAttributionNamesTheReferenceWhoseAbstractHasTheQuotation) {
  const Lint run = lint(
      {sample("in the BMC Musculoskeletal Disorders (5).", "in the BMC Musculoskeletal Disorders (4).")});
  std::vector<std::pair<uint32_t, std::string>> misattributed;
  for (const Finding* finding : findings_of(run.result, "misattributed-quote"))
    misattributed.emplace_back(finding->location.start.line, finding->message);
  // The blockquote and the "Conclusions:" quotation after it now claim reference 4 (by DOI); both
  // are in reference 5's abstract (found by title).
  EXPECT_EQ(misattributed, (std::vector<std::pair<uint32_t, std::string>>{
                               {93, "quote attributed to [4] is from [5]"},
                               {96, "quote attributed to [4] is from [5]"},
                           }))
      << describe(run.result);
  EXPECT_TRUE(findings_of(run.result, "unverified-quote").size() == 1u)
      << describe(run.result);  // [3], as above
}

TEST_F(QuoteNetworkTest, EachSourceIsFetchedOncePerRunAndTheCacheServesTheNextRun) {
  // Two copies of the article and both quote rules: every Europe PMC query still goes out once.
  const fs::path first = sample();
  const fs::path second = work_dir_ / "copy.html";
  fs::copy_file(first, second);
  const Lint cold = lint({first, second});
  const json counters = stats();
  std::multiset<std::string> queries;
  for (const json& query : counters["queries"]) queries.insert(query.get<std::string>());
  for (const std::string& query : queries) EXPECT_EQ(queries.count(query), 1u) << query;
  EXPECT_EQ(counters["per_path"].value("/search", 0), static_cast<int>(queries.size()));
  EXPECT_EQ(findings_of(cold.result, "unverified-quote").size(), 2u) << describe(cold.result);

  // Both rules check the same quotations: each text is indexed once, as when one rule runs alone.
  const auto indexed = [](const Lint& run) {
    int texts = -1;
    RE2::PartialMatch(notices_text(run.result), R"((\d+) texts indexed)", &texts);
    return texts;
  };
  const Lint one_rule =
      lint_with({first, second}, [](const RuleMeta& meta) { return meta.id == "unverified-quote"; });
  // The abstracts of references 3, 5 and 8 (claimed), and of 4 (searched for reference 3's quotation).
  EXPECT_EQ(indexed(cold), 4) << notices_text(cold.result);
  EXPECT_EQ(indexed(cold), indexed(one_rule)) << notices_text(cold.result) << notices_text(one_rule.result);

  server_->control("/_control/reset", "{}");
  const Lint warm = lint({first, second});
  EXPECT_EQ(stats()["total"].get<int>(), 0);
  EXPECT_EQ(describe(warm.result).substr(0, describe(warm.result).find("quotation sources")),
            describe(cold.result).substr(0, describe(cold.result).find("quotation sources")));
  const Lint offline = lint({first, second}, [](NetworkSettings& network) { network.offline = true; });
  EXPECT_EQ(stats()["total"].get<int>(), 0);
  EXPECT_EQ(offline.result.findings.size(), cold.result.findings.size()) << describe(offline.result);
}

TEST_F(QuoteNetworkTest, OpenAccessFullTextIsCheckedBeyondTheAbstract) {
  const fs::path path = page(
      "open-access.html",
      "<p>The authors observed: “walking is the exercise most patients with hip osteoarthritis keep doing "
      "after a "
      "supervised programme ends” (1).</p>\n"
      "<p>They also wrote: “intensity, not adherence, decided the outcome in this fictional trial” (1).</p>\n"
      "<h2>References</h2><ol><li>Testwriter A, Fixture B. [TEST RECORD, fictional] Walking programmes in "
      "hip "
      "osteoarthritis: an open-access test paper. J Test Rec. 2021;1(1):1. "
      "doi:10.5555/reflint-test.open-access-1</li></ol>");
  const Lint run = lint({path});
  // The first quotation is in the body only; the second swaps two words of the body.
  const Finding* unverified = only_unverified(run, 3, "Europe PMC abstract, Europe PMC full text)");
  ASSERT_NE(unverified, nullptr);
  EXPECT_EQ(unverified->level, Level::warning);
  EXPECT_EQ(stats()["per_path"].value("/PMC9990001/fullTextXML", 0), 1);
}

TEST_F(QuoteNetworkTest, WithoutEuropePmcTheCrossrefOrDataCiteAbstractIsUsed) {
  const fs::path path = page(
      "registries.html",
      "<p>Stairwell reported that “patients who climbed stairs daily were faster at twelve weeks” (1).</p>\n"
      "<p>Stairwell also reported that “patients who climbed stairs daily fell more often and needed more "
      "pain relief” "
      "(1).</p>\n"
      "<p>The data set is described as “fictional data set description for tests” (2).</p>\n"
      "<p>Silent wrote that “nothing in this record can be checked against any text” (3).</p>\n"
      "<h2>References</h2><ol>"
      "<li>Stairwell E. [TEST RECORD, fictional] Stair climbing speed after hip arthroplasty. J Tests. 2019. "
      "doi:10.5555/reflint-test.crossref-abstract-1</li>"
      "<li>Testauthor A. [TEST RECORD, fictional] Hip muscle strength measurements for reflint tests. "
      "Zenodo. "
      "2020. doi:10.5281/zenodo.reflint-test-1</li>"
      "<li>Silent N. [TEST RECORD, fictional] A record without any abstract. J Tests. 2019. "
      "doi:10.5555/reflint-test.no-text-1</li></ol>");
  const Lint run = lint({path});
  ASSERT_NE(only_unverified(run, 3, "Crossref abstract only;"), nullptr);
  EXPECT_TRUE(findings_of(run.result, "misattributed-quote").empty()) << describe(run.result);
  // Reference 3 has no text anywhere: counted, not reported.
  EXPECT_NE(notices_text(run.result).find("1 attributed quotation(s) not checked"), std::string::npos)
      << notices_text(run.result);
}

TEST_F(QuoteNetworkTest, ACitedPageIsReadWithoutItsNavigation) {
  const std::string address = server_->base_url() + "/pages/reflint-test.interview";
  const fs::path path =
      page("page.html",
           fmt::format("<blockquote cite=\"{0}\"><p>Most hip pain in runners starts in the tendons, not "
                       "in the joint itself.</p></blockquote>\n"
                       "<blockquote cite=\"{0}\"><p>Home, news and sections of this fictional site are "
                       "quoted here.</p></blockquote>",
                       address));
  const Lint run = lint({path});
  ASSERT_NE(only_unverified(run, 3, "the page " + address + ")"), nullptr);
  EXPECT_EQ(stats()["per_path"].value("/pages/reflint-test.interview", 0), 1);
}

TEST_F(QuoteNetworkTest, WhenEuropePmcFailsNothingIsReportedAndTheSummarySaysSo) {
  faults({{{"fault", "status"}, {"status", 503}, {"path_prefix", "/search"}}});
  const Lint run = lint({sample()}, [](NetworkSettings& network) { network.max_retries = 1; });
  EXPECT_TRUE(run.result.findings.empty()) << describe(run.result);
  const std::string notices = notices_text(run.result);
  EXPECT_NE(notices.find("could not fetch the text of \"A 12-month prospective exploratory study"),
            std::string::npos)
      << notices;
  EXPECT_NE(notices.find("attributed quotation(s) not checked"), std::string::npos) << notices;
  EXPECT_LT(run.seconds, 20.0);
}

TEST_F(QuoteNetworkTest, OfflineWithAnEmptyCacheChecksNothingAndSaysSo) {
  const Lint run = lint({sample()}, [](NetworkSettings& network) { network.offline = true; });
  EXPECT_EQ(stats()["total"].get<int>(), 0);
  EXPECT_TRUE(run.result.findings.empty()) << describe(run.result);
  EXPECT_NE(notices_text(run.result).find("5 attributed quotation(s) not checked"), std::string::npos)
      << notices_text(run.result);
}

}  // namespace
}  // namespace reflint
