#pragma once
// Two tiny rules for engine tests, so they do not depend on the rule families: "test-flag"
// (warning) reports the word FLAG, "test-error" (error) reports BOOM. A repeated word gets a
// related location at its first occurrence; a block containing THROW makes the rule throw.

#include <stdexcept>
#include <string>

#include "lint/core/registry.h"

namespace reflint::testing {

class WordRule final : public Rule {
 public:
  WordRule(std::string_view id, std::string_view word, Level level) : word_(word) {
    meta_.id = id;
    meta_.family = "test";
    meta_.summary = "Reports a marker word.";
    meta_.description = "Reports every occurrence of a marker word; for engine tests.";
    meta_.help = "Test rule.";
    meta_.default_level = level;
    meta_.options = {{"min-length", OptionType::integer, "1", "blocks shorter than this are skipped"}};
  }
  const RuleMeta& meta() const override { return meta_; }
  void check(const Document& document, RuleContext& context) override {
    std::optional<Location> first;
    for (const TextBlock& block : document.blocks()) {
      if (static_cast<int64_t>(block.text.size()) < context.options().get_int("min-length")) continue;
      if (block.text.find("THROW") != std::string::npos) throw std::runtime_error("boom");
      for (size_t at = block.text.find(word_); at != std::string::npos; at = block.text.find(word_, at + 1)) {
        const SourceRange range = block.source_range(at, at + word_.size());
        auto finding = context.report(document, range, "found " + word_);
        if (first) finding.related(*first, "first " + word_ + " here");
        if (!first) first = Location::in(document, range);
      }
    }
  }

 private:
  RuleMeta meta_;
  std::string word_;
};

inline void register_test_rules(RuleRegistry& registry) {
  registry.add<WordRule>("test-flag", "FLAG", Level::warning);
  registry.add<WordRule>("test-error", "BOOM", Level::error);
}

}  // namespace reflint::testing
