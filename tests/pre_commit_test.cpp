// The pre-commit hook as a user meets it: Debian's pre-commit runs this repository's hook
// (`pre-commit try-repo`) in a scratch git repository, on a good page and on a bad one.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "test_support.h"

namespace reflint {
namespace {

namespace fs = std::filesystem;

TEST(PreCommit, TheHookPassesAGoodPageAndFailsABadOne) {
  if (!fs::exists("/usr/bin/pre-commit")) {
    if (std::getenv("CI") != nullptr) FAIL() << "pre-commit missing in CI: run tools/setup.sh --test";
    GTEST_SKIP() << "Debian's pre-commit is not installed (tools/setup.sh --test installs it)";
  }
  const fs::path dir = fs::temp_directory_path() / fmt::format("reflint-pre-commit-{}", ::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir / "site");
  std::ofstream(dir / "site" / "good.html")
      << "<html><body><p>See doi:10.1186/s12891-018-2230-4.</p></body></html>\n";
  std::ofstream(dir / "site" / "bad.html")
      << "<html><body><p>See doi:10.1186\xE2\x80\x93s12891.</p></body></html>\n";
  const std::string environment =
      fmt::format("cd '{}/site' && export PRE_COMMIT_HOME='{}/cache' REFLINT_BINARY='{}' HOME='{}' && ",
                  dir.string(), dir.string(), REFLINT_BINARY, dir.string());
  std::string output;
  ASSERT_EQ(testing::run_command(environment + "git init -q . && git add good.html bad.html", output), 0)
      << output;
  ASSERT_EQ(testing::run_command(
                environment + fmt::format("pre-commit validate-manifest '{}/.pre-commit-hooks.yaml'",
                                          testing::source_dir().string()),
                output),
            0)
      << output;
  const auto hook = [&](const std::string& file) {
    return testing::run_command(environment + fmt::format("pre-commit try-repo '{}' reflint --files {}",
                                                          testing::source_dir().string(), file),
                                output);
  };
  EXPECT_EQ(hook("good.html"), 0) << output;
  EXPECT_NE(output.find("Passed"), std::string::npos) << output;
  EXPECT_EQ(hook("bad.html"), 1) << output;
  EXPECT_NE(output.find("Failed"), std::string::npos) << output;
  EXPECT_NE(output.find("bad.html:1:20: error: dash U+2013 in a DOI"), std::string::npos) << output;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace reflint
