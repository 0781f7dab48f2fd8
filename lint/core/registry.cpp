#include "lint/core/registry.h"

#include <stdexcept>
#include <string>

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

}  // namespace reflint
