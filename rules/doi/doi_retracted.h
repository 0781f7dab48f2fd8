#pragma once
// doi-retracted: the cited work was retracted (or has an expression of concern), per Crossref's
// update notices, which include Retraction Watch data.

#include <mutex>
#include <set>
#include <string>
#include <utility>

#include "lint/core/rule.h"
#include "rules/doi/doi_lookups.h"

namespace reflint {

class DoiRetracted final : public DoiLookupRule {
 public:
  DoiRetracted() : DoiLookupRule(QueuedDoiLookups::Scope::per_page) {}
  const RuleMeta& meta() const override;
  void check(const Document& document, RuleContext& context) override;
  void finish(RuleContext& context) override;

 private:
  void judge(const QueuedDoiLookups::Queued& queued, RuleContext& context) override;

  std::mutex mutex_;
  // (path, DOI key) of the DOIs whose reference entry or paragraph already says the work was retracted.
  std::set<std::pair<std::string, std::string>> acknowledged_;
  std::set<std::pair<std::string, std::string>> judging_acknowledged_;  // the run's, during finish()
};

}  // namespace reflint
