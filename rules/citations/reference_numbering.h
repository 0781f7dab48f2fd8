#pragma once
// reference-numbering: a reference list that breaks 1..N (a gap or a repeated number).

#include "lint/core/rule.h"

namespace reflint {

class ReferenceNumbering final : public Rule {
 public:
  const RuleMeta& meta() const override;
  void check(const Document& document, RuleContext& context) override;
};

}  // namespace reflint
