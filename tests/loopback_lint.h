#pragma once
// A GoogleTest fixture for linting against the loopback registry server (tests/registry_server):
// one server per test suite, serving tests/registry_server/data/sample.json plus the suite's own
// fictional works, and a fresh temporary SQLite cache and working folder per test. Never the
// internet. Suites derive from LoopbackLintTest<Suite> (one server each) and call start_server()
// from their SetUpTestSuite().

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lint/core/runner.h"
#include "registry_server_process.h"
#include "rules/register_all.h"
#include "test_support.h"

namespace reflint::testing {

inline std::filesystem::path make_temp_dir(const std::string& name) {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / fmt::format("reflint-test-{}-{}", name, getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

struct Lint {
  RunResult result;
  double seconds = 0;
};

template <class Suite>
class LoopbackLintTest : public ::testing::Test {
 protected:
  using json = nlohmann::json;

  /// Starts the suite's server with the sample data, `extra_works` (a JSON array of works) and
  /// `extra_pages` (a JSON object: page name to HTML, served at /pages/{name}).
  static void start_server(const std::string& suite, const char* extra_works,
                           const char* extra_pages = "{}") {
    if (!std::filesystem::exists("/usr/bin/python3")) return;
    data_dir_ = new std::filesystem::path(make_temp_dir(suite + "-data"));
    json data = json::parse(read_file(source_dir() / "tests/registry_server/data/sample.json"));
    for (json& work : json::parse(extra_works)) data["works"].push_back(std::move(work));
    const json pages = json::parse(extra_pages);
    for (const auto& [name, html] : pages.items()) data["pages"][name] = html;
    write_file(*data_dir_ / "registry.json", data.dump());
    server_ = new RegistryServerProcess(source_dir(), *data_dir_ / "registry.json");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    if (data_dir_ != nullptr) std::filesystem::remove_all(*data_dir_);
    delete data_dir_;
    data_dir_ = nullptr;
  }

  void SetUp() override {
    if (server_ == nullptr) GTEST_SKIP() << "no /usr/bin/python3 for the registry server";
    server_->control("/_control/reset", "{}");
    work_dir_ = make_temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    cache_ = work_dir_ / "cache.sqlite";
  }
  void TearDown() override {
    if (!work_dir_.empty()) std::filesystem::remove_all(work_dir_);
  }

  /// Writes a page holding `body` into the test's folder.
  std::filesystem::path page(const std::string& name, const std::string& body) const {
    std::filesystem::path path = work_dir_ / name;
    write_file(path, "<!doctype html><html lang=\"en\"><head><title>t</title></head><body>\n" + body +
                         "\n</body></html>\n");
    return path;
  }

  /// Lints `paths` with the rules `wanted` selects, every registry pointed at the loopback server.
  Lint lint_with(const std::vector<std::filesystem::path>& paths,
                 const std::function<bool(const RuleMeta&)>& wanted,
                 const std::function<void(NetworkSettings&)>& adjust = {}, unsigned jobs = 2) const {
    RuleRegistry registry;
    register_all_rules(registry);
    RunOptions options;
    options.jobs = jobs;
    options.config_file = source_dir() / "fixtures" / "fixture.reflint.toml";
    for (const auto& rule : registry.rules()) {
      (wanted(rule->meta()) ? options.overrides.enable : options.overrides.disable)
          .emplace_back(rule->meta().id);
    }
    for (const std::filesystem::path& path : paths) options.paths.push_back(path.string());
    const std::string base = server_->base_url();
    const std::filesystem::path cache = cache_;
    options.adjust_settings = [&, base, cache](RunSettings& settings) {
      NetworkSettings& network = settings.network;
      network.doi_resolver = network.crossref_api = network.datacite_api = network.europepmc_api = base;
      network.cache_path = cache.string();
      network.request_timeout_seconds = 2;
      network.connect_timeout_seconds = 2;
      network.deadline_seconds = 20;
      network.per_host_rate = 1000;
      // The loopback registry also stands in for the public web that articles cite.
      network.allow_hosts = {"127.0.0.1"};
      if (adjust) adjust(network);
    };
    const auto start = std::chrono::steady_clock::now();
    Lint run{run_lint(registry, options), 0};
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_TRUE(run.result.fatal_error.empty()) << run.result.fatal_error;
    return run;
  }

  json stats() const { return json::parse(server_->control("/_control/stats")); }
  void faults(const std::vector<json>& rules) const {
    const std::string answer = server_->control("/_control/faults", json{{"rules", rules}}.dump());
    ASSERT_EQ(answer.find("error"), std::string::npos) << answer;
  }

  static std::string notices_text(const RunResult& result) {
    std::string text;
    for (const Notice& notice : result.notices) text += notice.message + "\n";
    return text;
  }
  static std::vector<const Finding*> findings_of(const RunResult& result, std::string_view rule) {
    std::vector<const Finding*> found;
    for (const Finding& finding : result.findings) {
      if (finding.rule_id == rule) found.push_back(&finding);
    }
    return found;
  }

  static inline std::filesystem::path* data_dir_ = nullptr;
  static inline RegistryServerProcess* server_ = nullptr;
  std::filesystem::path work_dir_;
  std::filesystem::path cache_;
};

}  // namespace reflint::testing
