// End to end: a gate is never green when checks could not be made. With the registries unreachable
// (a closed loopback port) a run exits 3, says so first even with -q, writes a GitHub warning for
// the page and marks SARIF executionSuccessful false; --allow-unverified (or allow-unverified in
// [network]) restores the exit code; --offline is a choice, not a failure.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "rules/register_all.h"
#include "tests/registry_server_process.h"
#include "tests/test_support.h"

namespace reflint {
namespace {

namespace fs = std::filesystem;

using Outcome = testing::CliRun;

class UnverifiedExit : public ::testing::Test {
 protected:
  void SetUp() override {
    register_all_rules(registry_);
    dir_ = fs::temp_directory_path() / fmt::format("reflint-unverified-{}", ::getpid());
    fs::create_directories(dir_);
    page_ = (dir_ / "page.html").string();
    std::ofstream(page_)
        << "<html><body><p>See doi:10.1186/s12891-018-2230-4 for the trial.</p></body></html>\n";
    dead_ = fmt::format("http://127.0.0.1:{}", testing::free_port());
  }
  void TearDown() override { fs::remove_all(dir_); }

  Outcome run(const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"--no-cache", "--fail-on",       "warning", "--doi-resolver",
                                     dead_,        "--crossref-api",  dead_,     "--datacite-api",
                                     dead_,        "--europepmc-api", dead_};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(page_);
    return testing::run_reflint(registry_, args);
  }

  RuleRegistry registry_;
  fs::path dir_;
  std::string page_;
  std::string dead_;
};

TEST_F(UnverifiedExit, ADeadRegistryMakesTheRunIncomplete) {
  const Outcome quiet = run({"-q"});
  EXPECT_EQ(quiet.exit_code, 3) << quiet.err;
  EXPECT_TRUE(quiet.err.starts_with("reflint: warning: 1 check could not be made")) << quiet.err;

  const Outcome github = run({"--format", "github"});
  EXPECT_EQ(github.exit_code, 3);
  EXPECT_NE(github.out.find(fmt::format("::warning file={},title=doi-", page_)), std::string::npos)
      << github.out;
  EXPECT_NE(github.out.find("could not verify DOI 10.1186/s12891-018-2230-4"), std::string::npos)
      << github.out;

  const Outcome sarif = run({"--format", "sarif"});
  const nlohmann::json log = nlohmann::json::parse(sarif.out);
  EXPECT_FALSE(log["runs"][0]["invocations"][0]["executionSuccessful"].get<bool>());
}

TEST_F(UnverifiedExit, AllowUnverifiedRestoresTheExitCode) {
  EXPECT_EQ(run({"--allow-unverified"}).exit_code, 0);
  const fs::path config = dir_ / "allow.toml";
  std::ofstream(config) << "[network]\nallow-unverified = true\n";
  EXPECT_EQ(run({"--config", config.string()}).exit_code, 0);
  // Still said, and still false in SARIF: the run did check less.
  const Outcome allowed = run({"--allow-unverified", "--format", "sarif"});
  EXPECT_NE(allowed.err.find("could not be made"), std::string::npos) << allowed.err;
  EXPECT_FALSE(
      nlohmann::json::parse(allowed.out)["runs"][0]["invocations"][0]["executionSuccessful"].get<bool>());
}

TEST_F(UnverifiedExit, OfflineIsAChoiceNotAFailure) {
  const Outcome offline = run({"--offline"});
  EXPECT_EQ(offline.exit_code, 0) << offline.err;
  EXPECT_EQ(offline.err.find("could not be made"), std::string::npos) << offline.err;
}

}  // namespace
}  // namespace reflint
