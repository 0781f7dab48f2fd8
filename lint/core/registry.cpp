#include "lint/core/registry.h"

#include <fmt/format.h>

#include <stdexcept>
#include <string>

#include "lint/text/spelling.h"

namespace reflint {

void RuleRegistry::add_rule(std::unique_ptr<Rule> rule) {
  if (find(rule->meta().id) != nullptr) {
    throw std::logic_error("rule registered twice: " + std::string(rule->meta().id));
  }
  rules_.push_back(std::move(rule));
}

Rule* RuleRegistry::find(std::string_view id) const {
  for (const auto& rule : rules_) {
    if (rule->meta().id == id) return rule.get();
  }
  return nullptr;
}

std::string RuleRegistry::did_you_mean(std::string_view id) const {
  std::vector<std::string_view> ids;
  for (const auto& rule : rules_) ids.push_back(rule->meta().id);
  const std::string_view closest = closest_spelling(id, ids);
  return closest.empty() ? "" : fmt::format(" (did you mean '{}'?)", closest);
}

}  // namespace reflint
