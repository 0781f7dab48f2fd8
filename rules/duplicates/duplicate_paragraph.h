#pragma once
// duplicate-paragraph: exact copies, near copies and repeated passages of body paragraphs, within
// one page and across all pages of a run.

#include "lint/core/rule.h"
#include "rules/duplicates/site_index.h"

namespace reflint {

class DuplicateParagraph final : public Rule {
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
