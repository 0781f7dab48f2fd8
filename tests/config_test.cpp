// Configuration values are checked when the file is loaded: a value of the right type outside what
// the option accepts (a count below 1, NaN, a share above 1, an unknown block kind) is an error
// naming the file, line and column, never a surprise at run time.

#include "lint/core/config.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
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

/// A folder of configuration files, removed with it.
class ExtendsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    register_all_rules(registry_);
    dir_ =
        std::filesystem::temp_directory_path() / fmt::format("reflint-extends-{}-{}", getpid(), counter_++);
    std::filesystem::create_directories(dir_ / "site" / "blog");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  ConfigResult load(const std::string& name) { return load_config(dir_ / name, registry_); }

  RuleRegistry registry_;
  std::filesystem::path dir_;
  static inline int counter_ = 0;
};

TEST_F(ExtendsTest, AFileOverridesWhatItExtendsKeyByKey) {
  write("base.toml",
        "exclude = [\"drafts/*\"]\ncross-page = false\n[rules.duplicate-paragraph]\nlevel = \"error\"\n"
        "min-words = 20\nsimilarity = 0.9\n[rules.citation-order]\nenabled = false\n[network]\nmailto = "
        "\"base@example.org\"\n");
  write("site/blog/.reflint.toml",
        "extends = \"../../base.toml\"\n[rules.duplicate-paragraph]\nmin-words = 30\n[network]\noffline = "
        "true\n");
  const ConfigResult result = load("site/blog/.reflint.toml");
  ASSERT_TRUE(result.config.has_value()) << result.error;
  const Config& config = *result.config;
  EXPECT_EQ(config.file, dir_ / "site/blog/.reflint.toml");
  EXPECT_EQ(config.cross_page, false);
  EXPECT_EQ(config.exclude, std::vector<std::string>{"drafts/*"});
  EXPECT_EQ(config.exclude_folder, dir_);  // the base's globs stay relative to the base's folder
  const RuleSetting& duplicates = config.rules.at("duplicate-paragraph");
  EXPECT_EQ(duplicates.level, Level::error);
  ASSERT_EQ(duplicates.options.size(), 2U);  // similarity from the base, min-words from the file
  EXPECT_EQ(duplicates.options[0].first, "similarity");
  EXPECT_EQ(duplicates.options[1], (std::pair<std::string, OptionValue>{"min-words", int64_t{30}}));
  EXPECT_EQ(config.rules.at("citation-order").enabled, false);
  EXPECT_EQ(config.settings.network.mailto, "base@example.org");
  EXPECT_TRUE(config.settings.network.offline);
}

TEST_F(ExtendsTest, ACycleAMissingFileAndAnErrorInTheBaseAreRefusedWithTheirFiles) {
  write("a.toml", "extends = \"b.toml\"\n");
  write("b.toml", "extends = \"a.toml\"\n");
  ConfigResult result = load("a.toml");
  EXPECT_FALSE(result.config);
  EXPECT_NE(result.error.find("'extends' makes a cycle"), std::string::npos) << result.error;
  write("c.toml", "extends = \"missing.toml\"\n");
  result = load("c.toml");
  EXPECT_NE(result.error.find("c.toml:1:11: in the configuration it extends:"), std::string::npos)
      << result.error;
  EXPECT_NE(result.error.find("missing.toml: cannot read the configuration file"), std::string::npos)
      << result.error;
  write("bad.toml", "[rules.no-such-rule]\n");
  write("d.toml", "extends = \"bad.toml\"\n");
  result = load("d.toml");
  EXPECT_NE(result.error.find("bad.toml:1:8: unknown rule 'no-such-rule'"), std::string::npos)
      << result.error;
  write("e.toml", "extends = 3\n");
  EXPECT_NE(load("e.toml").error.find("'extends' must be the path of a configuration file"),
            std::string::npos);
}

}  // namespace
}  // namespace reflint
