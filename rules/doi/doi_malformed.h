#pragma once
// doi-malformed: text that is evidently meant as a DOI but is broken (a Unicode dash or a space
// inside, no slash, a short registrant code, a doubled resolver, unencoded URL characters).

#include "lint/core/rule.h"

namespace reflint {

class DoiMalformed final : public Rule {
 public:
  const RuleMeta& meta() const override;
  void check(const Document& document, RuleContext& context) override;
};

}  // namespace reflint
