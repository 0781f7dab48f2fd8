// docs/rules/<id>.md (the SARIF helpUri of each rule) must say what the rule itself declares:
// regenerate them with tools/gen-rule-docs.sh after changing a rule's metadata.

#include <fmt/format.h>
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

/// The README's rule table as the rules' metadata gives it: what it reports is the summary with
/// a lower-case first letter and no final period.
std::string readme_rule_table(const RuleRegistry& registry) {
  std::string table =
      "| rule | default | family | needs | what it reports |\n| --- | --- | --- | --- | --- |\n";
  for (const auto& rule : registry.rules()) {
    const RuleMeta& meta = rule->meta();
    std::string summary(meta.summary);
    if (!summary.empty() && summary.back() == '.') summary.pop_back();
    if (!summary.empty() && summary[0] >= 'A' && summary[0] <= 'Z')
      summary[0] = static_cast<char>(summary[0] - 'A' + 'a');
    table += fmt::format("| `{}` | {} | {} | {} | {} |\n", meta.id, to_string(meta.default_level),
                         meta.family, meta.needs_network ? "network" : "offline", summary);
  }
  return table;
}

TEST(RuleDocs, TheReadmeRuleTableMatchesTheMetadata) {
  RuleRegistry registry;
  register_all_rules(registry);
  const std::string readme = testing::read_file(testing::source_dir() / "README.md");
  const size_t begin = readme.find("| rule | default |");
  ASSERT_NE(begin, std::string::npos) << "README.md has no rule table";
  const size_t end = readme.find("\n\n", begin);
  const std::string expected = readme_rule_table(registry);
  EXPECT_EQ(readme.substr(begin, end + 1 - begin), expected) << "README.md's rule table should read:\n"
                                                             << expected;
}

TEST(RuleDocs, MetadataIsComplete) {
  RuleRegistry registry;
  register_all_rules(registry);
  for (const auto& rule : registry.rules()) {
    const RuleMeta& meta = rule->meta();
    EXPECT_FALSE(meta.family.empty()) << meta.id;
    EXPECT_FALSE(meta.summary.empty()) << meta.id;
    EXPECT_FALSE(meta.description.empty()) << meta.id;
    EXPECT_NE(meta.help.find("Example"), std::string_view::npos) << meta.id << ": help needs an example";
    EXPECT_NE(meta.default_level, Level::none) << meta.id;
  }
}

}  // namespace
}  // namespace reflint
