#pragma once
// citation-order: in a list numbered by first citation, a marker that cites a number before all lower numbers
// were cited.

#include "lint/core/rule.h"

namespace reflint {

class CitationOrder final : public Rule {
 public:
  const RuleMeta& meta() const override;
  void check(const Document& document, RuleContext& context) override;
};

}  // namespace reflint
