#include "lint/core/rule.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "lint/text/ascii.h"

namespace reflint {

std::string_view to_string(Precision precision) {
  switch (precision) {
    case Precision::very_high:
      return "very-high";
    case Precision::high:
      return "high";
    case Precision::medium:
      return "medium";
    case Precision::low:
      return "low";
  }
  return "high";
}

std::string accepted_values(const RuleOptionSpec& spec) {
  if (!spec.choices.empty())
    return fmt::format("{} of {}", spec.type == OptionType::string_list ? "each one" : "one", spec.choices);
  const bool low = std::isfinite(spec.min);
  const bool high = std::isfinite(spec.max);
  if (low && high) return fmt::format("from {} to {}", spec.min, spec.max);
  if (low) return fmt::format("at least {}", spec.min);
  if (high) return fmt::format("at most {}", spec.max);
  return "";
}

std::string rule_name(std::string_view id) {
  std::string name;
  bool word_start = true;
  for (const char c : id) {
    if (c == '-') {
      word_start = true;
      continue;
    }
    name += word_start && is_ascii_lower(c) ? static_cast<char>(c - 'a' + 'A') : c;
    word_start = false;
  }
  return name;
}

nlohmann::json Rule::take_pages() {
  return nullptr;
}

void Rule::load_pages(const nlohmann::json& state) {
  (void)state;
}

}  // namespace reflint
