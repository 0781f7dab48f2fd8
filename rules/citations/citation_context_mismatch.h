#pragma once
// citation-context-mismatch: the sentence names a year, journal or first author that contradicts the cited
// entry.

#include "lint/core/rule.h"

namespace reflint {

class CitationContextMismatch final : public Rule {
 public:
  const RuleMeta& meta() const override;
  void check(const Document& document, RuleContext& context) override;
};

}  // namespace reflint
