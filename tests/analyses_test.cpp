// Analyses run on demand: with only one family of rules enabled, the analyses that only other
// families need are never run, and each analysis runs once per page however many rules ask.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lint/analysis/page_analyses.h"
#include "lint/core/runner.h"
#include "rules/register_all.h"
#include "test_support.h"

namespace reflint {
namespace {

/// Analysis runs during an offline run of the sample article with the rules of `families` alone.
AnalysisRuns runs_with_families(const std::vector<std::string>& families) {
  RuleRegistry registry;
  register_all_rules(registry);
  RunOptions options;
  options.jobs = 1;
  options.paths = {(testing::source_dir() / "fixtures" / "sample" / "hip-pain-article.html").string()};
  options.config_file = testing::source_dir() / "fixtures" / "fixture.reflint.toml";
  for (const auto& rule : registry.rules()) {
    const bool wanted =
        std::find(families.begin(), families.end(), std::string(rule->meta().family)) != families.end();
    (wanted ? options.overrides.enable : options.overrides.disable).emplace_back(rule->meta().id);
  }
  options.adjust_settings = [](RunSettings& settings) {
    settings.network.offline = true;
    settings.network.use_cache = false;
  };
  const AnalysisRuns before = analysis_runs();
  const RunResult result = run_lint(registry, options);
  EXPECT_TRUE(result.fatal_error.empty()) << result.fatal_error;
  const AnalysisRuns after = analysis_runs();
  return {after.reference_lists - before.reference_lists, after.citation_markers - before.citation_markers,
          after.dois - before.dois, after.quotes - before.quotes};
}

struct Expected {
  std::vector<std::string> families;
  AnalysisRuns runs;
};

class AnalysesOnDemand : public ::testing::TestWithParam<Expected> {};

TEST_P(AnalysesOnDemand, OnlyTheAnalysesTheEnabledRulesNeedRunOncePerPage) {
  const Expected& expected = GetParam();
  const AnalysisRuns runs = runs_with_families(expected.families);
  EXPECT_EQ(runs.reference_lists, expected.runs.reference_lists);
  EXPECT_EQ(runs.citation_markers, expected.runs.citation_markers);
  EXPECT_EQ(runs.dois, expected.runs.dois);
  EXPECT_EQ(runs.quotes, expected.runs.quotes);
}

// {reference lists, citation markers, DOIs, quotes}
INSTANTIATE_TEST_SUITE_P(
    Families, AnalysesOnDemand,
    ::testing::Values(Expected{{}, {0, 0, 0, 0}}, Expected{{"duplicates"}, {1, 0, 0, 0}},
                      Expected{{"doi"}, {1, 0, 1, 0}}, Expected{{"citations"}, {1, 1, 0, 0}},
                      Expected{{"quotes"}, {1, 1, 0, 1}},
                      Expected{{"citations", "doi", "duplicates", "quotes"}, {1, 1, 1, 1}}),
    [](const ::testing::TestParamInfo<Expected>& param_info) {
      std::string name;
      for (const std::string& family : param_info.param.families) name += family;
      return name.empty() ? std::string("none") : name;
    });

TEST(PageAnalyses, ReferencesAndCitationsNumberEntriesAlike) {
  const auto page = testing::analyse("sample.html", testing::read_file(testing::source_dir() / "fixtures" /
                                                                       "sample" / "hip-pain-article.html"));
  const CitationModel& references = page->analyses().references();
  const CitationModel& citations = page->analyses().citations();
  EXPECT_TRUE(references.markers().empty());
  EXPECT_FALSE(citations.markers().empty());
  ASSERT_EQ(references.entries().size(), citations.entries().size());
  ASSERT_FALSE(references.entries().empty());
  for (size_t i = 0; i < references.entries().size(); ++i) {
    EXPECT_EQ(references.entries()[i].number, citations.entries()[i].number);
    EXPECT_EQ(references.entries()[i].text, citations.entries()[i].text);
  }
  EXPECT_EQ(references.main_list(), citations.main_list());
}

}  // namespace
}  // namespace reflint
