// Runs every fixture under fixtures/<rule-id>/ with only that rule enabled and compares the
// findings with the expectations written inside the fixture, next to the offending text:
//
//   <!-- expect: RULE-ID "part of the message" -->        a finding on this comment's line
//   <!-- expect: RULE-ID:COLUMN "part of the message" -->  ... starting at this column
//
// A fixture is one .html file, or a folder of pages linted together in one run (site-wide rules).
// Lines without an expectation must have no finding: the must-not-warn cases live in the same
// files. fixtures/clean/ must give no finding from any offline rule.

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "lint/core/runner.h"
#include "rules/register_all.h"
#include "test_support.h"

namespace reflint {
namespace {
namespace fs = std::filesystem;

struct Expectation {
  std::string path;
  uint32_t line = 0;
  uint32_t column = 0;  // 0: any
  std::string rule;
  std::string message_part;
};

std::vector<Expectation> read_expectations(const fs::path& file) {
  std::vector<Expectation> expectations;
  const std::string bytes = testing::read_file(file);
  static const RE2 kExpect(R"re((<!--\s*expect:\s*([a-z0-9-]+)(?::(\d+))?\s*(?:"([^"]*)")?\s*-->))re");
  uint32_t line = 1;
  const char* counted = bytes.data();
  re2::StringPiece rest(bytes);
  re2::StringPiece whole;
  std::string rule;
  std::string column;
  std::string message_part;
  while (RE2::FindAndConsume(&rest, kExpect, &whole, &rule, &column, &message_part)) {
    line += static_cast<uint32_t>(std::count(counted, whole.data(), '\n'));
    counted = whole.data();
    expectations.push_back({file.string(), line,
                            column.empty() ? 0u : static_cast<uint32_t>(std::stoul(column)), rule,
                            message_part});
  }
  return expectations;
}

struct FixtureCase {
  std::string name;  // for the test name
  std::string rule;  // the folder's rule id, or "clean"
  fs::path path;     // a file, or a folder linted as one site
};

std::vector<FixtureCase> discover_fixtures() {
  std::vector<FixtureCase> cases;
  const fs::path root = testing::source_dir() / "fixtures";
  std::error_code error;
  for (const auto& rule_dir : fs::directory_iterator(root, error)) {
    if (!rule_dir.is_directory()) continue;
    const std::string rule = rule_dir.path().filename().string();
    if (rule == "sample") continue;  // the bundled article has tests of its own
    for (const auto& entry : fs::directory_iterator(rule_dir.path())) {
      const bool page = entry.is_regular_file() && entry.path().extension() == ".html";
      if (!page && !entry.is_directory()) continue;
      std::string name = rule + "_" + entry.path().stem().string();
      std::replace_if(
          name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
      cases.push_back({name, rule, entry.path()});
    }
  }
  std::sort(cases.begin(), cases.end(),
            [](const FixtureCase& a, const FixtureCase& b) { return a.name < b.name; });
  return cases;
}

// Names the fixture in test listings instead of printing the parameter's bytes.
void PrintTo(const FixtureCase& fixture, std::ostream* out) {
  *out << fixture.path.generic_string();
}

class FixtureTest : public ::testing::TestWithParam<FixtureCase> {};

TEST_P(FixtureTest, FindingsMatchExpectations) {
  const FixtureCase& fixture = GetParam();
  RuleRegistry registry;
  register_all_rules(registry);
  const bool clean = fixture.rule == "clean";
  if (!clean) {
    ASSERT_NE(registry.find(fixture.rule), nullptr) << "fixtures/" << fixture.rule << " names no rule";
  }

  RunOptions options;
  options.jobs = 1;
  options.config_file = testing::source_dir() / "fixtures" / "fixture.reflint.toml";
  for (const auto& rule : registry.rules()) {
    const bool wanted = clean ? !rule->meta().needs_network : rule->meta().id == fixture.rule;
    (wanted ? options.overrides.enable : options.overrides.disable).emplace_back(rule->meta().id);
  }
  std::vector<Expectation> expected;
  if (fs::is_directory(fixture.path)) {
    std::vector<fs::path> pages;
    for (const auto& entry : fs::directory_iterator(fixture.path)) {
      if (entry.path().extension() == ".html") pages.push_back(entry.path());
    }
    std::sort(pages.begin(), pages.end());
    for (const fs::path& page : pages) {
      options.paths.push_back(page.string());
      const auto more = read_expectations(page);
      expected.insert(expected.end(), more.begin(), more.end());
    }
  } else {
    options.paths.push_back(fixture.path.string());
    expected = read_expectations(fixture.path);
  }
  options.adjust_settings = [](RunSettings& settings) {
    settings.network.offline = true;
    settings.network.use_cache = false;
  };
  const RunResult result = run_lint(registry, options);
  ASSERT_TRUE(result.fatal_error.empty()) << result.fatal_error;
  EXPECT_EQ(result.unreadable_inputs, 0u);

  std::vector<bool> matched(result.findings.size(), false);
  for (const Expectation& expectation : expected) {
    bool found = false;
    for (size_t i = 0; i < result.findings.size() && !found; ++i) {
      const Finding& finding = result.findings[i];
      if (matched[i] || finding.rule_id != expectation.rule || finding.location.path != expectation.path ||
          finding.location.start.line != expectation.line) {
        continue;
      }
      if (expectation.column != 0 && finding.location.start.column != expectation.column) continue;
      if (finding.message.find(expectation.message_part) == std::string::npos) continue;
      matched[i] = found = true;
    }
    EXPECT_TRUE(found) << expectation.path << ":" << expectation.line << ": expected " << expectation.rule
                       << (expectation.column ? ":" + std::to_string(expectation.column) : "") << " \""
                       << expectation.message_part << "\"";
  }
  for (size_t i = 0; i < result.findings.size(); ++i) {
    const Finding& finding = result.findings[i];
    EXPECT_TRUE(matched[i]) << "unexpected finding " << finding.location.path << ":"
                            << finding.location.start.line << ":" << finding.location.start.column << ": "
                            << finding.message << " [" << finding.rule_id << "]";
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FixtureTest, ::testing::ValuesIn(discover_fixtures()),
                         [](const ::testing::TestParamInfo<FixtureCase>& param) { return param.param.name; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(FixtureTest);

}  // namespace
}  // namespace reflint
