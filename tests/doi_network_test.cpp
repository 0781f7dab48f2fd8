// The DOI network rules and the network layer against the loopback registry server
// (tests/registry_server): findings, request discipline read from the server's counters, faults,
// the cache and --offline. Never the internet; every run uses a temporary SQLite cache.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "lint/cli/app.h"
#include "lint/core/runner.h"
#include "lint/net/network.h"
#include "loopback_lint.h"
#include "rules/doi/doi_metadata_mismatch.h"
#include "rules/register_all.h"
#include "test_support.h"

namespace reflint {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kLoureiro = "10.1186/s12891-018-2230-4";
constexpr const char* kGul = "10.12659/MSM.919166";

/// Fictional works added to the server's sample data for these tests.
const char* kExtraWorks = R"json([
  {"doi": "10.1186/s12891-018-2231-4", "agency": "Crossref", "type": "journal-article",
   "title": "[TEST RECORD, fictional] Gait retraining for runners with patellofemoral pain",
   "authors": [{"given": "Ana", "family": "Fictitia"}, {"given": "Bo", "family": "Imaginary"}],
   "container_title": "BMC Musculoskeletal Disorders", "short_container_title": "BMC Musculoskelet Disord",
   "issued": [2018, 8, 22]},
  {"doi": "10.5555/reflint-test.concern-1", "agency": "Crossref", "type": "journal-article",
   "title": "[TEST RECORD, fictional] A study under an expression of concern",
   "authors": [{"given": "Cy", "family": "Doubtful"}], "container_title": "Journal of Tests", "issued": [2021, 5],
   "updated_by": [{"type": "expression_of_concern", "doi": "10.5555/reflint-test.concern-notice-1",
                   "label": "Expression of Concern", "date": [2022, 1, 1]}]}
])json";

using testing::Lint;
using testing::write_file;

class DoiNetworkTest : public testing::LoopbackLintTest<DoiNetworkTest> {
 protected:
  static void SetUpTestSuite() { start_server("doi-network", kExtraWorks); }

  /// Lints `paths` with the DOI network rules only, against the loopback server.
  Lint lint(const std::vector<fs::path>& paths, const std::function<void(NetworkSettings&)>& adjust = {},
            unsigned jobs = 2) const {
    return lint_with(
        paths, [](const RuleMeta& meta) { return meta.family == "doi" && meta.needs_network; }, adjust, jobs);
  }

  /// The sample article with Loureiro's DOI one digit off (the DOI of another paper, Fictitia's).
  fs::path sample_with_one_digit_changed() const;
};

fs::path sample_article() {
  return testing::source_dir() / "fixtures" / "sample" / "hip-pain-article.html";
}

fs::path DoiNetworkTest::sample_with_one_digit_changed() const {
  std::string html = testing::read_file(sample_article());
  const std::string_view written = "doi:10.1186/s12891-018-2230-4";
  const size_t at = html.find(written);
  EXPECT_NE(at, std::string::npos);
  if (at != std::string::npos) html.replace(at, written.size(), "doi:10.1186/s12891-018-2231-4");
  fs::path changed = work_dir_ / "changed.html";
  write_file(changed, html);
  return changed;
}

TEST_F(DoiNetworkTest, SampleArticleWithItsTwoDoisGivesNoFinding) {
  const Lint run = lint({sample_article()});
  EXPECT_TRUE(run.result.findings.empty()) << run.result.findings.front().message;
  EXPECT_EQ(notices_text(run.result).find("could not verify"), std::string::npos) << notices_text(run.result);
  const json counters = stats();
  EXPECT_EQ(counters["per_path"].value(fmt::format("/works/{}", kLoureiro), 0), 1);
  EXPECT_EQ(counters["per_path"].value(fmt::format("/works/{}", kGul), 0), 1);
}

TEST_F(DoiNetworkTest, OneDigitChangedGivesMetadataMismatchShowingBothSides) {
  const fs::path changed = sample_with_one_digit_changed();
  const Lint run = lint({changed});
  const auto mismatches = findings_of(run.result, "doi-metadata-mismatch");
  ASSERT_EQ(mismatches.size(), 1u) << notices_text(run.result);
  const Finding& finding = *mismatches.front();
  EXPECT_EQ(finding.location.snippet, "doi:10.1186/s12891-018-2231-4");
  EXPECT_NE(finding.message.find("Gait retraining for runners"), std::string::npos) << finding.message;
  EXPECT_NE(finding.message.find("Fictitia"), std::string::npos) << finding.message;
  EXPECT_NE(finding.message.find("Loureiro A, Constantinou M"), std::string::npos) << finding.message;
  EXPECT_EQ(run.result.findings.size(), 1u);  // it exists and is not retracted
}

TEST_F(DoiNetworkTest, OnlyResponseCode100MakesADoiUnresolvable) {
  const fs::path path = page("unknown.html",
                             "<p>Known prefix, unknown suffix: doi:10.1186/s12891-018-9999-9.</p>\n"
                             "<p>Unknown prefix: https://doi.org/10.99999/nothing-here</p>\n"
                             "<p>Registered: doi:10.1186/s12891-018-2230-4</p>");
  const Lint run = lint({path});
  const auto unresolvable = findings_of(run.result, "doi-unresolvable");
  ASSERT_EQ(unresolvable.size(), 2u) << notices_text(run.result);
  EXPECT_EQ(unresolvable[0]->location.start.line, 2u);
  EXPECT_NE(unresolvable[0]->message.find("unknown DOI 10.1186/s12891-018-9999-9"), std::string::npos);
  EXPECT_EQ(unresolvable[1]->location.start.line, 3u);
  EXPECT_EQ(unresolvable[1]->location.snippet, "https://doi.org/10.99999/nothing-here");
}

TEST_F(DoiNetworkTest, RetractionIsAWarningAndAnExpressionOfConcernANote) {
  const fs::path path = page("retracted.html",
                             "<p>Cited: doi:10.5555/reflint-test.retracted-1</p>\n"
                             "<p>Doubtful C. A study. J Tests. 2021. doi:10.5555/reflint-test.concern-1</p>\n"
                             "<p>Data: https://doi.org/10.5281/zenodo.reflint-test-1</p>");
  const Lint run = lint({path});
  const auto retracted = findings_of(run.result, "doi-retracted");
  ASSERT_EQ(retracted.size(), 2u) << notices_text(run.result);
  EXPECT_EQ(retracted[0]->level, Level::warning);
  EXPECT_NE(retracted[0]->message.find("was retracted"), std::string::npos);
  EXPECT_NE(retracted[0]->message.find("Retraction Watch record 900001"), std::string::npos)
      << retracted[0]->message;
  EXPECT_EQ(retracted[1]->level, Level::note);
  EXPECT_NE(retracted[1]->message.find("expression of concern"), std::string::npos);
  EXPECT_TRUE(findings_of(run.result, "doi-unresolvable").empty());
  // The DataCite DOI is looked up at DataCite, not at Crossref.
  EXPECT_EQ(stats()["per_path"].value("/dois/10.5281/zenodo.reflint-test-1", 0), 1);
}

TEST_F(DoiNetworkTest, ARetractionListAddsItsNoticesToEveryAgencysRecords) {
  constexpr const char* kDataSet = "10.5281/zenodo.reflint-test-1";
  const fs::path path =
      page("listed.html", fmt::format("<p>Loureiro A. Hip strength. 2018. doi:{}</p>\n"
                                      "<p>Data: https://doi.org/{}</p>\n<p>Gul D. A study. 2020. doi:{}</p>\n"
                                      "<p>Cited: doi:10.5555/reflint-test.retracted-1</p>",
                                      kLoureiro, kDataSet, kGul));
  // Open Retractions records: one a line, as a list of them is kept; a line that is none.
  const auto record = [](const std::string& doi, const std::string& type, const std::string& notice) {
    return json{
        {"identifier", {{"doi", doi}}},
        {"updates", {{{"type", type}, {"identifier", {{"doi", notice}}}, {"timestamp", 1586305606559}}}}}
        .dump();
  };
  const fs::path list = path.parent_path() / "retractions.jsonl";
  write_file(list, record(kLoureiro, "retration", "10.5555/reflint-test.notice-x") + "\n" +
                       record(kDataSet, "withdrawal", kDataSet) + "\n" +
                       record(kGul, "correction", "10.5555/reflint-test.correction-x") + "\n" +
                       record(kGul, "new_version", "10.5555/reflint-test.version-2") + "\n" +
                       record("10.5555/reflint-test.retracted-1", "correction", "10.5555/c") + "\n[5]\n");
  const Lint run =
      lint({path}, [&list](NetworkSettings& network) { network.retraction_records = list.string(); });
  const auto retracted = findings_of(run.result, "doi-retracted");
  ASSERT_EQ(retracted.size(), 3u) << notices_text(run.result);
  // The misspelt type is a retraction; a DataCite DOI's withdrawal counts; a correction or a new version is
  // none, and a later one hides no retraction.
  EXPECT_NE(retracted[0]->message.find(
                fmt::format("DOI {} was retracted (notice 10.5555/reflint-test.notice-x)", kLoureiro)),
            std::string::npos)
      << retracted[0]->message;
  EXPECT_NE(retracted[1]->message.find(fmt::format("DOI {} was withdrawn", kDataSet)), std::string::npos)
      << retracted[1]->message;
  EXPECT_NE(retracted[2]->message.find("reflint-test.retracted-1 was retracted"), std::string::npos)
      << retracted[2]->message;
  EXPECT_NE(notices_text(run.result).find("1 of the retraction records in"), std::string::npos)
      << notices_text(run.result);

  // Without the list, the next run (from the cache) has only the registry's retraction: the cache
  // rows never hold the list's notices.
  const Lint cached = lint({path});
  EXPECT_EQ(findings_of(cached.result, "doi-retracted").size(), 1u) << notices_text(cached.result);
}

TEST_F(DoiNetworkTest, EachUniqueDoiIsRequestedOncePerRunAndTheCacheServesTheNextRun) {
  std::vector<fs::path> pages;
  pages.reserve(24);
  for (int i = 0; i < 24; ++i) {
    pages.push_back(page(fmt::format("page{}.html", i),
                         fmt::format("<p>Loureiro A, et al. 2018. doi:{}</p><p>Gül D, et al. 2020. "
                                     "https://doi.org/{}</p><p>Unknown: doi:10.1186/unknown-{}</p>",
                                     kLoureiro, kGul, i % 6)));
  }
  faults({{{"fault", "latency"}, {"ms", 50}}});
  const Lint first = lint(pages, {}, 4);
  const json counters = stats();
  EXPECT_EQ(counters["per_path"].value(fmt::format("/works/{}", kLoureiro), 0), 1);
  EXPECT_EQ(counters["per_path"].value(fmt::format("/works/{}", kGul), 0), 1);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(counters["per_path"].value(fmt::format("/works/10.1186/unknown-{}", i), 0), 1);
    EXPECT_EQ(counters["per_path"].value(fmt::format("/api/handles/10.1186/unknown-{}", i), 0), 1);
  }
  EXPECT_EQ(counters["per_path"].value("/ra/10.1186", 0), 1);  // the agency is asked once per prefix
  EXPECT_EQ(counters["total"].get<int>(), 2 + 6 * 2 + 2);      // works, works + handles, 2 prefixes
  EXPECT_LE(counters["max_in_flight"].get<int>(), 3);
  EXPECT_GE(counters["max_in_flight"].get<int>(), 2);  // and the cap is used
  EXPECT_EQ(findings_of(first.result, "doi-unresolvable").size(), 24u);

  server_->control("/_control/reset", "{}");
  const Lint second = lint(pages, {}, 4);
  EXPECT_EQ(stats()["total"].get<int>(), 0);
  EXPECT_EQ(findings_of(second.result, "doi-unresolvable").size(), 24u);
  EXPECT_NE(notices_text(second.result).find("8 asked for, 8 from the cache"), std::string::npos)
      << notices_text(second.result);
}

TEST_F(DoiNetworkTest, ConcurrencyCapIsNeverExceeded) {
  std::vector<fs::path> pages;
  for (int i = 0; i < 8; ++i) {
    std::string body;
    for (int j = 0; j < 5; ++j) body += fmt::format("<p>doi:10.1186/cap-{}-{}</p>", i, j);
    pages.push_back(page(fmt::format("cap{}.html", i), body));
  }
  faults({{{"fault", "latency"}, {"ms", 40}}});
  lint(
      pages, [](NetworkSettings& network) { network.per_host_concurrency = 2; }, 4);
  const json counters = stats();
  EXPECT_EQ(counters["max_in_flight"].get<int>(), 2);
  EXPECT_EQ(counters["total"].get<int>(), 1 + 40 * 2);
}

TEST_F(DoiNetworkTest, UserAgentAndMailtoNameReflintAndTheContact) {
  lint({sample_article()}, [](NetworkSettings& network) { network.mailto = "team@example.org"; });
  const json counters = stats();
  ASSERT_FALSE(counters["user_agents"].empty());
  EXPECT_EQ(counters["user_agents"][0].get<std::string>(),
            "reflint/0.1.0 (+https://github.com/reflint/reflint; mailto:team@example.org)");
  bool mailto = false;
  for (const json& query : counters["queries"])
    mailto = mailto || query.get<std::string>() == "mailto=team@example.org";
  EXPECT_TRUE(mailto) << counters["queries"].dump();
}

/// Under each fault, on every API path and for every request: no DOI that exists is reported as
/// unresolvable, the summary says what could not be verified, and the run ends within its deadline.
TEST_F(DoiNetworkTest, NoFaultMakesAnExistingDoiUnresolvable) {
  const json kFaults[] = {
      {{"fault", "status"}, {"status", 503}},
      {{"fault", "status"}, {"status", 429}, {"retry_after", "1"}},
      {{"fault", "status"}, {"status", 403}},
      {{"fault", "status"}, {"status", 500}},
      {{"fault", "reset"}},
      {{"fault", "stall"}, {"ms", 4000}},
      {{"fault", "malformed"}},
      {{"fault", "oversized"}, {"bytes", 3'000'000}},
      {{"fault", "oversized"}, {"bytes", 3'000'000}, {"chunked", true}},
      {{"fault", "latency"}, {"ms", 3000}},
  };
  for (const json& fault : kFaults) {
    SCOPED_TRACE(fault.dump());
    server_->control("/_control/reset", "{}");
    fs::remove(cache_);
    faults({fault});
    const Lint run = lint({sample_article()}, [](NetworkSettings& network) {
      network.request_timeout_seconds = 1;
      network.max_retries = 2;
      network.deadline_seconds = 6;
      network.max_response_bytes = 1'000'000;
    });
    EXPECT_TRUE(findings_of(run.result, "doi-unresolvable").empty());
    EXPECT_TRUE(run.result.findings.empty());
    const std::string notices = notices_text(run.result);
    EXPECT_NE(notices.find(fmt::format("could not verify DOI {}", kLoureiro)), std::string::npos) << notices;
    EXPECT_NE(notices.find(fmt::format("could not verify DOI {}", kGul)), std::string::npos) << notices;
    EXPECT_LT(run.seconds, 6 + 1.0);
  }
}

TEST_F(DoiNetworkTest, TransientFaultsAreRetriedUntilTheyPass) {
  faults({{{"fault", "status"}, {"status", 503}, {"path_prefix", "/works/"}, {"count", 2}},
          {{"fault", "reset"}, {"path_prefix", "/ra/"}, {"count", 1}}});
  const Lint run = lint({sample_article()});
  EXPECT_TRUE(run.result.findings.empty());
  EXPECT_EQ(notices_text(run.result).find("could not verify"), std::string::npos) << notices_text(run.result);
  EXPECT_EQ(stats()["total"].get<int>(), 2 + 2 + 2 + 1);  // 2 works + 2 retried, 2 prefixes + 1 retried
}

TEST_F(DoiNetworkTest, TheDeadlineEndsARunThatTheServerStalls) {
  faults({{{"fault", "stall"}, {"ms", 30000}}});
  const Lint run = lint({sample_article()}, [](NetworkSettings& network) {
    network.request_timeout_seconds = 30;
    network.deadline_seconds = 2;
  });
  EXPECT_LT(run.seconds, 3.5);
  EXPECT_TRUE(run.result.findings.empty());
  EXPECT_NE(notices_text(run.result).find("deadline"), std::string::npos) << notices_text(run.result);
}

TEST_F(DoiNetworkTest, OfflineUsesTheCacheOnlyAndCountsSkippedLookups) {
  const auto offline = [](NetworkSettings& network) { network.offline = true; };
  const Lint cold = lint({sample_article()}, offline);
  EXPECT_EQ(stats()["total"].get<int>(), 0);
  EXPECT_NE(notices_text(cold.result)
                .find("DOIs: 2 asked for, 0 from the cache, 2 skipped offline (not in the cache), "
                      "0 not verified"),
            std::string::npos)
      << notices_text(cold.result);

  const fs::path path = page("unknown.html", "<p>doi:10.1186/s12891-018-9999-9</p>");
  lint({path});  // fills the cache
  server_->control("/_control/reset", "{}");
  const Lint warm = lint({path}, offline);
  EXPECT_EQ(stats()["total"].get<int>(), 0);
  EXPECT_EQ(findings_of(warm.result, "doi-unresolvable").size(), 1u);
  EXPECT_EQ(notices_text(warm.result).find("skipped"), std::string::npos);
}

// The CI gate's one run: annotations, SARIF, JSON, the job summary and the HTML report from one lint, so one
// lookup per DOI; each report equals that of a run asking for it alone.
TEST_F(DoiNetworkTest, FiveReportsFromOneRunMakeOneLookupPerDoi) {
  const fs::path page = sample_with_one_digit_changed();
  RuleRegistry registry;
  register_all_rules(registry);
  const std::string base = server_->base_url();
  const auto reflint = [&](std::vector<std::string> formats) {
    std::vector<std::string> args = {"--no-cache",
                                     "--doi-resolver",
                                     base,
                                     "--crossref-api",
                                     base,
                                     "--datacite-api",
                                     base,
                                     "--europepmc-api",
                                     base,
                                     "--disable",
                                     "unverified-quote,misattributed-quote"};
    for (std::string& format : formats) args.insert(args.end(), {"--format", std::move(format)});
    args.push_back(page.string());
    return testing::run_reflint(registry, args);
  };
  const fs::path sarif = work_dir_ / "r.sarif", json_lines = work_dir_ / "r.json",
                 markdown = work_dir_ / "r.md", report = work_dir_ / "r.html";
  const testing::CliRun combined =
      reflint({"github", "sarif=" + sarif.string(), "json=" + json_lines.string(),
               "markdown=" + markdown.string(), "html=" + report.string()});
  EXPECT_EQ(combined.exit_code, 0) << combined.err;  // the mismatch is a warning
  const json counters = stats();
  EXPECT_EQ(counters["per_path"].value("/works/10.1186/s12891-018-2231-4", 0), 1) << counters.dump();
  EXPECT_EQ(counters["per_path"].value(fmt::format("/works/{}", kGul), 0), 1) << counters.dump();
  EXPECT_NE(combined.out.find("title=doi-metadata-mismatch::"), std::string::npos) << combined.out;
  EXPECT_EQ(combined.out, reflint({"github"}).out);
  EXPECT_EQ(testing::read_file(sarif), reflint({"sarif"}).out);
  EXPECT_EQ(testing::read_file(json_lines), reflint({"json"}).out);
  EXPECT_EQ(testing::read_file(markdown), reflint({"markdown"}).out);
  // An HTML report links to the page relative to its own folder: asked for alone, beside it.
  const fs::path alone = work_dir_ / "alone.html";
  reflint({"html=" + alone.string()});
  EXPECT_EQ(testing::read_file(report), testing::read_file(alone));
}

TEST_F(DoiNetworkTest, OfflineWithoutACacheLooksNothingUpAndSaysSoOnce) {
  const fs::path path = page("unknown.html", "<p>doi:10.1186/s12891-018-9999-9</p>");
  lint({path});  // the cache now knows the DOI is unknown; a run without the cache must not use it
  server_->control("/_control/reset", "{}");
  const Lint run = lint({path}, [](NetworkSettings& network) {
    network.offline = true;
    network.use_cache = false;
  });
  EXPECT_EQ(stats()["total"].get<int>(), 0);
  EXPECT_TRUE(findings_of(run.result, "doi-unresolvable").empty());
  const std::string notices = notices_text(run.result);
  EXPECT_NE(notices.find("offline without a cache: no DOI or quotation source looked up (doi-unresolvable, "),
            std::string::npos)
      << notices;
  EXPECT_EQ(notices.find("skipped offline"), std::string::npos) << notices;
  EXPECT_EQ(run.result.unverified_checks, 0u);
}

TEST_F(DoiNetworkTest, ACorruptCacheIsSetAsideAndRebuilt) {
  write_file(cache_, std::string(8192, 'x'));
  const Lint run = lint({sample_article()});
  EXPECT_TRUE(run.result.findings.empty());
  EXPECT_NE(notices_text(run.result).find("was unusable"), std::string::npos) << notices_text(run.result);
  EXPECT_TRUE(fs::exists(cache_.string() + ".corrupt"));
  server_->control("/_control/reset", "{}");
  lint({sample_article()});
  EXPECT_EQ(stats()["total"].get<int>(), 0);  // the rebuilt cache works
}

/// Runs `sql` on the SQLite file at `path` (a test's hand on the cache).
void run_sql(const fs::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

TEST_F(DoiNetworkTest, ACacheOfAnotherShapeIsSetAsideAndRebuilt) {
  run_sql(cache_, "CREATE TABLE lookups (k TEXT, v TEXT)");
  const Lint run = lint({sample_article()});
  EXPECT_NE(notices_text(run.result).find("was unusable"), std::string::npos) << notices_text(run.result);
  EXPECT_TRUE(fs::exists(cache_.string() + ".corrupt"));
  server_->control("/_control/reset", "{}");
  lint({sample_article()});
  EXPECT_EQ(stats()["total"].get<int>(), 0);  // the rebuilt cache works
}

TEST_F(DoiNetworkTest, ACacheRowOfTheWrongTypesIsAMissAndIsRewritten) {
  std::string body;
  for (int i = 0; i < 20; ++i) body += fmt::format("<p>Unknown: doi:10.1186/s12891-018-99{:02}-9</p>\n", i);
  const fs::path path = page("unknown.html", body);
  EXPECT_EQ(findings_of(lint({path}).result, "doi-unresolvable").size(), 20u);  // fills the cache
  run_sql(cache_, R"(UPDATE lookups SET value = '{"agency":42,"status":7}' WHERE key LIKE 'doi:%')");
  server_->control("/_control/reset", "{}");
  const Lint bad_rows = lint({path});
  EXPECT_EQ(findings_of(bad_rows.result, "doi-unresolvable").size(), 20u) << notices_text(bad_rows.result);
  EXPECT_GT(stats()["total"].get<int>(), 0);  // looked up again
  EXPECT_EQ(bad_rows.result.rule_failures, 0u) << notices_text(bad_rows.result);
  server_->control("/_control/reset", "{}");
  EXPECT_EQ(findings_of(lint({path}).result, "doi-unresolvable").size(), 20u);
  EXPECT_EQ(stats()["total"].get<int>(), 0);  // the rows were rewritten
}

TEST_F(DoiNetworkTest, ADeadRegistryHostFailsFastWithOneNotice) {
  // 27 pages, 81 DOIs of 27 prefixes: one agency lookup per prefix, all to a port nothing listens on.
  std::vector<fs::path> pages;
  pages.reserve(27);
  for (int p = 0; p < 27; ++p) {
    pages.push_back(
        page(fmt::format("page{:02}.html", p),
             fmt::format("<p>doi:10.{0}/a-{0}, doi:10.{0}/b-{0} and doi:10.{0}/c-{0}</p>", 5000 + p)));
  }
  const std::string dead = fmt::format("http://127.0.0.1:{}", testing::free_port());
  const Lint run = lint(pages, [&](NetworkSettings& network) {
    network.doi_resolver = network.crossref_api = network.datacite_api = dead;
    network.request_timeout_seconds = 30;
    network.deadline_seconds = 120;
  });
  EXPECT_LT(run.seconds, 10);
  EXPECT_TRUE(run.result.findings.empty());  // unverified, never "unresolvable"
  const std::string notices = notices_text(run.result);
  // A refused connection is not retried, and after three in a row the host is down for the run:
  // the remaining lookups fail at once, reported in one notice with their count.
  EXPECT_NE(notices.find("(0 retries)"), std::string::npos) << notices;
  EXPECT_NE(notices.find("is unreachable"), std::string::npos) << notices;
  size_t unverified_notices = 0;
  for (const Notice& notice : run.result.notices)
    unverified_notices += notice.message.starts_with("could not verify") ? 1 : 0;
  EXPECT_LE(unverified_notices, 10u) << notices;                        // 81 DOIs
  EXPECT_NE(notices.find(" DOIs (10."), std::string::npos) << notices;  // one notice for many
}

TEST_F(DoiNetworkTest, DataCiteRecordIsComparedWithItsReferenceEntry) {
  constexpr const char* kDataSet = "10.5281/zenodo.reflint-test-1";
  const fs::path path = page(
      "datacite.html",
      fmt::format("<p>Strength data were shared [1, 2].</p>\n"
                  "<p><strong>References:</strong></p>\n"
                  "<p>1 Smith J, Jones K. Knee pain in cyclists. Am J Sports Med. 2019;47:1-9. doi:{0}</p>\n"
                  "<p>2 Testauthor A. [TEST RECORD, fictional] Hip muscle strength measurements for "
                  "reflint tests. Zenodo. 2020. doi:{0}</p>",
                  kDataSet));
  for (const bool cached : {false, true}) {
    SCOPED_TRACE(cached ? "from the cache" : "from DataCite");
    const Lint run = lint({path});
    const auto mismatches = findings_of(run.result, "doi-metadata-mismatch");
    ASSERT_EQ(mismatches.size(), 1u) << notices_text(run.result);  // the matching entry 2 gives none
    const Finding& finding = *mismatches.front();
    EXPECT_EQ(finding.location.start.line, 4u);
    EXPECT_EQ(finding.location.snippet, fmt::format("doi:{}", kDataSet));
    // Both sides: DataCite's title, first creator, year and repository, and the entry as written.
    EXPECT_NE(finding.message.find("\"[TEST RECORD, fictional] Hip muscle strength measurements for reflint "
                                   "tests\" (Testauthor, 2020, Zenodo)"),
              std::string::npos)
        << finding.message;
    EXPECT_NE(finding.message.find("the reference reads \"Smith J, Jones K. Knee pain in cyclists"),
              std::string::npos)
        << finding.message;
    EXPECT_EQ(run.result.findings.size(), 1u);
    EXPECT_EQ(notices_text(run.result).find("could not verify"), std::string::npos)
        << notices_text(run.result);
    const json counters = stats();
    if (cached) {
      EXPECT_EQ(counters["total"].get<int>(), 0);
    } else {  // asked once, at DataCite (not at Crossref)
      EXPECT_EQ(counters["per_path"].value(fmt::format("/dois/{}", kDataSet), 0), 1);
      EXPECT_EQ(counters["per_path"].value(fmt::format("/works/{}", kDataSet), 0), 0);
    }
    server_->control("/_control/reset", "{}");
  }
}

/// The agency lookup failing leaves the handle API to say whether a DOI exists.
TEST_F(DoiNetworkTest, WithoutTheRegistrationAgencyTheHandleApiStillAnswersExistence) {
  faults({{{"fault", "status"}, {"status", 400}, {"path_prefix", "/ra/"}}});
  const fs::path path = page("no-agency.html",
                             "<p>Unknown suffix: doi:10.1186/s12891-018-9999-9.</p>\n"
                             "<p>Registered: doi:10.1186/s12891-018-2230-4</p>");
  const Lint run = lint({path});
  const auto unresolvable = findings_of(run.result, "doi-unresolvable");
  ASSERT_EQ(unresolvable.size(), 1u) << notices_text(run.result);
  EXPECT_EQ(unresolvable[0]->location.start.line, 2u);
  EXPECT_EQ(notices_text(run.result).find("could not verify"), std::string::npos) << notices_text(run.result);
  const json counters = stats();
  EXPECT_EQ(counters["per_path"].value(fmt::format("/api/handles/{}", kLoureiro), 0), 1) << counters.dump();
  EXPECT_EQ(counters["per_path"].value(fmt::format("/works/{}", kLoureiro), 0), 0);
}

/// Registry answers with nulls where text or objects belong used to throw on the network thread and
/// abort the whole run. Now records with null fields are still read, and an answer that cannot be
/// read leaves its DOI unverified.
TEST_F(DoiNetworkTest, RegistryAnswersWithNullsNeverEndTheRun) {
  constexpr const char* kDataSet = "10.5281/zenodo.reflint-test-1";
  const fs::path path = page(
      "nulls.html", fmt::format("<p><strong>References:</strong></p>\n"
                                "<p>1 Smith J, Jones K. Knee pain in cyclists. Am J Sports Med. 2019;47:1-9. "
                                "doi:{}</p>\n<p>2 Loureiro A, Constantinou M. Hip strength. 2018. doi:{}</p>",
                                kDataSet, kLoureiro));
  const json nulls = {
      {"data",
       {{"id", kDataSet},
        {"type", "dois"},
        {"attributes",
         {{"doi", kDataSet},
          {"titles",
           {{{"title", "[TEST RECORD, fictional] Hip muscle strength measurements for reflint tests"}},
            {{"title", nullptr}}}},
          {"creators", {{{"name", "Testauthor, Alex"}, {"familyName", nullptr}, {"givenName", nullptr}}}},
          {"container", nullptr},
          {"publicationYear", "2020"},
          {"descriptions", {{{"descriptionType", "Abstract"}, {"description", nullptr}}}}}}}}};
  faults({{{"fault", "body"}, {"path_prefix", "/dois/"}, {"body", nulls.dump()}},
          {{"fault", "body"},
           {"path_prefix", "/works/"},
           {"body", json{{"status", "ok"}, {"message", {{"title", {"T"}}, {"author", {nullptr}}}}}.dump()}}});
  const Lint run = lint({path});
  const auto mismatches = findings_of(run.result, "doi-metadata-mismatch");
  ASSERT_EQ(mismatches.size(), 1u) << notices_text(run.result);
  EXPECT_NE(mismatches.front()->message.find("(Testauthor, 2020)"), std::string::npos)
      << mismatches.front()->message;
  // A null among the authors is skipped; the rest of the work is read.
  EXPECT_EQ(notices_text(run.result).find("could not verify"), std::string::npos) << notices_text(run.result);

  server_->control("/_control/reset", "{}");
  fs::remove(cache_);
  faults({{{"fault", "body"}, {"path_prefix", "/dois/"}, {"body", R"({"data":null})"}}});
  const Lint missing = lint({path});
  EXPECT_TRUE(missing.result.findings.empty());
  EXPECT_NE(notices_text(missing.result)
                .find(fmt::format("could not verify DOI {}: DataCite sent a malformed answer", kDataSet)),
            std::string::npos)
      << notices_text(missing.result);
}

TEST_F(DoiNetworkTest, EndlessRedirectsStopAtMaxRedirectsAndLeaveTheDoiUnverified) {
  faults({{{"fault", "redirect"}, {"path_prefix", "/works/"}}});  // 302 back to the same URL
  const Lint run = lint({sample_article()}, [](NetworkSettings& network) { network.max_redirects = 3; });
  EXPECT_TRUE(run.result.findings.empty());  // in particular no doi-unresolvable
  const std::string notices = notices_text(run.result);
  for (const char* doi : {kLoureiro, kGul}) {
    EXPECT_NE(notices.find(fmt::format("could not verify DOI {}: Crossref: more than 3 redirects", doi)),
              std::string::npos)
        << notices;
    // The first request and 3 redirects, and no retry: the same request would loop again.
    EXPECT_EQ(stats()["per_path"].value(fmt::format("/works/{}", doi), 0), 1 + 3);
  }
  EXPECT_LT(run.seconds, 10.0);
}

TEST_F(DoiNetworkTest, RedirectsToOtherSchemesAreRefused) {
  for (const std::string& location :
       {std::string("file:///etc/passwd"), fmt::format("ftp://127.0.0.1:{}/etc/passwd", server_->port())}) {
    SCOPED_TRACE(location);
    server_->control("/_control/reset", "{}");
    fs::remove(cache_);
    faults({{{"fault", "redirect"}, {"path_prefix", "/works/"}, {"location", location}}});
    const Lint run = lint({sample_article()});
    EXPECT_TRUE(run.result.findings.empty());
    const std::string notices = notices_text(run.result);
    EXPECT_NE(
        notices.find(fmt::format("could not verify DOI {}: Crossref: refused to follow a redirect to {}: "
                                 "only http and https URLs are followed",
                                 kLoureiro, location)),
        std::string::npos)
        << notices;
    EXPECT_EQ(stats()["per_path"].value(fmt::format("/works/{}", kLoureiro), 0), 1);  // not retried
    EXPECT_LT(run.seconds, 10.0);
  }
}

TEST_F(DoiNetworkTest, ANonHttpRegistryBaseUrlIsRefusedAndNoFileIsRead) {
  // Crossref answers that would turn up as findings, were they read from the disk.
  const fs::path registry = work_dir_ / "registry";
  for (const char* doi : {kLoureiro, kGul}) {
    fs::create_directories((registry / "works" / doi).parent_path());
    write_file(registry / "works" / doi,
               json{{"status", "ok"},
                    {"message",
                     {{"DOI", doi},
                      {"title", {"Canary record that must never be read"}},
                      {"author", {{{"given", "Carl"}, {"family", "Canary"}, {"sequence", "first"}}}},
                      {"issued", {{"date-parts", {{1990}}}}},
                      {"updated-by", {{{"type", "retraction"}, {"DOI", "10.5555/canary"}}}}}}}
                   .dump());
  }
  const std::string base = "file://" + registry.string();
  const Lint run =
      lint({sample_article()}, [&base](NetworkSettings& network) { network.crossref_api = base; });
  EXPECT_TRUE(run.result.findings.empty());
  const std::string notices = notices_text(run.result);
  EXPECT_NE(
      notices.find(fmt::format("could not verify DOI {}: Crossref: refused to fetch {}/works/{}: only http "
                               "and https URLs are fetched",
                               kLoureiro, base, kLoureiro)),
      std::string::npos)
      << notices;
  EXPECT_NE(notices.find(fmt::format("could not verify DOI {}", kGul)), std::string::npos) << notices;
  EXPECT_EQ(stats()["total"].get<int>(), 2);  // the two agency lookups at the (http) resolver only
}

std::string http_date(std::chrono::system_clock::time_point when) {
  const std::time_t time = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return text;
}

TEST_F(DoiNetworkTest, ALongRetryAfterIsCappedThenRetried) {
  EXPECT_EQ(NetworkSettings{}.max_retry_after_seconds, 60);
  const auto capped = [](NetworkSettings& network) {
    network.max_retry_after_seconds = 1;
    network.max_retries = 2;
  };
  const std::string in_an_hour = http_date(std::chrono::system_clock::now() + std::chrono::hours(1));
  for (const std::string& retry_after : {std::string("3600"), in_an_hour}) {
    SCOPED_TRACE(retry_after);
    // Once: the capped wait, then the retry succeeds.
    server_->control("/_control/reset", "{}");
    fs::remove(cache_);
    faults({{{"fault", "status"},
             {"status", 429},
             {"retry_after", retry_after},
             {"path_prefix", fmt::format("/works/{}", kLoureiro)},
             {"count", 1}}});
    const Lint once = lint({sample_article()}, capped);
    EXPECT_TRUE(once.result.findings.empty());
    EXPECT_EQ(notices_text(once.result).find("could not verify"), std::string::npos)
        << notices_text(once.result);
    EXPECT_EQ(stats()["per_path"].value(fmt::format("/works/{}", kLoureiro), 0), 2);  // it did retry
    EXPECT_GE(once.seconds, 0.9);  // after waiting the cap (1 s), not the backoff alone
    EXPECT_LT(once.seconds, 30.0);

    // Always: every retry waits the cap, then the DOI is unverified, well within the deadline.
    server_->control("/_control/reset", "{}");
    fs::remove(cache_);
    faults({{{"fault", "status"},
             {"status", 429},
             {"retry_after", retry_after},
             {"path_prefix", fmt::format("/works/{}", kLoureiro)}}});
    const Lint always = lint({sample_article()}, capped);
    EXPECT_TRUE(always.result.findings.empty());
    EXPECT_NE(notices_text(always.result)
                  .find(fmt::format("could not verify DOI {}: Crossref answered HTTP 429 after 3 attempts",
                                    kLoureiro)),
              std::string::npos)
        << notices_text(always.result);
    EXPECT_EQ(stats()["per_path"].value(fmt::format("/works/{}", kLoureiro), 0), 3);
    EXPECT_LT(always.seconds, 30.0);
  }
}

TEST(DoiMetadataComparison, JudgesOnlyClearEvidence) {
  WorkMetadata record;
  record.title =
      "Individuals with mild-to-moderate hip osteoarthritis have lower limb muscle strength and volume "
      "deficits";
  record.first_author = "Loureiro";
  record.year = 2018;
  record.containers = {"BMC Musculoskeletal Disorders", "BMC Musculoskelet Disord"};
  const std::string entry =
      "4 Loureiro A, Constantinou M, Diamond LE, Beck B, Barrett R. Individuals with mild-to-moderate hip "
      "osteoarthritis have lower limb muscle strength and volume deficits. BMC Musculoskelet Disord. "
      "2018;19(1):303.";
  MetadataComparison same = compare_with_reference(record, entry, true);
  EXPECT_TRUE(same.bibliographic);
  EXPECT_DOUBLE_EQ(same.title_overlap, 1.0);
  EXPECT_EQ(same.author, Agreement::agrees);
  EXPECT_EQ(same.year, Agreement::agrees);
  EXPECT_EQ(same.journal, Agreement::agrees);
  EXPECT_FALSE(same.mismatch());

  const std::string other = "Smith J, Jones K. Knee pain in cyclists. Am J Sports Med. 2019;47:1-9.";
  const MetadataComparison different = compare_with_reference(record, other, false);
  EXPECT_TRUE(different.mismatch());
  EXPECT_EQ(different.year, Agreement::agrees);  // 2019 is within a year of 2018
  EXPECT_EQ(different.journal, Agreement::differs);

  // Running prose that links a DOI names no work to compare with.
  EXPECT_FALSE(compare_with_reference(record, "A recent study found that strength matters in 2018.", false)
                   .mismatch());
  // Words inside a DOI or an address are no evidence of title, author or journal.
  const MetadataComparison identifiers = compare_with_reference(
      record,
      "Smith J. Knee pain in cyclists. 2019. "
      "doi:10.5555/loureiro.bmc.musculoskelet.disord.hip.osteoarthritis "
      "https://example.org/individuals-with-mild-to-moderate-hip-osteoarthritis/Loureiro",
      true);
  EXPECT_EQ(identifiers.author, Agreement::differs);
  EXPECT_EQ(identifiers.journal, Agreement::differs);
  EXPECT_LT(identifiers.title_overlap, 0.2);
  EXPECT_TRUE(identifiers.mismatch());
  // An entry without a year ("in press") says nothing of the year: no evidence either way.
  EXPECT_EQ(compare_with_reference(record, "Loureiro A. Another title. Some Journal. In press.", true).year,
            Agreement::unknown);
  EXPECT_EQ(compare_with_reference(record, "Loureiro A (2018a) A title. Journal.", true).year,
            Agreement::agrees);
  // Accents and case do not matter for the author.
  record.first_author = "Gül";
  EXPECT_EQ(compare_with_reference(record, "Gul D, Orscelik A. Some title. 2018.", false).author,
            Agreement::agrees);
}

}  // namespace
}  // namespace reflint
