#pragma once
// misattributed-quote: a quotation attributed to one reference that comes from another, or the
// same quotation attributed to different sources within one article or one run.

#include <mutex>
#include <string>
#include <vector>

#include "lint/core/rule.h"
#include "rules/quotes/quote_verification.h"

namespace reflint {

class MisattributedQuote final : public Rule {
 public:
  const RuleMeta& meta() const override;
  void check(const Document& document, RuleContext& context) override;
  void finish(RuleContext& context) override;

 private:
  /// Quotations that are not in their attributed source but in another reference's.
  void report_other_sources(RuleContext& context, const std::vector<PendingQuotes>& pages);

  /// A checked quotation, kept for the comparison across the pages of a run.
  struct Seen {
    std::string key;       // the quotation's normalised words
    std::string identity;  // its claimed source, the same on every page
    std::string label;     // the claimed source for messages
    Location location;
  };
  std::mutex mutex_;  // check() runs on several pages at once
  std::vector<Seen> seen_;
  std::vector<PendingQuotes> pending_;  // verified against their sources in finish()
};

}  // namespace reflint
