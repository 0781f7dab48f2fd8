// docs/rules/<id>.md (the SARIF helpUri of each rule) must say what the rule itself declares:
// regenerate them with tools/gen-rule-docs.sh after changing a rule's metadata.

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "lint/cli/app.h"
#include "rules/register_all.h"
#include "test_support.h"

namespace reflint {
namespace {

TEST(RuleDocs, EveryRuleHasCurrentDocumentation) {
  RuleRegistry registry;
  register_all_rules(registry);
  for (const auto& rule : registry.rules()) {
    const std::string id(rule->meta().id);
    const char* argv[] = {"reflint", "--explain", id.c_str()};
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    ASSERT_EQ(run_cli(3, argv, registry, in, out, err), 0);
    const auto file = testing::source_dir() / "docs" / "rules" / (id + ".md");
    ASSERT_TRUE(std::filesystem::exists(file)) << file << " is missing: run tools/gen-rule-docs.sh";
    EXPECT_EQ(testing::read_file(file), out.str()) << file << " is stale: run tools/gen-rule-docs.sh";
  }
}

TEST(RuleDocs, MetadataIsComplete) {
  RuleRegistry registry;
  register_all_rules(registry);
  for (const auto& rule : registry.rules()) {
    const RuleMeta& meta = rule->meta();
    EXPECT_FALSE(meta.name.empty()) << meta.id;
    EXPECT_FALSE(meta.family.empty()) << meta.id;
    EXPECT_FALSE(meta.summary.empty()) << meta.id;
    EXPECT_FALSE(meta.description.empty()) << meta.id;
    EXPECT_NE(meta.help.find("Example"), std::string_view::npos) << meta.id << ": help needs an example";
    EXPECT_NE(meta.default_level, Level::none) << meta.id;
  }
}

}  // namespace
}  // namespace reflint
