// SARIF output: GitHub's line hashes against golden values from an independent BigInt port of
// github/codeql-action's fingerprints.ts; the log validated against the OASIS schema
// (python3-jsonschema) and by the SARIF Multitool (`validate --rule-kind "Sarif;Ghas"`).

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "lint/cli/app.h"
#include "lint/report/report.h"
#include "rules/register_all.h"
#include "test_rules.h"
#include "test_support.h"

namespace reflint {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

TEST(LineHash, MatchesGithubUploadAction) {
  EXPECT_EQ(line_hashes("<p>hello</p>\n<p>world</p>\n"),
            (std::vector<std::string>{"e1a452a447b78dcd:1", "5298ebe48da4bc98:1", "c129715d7a2bc9a3:1"}));
  EXPECT_EQ(line_hashes("a\r\nb\rc\n\n  indented\tline\n"),
            (std::vector<std::string>{"553d9d2d002bf542:1", "cee4ddd158618453:1", "2ea36663ab9fdee7:1",
                                      "e1969970e68906:1", "287a9e2752313b74:1", "c129715d7a2bc9a3:1"}));
  EXPECT_EQ(line_hashes("same\nsame\nsame\n"),
            (std::vector<std::string>{"55dfc028cbd34ba7:1", "54dd522503d971eb:1", "930af01a65e2307f:1",
                                      "c129715d7a2bc9a3:1"}));
  EXPECT_EQ(line_hashes("<p>café 😀 日本</p>\n"),
            (std::vector<std::string>{"f5ffbe9c82feb94d:1", "c129715d7a2bc9a3:1"}));
  EXPECT_EQ(line_hashes("a\x80\nb"), (std::vector<std::string>{"85835f47cc721559:1", "8ee5a81e681643c1:1"}));
}

class SarifTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / fmt::format("reflint-sarif-{}", ::getpid());
    fs::create_directories(dir_ / "site");
    previous_ = fs::current_path();
    fs::current_path(dir_);
    std::ofstream("site/a.html")
        << "<html><body>\n<p>a FLAG and BOOM</p>\n<p>FLAG again, caf\xC3\xA9</p>\n</body></html>";
    std::ofstream("site/b b.html") << "<p>BOOM</p><!-- reflint-disable nonexistent-rule -->";
    std::ofstream("site/bad.html") << "<p>bad \x80 byte FLAG</p>";
  }
  void TearDown() override {
    fs::current_path(previous_);
    fs::remove_all(dir_);
  }

  /// Lints the site (plus a missing file, for a notification) with the test rules.
  json lint_to_sarif() {
    RuleRegistry registry;
    testing::register_test_rules(registry);
    const char* argv[] = {"reflint", "--format", "sarif", "-o", "out.sarif", "site", "missing.html"};
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    EXPECT_EQ(run_cli(7, argv, registry, in, out, err), 2);
    return json::parse(testing::read_file("out.sarif"));
  }

  /// Lints every fixture with every rule of reflint itself, offline and without a cache. The fixtures
  /// with registry data (see fixtures_test.cpp) are linted like any page: their DOI lookups are only
  /// listed as skipped, so the DOI network rules, which judge nothing but registry answers, find
  /// nothing here.
  /// The fixtures' SARIF against a baseline of them that lacks their first finding and holds one
  /// that is gone: results in all three baseline states.
  static void lint_fixtures_to_sarif() {
    RuleRegistry registry;
    register_all_rules(registry);
    const std::string fixtures = (testing::source_dir() / "fixtures").string();
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    const char* write_argv[] = {"reflint",          "--offline", "--no-cache",
                                "--write-baseline", "base.json", fixtures.c_str()};
    EXPECT_LE(run_cli(6, write_argv, registry, in, out, err), 1) << err.str();
    json baseline = json::parse(testing::read_file("base.json"));
    ASSERT_GE(baseline["findings"].size(), 2u);
    baseline["findings"].erase(0);
    baseline["findings"].push_back({{"path", "gone.html"},
                                    {"rule", "doi-malformed"},
                                    {"fingerprint", "0"},
                                    {"level", "error"},
                                    {"line", 3},
                                    {"column", 7},
                                    {"message", "fixed since"}});
    std::ofstream("base.json") << baseline.dump();
    const char* argv[] = {"reflint",  "--offline", "--no-cache", "--baseline",     "base.json",
                          "--format", "sarif",     "-o",         "fixtures.sarif", fixtures.c_str()};
    EXPECT_LE(run_cli(10, argv, registry, in, out, err), 1) << err.str();
    const json log = json::parse(testing::read_file("fixtures.sarif"));
    std::set<std::string> states;
    for (const json& result : log["runs"][0]["results"]) states.insert(result.value("baselineState", ""));
    EXPECT_EQ(states, (std::set<std::string>{"new", "unchanged", "absent"}));
    for (const json& result : log["runs"][0]["results"]) {
      const std::string rule = result["ruleId"];
      EXPECT_TRUE(rule != "doi-unresolvable" && rule != "doi-metadata-mismatch" && rule != "doi-retracted")
          << "offline, yet " << result.dump();
    }
  }

  fs::path dir_;
  fs::path previous_;
};

TEST_F(SarifTest, LogCarriesRulesResultsAndNotifications) {
  const json log = lint_to_sarif();
  const json& run = log["runs"][0];
  EXPECT_EQ(log["version"], "2.1.0");
  EXPECT_EQ(run["columnKind"], "unicodeCodePoints");
  EXPECT_EQ(run["tool"]["driver"]["name"], "reflint");
  const json& rules = run["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.size(), 2u);
  for (const json& result : run["results"]) {
    EXPECT_EQ(rules[result["ruleIndex"].get<size_t>()]["id"], result["ruleId"]);
    const json& location = result["locations"][0]["physicalLocation"];
    EXPECT_EQ(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    EXPECT_TRUE(result["partialFingerprints"].contains("primaryLocationLineHash"));
    EXPECT_TRUE(result["partialFingerprints"].contains("reflint/content/v1"));
  }
  EXPECT_EQ(run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "site/a.html");
  EXPECT_EQ(run["results"][0]["locations"][0]["physicalLocation"]["region"],
            json({{"startLine", 2}, {"startColumn", 6}, {"endLine", 2}, {"endColumn", 10}}));
  bool has_related = false;
  bool has_encoded_uri = false;
  for (const json& result : run["results"]) {
    has_related = has_related || result.contains("relatedLocations");
    has_encoded_uri =
        has_encoded_uri ||
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "site/b%20b.html";
  }
  EXPECT_TRUE(has_related);
  EXPECT_TRUE(has_encoded_uri);
  const json& invocation = run["invocations"][0];
  EXPECT_EQ(invocation["exitCode"], 2);
  EXPECT_FALSE(invocation["executionSuccessful"]);
  std::string notifications = invocation["toolExecutionNotifications"].dump();
  EXPECT_NE(notifications.find("cannot read the file"), std::string::npos);
  EXPECT_NE(notifications.find("unknown rule 'nonexistent-rule'"), std::string::npos);
  EXPECT_NE(notifications.find("U+FFFD"), std::string::npos);
}

TEST_F(SarifTest, ValidatesAgainstTheOasisSchema) {
  const fs::path schema = testing::shared_dir() / "corpus" / "schemas" / "sarif-schema-2.1.0.json";
  if (!fs::exists(schema)) GTEST_SKIP() << "../shared/corpus/schemas is absent: schema validation skipped";
  lint_to_sarif();
  lint_fixtures_to_sarif();
  std::string output;
  const std::string validator = (testing::source_dir() / "tests" / "tools" / "validate_sarif.py").string();
  const int status = testing::run_command(
      fmt::format("/usr/bin/python3 '{}' '{}' out.sarif fixtures.sarif", validator, schema.string()), output);
  EXPECT_EQ(status, 0) << output;
  EXPECT_NE(output.find("2 file(s) checked, 0 schema error(s)"), std::string::npos) << output;
}

TEST_F(SarifTest, PassesTheSarifMultitool) {
  const fs::path multitool = testing::source_dir() / "tools" / "node_modules" / "@microsoft" /
                             "sarif-multitool-linux" / "Sarif.Multitool";
  if (!fs::exists(multitool)) {
    if (std::getenv("CI") != nullptr) FAIL() << "SARIF Multitool missing in CI: run tools/setup.sh --test";
    GTEST_SKIP() << "SARIF Multitool not installed (tools/setup.sh --test installs it from npm)";
  }
  lint_to_sarif();
  lint_fixtures_to_sarif();
  for (const std::string log : {"out.sarif", "fixtures.sarif"}) {
    std::string output;
    const int status = testing::run_command(
        fmt::format("'{}' validate --rule-kind 'Sarif;Ghas' --output validation.sarif {}", multitool.string(),
                    log),
        output);
    EXPECT_EQ(status, 0) << output;
    const json validation = json::parse(testing::read_file("validation.sarif"));
    std::vector<std::string> errors;
    for (const json& result : validation["runs"][0]["results"]) {
      if (result.value("level", "warning") == "error") errors.push_back(result["message"].dump());
    }
    EXPECT_TRUE(errors.empty()) << log << ":\n"
                                << fmt::format("{}", fmt::join(errors, "\n")) << "\n"
                                << output;
    fs::remove("validation.sarif");
  }
}

}  // namespace
}  // namespace reflint
