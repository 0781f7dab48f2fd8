#pragma once
// reference-uncited: an entry of the reference list that no citation marker cites.

#include "lint/core/rule.h"

namespace reflint {

class ReferenceUncited final : public Rule {
 public:
  const RuleMeta& meta() const override;
  void check(const Document& document, RuleContext& context) override;
};

}  // namespace reflint
