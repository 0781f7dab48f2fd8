// Site audits against tests/site_server (a generated site on 127.0.0.1, never the internet): a crawl
// fetches every page of its scope once and nothing else, within the per-host caps, and finds what a
// run over the same pages as files finds; re-audits download only what changed; sitemaps (an index of
// gzipped sitemaps found through robots.txt) and their <lastmod>; faults are notices. And the
// readers the audit uses: robots.txt rules, sitemaps, page links.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "lint/cli/progress.h"
#include "lint/html/site_markup.h"
#include "lint/net/robots.h"
#include "loopback_lint.h"
#include "rules/register_all.h"
#include "test_support.h"

namespace reflint {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

// The rules that would ask registries: off, so that nothing but the site is ever requested.
const std::string kOfflineRules =
    "doi-unresolvable,doi-metadata-mismatch,doi-retracted,unverified-quote,misattributed-quote";

/// The findings of JSON lines, each as "rule path:line:column message" with `base` (a URL or a
/// folder) taken out of paths and messages, so that a fetched page and its file compare equal.
std::vector<std::string> finding_keys(const std::string& json_lines, const std::string& base) {
  std::vector<std::string> keys;
  std::istringstream lines(json_lines);
  const auto local = [&base](std::string text) {
    for (size_t at = text.find(base); at != std::string::npos; at = text.find(base, at))
      text.erase(at, base.size());
    return text.empty() ? std::string("index.html") : text;
  };
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    const json finding = json::parse(line);
    keys.push_back(fmt::format("{} {}:{}:{} {}", finding["rule"].get<std::string>(),
                               local(finding["path"].get<std::string>()), finding["line"].get<int>(),
                               finding["column"].get<int>(), local(finding["message"].get<std::string>())));
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

class SiteAuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    register_all_rules(registry_);
    if (!fs::exists("/usr/bin/python3")) GTEST_SKIP() << "python3 is needed for the loopback site server";
    dir_ = testing::make_temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    // No retries of the 500 page (its backoff would only slow the test) and no politeness pauses.
    testing::write_file(
        dir_ / "reflint.toml",
        "[network]\nretries = 0\ntimeout-seconds = 1\nsite-rate = 1000\nsite-concurrency = 8\n");
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(dir_);
  }

  void start(int pages, int latency_ms, std::vector<std::string> more = {}) {
    std::vector<std::string> arguments = {
        "--pages", std::to_string(pages), "--latency-ms", std::to_string(latency_ms), "--slow-ms", "3000"};
    arguments.insert(arguments.end(), more.begin(), more.end());
    server_ = std::make_unique<testing::SiteServerProcess>(testing::source_dir(), arguments);
  }
  std::string site() const { return server_->base_url() + "/site/"; }
  json stats() const { return json::parse(server_->control("/_control/stats")); }

  /// reflint with the test's configuration and cache; JSON findings on standard output.
  testing::CliRun audit(std::vector<std::string> arguments) const {
    std::vector<std::string> all = {"--config",   (dir_ / "reflint.toml").string(),
                                    "--cache",    (dir_ / "cache.sqlite").string(),
                                    "--disable",  kOfflineRules,
                                    "--format",   "json",
                                    "--progress", "never"};
    all.insert(all.end(), arguments.begin(), arguments.end());
    return testing::run_reflint(registry_, all);
  }

  /// Changes page 7 and crawls again: that page alone is downloaded, and the findings are those of
  /// `before` (the lint saw every page, the unchanged ones from the cache).
  void expect_only_the_changed_page_downloaded(const testing::CliRun& before) {
    server_->control("/_control/change?page=7");
    server_->control("/_control/reset");
    const testing::CliRun changed = audit({"--crawl", site()});
    EXPECT_EQ(stats()["full_downloads"].get<int>(), 1) << "one page changed";
    EXPECT_EQ(stats()["per_path"]["/site/a/7.html"].get<int>(), 1);
    EXPECT_EQ(finding_keys(before.out, site()), finding_keys(changed.out, site()));
  }

  RuleRegistry registry_;
  fs::path dir_;
  std::unique_ptr<testing::SiteServerProcess> server_;
};

TEST_F(SiteAuditTest, CrawlFetchesEachPageOfItsScopeOnceAndFindsWhatTheFilesHold) {
  constexpr int kPages = 2000;
  start(kPages, 20);
  const testing::CliRun crawl = audit({"--no-cache", "--crawl", site()});
  ASSERT_EQ(crawl.exit_code, 1) << crawl.err;  // the site's malformed DOIs are errors

  const json counters = stats();
  const json& per_path = counters["per_path"];
  for (int page = 0; page < kPages; ++page) {
    const std::string path = fmt::format("/site/a/{}.html", page);
    ASSERT_TRUE(per_path.contains(path)) << path << " was never fetched";
    EXPECT_EQ(per_path[path].get<int>(), 1) << path;
  }
  for (const auto& [path, count] : per_path.items()) {
    // robots.txt, the sitemaps it names (the crawl reads their lastmod) and the crawl's scope.
    EXPECT_TRUE(path == "/robots.txt" || path == "/sitemap_index.xml" || path.starts_with("/sitemaps/") ||
                path.starts_with("/site/"))
        << path << " is out of scope";
    EXPECT_FALSE(path.starts_with("/site/private/")) << path << " is disallowed by robots.txt";
    EXPECT_EQ(count.get<int>(), 1) << path << " fetched more than once";
  }
  EXPECT_EQ(counters["disallowed_requests"].get<int>(), 0);
  EXPECT_LE(counters["max_in_flight"].get<int>(), 8) << "the per-host concurrency cap";
  EXPECT_NE(crawl.err.find("could not fetch the page: HTTP 500"), std::string::npos) << crawl.err;
  EXPECT_NE(crawl.err.find("redirects out of the audit's scope to http://127.0.0.2:9/elsewhere.html"),
            std::string::npos);
  // The slow page times out (timeout-seconds = 1); /site/index.html is a twin of /site/.
  EXPECT_NE(crawl.err.find("reflint: site: 2001 pages linted (2002 downloaded); not linted: 4 could not be "
                           "fetched, 1 not HTML, 1 disallowed by robots.txt, 3 out of scope, 1 twins by "
                           "rel=canonical"),
            std::string::npos)
      << crawl.err;

  // The same pages as files: the same findings, URLs in place of paths.
  std::string output;
  ASSERT_EQ(
      testing::run_command(fmt::format("/usr/bin/python3 {} --pages {} --write-pages {}",
                                       (testing::source_dir() / "tests/site_server/site_server.py").string(),
                                       kPages, (dir_ / "files").string()),
                           output),
      0)
      << output;
  fs::remove(dir_ / "files" / "slow.html");  // never fetched
  const testing::CliRun files = audit({"--no-cache", (dir_ / "files").string()});
  const std::vector<std::string> fetched = finding_keys(crawl.out, site());
  EXPECT_GE(fetched.size(), 24u) << "20 malformed DOIs and 4 shared paragraphs at least";
  EXPECT_EQ(fetched, finding_keys(files.out, (dir_ / "files").string() + "/"));
}

TEST_F(SiteAuditTest, SarifNamesAFetchedPageByItsUrl) {
  start(20, 0);
  const testing::CliRun run = audit({"--no-cache", "--format", "sarif=" + (dir_ / "out.sarif").string(),
                                     site() + "a/42.html", site() + "a/1.html"});
  ASSERT_EQ(run.exit_code, 0) << run.err;  // page 42 does not exist on a 20-page site: not fetched
  EXPECT_NE(run.err.find("a/42.html: warning: could not fetch the page: HTTP 404"), std::string::npos)
      << run.err;
  start(50, 0);
  const testing::CliRun found =
      audit({"--no-cache", "--format", "sarif=" + (dir_ / "out.sarif").string(), site() + "a/42.html"});
  ASSERT_EQ(found.exit_code, 1) << found.err;
  const json sarif = json::parse(testing::read_file(dir_ / "out.sarif"));
  const json& location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(location["artifactLocation"]["uri"], site() + "a/42.html");
  EXPECT_FALSE(location["artifactLocation"].contains("uriBaseId"));
  EXPECT_EQ(location["region"]["startLine"], 6);
}

TEST_F(SiteAuditTest, ReauditDownloadsOnlyWhatChanged) {
  start(300, 0, {"--no-robots-sitemap"});  // no lastmod to go by: every page is asked for again
  ASSERT_EQ(audit({"--crawl", site()}).exit_code, 1);
  EXPECT_EQ(stats()["full_downloads"].get<int>(), 300);

  server_->control("/_control/reset");
  const testing::CliRun again = audit({"--crawl", site()});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(stats()["full_downloads"].get<int>(), 0) << "nothing changed";
  EXPECT_EQ(stats()["not_modified"].get<int>(), 300);
  expect_only_the_changed_page_downloaded(again);
}

TEST_F(SiteAuditTest, PagesTheServerCallsFreshAreNotAskedForAgain) {
  start(100, 0, {"--max-age", "600"});
  const testing::CliRun first = audit({"--crawl", site()});
  server_->control("/_control/reset");
  const testing::CliRun again = audit({"--crawl", site()});
  const json counters = stats();  // a temporary's items() would outlive it
  for (const auto& [path, count] : counters["per_path"].items())
    EXPECT_FALSE(path.starts_with("/site/a/")) << path << " is fresh for 600 s (Cache-Control: max-age)";
  EXPECT_NE(again.err.find("100 still fresh"), std::string::npos) << again.err;
  EXPECT_EQ(finding_keys(first.out, site()), finding_keys(again.out, site()));

  start(100, 0, {"--max-age", "0", "--no-robots-sitemap"});  // max-age=0: revalidated every time
  audit({"--crawl", site()});
  server_->control("/_control/reset");
  audit({"--crawl", site()});
  EXPECT_EQ(stats()["not_modified"].get<int>(), 100);
}

TEST_F(SiteAuditTest, ACrawlGoesByTheLastmodOfTheSitemapsRobotsTxtNames) {
  start(300, 0);
  ASSERT_EQ(audit({"--crawl", site()}).exit_code, 1);
  EXPECT_EQ(stats()["full_downloads"].get<int>(), 300);
  EXPECT_EQ(stats()["per_path"]["/sitemap_index.xml"].get<int>(), 1);

  server_->control("/_control/reset");
  const testing::CliRun again = audit({"--crawl", site()});
  EXPECT_EQ(again.exit_code, 1);
  const json unchanged = stats();  // a temporary's items() would outlive it
  for (const auto& [path, count] : unchanged["per_path"].items())
    EXPECT_FALSE(path.starts_with("/site/a/")) << path << ": its lastmod had not changed";
  EXPECT_NE(again.err.find("300 by the sitemap's lastmod"), std::string::npos) << again.err;
  expect_only_the_changed_page_downloaded(again);

  server_->control("/_control/reset");
  audit({"--crawl", site(), "--ignore-lastmod"});
  EXPECT_EQ(stats()["not_modified"].get<int>(), 300) << "--ignore-lastmod asks for every page again";
  EXPECT_EQ(stats()["full_downloads"].get<int>(), 0);
}

TEST_F(SiteAuditTest, APageThatFailedLastTimeIsAskedOnceNotRetried) {
  start(20, 0);
  testing::write_file(dir_ / "reflint.toml",
                      "[network]\nretries = 2\ntimeout-seconds = 1\nsite-rate = 1000\n");
  const std::vector<std::string> pages = {site() + "error.html", site() + "a/1.html"};
  audit(pages);
  EXPECT_EQ(stats()["per_path"]["/site/error.html"].get<int>(), 3) << "the first attempt and two retries";
  server_->control("/_control/reset");
  const testing::CliRun again = audit(pages);
  EXPECT_EQ(stats()["per_path"]["/site/error.html"].get<int>(), 1) << "it failed last time: one attempt";
  EXPECT_NE(again.err.find("error.html: warning: could not fetch the page: HTTP 500"), std::string::npos)
      << again.err;
  EXPECT_EQ(stats()["per_path"]["/site/a/1.html"].get<int>(), 1);
}

TEST_F(SiteAuditTest, SitemapThroughRobotsTxtAndItsLastmodSparesRequests) {
  start(1500, 0);  // two gzipped child sitemaps
  const testing::CliRun first = audit({"--sitemap", server_->base_url()});
  ASSERT_EQ(first.exit_code, 1) << first.err;
  const json counters = stats();
  EXPECT_EQ(counters["full_downloads"].get<int>(), 1500);
  EXPECT_EQ(counters["per_path"]["/sitemaps/1.xml.gz"].get<int>(), 1);
  EXPECT_FALSE(counters["per_path"].contains("/site/go/1")) << "a sitemap's pages are not crawled";

  server_->control("/_control/reset");
  const testing::CliRun again = audit({"--sitemap", server_->base_url()});
  EXPECT_EQ(finding_keys(first.out, site()), finding_keys(again.out, site()));
  const json unchanged = stats();  // a temporary's items() would outlive it
  for (const auto& [path, count] : unchanged["per_path"].items())
    EXPECT_FALSE(path.starts_with("/site/")) << path << ": its lastmod had not changed";

  server_->control("/_control/change?page=1200");
  server_->control("/_control/reset");
  audit({"--sitemap", server_->base_url()});
  EXPECT_EQ(stats()["full_downloads"].get<int>(), 1);
  EXPECT_EQ(stats()["per_path"]["/site/a/1200.html"].get<int>(), 1);
}

TEST_F(SiteAuditTest, ShardsOfASitemapAuditFetchEachPageOnceAndMergeIntoTheSingleAudit) {
  constexpr int kPages = 1000;  // pages 3 and 4 of every 500 share paragraphs: compared across shards
  start(kPages, 0);
  const testing::CliRun single = audit({"--no-cache", "--sitemap", server_->base_url()});
  ASSERT_EQ(single.exit_code, 1) << single.err;
  server_->control("/_control/reset");
  std::vector<std::string> merge = {"merge", "--format", "json"};
  size_t sharded_findings = 0;
  for (int index = 1; index <= 4; ++index) {
    const std::string state = (dir_ / fmt::format("shard-{}.json", index)).string();
    const testing::CliRun shard = audit({"--no-cache", "--shard", fmt::format("{}/4", index), "--shard-file",
                                         state, "--sitemap", server_->base_url()});
    ASSERT_EQ(shard.exit_code, 0) << shard.err;
    EXPECT_NE(shard.err.find("left to other shards"), std::string::npos) << shard.err;
    sharded_findings += static_cast<size_t>(std::count(shard.out.begin(), shard.out.end(), '\n'));
    merge.push_back(state);
  }
  const json counters = stats();
  EXPECT_EQ(counters["full_downloads"].get<int>(), kPages) << "the shards share the pages out";
  for (int page = 0; page < kPages; ++page) {
    const std::string path = fmt::format("/site/a/{}.html", page);
    EXPECT_EQ(counters["per_path"].value(path, 0), 1) << path;
  }
  const testing::CliRun merged = testing::run_reflint(registry_, merge);
  EXPECT_EQ(merged.exit_code, single.exit_code) << merged.err;
  EXPECT_EQ(merged.out, single.out);
  EXPECT_LT(sharded_findings, static_cast<size_t>(std::count(single.out.begin(), single.out.end(), '\n')))
      << "copies across shards are the merge's to find";
  // The pages, as one audit counts them (each shard asks for robots.txt and the sitemaps itself).
  const auto pages_linted = [](const std::string& err) {
    const size_t start = err.find("reflint: site:");
    return start == std::string::npos ? "" : err.substr(start, err.find(')', start) - start);
  };
  EXPECT_EQ(pages_linted(merged.err), "reflint: site: 1000 pages linted (1000 downloaded");
  EXPECT_EQ(pages_linted(merged.err), pages_linted(single.err));
}

TEST_F(SiteAuditTest, PagesThatFailAreNoticesAndTheOthersAreLinted) {
  start(200, 0);
  testing::write_file(
      dir_ / "urls.txt",
      fmt::format("# pages to audit\n{0}a/142.html\n{0}slow.html\n{0}error.html\n{0}file.pdf\n"
                  "{0}gone.html\nnot a url\n",
                  site()));
  const testing::CliRun run = audit({"--urls-from", (dir_ / "urls.txt").string()});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.out.find("a/142.html"), std::string::npos) << "the fetched page's findings";
  EXPECT_NE(run.err.find("slow.html: warning: could not fetch the page: Operation timed out"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("error.html: warning: could not fetch the page: HTTP 500"), std::string::npos);
  EXPECT_NE(run.err.find("gone.html: warning: could not fetch the page: HTTP 410"), std::string::npos);
  EXPECT_NE(run.err.find("warning: not an http or https URL: not a url"), std::string::npos);
  EXPECT_NE(run.err.find("1 page linted (1 downloaded); not linted: 3 could not be fetched, 1 not HTML"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("reflint: findings per rule: doi-malformed 1\n"), std::string::npos) << run.err;
}

TEST_F(SiteAuditTest, ResetsOversizedPagesAndTheDeadlineAreNoticesToo) {
  start(200, 0);
  const testing::CliRun run =
      audit({"--max-input-mb", "1", site() + "a/142.html", site() + "huge.html", site() + "reset.html"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.out.find("a/142.html"), std::string::npos);
  EXPECT_NE(run.err.find("huge.html: warning: could not fetch the page: the response exceeds 1048576 bytes"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("reset.html: warning: could not fetch the page: "), std::string::npos) << run.err;

  // A deadline shorter than the slow page: it fails at the deadline, the page fetched before is linted.
  testing::write_file(
      dir_ / "reflint.toml",
      "[network]\nretries = 0\nsite-deadline-seconds = 1\nsite-rate = 1000\nsite-concurrency = 1\n");
  const testing::CliRun late = audit({"--no-cache", site() + "a/142.html", site() + "slow.html"});
  EXPECT_EQ(late.exit_code, 1) << late.err;
  EXPECT_NE(late.out.find("a/142.html"), std::string::npos);
  // Its request is cut at the deadline: by the deadline itself, or by its timeout, which never runs past it.
  const size_t notice = late.err.find("slow.html: warning: could not fetch the page: ");
  ASSERT_NE(notice, std::string::npos) << late.err;
  const std::string why = late.err.substr(notice, late.err.find('\n', notice) - notice);
  EXPECT_TRUE(why.find("the network deadline of 1 s was reached") != std::string::npos ||
              why.find("Operation timed out") != std::string::npos)
      << why;
}

TEST_F(SiteAuditTest, PagesNamingEachOtherCanonicalAreBothLinted) {
  start(20, 0);
  const testing::CliRun run = audit({"--no-cache", site() + "cycle-a.html", site() + "cycle-b.html"});
  EXPECT_NE(run.err.find("reflint: site: 2 pages linted (2 downloaded); 0 redirects"), std::string::npos)
      << "neither says it is the original: " << run.err;
}

TEST_F(SiteAuditTest, GlobsChoosePagesAndSavedPagesAreTheBytesFetched) {
  start(40, 0);
  testing::write_file(dir_ / "reflint.toml",
                      "exclude = [\"site/a/2?.html\"]\n[network]\nretries = 0\ntimeout-seconds = 1\n"
                      "site-rate = 1000\nsite-concurrency = 8\n");
  const testing::CliRun run = audit({"--no-cache", "--save-pages", (dir_ / "saved").string(), "--exclude-url",
                                     "*/a/1?.html", "--crawl", site()});
  const json counters = stats();
  for (int page = 10; page < 30; ++page) {  // --exclude-url, and the configuration's exclude
    const std::string path = fmt::format("/site/a/{}.html", page);
    EXPECT_FALSE(counters["per_path"].contains(path)) << path << '\n' << run.err;
  }
  EXPECT_TRUE(counters["per_path"].contains("/site/a/5.html"));
  const fs::path saved =
      dir_ / "saved" / fmt::format("127.0.0.1_{}", server_->port()) / "site" / "a" / "35.html";
  ASSERT_TRUE(fs::exists(saved)) << run.err;
  std::string output;
  ASSERT_EQ(
      testing::run_command(fmt::format("/usr/bin/python3 {} --pages 40 --write-pages {}",
                                       (testing::source_dir() / "tests/site_server/site_server.py").string(),
                                       (dir_ / "files").string()),
                           output),
      0);
  EXPECT_EQ(testing::read_file(saved), testing::read_file(dir_ / "files" / "a" / "35.html"));
  EXPECT_TRUE(
      fs::exists(dir_ / "saved" / fmt::format("127.0.0.1_{}", server_->port()) / "site" / "index.html"));
  EXPECT_FALSE(fs::exists(saved.parent_path() / "15.html"));
}

TEST_F(SiteAuditTest, CrawlDelayOfRobotsTxtSlowsTheCrawl) {
  start(12, 0, {"--crawl-delay", "0.25"});
  ASSERT_EQ(audit({"--no-cache", "--max-pages", "12", "--crawl", site()}).exit_code, 0);
  // At most one request per 0.25 s after robots.txt: 4 and robots.txt itself in any second.
  EXPECT_LE(stats()["max_per_second"].get<int>(), 5);
}

TEST_F(SiteAuditTest, MaxPagesAndDepthBoundTheCrawl) {
  start(500, 0);
  const testing::CliRun run = audit({"--no-cache", "--max-pages", "30", "--crawl", site()});
  EXPECT_NE(run.err.find("more pages were found than --max-pages 30 lets the audit fetch"), std::string::npos)
      << run.err;
  EXPECT_LE(stats()["requests"].get<int>(), 31);
  server_->control("/_control/reset");
  audit({"--no-cache", "--max-depth", "0", "--crawl", site() + "a/5.html"});
  EXPECT_EQ(stats()["requests"].get<int>(), 2) << "robots.txt and the root alone";
}

TEST(Progress, RedrawnOnATerminalAndStatusLinesElsewhere) {
  if (!fs::exists("/usr/bin/python3")) GTEST_SKIP() << "python3 is needed for the loopback site server";
  std::string output;
  const int status = testing::run_command(
      fmt::format("/usr/bin/python3 {} {} {}",
                  (testing::source_dir() / "tests/tools/check_progress.py").string(), REFLINT_BINARY,
                  (testing::source_dir() / "tests/site_server/site_server.py").string()),
      output);
  EXPECT_EQ(status, 0) << output;
}

TEST(Statistics, FindingsPerRuleAndPageInsteadOfTheFindings) {
  RuleRegistry registry;
  register_all_rules(registry);
  const fs::path folder = testing::source_dir() / "fixtures" / "doi-malformed";
  const testing::CliRun listed = testing::run_reflint(registry, {"--offline", "--no-cache", folder.string()});
  const testing::CliRun counted =
      testing::run_reflint(registry, {"--offline", "--no-cache", "--statistics", folder.string()});
  EXPECT_EQ(counted.exit_code, listed.exit_code);
  ASSERT_TRUE(counted.out.starts_with("  COUNT  RULE\n")) << counted.out;
  size_t malformed = 0;
  for (size_t at = listed.out.find("[doi-malformed]"); at != std::string::npos;
       at = listed.out.find("[doi-malformed]", at + 1))
    ++malformed;
  ASSERT_GT(malformed, 0u);
  EXPECT_NE(counted.out.find(fmt::format("{:>7}  doi-malformed\n", malformed)), std::string::npos)
      << counted.out;
  EXPECT_EQ(counted.out.find("error:"), std::string::npos) << "no finding is listed";
  EXPECT_NE(counted.out.find("  COUNT  PAGE\n"), std::string::npos);
  EXPECT_NE(counted.out.find((folder / "space.html").string()), std::string::npos);
}

TEST(Progress, TheLineSaysWhereTheRunIs) {
  RunProgress progress;
  progress.site.found = 40;
  progress.site.fetched = 10;
  progress.site.waiting = 3;
  EXPECT_EQ(
      ProgressDisplay::describe(progress, std::chrono::seconds(5)),
      "reflint: 40 pages found, 10 fetched, 3 requests waiting, 0 findings so far; 2.0 pages/s; about 15 s "
      "left; 5 s");
  progress.inputs = 40;
  progress.linted = 30;
  progress.findings = 7;
  progress.lookups.asked = 12;
  progress.lookups.answered = 9;
  EXPECT_EQ(
      ProgressDisplay::describe(progress, std::chrono::seconds(75)),
      "reflint: 30 of 40 pages linted, 12 lookups (3 waiting), 7 findings so far; 0.4 pages/s; about 25 s "
      "left; 1 min 15 s");
}

TEST(RobotsRules, LongestMatchWinsAndAllowWinsTies) {
  const RobotsRules rules = RobotsRules::parse(
      "User-agent: other\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\nAllow: /private/open*.html$\n"
      "Disallow: /*.pdf$\nCrawl-delay: 2\nSitemap: https://example.org/sitemap.xml\n",
      "reflint");
  EXPECT_TRUE(rules.allows("/site/a.html"));
  EXPECT_FALSE(rules.allows("/private/closed.html"));
  EXPECT_TRUE(rules.allows("/private/open-1.html"));
  EXPECT_FALSE(rules.allows("/private/open-1.html?x"));
  EXPECT_FALSE(rules.allows("/files/a.pdf"));
  EXPECT_TRUE(rules.allows("/files/a.pdf?download"));
  EXPECT_FALSE(rules.allows("/%70rivate/x")) << "percent-encoded unreserved characters compare decoded";
  EXPECT_DOUBLE_EQ(rules.crawl_delay_seconds(), 2);
  EXPECT_EQ(rules.sitemaps(), std::vector<std::string>{"https://example.org/sitemap.xml"});
}

TEST(RobotsRules, AGroupNamingReflintReplacesTheStarGroup) {
  const RobotsRules rules = RobotsRules::parse(
      "User-agent: *\nDisallow: /\n\nUser-agent: Googlebot\nUser-agent: REFLINT\nDisallow: /x\n", "reflint");
  EXPECT_TRUE(rules.allows("/a"));
  EXPECT_FALSE(rules.allows("/x/y"));
  EXPECT_FALSE(RobotsRules::parse("User-agent: *\nDisallow: /\n", "reflint").allows("/a"));
  EXPECT_TRUE(RobotsRules::parse("User-agent: *\nDisallow:\n", "reflint").allows("/a"));
  EXPECT_FALSE(RobotsRules::disallow_all().allows("/"));
}

TEST(SiteMarkup, PageLinksSkipNofollowAndReadBaseAndCanonical) {
  const PageLinks links = page_links(
      "<html><head><base href=\"/b/\"><link rel=\"alternate canonical\" href=\"/c.html\"></head><body>"
      "<a href=\" x.html \">x</a><a href=\"y.html\" rel=\"nofollow\">y</a><map><area href=\"z.html\"></map>"
      "</body></html>");
  EXPECT_EQ(links.base, "/b/");
  EXPECT_EQ(links.canonical, "/c.html");
  EXPECT_EQ(links.hrefs, (std::vector<std::string>{"x.html", "z.html"}));
  EXPECT_FALSE(links.nofollow);
  EXPECT_TRUE(page_links("<meta name=\"ROBOTS\" content=\"noindex, nofollow\"><a href=\"a\">a</a>").nofollow);
}

TEST(SiteMarkup, SitemapsAndIndexesAreReadWithoutExternalEntities) {
  const Sitemap urls = read_sitemap(
      "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
      "<url><loc> https://example.org/a "
      "</loc><lastmod>2026-01-02</lastmod></url><url><loc>https://example.org/b"
      "</loc></url></urlset>");
  ASSERT_EQ(urls.kind, Sitemap::Kind::urlset);
  ASSERT_EQ(urls.entries.size(), 2u);
  EXPECT_EQ(urls.entries[0].location, "https://example.org/a");
  EXPECT_EQ(urls.entries[0].lastmod, "2026-01-02");
  EXPECT_EQ(
      read_sitemap("<sitemapindex><sitemap><loc>https://example.org/s.xml.gz</loc></sitemap></sitemapindex>")
          .kind,
      Sitemap::Kind::index);
  const Sitemap hostile = read_sitemap(
      "<?xml version=\"1.0\"?><!DOCTYPE u [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
      "<urlset><url><loc>https://example.org/&x;</loc></url></urlset>");
  for (const SitemapEntry& entry : hostile.entries)
    EXPECT_EQ(entry.location.find("root:"), std::string::npos);
  EXPECT_EQ(read_sitemap("<html><body>not a sitemap</body></html>").kind, Sitemap::Kind::unreadable);
}

}  // namespace
}  // namespace reflint
