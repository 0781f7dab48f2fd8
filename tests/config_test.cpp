// Configuration values are checked when the file is loaded: a value of the right type outside what
// the option accepts (a count below 1, NaN, a share above 1, an unknown block kind) is an error
// naming the file, line and column, never a surprise at run time.

#include "lint/core/config.h"

#include <gtest/gtest.h>

#include <string>

#include "rules/register_all.h"

namespace reflint {
namespace {

struct BadValue {
  const char* toml;
  const char* error;  // expected part of the message
};

class ConfigValues : public ::testing::TestWithParam<BadValue> {};

TEST_P(ConfigValues, AreRefusedWithTheFileAndLine) {
  RuleRegistry registry;
  register_all_rules(registry);
  const ConfigResult result = parse_config(GetParam().toml, "site/.reflint.toml", registry);
  EXPECT_FALSE(result.config.has_value());
  EXPECT_NE(result.error.find(GetParam().error), std::string::npos) << result.error;
}

INSTANTIATE_TEST_SUITE_P(
    OutOfRange, ConfigValues,
    ::testing::Values(
        BadValue{"[rules.duplicate-paragraph]\nmin-words = 0\n",
                 "site/.reflint.toml:2:13: 'min-words' must be an integer, from 1 to 100000"},
        BadValue{"[rules.duplicate-paragraph]\nmin-words = -5\n", "'min-words' must be an integer, from 1"},
        BadValue{"[rules.duplicate-paragraph]\nmin-words = 9223372036854775807\n", "from 1 to 100000"},
        BadValue{"[rules.duplicate-paragraph]\nsimilarity = nan\n",
                 "'similarity' must be a number, from 0 to 1"},
        BadValue{"[rules.duplicate-paragraph]\ncontainment = inf\n",
                 "'containment' must be a number, from 0 to 1"},
        BadValue{"[rules.duplicate-paragraph]\nboilerplate-min-share = 1.5\n", "from 0 to 1"},
        BadValue{"[rules.duplicate-paragraph]\nblock-kinds = [\"p\", \"para\"]\n",
                 "'block-kinds' must be an array of strings, each one of p, li, dt"},
        BadValue{"[rules.unverified-quote]\nmax-edit-ratio = 0.9\n",
                 "'max-edit-ratio' must be a number, from 0 to 0.5"},
        BadValue{"[rules.misattributed-quote]\nmin-words = 0\n",
                 "'min-words' must be an integer, from 1 to 1000"},
        BadValue{"[citations]\nheading-words = [\"Quellen\"]\n",
                 "unknown key 'heading-words' in [citations]"},
        BadValue{"[citations]\nextra-heading-words = \"Quellen\"\n",
                 "'extra-heading-words' must be an array"},
        BadValue{"[rules.citation-undefined]\nextra-heading-words = [\"Quellen\"]\n",
                 "unknown option 'extra-heading-words' for rule citation-undefined"},
        BadValue{"[network]\nretraction-records = \"no-such-list.jsonl\"\n",
                 "'retraction-records': no such file: site/no-such-list.jsonl"},
        BadValue{"[network]\nretraction-records = 5\n", "'retraction-records' must be a file name"}));

TEST(ConfigValues, ValuesInRangeAreAccepted) {
  RuleRegistry registry;
  register_all_rules(registry);
  const ConfigResult result = parse_config(
      "[citations]\nextra-heading-words = [\"Quellen\"]\n[rules.duplicate-paragraph]\nmin-words = 1\n"
      "similarity = 1.0\nblock-kinds = [\"p\", \"heading\"]\n[rules.unverified-quote]\nmax-edit-ratio = 0\n",
      "site/.reflint.toml", registry);
  ASSERT_TRUE(result.config.has_value()) << result.error;
  EXPECT_EQ(result.config->analysis.citations.extra_heading_words, std::vector<std::string>{"Quellen"});
}

}  // namespace
}  // namespace reflint
