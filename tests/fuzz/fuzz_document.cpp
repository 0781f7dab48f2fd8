// libFuzzer target: one page through the whole offline lint (decoding, the parser, every analysis
// and every rule, the finish step), read from standard input as `reflint -` would.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "lint/core/registry.h"
#include "lint/core/runner.h"
#include "rules/register_all.h"

namespace {

struct Setup {
  reflint::RuleRegistry registry;
  std::filesystem::path config;

  Setup() {
    reflint::register_all_rules(registry);
    // An empty configuration of its own: no .reflint.toml of the working folder applies.
    config = std::filesystem::temp_directory_path() / "reflint-fuzz-document.toml";
    std::ofstream(config) << "";
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Setup setup;
  std::istringstream page(std::string(reinterpret_cast<const char*>(data), size));
  reflint::RunOptions options;
  options.paths = {"-"};
  options.stdin_stream = &page;
  options.config_file = setup.config;
  options.jobs = 1;
  for (const auto& rule : setup.registry.rules()) options.overrides.enable.emplace_back(rule->meta().id);
  options.adjust_settings = [](reflint::RunSettings& settings) {
    settings.network.offline = true;
    settings.network.use_cache = false;
  };
  const reflint::RunResult result = reflint::run_lint(setup.registry, options);
  // A rule that throws is a bug the run reports as a failure: make it a crash the fuzzer keeps.
  if (result.rule_failures > 0 || !result.fatal_error.empty()) __builtin_trap();
  return 0;
}
