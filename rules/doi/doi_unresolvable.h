#pragma once
// doi-unresolvable: the DOI handle API says the DOI does not exist (responseCode 100).

#include "lint/core/rule.h"
#include "rules/doi/doi_lookups.h"

namespace reflint {

class DoiUnresolvable final : public DoiLookupRule {
 public:
  DoiUnresolvable() : DoiLookupRule(QueuedDoiLookups::Scope::per_page) {}
  const RuleMeta& meta() const override;

 private:
  void judge(const QueuedDoiLookups::Queued& queued, RuleContext& context) override;
};

}  // namespace reflint
