#pragma once
// duplicate-page: a page of the run whose article text is mostly another page's, reported once
// per copied page instead of once per paragraph.

#include "lint/core/rule.h"
#include "rules/duplicates/site_index.h"

namespace reflint {

class DuplicatePage final : public Rule {
 public:
  const RuleMeta& meta() const override;
  void check(const Document& document, RuleContext& context) override;
  void finish(RuleContext& context) override;
  bool compares_pages() const override { return true; }
  nlohmann::json take_pages() override { return site_.take(); }
  void load_pages(const nlohmann::json& state) override { site_.load(state); }

 private:
  SiteIndex site_;
};

}  // namespace reflint
