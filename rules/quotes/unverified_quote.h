#pragma once
// unverified-quote: a quotation that is in none of the article's available sources, although the
// text of the source it is attributed to was available.

#include "lint/core/rule.h"

namespace reflint {

class UnverifiedQuote final : public Rule {
 public:
  const RuleMeta& meta() const override;
  void check(const Document& document, RuleContext& context) override;
};

}  // namespace reflint
