#pragma once
// In-page suppressions: <!-- reflint-disable RULE, ... --> ... <!-- reflint-enable ... -->,
// <!-- reflint-disable-next RULE --> (the next text block) and data-reflint-ignore="RULE ..." on an
// element (the element and its subtree). No rule list means every rule.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lint/core/finding.h"
#include "lint/core/registry.h"
#include "lint/model/document.h"

namespace reflint {

class Suppressions {
 public:
  /// Reads the directives of `document`; directives naming unknown rules become notices.
  static Suppressions collect(const Document& document, const RuleRegistry& registry,
                              std::vector<Notice>& notices);

  bool suppresses(std::string_view rule_id, uint32_t offset) const;
  size_t size() const { return ranges_.size(); }
  /// The directives as a shard writes them (--shard), and back.
  nlohmann::json save() const;
  static Suppressions load(const nlohmann::json& saved);

 private:
  struct Range {
    SourceRange range;
    std::vector<std::string> rules;  // empty: all rules
  };
  std::vector<Range> ranges_;
};

}  // namespace reflint
