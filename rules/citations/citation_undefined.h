#pragma once
// citation-undefined: a marker cites a number that has no entry in the reference list.

#include "lint/core/rule.h"

namespace reflint {

class CitationUndefined final : public Rule {
 public:
  const RuleMeta& meta() const override;
  void check(const Document& document, RuleContext& context) override;
};

}  // namespace reflint
