#pragma once
// reference-duplicate: two entries with the same DOI or the same text.

#include "lint/core/rule.h"

namespace reflint {

class ReferenceDuplicate final : public Rule {
 public:
  const RuleMeta& meta() const override;
  void check(const Document& document, RuleContext& context) override;
};

}  // namespace reflint
