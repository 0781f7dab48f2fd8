// --fix and --diff on copies of every fixture: what they fix is gone, a second --fix changes
// nothing, the fixed pages keep every text block but the fixed spans, the diff applies with git
// and gives the same files, and nothing but a linted file is ever written.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "lint/html/parse.h"
#include "rules/register_all.h"
#include "test_support.h"

namespace reflint {
namespace {

namespace fs = std::filesystem;

class FixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    register_all_rules(registry_);
    dir_ = fs::temp_directory_path() / fmt::format("reflint-fix-{}-{}", ::getpid(), counter_++);
    fs::create_directories(dir_);
    fs::copy(testing::source_dir() / "fixtures", dir_ / "fixed", fs::copy_options::recursive);
    fs::copy(testing::source_dir() / "fixtures", dir_ / "diffed", fs::copy_options::recursive);
    previous_ = fs::current_path();
    fs::current_path(dir_);
  }
  void TearDown() override {
    fs::current_path(previous_);
    fs::remove_all(dir_);
  }
  testing::CliRun lint(std::vector<std::string> args) {
    args.insert(args.begin(), {"--offline", "--no-cache", "--no-cross-page"});
    return testing::run_reflint(registry_, args);
  }
  static std::map<std::string, std::string> files_of(const fs::path& folder) {
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
      if (entry.is_regular_file())
        files[fs::relative(entry.path(), folder).generic_string()] = testing::read_file(entry.path());
    }
    return files;
  }
  /// The findings with fixes (`safe`: all of them certain; else with a suggestion among them).
  static size_t fixable(const std::string& json_lines, bool safe = true) {
    size_t count = 0;
    std::istringstream lines(json_lines);
    for (std::string line; std::getline(lines, line);) {
      const nlohmann::json finding = nlohmann::json::parse(line);
      if (!finding.contains("fixes")) continue;
      const auto& fixes = finding["fixes"];
      const bool all_safe = std::all_of(fixes.begin(), fixes.end(),
                                        [](const nlohmann::json& fix) { return fix["safe"] == true; });
      count += all_safe == safe ? 1 : 0;
    }
    return count;
  }

  RuleRegistry registry_;
  fs::path dir_;
  fs::path previous_;
  static inline int counter_ = 0;
};

TEST_F(FixTest, FixingEveryFixtureLeavesNothingFixableAndOnlyTheFixedSpansChange) {
  const std::map<std::string, std::string> original = files_of("fixed");
  const size_t before = fixable(lint({"--format", "json", "fixed"}).out);
  ASSERT_GT(before, 10u);

  const testing::CliRun fixed = lint({"--fix", "fixed"});
  EXPECT_NE(fixed.err.find(fmt::format("reflint: fixed {} findings in ", before)), std::string::npos)
      << fixed.err;
  EXPECT_EQ(fixable(lint({"--format", "json", "fixed"}).out), 0u);
  // Every error of this page has a certain fix, the one written with &lt; and &gt; too.
  EXPECT_EQ(lint({"--format", "json", "fixed/doi-malformed/unencoded-character.html"}).out, "");
  const std::map<std::string, std::string> once = files_of("fixed");
  const testing::CliRun again = lint({"--fix", "fixed"});
  EXPECT_EQ(again.err.find("reflint: fixed"), std::string::npos) << again.err;
  EXPECT_EQ(files_of("fixed"), once);  // a second --fix changes nothing

  // Every page keeps its blocks; a block that changed held a fixed DOI.
  size_t changed_pages = 0;
  for (const auto& [name, bytes] : original) {
    if (once.at(name) == bytes) continue;
    ++changed_pages;
    const auto old_page = parse_html(name, bytes);
    const auto new_page = parse_html(name, once.at(name));
    ASSERT_EQ(old_page->blocks().size(), new_page->blocks().size()) << name;
    for (size_t i = 0; i < old_page->blocks().size(); ++i) {
      const std::string& old_text = old_page->blocks()[i].text;
      const std::string& new_text = new_page->blocks()[i].text;
      if (old_text != new_text) {
        EXPECT_NE(new_text.find("10."), std::string::npos) << name << ": " << old_text << " -> " << new_text;
        EXPECT_LE(new_text.size(), old_text.size() + 16) << name << ": " << new_text;
      }
    }
  }
  EXPECT_GE(changed_pages, 5u);
  EXPECT_EQ(files_of("fixed").size(), original.size());  // no file added (temporary files are gone)
}

TEST_F(FixTest, SuggestionsAreAppliedOnlyWithUnsafeFixes) {
  const size_t suggestions = fixable(lint({"--format", "json", "fixed"}).out, false);
  ASSERT_GE(suggestions, 1U);  // citation-link-mismatch: link the entry the label shows
  lint({"--fix", "fixed"});
  EXPECT_EQ(fixable(lint({"--format", "json", "fixed"}).out, false), suggestions);
  const testing::CliRun applied = lint({"--fix", "--unsafe-fixes", "fixed"});
  EXPECT_NE(applied.err.find(fmt::format("reflint: fixed {} findings in ", suggestions)), std::string::npos)
      << applied.err;
  EXPECT_EQ(fixable(lint({"--format", "json", "fixed"}).out, false), 0U);
  // The relinked marker now links the entry its label shows: the mismatch is gone, not moved.
  const std::string page = testing::read_file("fixed/citation-link-mismatch/pmc_style_links.html");
  EXPECT_NE(page.find(R"(<a href="#B3">3</a></sup></p>)"), std::string::npos);
  const std::string after =
      lint({"--format", "json", "fixed/citation-link-mismatch/pmc_style_links.html"}).out;
  EXPECT_EQ(after.find("citation 3 links to reference 4"), std::string::npos) << after;
  const std::map<std::string, std::string> once = files_of("fixed");
  lint({"--fix", "--unsafe-fixes", "fixed"});
  EXPECT_EQ(files_of("fixed"), once);
}

TEST_F(FixTest, TheDiffAppliesWithGitAndGivesWhatFixWrites) {
  const testing::CliRun diff = lint({"--diff", "diffed"});
  EXPECT_EQ(diff.exit_code, 1) << diff.err;          // there are fixes
  EXPECT_EQ(files_of("diffed"), files_of("fixed"));  // --diff changes nothing
  EXPECT_TRUE(diff.out.starts_with("--- a/diffed/")) << diff.out.substr(0, 200);
  std::ofstream("fixes.diff") << diff.out;
  lint({"--fix", "fixed"});
  std::string output;
  ASSERT_EQ(testing::run_command("git apply -p1 fixes.diff", output), 0) << output;
  EXPECT_EQ(files_of("diffed"), files_of("fixed"));
  EXPECT_EQ(lint({"--diff", "fixed"}).out, "");
  EXPECT_EQ(lint({"--diff", "fixed"}).exit_code, 0);
}

TEST_F(FixTest, StandardInputIsNeverWritten) {
  const std::string page =
      "<p>See doi:10.1000\xE2\x80\x93"
      "abc.12001 for it.</p>";
  std::ofstream("page.html") << page;
  const testing::CliRun run = testing::run_reflint(
      registry_, {"--offline", "--no-cache", "--fix", "--stdin-filename", "page.html", "-"}, page);
  EXPECT_EQ(testing::read_file("page.html"), page);
  EXPECT_NE(run.err.find("page.html: not a file this run linted"), std::string::npos) << run.err;
  EXPECT_EQ(run.exit_code, 1);  // the finding stays
}

}  // namespace
}  // namespace reflint
