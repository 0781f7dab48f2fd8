// --extraction-summary and the "summary" of --dump-model: what the citation and DOI analyses found
// on a page, counted, against counts made by hand from the fixtures' markup.

#include "lint/analysis/extraction_summary.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "rules/register_all.h"
#include "test_support.h"

namespace reflint {
namespace {
namespace fs = std::filesystem;

ExtractionSummary summary_of(const std::string& fixture) {
  const fs::path path = testing::source_dir() / "fixtures" / fixture;
  const auto page = testing::analyse(path.string(), testing::read_file(path));
  return summarise_extraction(page->analyses());
}

TEST(ExtractionSummary, RangesWrittenAsTwoLinksAreCountedExpanded) {
  // Three ranges of two links each: 1–3 twice and 4–6, so 9 citations of entries 1 to 6 of 7.
  const ExtractionSummary summary = summary_of("reference-uncited/linked_ranges.html");
  EXPECT_EQ(summary.style, "numeric");
  EXPECT_EQ(summary.lists, 1u);
  EXPECT_EQ(summary.entries, 7u);
  EXPECT_EQ(summary.markers, 6u);
  EXPECT_EQ(summary.author_year_markers, 0u);
  EXPECT_EQ(summary.citations, 9u);
  EXPECT_EQ(summary.cited_entries, 6u);
  EXPECT_EQ(summary.missing_targets, 0u);
}

TEST(ExtractionSummary, AnAuthorYearPageIsSaidToBeOne) {
  const ExtractionSummary summary = summary_of("citation-undefined/author_year.html");
  EXPECT_EQ(summary.style, "author-year");
  EXPECT_EQ(summary.entries, 8u);
  EXPECT_EQ(summary.author_year_markers, summary.markers);
  EXPECT_GT(summary.markers, 0u);
  EXPECT_LT(summary.cited_entries, summary.entries) << "the fixture cites works it does not list";
}

TEST(ExtractionSummary, APageWithoutCitationsHasNoStyle) {
  const auto page = testing::analyse("plain.html", "<p>No citation here, and no list.</p>");
  const ExtractionSummary summary = summarise_extraction(page->analyses());
  EXPECT_EQ(summary.style, "none");
  EXPECT_EQ(summary.markers + summary.entries + summary.dois, 0u);
}

TEST(ExtractionSummary, MenusAndTabPanesUnderTheHeadingAreNoLists) {
  // Atypon's pages: under "References", the tabs and their panes beside the list itself.
  const auto page = testing::analyse("tabs.html", R"(<article><p>Fog slows pilots [1], [2].</p>
<h2>References</h2>
<ol><li>Berg A. Pilotage in fog. J Fict Nav. 2018;12:201-19.</li>
<li>Cole B. Radar in the wheelhouse. J Fict Nav. 2017;11:1-9.</li></ol>
<ul><li><a href="#pane-figures">Figures</a></li><li><a href="#pane-related">Related</a></li></ul>
<ul><li id="pane-figures" role="tabpanel">Figure 1. A harbour in fog, seen from the pilot boat.</li>
<li id="pane-related" role="tabpanel">See also: Fog at sea, a review of twenty years of pilotage.</li></ul>
</article>)");
  const ExtractionSummary summary = summarise_extraction(page->analyses());
  EXPECT_EQ(summary.lists, 1u);
  EXPECT_EQ(summary.entries, 2u);
  EXPECT_EQ(summary.markers, 2u);
}

TEST(ExtractionSummary, TheCommandLinePrintsATableOrJsonLinesInsteadOfTheFindings) {
  RuleRegistry registry;
  register_all_rules(registry);
  const fs::path fixture = testing::source_dir() / "fixtures" / "reference-uncited" / "linked_ranges.html";
  const testing::CliRun table =
      testing::run_reflint(registry, {"--offline", "--no-cache", "--extraction-summary", fixture.string()});
  ASSERT_TRUE(table.out.starts_with("STYLE ")) << table.out;
  EXPECT_NE(table.out.find(fixture.string()), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find("[reference-uncited]"), std::string::npos) << "no finding is listed";
  std::istringstream rows(table.out);
  std::string header;
  std::string row;
  std::getline(rows, header);
  std::getline(rows, row);
  std::istringstream cells(row);
  std::string style;
  unsigned lists = 0;
  unsigned entries = 0;
  cells >> style >> lists >> entries;
  EXPECT_EQ(style, "numeric");
  EXPECT_EQ(entries, 7u);

  const testing::CliRun lines = testing::run_reflint(
      registry, {"--offline", "--no-cache", "--extraction-summary", "--format", "json", fixture.string()});
  const nlohmann::json line = nlohmann::json::parse(lines.out);
  EXPECT_EQ(line["path"], fixture.string());
  EXPECT_EQ(line["cited_entries"], 6);

  const testing::CliRun model = testing::run_reflint(registry, {"--dump-model", fixture.string()});
  EXPECT_EQ(nlohmann::json::parse(model.out)["summary"], [&] {
    nlohmann::json expected = line;
    expected.erase("path");
    return expected;
  }());
}

}  // namespace
}  // namespace reflint
