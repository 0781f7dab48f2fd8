// duplicate-paragraph beyond its fixtures: the normaliser and the similarity measures on their own,
// the repeated passages of the bundled sample article, and the cross-page run of the fixture site.

#include "rules/duplicates/duplicate_paragraph.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "lint/core/runner.h"
#include "lint/html/parse.h"
#include "rules/duplicates/passage_similarity.h"
#include "rules/duplicates/passage_text.h"
#include "test_support.h"

namespace reflint {
namespace {
namespace fs = std::filesystem;

/// The passage of the first block of `<p>` + html.
PassageText passage_of(std::string_view html) {
  const auto document = parse_html("test.html", fmt::format("<html><body><p>{}</p></body></html>", html));
  return normalise_passage(*document, 0);
}

// Numbered markers: a bracket, one to three digits joined by , ; - – or —, a bracket; anything else
// (a year, four digits, a trailing separator) is words.
TEST(PassageText, OnlyNumberedCitationMarkersAreLeftOut) {
  const PassageText marked =
      passage_of("Results of (2020) and [1, 2345] (1\u20134)( 12 ; 13 ) [7,] (8\u201410]");
  EXPECT_EQ(marked.exact_hash, passage_of("Results of 2020 and 1 2345 7").exact_hash);
  EXPECT_EQ(marked.words.size(), 7u);
}

TEST(PassageText, VariantsOfTheSameWordsNormaliseAlike) {
  const PassageText plain = passage_of("The patient's first report - in plain words - was late (3).");
  for (const char* variant : {
           "THE PATIENT’S FIRST REPORT – IN PLAIN WORDS – WAS LATE [3]",
           "The   patient&#8217;s ﬁrst report, “in plain words”, was late<sup>3</sup>.",
           "The patient's first report — in plain words — was late [2, 3-5]!",
       }) {
    EXPECT_EQ(passage_of(variant).exact_hash, plain.exact_hash) << variant;
  }
  EXPECT_EQ(plain.words.size(), 9u);
}

TEST(PassageText, KeepsYearsAndOtherNumbers) {
  EXPECT_NE(passage_of("The trial ended (2019) with ten patients.").exact_hash,
            passage_of("The trial ended (2020) with ten patients.").exact_hash);
  EXPECT_NE(passage_of("The dose was 3.5 mg for ten patients.").exact_hash,
            passage_of("The dose was 3 mg for ten patients.").exact_hash);
}

TEST(PassageText, WordsPointAtTheirText) {
  const PassageText passage = passage_of("Hip “pain” (2) returns.");
  const auto document = parse_html("test.html", "<html><body><p>Hip “pain” (2) returns.</p></body></html>");
  const std::string& text = document->blocks()[0].text;
  ASSERT_EQ(passage.words.size(), 3u);
  EXPECT_EQ(text.substr(passage.words[1].text_begin, passage.words[1].text_end - passage.words[1].text_begin),
            "pain");
  EXPECT_EQ(text.substr(passage.words[2].text_begin, passage.words[2].text_end - passage.words[2].text_begin),
            "returns");
}

TEST(PassageText, SplitsSentencesAndJoinsShortOnes) {
  const PassageText passage = passage_of(
      "The first sentence has six words. Short one. The third sentence is here, e.g. with 3.5 more words. "
      "Yes.");
  // "Short one." joins the sentence after it, "Yes." the one before; "e.g." and "3.5" end nothing.
  ASSERT_EQ(passage.sentence_count(), 2u);
  EXPECT_EQ(passage.sentence(0).size(), 6u);
  EXPECT_EQ(passage.sentence(1).size(), 15u);
}

TEST(PassageSimilarity, JaccardAndContainmentOfSets) {
  const std::vector<uint64_t> a{1, 2, 3, 4};
  const std::vector<uint64_t> b{3, 4, 5, 6, 7, 8};
  EXPECT_DOUBLE_EQ(jaccard(a, b), 2.0 / 8.0);
  EXPECT_DOUBLE_EQ(containment(a, b), 0.5);
  EXPECT_DOUBLE_EQ(containment(std::vector<uint64_t>{3, 4}, b), 1.0);
}

TEST(PassageSimilarity, EqualSetsShareEveryBandAndDifferentTextsNone) {
  const PassageText text =
      passage_of("Researchers followed two hundred patients for a year and measured walking.");
  const PassageText other =
      passage_of("Surgeons prefer early referral when the cartilage is already gone from the joint.");
  EXPECT_EQ(band_keys(shingles(text.words)), band_keys(shingles(text.words)));
  const BandKeys a = band_keys(shingles(text.words));
  const BandKeys b = band_keys(shingles(other.words));
  for (size_t band = 0; band < kBands; ++band) EXPECT_NE(a[band], b[band]) << band;
}

TEST(PassageSimilarity, ClassifiesTheKindOfCopy) {
  const CopyThresholds thresholds;
  const PassageText base = passage_of(
      "Hospital pharmacists reviewed every discharge prescription during the winter months and found that "
      "most "
      "errors came from dosing tables copied between wards.");
  const auto exact = compare_passages(base, base, thresholds);
  ASSERT_TRUE(exact);
  EXPECT_EQ(exact->kind, CopyKind::exact);

  const PassageText changed = passage_of(
      "Hospital pharmacists checked every discharge prescription during the winter months and found that "
      "most "
      "errors came from dosing tables copied between wards.");
  const auto near = compare_passages(base, changed, thresholds);
  ASSERT_TRUE(near);
  EXPECT_EQ(near->kind, CopyKind::near);
  EXPECT_NEAR(near->similarity, 17.0 / 23.0, 1e-9);  // 20 shingles each, 3 spoiled in each

  const PassageText longer = passage_of(
      "Nobody expected it. Hospital pharmacists reviewed every discharge prescription during the winter "
      "months "
      "and found that most errors came from dosing tables copied between wards. The tables were replaced.");
  const auto inside = compare_passages(base, longer, thresholds);
  ASSERT_TRUE(inside);
  EXPECT_EQ(inside->kind, CopyKind::repeats_inside);
  EXPECT_DOUBLE_EQ(inside->similarity, 1.0);
  const auto contained = compare_passages(longer, base, thresholds);
  ASSERT_TRUE(contained);
  EXPECT_EQ(contained->kind, CopyKind::contained);

  const PassageText unrelated = passage_of(
      "Nobody expected it. The tables were replaced by one shared electronic reference that nurses check "
      "daily.");
  EXPECT_FALSE(compare_passages(base, unrelated, thresholds));
}

struct LintRun {
  RuleRegistry registry;
  RunResult result;
};

LintRun lint_with_duplicate_paragraph(std::vector<std::string> paths, bool cross_page) {
  LintRun run;
  run.registry.add<DuplicateParagraph>();
  RunOptions options;
  options.paths = std::move(paths);
  options.jobs = 2;
  options.config_file = testing::source_dir() / "fixtures" / "fixture.reflint.toml";
  options.adjust_settings = [cross_page](RunSettings& settings) { settings.cross_page = cross_page; };
  run.result = run_lint(run.registry, options);
  return run;
}

bool starts_with_text(const Location& location, std::string_view probe) {
  return location.snippet.rfind(probe, 0) == 0;
}

TEST(DuplicateParagraphSample, FindsEveryRepeatedPassageOfTheSampleArticle) {
  const fs::path sample = testing::source_dir() / "fixtures" / "sample" / "hip-pain-article.html";
  const LintRun run = lint_with_duplicate_paragraph({sample.string()}, false);
  ASSERT_TRUE(run.result.fatal_error.empty());
  struct Expected {
    std::string_view later;  // where the later copy's finding starts
    std::string_view first;  // where its related location starts
    std::string_view kind;
  };
  const Expected expected[] = {
      {"Here we have an x-ray of a severely degenerated hip.",
       "Here we have an x-ray of a severely degenerated hip.",
       "contained in the longer paragraph at line 55"},
      {"The results were somewhat surprising", "The results were somewhat surprising",
       "exact copy of the paragraph at line 62"},
      {"If avoiding hip replacement is something you want to pursue", "If avoiding hip replacement",
       "repeats the paragraph at line 89 inside a longer one"},
      {"Your physical therapy is not working because", "Your physical therapy is not working because",
       "repeats the paragraph at line 103 inside a longer one (containment 1.00)"},
  };
  // Each of the four is a real repetition, and there is nothing else to report in the article.
  ASSERT_EQ(run.result.findings.size(), std::size(expected));
  for (const Expected& each : expected) {
    const auto found =
        std::find_if(run.result.findings.begin(), run.result.findings.end(), [&](const Finding& f) {
          return starts_with_text(f.location, each.later) && f.message.find(each.kind) != std::string::npos;
        });
    ASSERT_NE(found, run.result.findings.end()) << each.later;
    ASSERT_EQ(found->related.size(), 1u);
    EXPECT_TRUE(starts_with_text(found->related[0].location, each.first))
        << found->related[0].location.snippet;
    EXPECT_LT(found->related[0].location.start.line, found->location.start.line);
  }
}

std::vector<std::string> site_pages() {
  std::vector<std::string> pages;
  for (const auto& entry :
       fs::directory_iterator(testing::source_dir() / "fixtures" / "duplicate-paragraph" / "site")) {
    pages.push_back(entry.path().string());
  }
  return pages;
}

TEST(DuplicateParagraphSite, ReportsOnlyTheCopiedArticleParagraph) {
  const LintRun run = lint_with_duplicate_paragraph(site_pages(), true);
  ASSERT_EQ(run.result.findings.size(), 1u);
  const Finding& finding = run.result.findings[0];
  EXPECT_TRUE(finding.location.path.ends_with("article-4.html"));
  ASSERT_EQ(finding.related.size(), 1u);
  EXPECT_TRUE(finding.related[0].location.path.ends_with("article-2.html"));
  EXPECT_TRUE(starts_with_text(finding.related[0].location, "A tendon that is loaded a little every day"));
  // Tagline and footer are page chrome and the sidebar is furniture by its class: nothing was left
  // for the boilerplate count.
  EXPECT_TRUE(std::none_of(run.result.notices.begin(), run.result.notices.end(),
                           [](const Notice& n) { return n.rule_id == "duplicate-paragraph"; }));
}

TEST(DuplicateParagraphSite, WithoutCrossPageEachPageStandsAlone) {
  const LintRun run = lint_with_duplicate_paragraph(site_pages(), false);
  EXPECT_TRUE(run.result.findings.empty());
  EXPECT_TRUE(std::none_of(run.result.notices.begin(), run.result.notices.end(),
                           [](const Notice& n) { return n.rule_id == "duplicate-paragraph"; }));
}

TEST(DuplicateParagraphSite, BoilerplateRepeatedInsideAPageIsNotReported) {
  const fs::path folder = fs::temp_directory_path() / "reflint-duplicates-boilerplate";
  fs::create_directories(folder);
  const char* const kArticles[] = {
      "Squats, bridges and side-lying leg raises strengthen the muscles that keep the pelvis level.",
      "Cushioned shoes do not prevent hip pain on their own, whatever the advertisements say.",
      "Pain that wakes you at night is a reason to see a physiotherapist soon rather than later.",
      "Sitting for hours shortens the hip flexors, and the first steps after a meeting hurt.",
  };
  std::vector<std::string> pages;
  for (size_t page = 0; page < std::size(kArticles); ++page) {
    const fs::path path = folder / fmt::format("page-{}.html", page);
    std::ofstream(path) << fmt::format(
        "<html><body><main>"
        "<p>Subscribe to our newsletter to get one practical exercise for your hips every week.</p>"
        "<p>{}</p>"
        "<p>Subscribe to our newsletter to get one practical exercise for your hips every week.</p>"
        "</main></body></html>",
        kArticles[page]);
    pages.push_back(path.string());
  }
  const LintRun run = lint_with_duplicate_paragraph(pages, true);
  EXPECT_TRUE(run.result.findings.empty());
  const auto notice = std::find_if(run.result.notices.begin(), run.result.notices.end(),
                                   [](const Notice& n) { return n.rule_id == "duplicate-paragraph"; });
  ASSERT_NE(notice, run.result.notices.end());
  EXPECT_EQ(notice->level, NoticeLevel::note);
  EXPECT_TRUE(notice->message.starts_with("8 blocks (1 distinct texts) were treated as site boilerplate"))
      << notice->message;
  // Checked on its own, a page does repeat the newsletter paragraph.
  EXPECT_EQ(lint_with_duplicate_paragraph({pages[0]}, false).result.findings.size(), 1u);
  fs::remove_all(folder);
}

}  // namespace
}  // namespace reflint
