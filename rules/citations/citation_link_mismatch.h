#pragma once
// citation-link-mismatch: a marker whose label says n but whose link points at entry m.

#include "lint/core/rule.h"

namespace reflint {

class CitationLinkMismatch final : public Rule {
 public:
  const RuleMeta& meta() const override;
  void check(const Document& document, RuleContext& context) override;
};

}  // namespace reflint
