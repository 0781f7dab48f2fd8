// The HTML report as a person opens it: every fixture linted once into an HTML and a JSON report,
// the HTML opened in headless Chromium through Selenium (tests/tools/check_html_report.py): its
// totals and per-rule counts equal the JSON's, the rule filter shows exactly each rule's findings,
// and the page requests nothing.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "rules/register_all.h"
#include "test_support.h"

namespace reflint {
namespace {

namespace fs = std::filesystem;

TEST(HtmlReport, MatchesTheJsonInChromiumAndRequestsNothing) {
  RuleRegistry registry;
  register_all_rules(registry);
  const fs::path dir = fs::temp_directory_path() / fmt::format("reflint-html-{}", ::getpid());
  fs::create_directories(dir);
  const fs::path html = dir / "report.html";
  const fs::path json = dir / "findings.json";
  const testing::CliRun run = testing::run_reflint(
      registry, {"--offline", "--no-cache", "--fail-on", "none", "--format", "html=" + html.string(),
                 "--format", "json=" + json.string(), (testing::source_dir() / "fixtures").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::string output;
  const int status = testing::run_command(
      fmt::format("/usr/bin/python3 '{}' '{}' '{}'",
                  (testing::source_dir() / "tests" / "tools" / "check_html_report.py").string(),
                  html.string(), json.string()),
      output);
  fs::remove_all(dir);
  if (status == 77 && std::getenv("CI") == nullptr) GTEST_SKIP() << output;
  EXPECT_EQ(status, 0) << output;
  EXPECT_NE(output.find(" 0 requests besides the report"), std::string::npos) << output;
}

}  // namespace
}  // namespace reflint
