#pragma once
// The rules a run knows about. Rules are added explicitly, in one place (rules/register_all.cpp):
// static-initialiser registration is dropped by static libraries.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lint/core/rule.h"

namespace reflint {

class RuleRegistry {
 public:
  template <typename RuleType, typename... Args>
  void add(Args&&... args) {
    add_rule(std::make_unique<RuleType>(std::forward<Args>(args)...));
  }
  void add_rule(std::unique_ptr<Rule> rule);

  const std::vector<std::unique_ptr<Rule>>& rules() const { return rules_; }
  /// The rule with this id, or nullptr.
  Rule* find(std::string_view id) const;
  /// For an unknown id: " (did you mean 'doi-malformed'?)" when one rule's id is a few edits away,
  /// else "".
  std::string did_you_mean(std::string_view id) const;

 private:
  std::vector<std::unique_ptr<Rule>> rules_;
};

}  // namespace reflint
