// The man page and the shell completions the build generates (tools/generate_manual.cmake, from
// `reflint --man-page` and `reflint --completion SHELL`): rendered by man, loaded by bash, fish and
// zsh as a user's shell loads them, and agreeing with `reflint --help` and the rules.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "re2/re2.h"
#include "test_support.h"

namespace reflint {
namespace {
namespace fs = std::filesystem;

const fs::path kShare = fs::path(REFLINT_BINARY).parent_path() / "share";

bool have(const std::string& program) {
  std::string ignored;
  return testing::run_command("command -v " + program, ignored) == 0;
}

/// Every long option `reflint --help` lists.
std::set<std::string> help_options() {
  std::string help;
  EXPECT_EQ(testing::run_command(fmt::format("'{}' --help", REFLINT_BINARY), help), 0);
  std::set<std::string> options;
  std::istringstream lines(help);
  const RE2 option(R"(^\s+(?:-\w,)?(--[a-z0-9-]+))");
  for (std::string line, name; std::getline(lines, line);) {
    if (RE2::PartialMatch(line, option, &name)) options.insert(name);
  }
  return options;
}

/// What `shell` prints running `script` from a file, in an empty folder (so that no file name is
/// among the completions).
std::string run_script(const std::string& shell, const std::string& script) {
  const fs::path folder = fs::temp_directory_path() / fmt::format("reflint-manual-{}", getpid());
  fs::create_directories(folder);
  std::ofstream(folder / "script") << script;
  std::string output;
  EXPECT_EQ(testing::run_command(fmt::format("cd '{}' && {} script", folder.string(), shell), output), 0)
      << output;
  fs::remove_all(folder);
  return output;
}

/// The words bash's completion offers for the command line `words` (the last word being completed),
/// from the completion file as a user's shell sources it.
std::string bash_completes(const std::string& words) {
  return run_script("bash",
                    fmt::format("source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))\n"
                                "_reflint\necho \"${{COMPREPLY[*]}}\"\n",
                                (kShare / "bash-completion/completions/reflint").string(), words));
}

TEST(Manual, TheManPageRendersEveryOptionOfTheHelpAndEveryRule) {
  if (!have("man")) GTEST_SKIP() << "man is not installed (Debian man-db)";
  const std::string file = (kShare / "man/man1/reflint.1.gz").string();
  std::string warnings;  // groff's, on standard error alone
  ASSERT_EQ(testing::run_command(fmt::format("MANWIDTH=1000 man --warnings -l '{}' 2>&1 >/dev/null", file),
                                 warnings),
            0);
  EXPECT_EQ(warnings, "");
  std::string page;
  ASSERT_EQ(testing::run_command(fmt::format("MANWIDTH=1000 man -l '{}'", file), page), 0) << page;
  const std::set<std::string> options = help_options();
  ASSERT_GT(options.size(), 40U);
  for (const std::string& option : options) EXPECT_NE(page.find(option), std::string::npos) << option;
  std::string rules;
  ASSERT_EQ(testing::run_command(fmt::format("'{}' --list-rules", REFLINT_BINARY), rules), 0);
  std::istringstream lines(rules);
  std::string line;
  std::getline(lines, line);  // the header
  int listed = 0;
  while (std::getline(lines, line)) {
    const std::string id = line.substr(0, line.find(' '));
    EXPECT_NE(page.find(id), std::string::npos) << id;
    ++listed;
  }
  EXPECT_EQ(listed, 15);
  for (const char* section : {"SYNOPSIS", "EXIT STATUS", "reflint lsp", "reflint merge"})
    EXPECT_NE(page.find(section), std::string::npos) << section;
}

TEST(Manual, BashCompletesOptionsRuleIdsAndValues) {
  std::string registered;
  ASSERT_EQ(testing::run_command(fmt::format("bash -c \"source '{}' && complete -p reflint\"",
                                             (kShare / "bash-completion/completions/reflint").string()),
                                 registered),
            0)
      << registered;
  EXPECT_NE(registered.find("-F _reflint reflint"), std::string::npos) << registered;
  EXPECT_EQ(bash_completes("reflint --ena"), "--enable\n");
  EXPECT_EQ(bash_completes("reflint --enable doi-m"), "doi-malformed doi-metadata-mismatch\n");
  EXPECT_EQ(bash_completes("reflint --fail-on w"), "warning\n");
  EXPECT_EQ(bash_completes("reflint --format s"), "sarif\n");
  EXPECT_EQ(bash_completes("reflint l"), "lsp\n");
}

TEST(Manual, FishCompletesOptionsAndRuleIds) {
  if (!have("fish")) GTEST_SKIP() << "fish is not installed (tools/setup.sh --test installs it)";
  std::string output;
  const std::string file = (kShare / "fish/vendor_completions.d/reflint.fish").string();
  ASSERT_EQ(
      testing::run_command(fmt::format("fish --no-config -c \"source '{}'; complete -C 'reflint --explain "
                                       "citation-u'\"",
                                       file),
                           output),
      0)
      << output;
  EXPECT_EQ(output.substr(0, output.find('\t')), "citation-undefined") << output;
  ASSERT_EQ(
      testing::run_command(
          fmt::format("fish --no-config -c \"source '{}'; complete -C 'reflint --no-cr'\"", file), output),
      0);
  EXPECT_EQ(output.substr(0, output.find('\t')), "--no-cross-page") << output;
}

TEST(Manual, ZshLoadsItsCompletion) {
  if (!have("zsh")) GTEST_SKIP() << "zsh is not installed (tools/setup.sh --test installs it)";
  // compinit finds #compdef files on the fpath and binds them: `reflint` must be bound to _reflint.
  EXPECT_EQ(run_script("zsh -f",
                       fmt::format("fpath=('{}' $fpath)\nautoload -Uz compinit\ncompinit -u -d /dev/null\n"
                                   "print -r -- $_comps[reflint]\n",
                                   (kShare / "zsh/vendor-completions").string())),
            "_reflint\n");
  std::string output;
  ASSERT_EQ(testing::run_command(
                fmt::format("zsh -n '{}'", (kShare / "zsh/vendor-completions/_reflint").string()), output),
            0)
      << output;
}

}  // namespace
}  // namespace reflint
