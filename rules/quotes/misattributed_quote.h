#pragma once
// misattributed-quote: a quotation attributed to one reference that comes from another, or the
// same quotation attributed to different sources within one article or one run.

#include <mutex>
#include <string>
#include <vector>

#include "lint/core/rule.h"

namespace reflint {

class MisattributedQuote final : public Rule {
 public:
  const RuleMeta& meta() const override;
  void check(const Document& document, RuleContext& context) override;
  void finish(RuleContext& context) override;

 private:
  /// A checked quotation, kept for the comparison across the pages of a run.
  struct Seen {
    std::string key;       // the quotation's normalised words
    std::string identity;  // its claimed source, the same on every page
    std::string label;     // the claimed source for messages
    Location location;
  };
  std::mutex mutex_;  // check() runs on several pages at once
  std::vector<Seen> seen_;
};

}  // namespace reflint
