// Runs every fixture under fixtures/<rule-id>/ with only that rule enabled and compares the
// findings with the expectations written inside the fixture, next to the offending text:
//
//   <!-- expect: RULE-ID "part of the message" -->        a finding on this comment's line
//   <!-- expect: RULE-ID:COLUMN "part of the message" -->  ... starting at this column
//   <!-- expect: RULE-ID "one part" "another part" -->     ... whose message has every part
//
// A fixture is one .html file, or a folder of pages linted together in one run (site-wide rules).
// Lines without an expectation must have no finding: the must-not-warn cases live in the same
// files. fixtures/clean/ must give no finding from any offline rule.
//
// Fixtures run offline, unless they have registry data: a `registry.json` in the rule's folder
// (fixtures/<rule-id>/registry.json, for every fixture of that folder) or inside a folder fixture
// (for that fixture only; it wins over the rule folder's). It is a data file of the loopback
// registry server (tests/registry_server/README.md: works with their metadata, update notices,
// abstracts and full texts, and pages). Such a fixture runs online against that server, started
// once per data file: the doi.org resolver, Crossref, DataCite and Europe PMC all point at it, and
// the DOI cache is a fresh SQLite file per fixture. Its lookups must all succeed: a notice above
// note level (a DOI or source that could not be verified) fails the fixture. Registry records are
// fictional (DOIs under the Crossref test prefix 10.5555, titles marked "[TEST RECORD,
// fictional]", or a note saying so where a case needs a title without the marker's words). Other tests that
// lint the fixtures offline (tests/sarif_test.cpp) get no DOI-lookup findings from them.
//
// Every registered rule must have its folder, with an "Errors" and a "Non-errors" case
// (RuleFixtureCoverage below); fixtures/clean/ must hold pages (FixtureCoverage.CleanFolderHoldsPages).

#include <gtest/gtest.h>
#include <re2/re2.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>

#include "lint/core/runner.h"
#include "registry_server_process.h"
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
  std::vector<std::string> message_parts;  // each must be in the message
};

std::vector<Expectation> read_expectations(const fs::path& file) {
  std::vector<Expectation> expectations;
  const std::string bytes = testing::read_file(file);
  static const RE2 kExpect(R"re((<!--\s*expect:\s*([a-z0-9-]+)(?::(\d+))?((?:\s*"[^"]*")*)\s*-->))re");
  static const RE2 kPart(R"re("([^"]*)")re");
  uint32_t line = 1;
  const char* counted = bytes.data();
  re2::StringPiece rest(bytes);
  re2::StringPiece whole;
  std::string rule;
  std::string column;
  re2::StringPiece quoted;
  while (RE2::FindAndConsume(&rest, kExpect, &whole, &rule, &column, &quoted)) {
    line += static_cast<uint32_t>(std::count(counted, whole.data(), '\n'));
    counted = whole.data();
    std::vector<std::string> parts;
    for (std::string part; RE2::FindAndConsume(&quoted, kPart, &part);) parts.push_back(part);
    expectations.push_back({file.string(), line,
                            column.empty() ? 0u : static_cast<uint32_t>(std::stoul(column)), rule,
                            std::move(parts)});
  }
  return expectations;
}

struct FixtureCase {
  std::string name;   // for the test name
  std::string rule;   // the folder's rule id, or "clean"
  fs::path path;      // a file, or a folder linted as one site
  fs::path registry;  // the loopback registry server's data file; empty: the fixture runs offline
};

std::vector<FixtureCase> discover_fixtures() {
  std::vector<FixtureCase> cases;
  const fs::path root = testing::source_dir() / "fixtures";
  std::error_code error;
  for (const auto& rule_dir : fs::directory_iterator(root, error)) {
    if (!rule_dir.is_directory()) continue;
    const std::string rule = rule_dir.path().filename().string();
    if (rule == "sample") continue;  // the bundled article has tests of its own
    const fs::path shared_registry = rule_dir.path() / "registry.json";
    for (const auto& entry : fs::directory_iterator(rule_dir.path())) {
      const bool page = entry.is_regular_file() && entry.path().extension() == ".html";
      if (!page && !entry.is_directory()) continue;
      std::string name = rule + "_" + entry.path().stem().string();
      std::replace_if(
          name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
      fs::path registry;
      if (entry.is_directory() && fs::exists(entry.path() / "registry.json")) {
        registry = entry.path() / "registry.json";
      } else if (fs::exists(shared_registry)) {
        registry = shared_registry;
      }
      cases.push_back({name, rule, entry.path(), registry});
    }
  }
  std::sort(cases.begin(), cases.end(),
            [](const FixtureCase& a, const FixtureCase& b) { return a.name < b.name; });
  return cases;
}

/// The pages of a fixture: the file itself, or the .html files of a folder fixture, sorted.
std::vector<fs::path> fixture_pages(const fs::path& fixture) {
  if (!fs::is_directory(fixture)) return {fixture};
  std::vector<fs::path> pages;
  for (const auto& entry : fs::directory_iterator(fixture)) {
    if (entry.path().extension() == ".html") pages.push_back(entry.path());
  }
  std::sort(pages.begin(), pages.end());
  return pages;
}

// Names the fixture in test listings instead of printing the parameter's bytes.
void PrintTo(const FixtureCase& fixture, std::ostream* out) {
  *out << fixture.path.generic_string();
}

/// The loopback registry server for `data`: one per data file, started on first use, stopped when
/// the test program ends.
testing::RegistryServerProcess& registry_server(const fs::path& data) {
  static std::map<fs::path, std::unique_ptr<testing::RegistryServerProcess>> servers;
  std::unique_ptr<testing::RegistryServerProcess>& server = servers[data];
  if (!server) server = std::make_unique<testing::RegistryServerProcess>(testing::source_dir(), data);
  return *server;
}

/// A fresh folder for one fixture's DOI cache, removed with it.
struct TempDir {
  explicit TempDir(const std::string& name)
      : path(fs::temp_directory_path() / ("reflint-fixture-" + name + "-" + std::to_string(getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  fs::path path;
};

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
  for (const fs::path& page : fixture_pages(fixture.path)) {
    options.paths.push_back(page.string());
    const auto more = read_expectations(page);
    expected.insert(expected.end(), more.begin(), more.end());
  }
  const bool online = !fixture.registry.empty();
  std::unique_ptr<TempDir> cache_dir;
  std::string base;
  if (online) {
    if (!fs::exists("/usr/bin/python3")) GTEST_SKIP() << "no /usr/bin/python3 for the registry server";
    base = registry_server(fixture.registry).base_url();
    cache_dir = std::make_unique<TempDir>(fixture.name);
  }
  options.adjust_settings = [&](RunSettings& settings) {
    NetworkSettings& network = settings.network;
    if (!online) {
      network.offline = true;
      network.use_cache = false;
      return;
    }
    network.offline = false;
    network.doi_resolver = network.crossref_api = network.datacite_api = network.europepmc_api = base;
    network.use_cache = true;
    network.cache_path = (cache_dir->path / "cache.sqlite").string();
    network.connect_timeout_seconds = 5;
    network.request_timeout_seconds = 10;
    network.deadline_seconds = 60;
    network.per_host_rate = 1000;
  };
  const RunResult result = run_lint(registry, options);
  ASSERT_TRUE(result.fatal_error.empty()) << result.fatal_error;
  EXPECT_EQ(result.unreadable_inputs, 0u);
  if (online) {
    // Findings must come from the registry's answers: a lookup that failed would pass silently.
    for (const Notice& notice : result.notices) {
      EXPECT_EQ(notice.level, NoticeLevel::note) << "notice: " << notice.message;
    }
  }

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
      if (!std::all_of(expectation.message_parts.begin(), expectation.message_parts.end(),
                       [&finding](const std::string& part) {
                         return finding.message.find(part) != std::string::npos;
                       })) {
        continue;
      }
      matched[i] = found = true;
    }
    std::string parts;
    for (const std::string& part : expectation.message_parts) parts += " \"" + part + "\"";
    EXPECT_TRUE(found) << expectation.path << ":" << expectation.line << ": expected " << expectation.rule
                       << (expectation.column ? ":" + std::to_string(expectation.column) : "") << parts;
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

// Coverage: fixtures follow the Errors / Non-errors convention of ESLint and Ruff (../shared/STYLE.md).
// An error case is a fixture with an `<!-- expect: RULE-ID ... -->` for the rule. A non-error case is
// a fixture the rule runs on that states a must-not-warn case: either it marks a part of itself as
// such (an `<!-- Non-errors` comment or a "Non-errors" heading, the convention of these files), or it
// expects no finding from the rule at all (a whole page that must stay silent, e.g. valid-forms.html).
// Lines without an expectation in a fixture with errors are not counted on their own: they may be
// nothing but the markup the errors need. fixtures/clean/ is not counted either: it only covers the
// offline rules, and every rule should show its own must-not-warn cases next to its errors.

/// Whether `page` marks a part of itself as the must-not-warn cases.
bool marks_non_errors(const fs::path& page) {
  static const RE2 kNonErrors(R"re((?i)<!--\s*non-errors|<h[1-6][^>]*>\s*non-errors\s*</h[1-6]>)re");
  return RE2::PartialMatch(testing::read_file(page), kNonErrors);
}

std::vector<std::string> registered_rule_ids() {
  RuleRegistry registry;
  register_all_rules(registry);
  std::vector<std::string> ids;
  for (const auto& rule : registry.rules()) ids.emplace_back(rule->meta().id);
  return ids;
}

class RuleFixtureCoverage : public ::testing::TestWithParam<std::string> {};

TEST_P(RuleFixtureCoverage, HasErrorAndNonErrorCases) {
  const std::string& rule = GetParam();
  const fs::path folder = testing::source_dir() / "fixtures" / rule;
  ASSERT_TRUE(fs::is_directory(folder)) << "fixtures/" << rule << "/ is missing";
  std::vector<std::string> errors;
  std::vector<std::string> non_errors;
  for (const FixtureCase& fixture : discover_fixtures()) {
    if (fixture.rule != rule) continue;
    bool expects_finding = false;
    bool marked = false;
    for (const fs::path& page : fixture_pages(fixture.path)) {
      const auto expectations = read_expectations(page);
      expects_finding =
          expects_finding || std::any_of(expectations.begin(), expectations.end(),
                                         [&rule](const Expectation& e) { return e.rule == rule; });
      marked = marked || marks_non_errors(page);
    }
    const std::string name = fs::relative(fixture.path, folder).generic_string();
    if (expects_finding) errors.push_back(name);
    if (marked || !expects_finding) non_errors.push_back(name);
  }
  EXPECT_FALSE(errors.empty()) << "fixtures/" << rule << "/ has no fixture with an <!-- expect: " << rule
                               << " ... --> line";
  EXPECT_FALSE(non_errors.empty()) << "fixtures/" << rule
                                   << "/ has no non-error case: no fixture marks a <!-- Non-errors --> part "
                                      "and none expects no finding at all";
}

INSTANTIATE_TEST_SUITE_P(Rules, RuleFixtureCoverage, ::testing::ValuesIn(registered_rule_ids()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// The clean-page branch of the harness only runs when the folder has pages.
TEST(FixtureCoverage, CleanFolderHoldsPages) {
  const fs::path clean = testing::source_dir() / "fixtures" / "clean";
  ASSERT_TRUE(fs::is_directory(clean)) << "fixtures/clean/ is missing";
  size_t pages = 0;
  for (const FixtureCase& fixture : discover_fixtures()) {
    if (fixture.rule != "clean") continue;
    for (const fs::path& page : fixture_pages(fixture.path)) {
      ++pages;
      EXPECT_TRUE(read_expectations(page).empty()) << page << ": a clean page expects no finding";
    }
  }
  EXPECT_GT(pages, 0u) << "fixtures/clean/ holds no .html page";
}

}  // namespace
}  // namespace reflint
