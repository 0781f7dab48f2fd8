#pragma once
// unverified-quote: a quotation that is in none of the article's available sources, although the
// text of the source it is attributed to was available.

#include <mutex>
#include <vector>

#include "lint/core/rule.h"
#include "rules/quotes/quote_verification.h"

namespace reflint {

class UnverifiedQuote final : public Rule {
 public:
  const RuleMeta& meta() const override;
  void check(const Document& document, RuleContext& context) override;
  void finish(RuleContext& context) override;

 private:
  std::mutex mutex_;  // check() runs on several pages at once
  std::vector<PendingQuotes> pending_;
};

}  // namespace reflint
