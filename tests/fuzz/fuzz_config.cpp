// libFuzzer target: a .reflint.toml read against every rule's declared options.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lint/core/config.h"
#include "lint/core/registry.h"
#include "rules/register_all.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const reflint::RuleRegistry registry = [] {
    reflint::RuleRegistry rules;
    reflint::register_all_rules(rules);
    return rules;
  }();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const reflint::ConfigResult result = reflint::parse_config(text, "fuzz.reflint.toml", registry);
  // Either a configuration or an error saying where: never both, never neither.
  if (result.config.has_value() == !result.error.empty()) __builtin_trap();
  return 0;
}
