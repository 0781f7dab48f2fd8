#pragma once
// doi-unresolvable: the DOI handle API says the DOI does not exist (responseCode 100).

#include "lint/core/rule.h"
#include "rules/doi/doi_lookups.h"

namespace reflint {

class DoiUnresolvable final : public Rule {
 public:
  const RuleMeta& meta() const override;
  void check(const Document& document, RuleContext& context) override;
  void finish(RuleContext& context) override;

 private:
  QueuedDoiLookups lookups_;
};

}  // namespace reflint
