#include <stdexcept>
#include <string>

#include "lint/core/rule.h"

namespace reflint {

// A missing or mistyped option is a programming error (options are validated against the
// rule's specs when the configuration is loaded), so it throws and the runner reports the rule.
const OptionValue& RuleOptions::get(std::string_view name) const {
  for (const auto& [key, value] : values_) {
    if (key == name) return value;
  }
  throw std::logic_error("rule option not declared: " + std::string(name));
}

bool RuleOptions::get_bool(std::string_view name) const {
  return std::get<bool>(get(name));
}
int64_t RuleOptions::get_int(std::string_view name) const {
  return std::get<int64_t>(get(name));
}
double RuleOptions::get_number(std::string_view name) const {
  const OptionValue& value = get(name);
  if (const auto* integer = std::get_if<int64_t>(&value)) return static_cast<double>(*integer);
  return std::get<double>(value);
}
const std::string& RuleOptions::get_string(std::string_view name) const {
  return std::get<std::string>(get(name));
}
const std::vector<std::string>& RuleOptions::get_string_list(std::string_view name) const {
  return std::get<std::vector<std::string>>(get(name));
}

}  // namespace reflint
