// The quotation matcher: normalisation, ellipses, brackets, edit distance, order, abbreviations.

#include "rules/quotes/quote_match.h"

#include <gtest/gtest.h>

#include <string>

namespace reflint {
namespace {

constexpr std::string_view kAbstract =
    "Background: Reductions in lower extremity muscle strength, size and quality and increased fat content "
    "have been reported in advanced hip osteoarthritis (OA). Whether these differences are also evident at "
    "earlier stages of the disease and the extent to which they might develop over time is unclear. The main "
    "purpose of this 12-month exploratory prospective study was to compare changes in muscle and fat "
    "characteristics in individuals with mild-to-moderate hip OA and healthy controls. Conclusions: Strength "
    "declined over the follow-up period in the hip OA group. Interventions to prevent or slow declines in "
    "strength may be relevant in the management of mild-to-moderate hip OA.";

bool found(std::string_view quote, std::string_view source, MatchOptions options = {}) {
  return find_quote(QuotePattern(quote), SourceText(source), options).found;
}

TEST(QuoteTokens, FoldCaseCompatibilityFormsApostrophesAndHyphenatedLineBreaks) {
  const auto words = [](std::string_view text) {
    std::vector<std::string> folded;
    for (const QuoteToken& token : tokenize_for_matching(text)) folded.push_back(token.folded);
    return folded;
  };
  EXPECT_EQ(words("The PATIENT’s ﬁle"), (std::vector<std::string>{"the", "patients", "file"}));
  EXPECT_EQ(words("patient's Straße"), (std::vector<std::string>{"patients", "strasse"}));
  EXPECT_EQ(words("osteo-\n  arthritis mild-to-moderate"),
            (std::vector<std::string>{"osteoarthritis", "mild", "to", "moderate"}));
  EXPECT_EQ(words("soft\u00ADhyphen, “quoted” — dash"),
            (std::vector<std::string>{"softhyphen", "quoted", "dash"}));
  EXPECT_TRUE(tokenize_for_matching("hip osteoarthritis (OA).")[2].defines_abbreviation);
  EXPECT_FALSE(tokenize_for_matching("hip osteoarthritis (Table).")[2].defines_abbreviation);
}

TEST(QuoteMatch, ExactWithDifferentCaseQuotesAndPunctuation) {
  EXPECT_TRUE(
      found("“WHETHER these differences are also evident at earlier stages of the disease”", kAbstract));
  EXPECT_TRUE(
      found("\"whether these differences are also evident, at earlier stages of the disease\"", kAbstract));
  EXPECT_FALSE(found("whether these differences are also evident at later stages of the illness", kAbstract));
}

TEST(QuoteMatch, AllowsTenPercentTokenEdits) {
  // 20 words, one changed: within 10 %.
  const std::string one_edit =
      "The main purpose of this 12-month exploratory prospective study was to compare changes in muscle and "
      "bone "
      "characteristics";
  EXPECT_TRUE(found(one_edit, kAbstract));
  // Three changed words of 20: beyond 10 %.
  const std::string three_edits =
      "The main aim of this 12-month exploratory retrospective study was to compare changes in muscle and "
      "bone "
      "characteristics";
  EXPECT_FALSE(found(three_edits, kAbstract));
  MatchOptions lenient;
  lenient.max_edit_ratio = 0.2;
  EXPECT_TRUE(found(three_edits, kAbstract, lenient));
  // Short quotes must match exactly.
  EXPECT_FALSE(found("increased fat content was reported", kAbstract));
}

TEST(QuoteMatch, EllipsesSplitTheQuoteIntoOrderedSegments) {
  for (const std::string_view ellipsis : {"...", "…", "[...]", "[…]", ". . .", " . . . "}) {
    const std::string quote = "Strength declined over the follow-up period in the hip OA group" +
                              std::string(ellipsis) +
                              "may be relevant in the management of mild-to-moderate hip OA";
    EXPECT_TRUE(found(quote, kAbstract)) << ellipsis;
  }
  // The segments must appear in the source's order.
  EXPECT_FALSE(
      found("may be relevant in the management of mild-to-moderate hip OA ... Strength declined over the "
            "follow-up period in the hip OA group",
            kAbstract));
}

TEST(QuoteMatch, SentenceEndFollowedBySpacedEllipsis) {
  // As the sample article prints it: "observed. . . Interventions".
  EXPECT_TRUE(
      found("Strength declined over the follow-up period in the hip OA group. . . Interventions to prevent "
            "or slow declines in strength may be relevant",
            kAbstract));
}

TEST(QuoteMatch, BracketedInsertionsAreShortWildcardsAndSicIsDropped) {
  EXPECT_TRUE(
      found("[the researchers' aim] was to compare changes in muscle and fat characteristics in individuals",
            kAbstract));
  EXPECT_TRUE(
      found("The main purpose of this 12-month [project] study was to compare changes in muscle and fat",
            kAbstract));
  EXPECT_TRUE(
      found("[T]he main purpose of this 12-month exploratory prospective study was to compare", kAbstract));
  EXPECT_TRUE(found("reductions in lower extremity muscle strength [sic], size and quality and increased fat",
                    kAbstract));
  // A bracket stands for a few words, not for a whole passage.
  EXPECT_FALSE(
      found("Reductions in lower extremity muscle strength [...] and increased fat content have been "
            "reported in advanced hip osteoarthritis. [ten] Whether these differences are also evident at",
            "Reductions in lower extremity muscle strength and increased fat content have been reported in "
            "advanced hip osteoarthritis. One two three four five six seven eight nine ten eleven Whether "
            "these differences are also evident at"));
}

TEST(QuoteMatch, AbbreviationsDefinedInTheSourceMatchTheirLongForm) {
  // The source writes "hip OA"; the quote writes the long form, and the other way round.
  EXPECT_TRUE(
      found("compare changes in muscle and fat characteristics in individuals with mild-to-moderate hip "
            "osteoarthritis and healthy controls",
            kAbstract));
  EXPECT_TRUE(found("reported in advanced hip OA. Whether these differences are also evident", kAbstract));
  const std::string_view msm =
      "Osteoarthritis secondary to developmental dysplasia of the hip (DDH) is one of the major causes of "
      "hip pain. "
      "The aim of the study was to compare the effectiveness of prolotherapy (PrT) injections versus "
      "exercise "
      "protocol for the treatment of DDH.";
  EXPECT_TRUE(
      found("the aim of the study was to compare the effectiveness of prolotherapy injections versus "
            "exercise protocol for the treatment of developmental dysplasia of the hip",
            msm));
}

TEST(QuoteMatch, HyphenatedLineBreakInTheSource) {
  EXPECT_TRUE(
      found("a progressive joint disorder that causes pain and motor dysfunction",
            "Hip OA is a progres-\nsive joint disorder that causes pain and motor dys-\r\nfunction."));
}

TEST(QuoteMatch, NotFoundInAnEmptyOrUnrelatedSource) {
  EXPECT_FALSE(found("the aim of the study was to compare", ""));
  EXPECT_FALSE(found("the aim of the study was to compare", "Nothing here is related to that text at all."));
  EXPECT_FALSE(found("", kAbstract));
}

TEST(QuoteMatch, FindsTheQuoteInALongRepetitiveSource) {
  std::string source;
  for (int i = 0; i < 5000; ++i) source += "the study of the hip was done and the results were not clear. ";
  source += "Interventions to prevent or slow declines in strength may be relevant. ";
  for (int i = 0; i < 5000; ++i) source += "the study of the hip was done and the results were not clear. ";
  const QuoteMatch match = find_quote(QuotePattern("the results were not clear. Interventions to prevent or "
                                                   "slow declines in strength may be relevant"),
                                      SourceText(source));
  EXPECT_TRUE(match.found);
  EXPECT_LE(match.candidates, 4u);
}

}  // namespace
}  // namespace reflint
