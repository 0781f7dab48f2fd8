// Quotations: extraction and attribution in the model, and the quote rules with local source texts
// (--sources), on small pages and on the bundled sample article.

#include "lint/analysis/quotes.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "lint/analysis/citations.h"
#include "lint/core/runner.h"
#include "rules/quotes/quote_sources.h"
#include "rules/register_all.h"
#include "test_support.h"

namespace reflint {
namespace {
namespace fs = std::filesystem;

constexpr std::string_view kReferences = R"(
<h2>References</h2>
<ol>
<li>Smith A, Jones B. Walking after hip surgery. J Hip Res. 2019;4:1-9. doi:10.5555/walk.2019</li>
<li>Brown C, White D. Strength training in older adults. Age Ageing. 2020;9:10-19.</li>
<li>Green E, Black F. Pain and sleep in osteoarthritis. Pain Rep. 2021;2:20-29.</li>
</ol>)";

std::unique_ptr<testing::AnalysedPage> page(std::string_view body) {
  return testing::analyse("page.html",
                          fmt::format("<html><body><main>{}{}</main></body></html>", body, kReferences));
}

std::vector<std::string> quote_texts(const testing::AnalysedPage& document) {
  std::vector<std::string> texts;
  for (const Quote& quote : document.quotes().all()) texts.push_back(quote.text);
  return texts;
}

/// The numbers of the references a page's only quotation is attributed to, and how.
std::pair<std::vector<uint32_t>, AttributionMethod> attribution_of(std::string_view body) {
  const auto document = page(body);
  EXPECT_EQ(document->quotes().all().size(), 1u) << body;
  if (document->quotes().all().size() != 1) return {};
  const QuoteAttribution& attribution = document->quotes().all()[0].attribution;
  std::vector<uint32_t> numbers;
  for (const uint32_t entry : attribution.entries)
    numbers.push_back(document->citations().entries()[entry].number);
  return {numbers, attribution.method};
}

TEST(QuoteExtraction, BlockquoteQAndQuotationMarksOfEveryKind) {
  const auto document = page(
      "<blockquote><p>“Walking improved in every group of patients.”</p><footer>— Smith</footer></blockquote>"
      "<p>She said <q>strength came back within weeks of training</q> and left.</p>"
      "<p>They wrote „Schmerz und Schlaf hängen eng zusammen“ and « la douleur revient souvent la nuit ».</p>"
      "<p>He called it ‘a small but real change in pain’ and \"nothing more than a placebo effect\" "
      "too.</p>");
  EXPECT_EQ(quote_texts(*document),
            (std::vector<std::string>{
                "Walking improved in every group of patients.", "strength came back within weeks of training",
                "Schmerz und Schlaf hängen eng zusammen", "la douleur revient souvent la nuit",
                "a small but real change in pain", "nothing more than a placebo effect"}));
  const std::vector<Quote>& quotes = document->quotes().all();
  EXPECT_EQ(quotes[0].kind, QuoteKind::blockquote);
  EXPECT_EQ(quotes[1].kind, QuoteKind::q_element);
  EXPECT_EQ(quotes[2].kind, QuoteKind::inline_marks);
  EXPECT_EQ(quotes[0].words, 7u);
}

TEST(QuoteExtraction, ExactSourceRangeOfTheQuotedText) {
  const std::string html =
      "<html><body>\n<p>As noted, “the range starts at the first word” (1).</p>\n</body></html>";
  const auto document = testing::analyse("page.html", html);
  ASSERT_EQ(document->quotes().all().size(), 1u);
  const SourceRange range = document->quotes().all()[0].range;
  EXPECT_EQ(html.substr(range.begin, range.end - range.begin), "the range starts at the first word");
  EXPECT_EQ(document->position(range.begin), (Position{2, 15}));
}

TEST(QuoteExtraction, SkipsApostrophesCodeNavigationAndShortQuotes) {
  const auto document = testing::analyse("page.html", R"(<html><body>
<nav><p>“Menu entries are not quotations at all here”</p></nav>
<main>
<p>The patient’s knee and the doctors' view: it's 5'3" tall, rock 'n' roll.</p>
<p>Type <code>"a quoted string in some code sample"</code> to run it.</p>
<pre>“Preformatted text is not a quotation either”</pre>
<p>A “bone on bone” x-ray.</p>
</main></body></html>)");
  EXPECT_EQ(quote_texts(*document), (std::vector<std::string>{"bone on bone"}));
}

TEST(QuoteExtraction, NestedQuotesGiveTheOuterOneAndAnUnclosedQuoteRunsToTheParagraphEnd) {
  const auto document = page(
      "<p>They wrote: “patients called it ‘the best week of the year’ in interviews” (1).</p>"
      "<p>The study concluded: “Exercise helps most patients with mild hip pain.</p>");
  EXPECT_EQ(quote_texts(*document),
            (std::vector<std::string>{"patients called it ‘the best week of the year’ in interviews",
                                      "Exercise helps most patients with mild hip pain."}));
}

TEST(QuoteAttribution, CiteAttributeWinsOverMarkers) {
  const auto [entries, method] = attribution_of(
      "<blockquote cite=\"https://doi.org/10.5555/walk.2019\"><p>Walking improved in every group of the "
      "patients studied (2).</p></blockquote>");
  EXPECT_EQ(method, AttributionMethod::cite_attribute);
  EXPECT_EQ(entries, (std::vector<uint32_t>{1}));
}

TEST(QuoteAttribution, MarkerInsideOrRightAfterTheQuoteInTheSameSentence) {
  EXPECT_EQ(attribution_of("<p>It was “a clear gain in strength for most of the patients (2)” overall.</p>"),
            std::make_pair(std::vector<uint32_t>{2}, AttributionMethod::marker));
  EXPECT_EQ(
      attribution_of("<p>It was “a clear gain in strength for most of the patients” (2). Then (3) came.</p>"),
      std::make_pair(std::vector<uint32_t>{2}, AttributionMethod::marker));
  EXPECT_EQ(attribution_of("<p>It was “a clear gain in strength for most of the patients” [1, 3].</p>"),
            std::make_pair(std::vector<uint32_t>{1, 3}, AttributionMethod::marker));
}

TEST(QuoteAttribution, LeadInBeforeABlockquoteOrAReportedQuotation) {
  EXPECT_EQ(attribution_of(
                "<p>A paper was published in 2020 in Age and Ageing (2).</p>"
                "<p>Here is what the researchers said:</p>"
                "<blockquote><p>Strength training helped the oldest patients the most.</p></blockquote>"),
            std::make_pair(std::vector<uint32_t>{2}, AttributionMethod::lead_in));
  EXPECT_EQ(
      attribution_of("<p>A trial (3) followed sleep. The authors concluded: “pain at night predicts poor "
                     "sleep in the following week”.</p>"),
      std::make_pair(std::vector<uint32_t>{3}, AttributionMethod::lead_in));
  // Without words that report a study, an earlier marker does not claim the quotation.
  EXPECT_EQ(attribution_of("<p>Sleep was measured (3). My neighbour told me “pain at night keeps me awake "
                           "most of the week”.</p>")
                .second,
            AttributionMethod::none);
  // A heading ends the lead-in.
  EXPECT_EQ(attribution_of("<p>A trial (3) followed sleep.</p><h3>Next</h3><blockquote><p>Strength training "
                           "helped the oldest patients the most.</p></blockquote>")
                .second,
            AttributionMethod::none);
}

TEST(QuoteAttribution, LinkInTheSameSentence) {
  const auto document = page(
      "<p>As <a href=\"https://example.org/news/walking\">the press release</a> put it, “walking is the "
      "cheapest medicine we have for the hip”.</p>");
  ASSERT_EQ(document->quotes().all().size(), 1u);
  const QuoteAttribution& attribution = document->quotes().all()[0].attribution;
  EXPECT_EQ(attribution.method, AttributionMethod::link);
  EXPECT_EQ(attribution.url, "https://example.org/news/walking");
}

TEST(QuoteAttribution, ABlockquotesLinkIsInItsAttributionLineNotInTheQuotedText) {
  const auto document = page(
      "<blockquote class=\"twitter-tweet\"><p>Air quality was horrific today, see <a "
      "href=\"https://t.co/x1\">"
      "pic.twitter.com/x1</a> <a href=\"https://twitter.com/hashtag/air\">#air</a></p>&mdash; A Reporter "
      "(@reporter) <a href=\"https://twitter.com/reporter/status/1\">November 3, 2019</a></blockquote>");
  ASSERT_EQ(document->quotes().all().size(), 1u);
  const Quote& quote = document->quotes().all()[0];
  EXPECT_EQ(quote.text, "Air quality was horrific today, see pic.twitter.com/x1 #air");
  EXPECT_EQ(quote.attribution.method, AttributionMethod::link);
  EXPECT_EQ(quote.attribution.url, "https://twitter.com/reporter/status/1");
}

TEST(QuoteAttribution, AuthorOfExactlyOneReference) {
  EXPECT_EQ(
      attribution_of("<p>Green and colleagues wrote: “pain at night predicts poor sleep in the following "
                     "week”.</p>"),
      std::make_pair(std::vector<uint32_t>{3}, AttributionMethod::author));
  EXPECT_EQ(attribution_of(
                "<p>Nobody we know wrote: “pain at night predicts poor sleep in the following week”.</p>")
                .second,
            AttributionMethod::none);
}

TEST(QuoteSources, FileNames) {
  EXPECT_EQ(doi_source_name("10.1186/S12891-019-2668-z"), "10.1186_s12891-019-2668-z");
  EXPECT_EQ(url_source_name("https://www.Example.org/papers/smith?id=2"), "example.org_papers_smith_id_2");
  EXPECT_EQ(author_year_source_name("Gül", 2020), "gul-2020");
  EXPECT_EQ(author_year_source_name("van Middelkoop", 2019), "van-middelkoop-2019");
  EXPECT_EQ(author_year_source_name("", 2019), "");
}

// ---------------------------------------------------------------------------------------------
// The rules with source texts

class QuoteRules : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           fmt::format("reflint-quotes-{}", ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "sources");
    write("sources/10.5555_walk.2019.txt",
          "Walking after hip surgery. Background: Walking speed is a strong predictor of recovery after "
          "total hip "
          "arthroplasty (THA). Results: Patients who walked daily regained their speed within six weeks. "
          "Conclusions: Daily walking should be part of every rehabilitation programme after THA.");
    write(
        "sources/brown-2020.txt",
        "Strength training in older adults. Progressive resistance training increased leg strength in adults "
        "over seventy by a third within twelve weeks, without serious adverse events.");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& name, std::string_view text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }

  /// Findings of the quote rules for one page (with the standard reference list), sources given.
  std::vector<Finding> lint(std::string_view body, bool with_sources = true) {
    write("page.html", fmt::format("<html><body><main>{}{}</main></body></html>", body, kReferences));
    return lint_paths({(dir_ / "page.html").string()}, with_sources);
  }

  std::vector<Finding> lint_paths(std::vector<std::string> paths, bool with_sources = true) {
    RuleRegistry registry;
    register_all_rules(registry);
    RunOptions options;
    options.jobs = 1;
    options.paths = std::move(paths);
    options.config_file = testing::source_dir() / "fixtures" / "fixture.reflint.toml";
    for (const auto& rule : registry.rules()) {
      const bool wanted = rule->meta().family == "quotes";
      (wanted ? options.overrides.enable : options.overrides.disable).emplace_back(rule->meta().id);
    }
    const std::string sources = with_sources ? (dir_ / "sources").string() : "";
    options.adjust_settings = [sources](RunSettings& settings) {
      settings.network.offline = true;
      settings.network.use_cache = false;
      settings.network.sources_dir = sources;
    };
    result_ = run_lint(registry, options);
    EXPECT_TRUE(result_.fatal_error.empty()) << result_.fatal_error;
    return result_.findings;
  }

  fs::path dir_;
  RunResult result_;
};

std::string describe(const std::vector<Finding>& findings) {
  std::string text;
  for (const Finding& finding : findings) text += fmt::format("{}: {}\n", finding.rule_id, finding.message);
  return text;
}

TEST_F(QuoteRules, VerifiedQuotationsOfEveryMatchingVariantGiveNoFinding) {
  // Brown first: a lead-in with a marker in the blocks before would claim the quotation first.
  const std::vector<Finding> findings = lint(
      "<p>Brown wrote: “Progressive resistance training increased leg strength in adults over 70 by a third "
      "within "
      "twelve weeks, without serious adverse events.”</p>"
      "<p>The authors concluded: “DAILY WALKING should be part of every rehabilitation programme after total "
      "hip "
      "arthroplasty” (1).</p>"
      "<p>They found that \"patients who walked daily . . . within six weeks\" (1).</p>"
      "<p>They found that “patients who walked daily [after surgery] regained their speed within six weeks” "
      "(1).</p>"
      "<p>They found that “[p]atients who walked daily regained their [sic] speed within six weeks” (1).</p>"
      "<p>They found that “walking speed is a strong predictor … patients who walked daily regained their "
      "speed” "
      "(1).</p>"
      "<p>They found that “walking speed is a strong predictor of recovery after total hip arthroplasty "
      "[...] "
      "daily walking should be part of every rehabilitation programme” (1).</p>");
  EXPECT_TRUE(findings.empty()) << describe(findings);
}

TEST_F(QuoteRules, QuotationInNoSourceIsUnverifiedAndSaysWhatWasChecked) {
  const std::vector<Finding> findings =
      lint("<p>The authors concluded: “daily walking cured every patient within a single week” (1).</p>");
  ASSERT_EQ(findings.size(), 1u) << describe(findings);
  EXPECT_EQ(findings[0].rule_id, "unverified-quote");
  EXPECT_EQ(
      findings[0].message,
      "quotation not found in its attributed source [1] (checked: local file 10.5555_walk.2019.txt) nor in "
      "any other source of the article");
  EXPECT_EQ(findings[0].related.size(), 1u);  // the marker
}

TEST_F(QuoteRules, SegmentsOutOfOrderOrTooManyChangedWordsAreUnverified) {
  EXPECT_EQ(
      lint("<p>They found that “patients who walked daily regained their speed ... walking speed is a strong "
           "predictor of recovery” (1).</p>")
          .size(),
      1u);
  EXPECT_EQ(
      lint("<p>They found that “patients who ran twice daily regained all their strength within six weeks” "
           "(1).</p>")
          .size(),
      1u);
}

TEST_F(QuoteRules, AnHtmlSourceIsReadWithoutItsPageChrome) {
  write("sources/example.org_news_walking.html",
        "<html><body><nav><p>Subscribe to our newsletter for weekly hip health "
        "news</p></nav><main><p>Walking is "
        "the cheapest medicine we have for the hip, said the surgeon.</p></main></body></html>");
  const std::string link = "<a href=\"https://example.org/news/walking\">the press release</a>";
  EXPECT_TRUE(
      lint(fmt::format("<p>As {} put it, “walking is the cheapest medicine we have for the hip”.</p>", link))
          .empty());
  const std::vector<Finding> findings = lint(
      fmt::format("<p>As {} put it, “subscribe to our newsletter for weekly hip health news”.</p>", link));
  ASSERT_EQ(findings.size(), 1u) << describe(findings);
  EXPECT_NE(findings[0].message.find("(checked: local file example.org_news_walking.html)"),
            std::string::npos);
}

TEST_F(QuoteRules, QuotationFromAnotherReferenceIsMisattributedAndNamesIt) {
  write("sources/green-2021.txt",
        "Pain and sleep in osteoarthritis. Night pain was common and disturbed sleep.");
  const std::vector<Finding> findings = lint(
      "<p>The authors (3) concluded: “progressive resistance training increased leg strength in adults over "
      "seventy by a third” (3).</p>");
  ASSERT_EQ(findings.size(), 1u) << describe(findings);
  EXPECT_EQ(findings[0].rule_id, "misattributed-quote");
  EXPECT_EQ(findings[0].message, "quote attributed to [3] is from [2]");
  ASSERT_EQ(findings[0].related.size(), 1u);
  EXPECT_NE(findings[0].related[0].location.snippet.find("Brown C"), std::string::npos);
}

TEST_F(QuoteRules, QuotationWhoseSourceTextIsUnavailableIsCountedNotReported) {
  const std::vector<Finding> findings =
      lint("<p>The authors concluded: “pain at night predicts poor sleep in the following week” (3).</p>");
  EXPECT_TRUE(findings.empty()) << describe(findings);
  const auto note = std::find_if(result_.notices.begin(), result_.notices.end(), [](const Notice& notice) {
    return notice.rule_id == "unverified-quote" &&
           notice.message.starts_with("1 attributed quotation(s) not checked");
  });
  EXPECT_NE(note, result_.notices.end());
}

TEST_F(QuoteRules, SameQuotationAttributedToTwoSourcesOfflineInOnePageAndAcrossPages) {
  const std::string_view quote = "“pain at night predicts poor sleep in the following week”";
  std::vector<Finding> findings =
      lint(fmt::format("<p>A trial showed {} (3).</p><p>Later, another paper said {} (2).</p>", quote, quote),
           false);
  ASSERT_EQ(findings.size(), 1u) << describe(findings);
  EXPECT_EQ(findings[0].message, "the same quote is attributed to [2] here and to [3] on line 1");

  write("a.html",
        fmt::format("<html><body><p>A trial showed {} (3).</p>{}</body></html>", quote, kReferences));
  write("b.html",
        fmt::format("<html><body><p>A trial showed {} (1).</p>{}</body></html>", quote, kReferences));
  findings = lint_paths({(dir_ / "b.html").string(), (dir_ / "a.html").string()}, false);
  ASSERT_EQ(findings.size(), 1u) << describe(findings);
  EXPECT_EQ(findings[0].location.path, (dir_ / "b.html").string());
  EXPECT_NE(findings[0].message.find("here and to [3] in"), std::string::npos) << findings[0].message;
}

TEST(QuoteRulesAcrossPages, ParallelRunsReportTheSameLaterPage) {
  // Pages are checked concurrently and in any order; the finding must not depend on it.
  const fs::path site = testing::source_dir() / "fixtures" / "misattributed-quote" / "site";
  std::vector<std::string> runs;
  for (int run = 0; run < 5; ++run) {
    RuleRegistry registry;
    register_all_rules(registry);
    RunOptions options;
    options.jobs = 4;
    options.config_file = testing::source_dir() / "fixtures" / "fixture.reflint.toml";
    for (const char* page : {"c.html", "b.html", "a.html"}) options.paths.push_back((site / page).string());
    for (const auto& rule : registry.rules()) {
      (rule->meta().id == "misattributed-quote" ? options.overrides.enable : options.overrides.disable)
          .emplace_back(rule->meta().id);
    }
    options.adjust_settings = [](RunSettings& settings) { settings.network.offline = true; };
    const RunResult result = run_lint(registry, options);
    ASSERT_EQ(result.findings.size(), 1u);
    runs.push_back(result.findings[0].location.path + ": " + result.findings[0].message);
  }
  for (const std::string& run : runs) EXPECT_EQ(run, runs.front());
  EXPECT_NE(runs.front().find("b.html: the same quote is attributed to [1] here and to [3] in"),
            std::string::npos)
      << runs.front();
}

// ---------------------------------------------------------------------------------------------
// The bundled sample article

fs::path sample_path() {
  return testing::source_dir() / "fixtures" / "sample" / "hip-pain-article.html";
}

TEST(QuoteSample, QuotationsFromReferences358AreAttributedToThem) {
  const auto document = testing::analyse("sample.html", testing::read_file(sample_path()));
  std::vector<std::pair<std::string, uint32_t>> attributed;
  for (const Quote& quote : document->quotes().all()) {
    if (quote.attribution.entries.size() != 1) continue;
    attributed.emplace_back(quote.text.substr(0, 30),
                            document->citations().entries()[quote.attribution.entries[0]].number);
  }
  EXPECT_EQ(attributed, (std::vector<std::pair<std::string, uint32_t>>{
                            {"Exercise therapy is an importa", 3},
                            {"Reductions in lower extremity ", 5},
                            {"Pre-existing deficits in hip m", 5},
                            {"the aim of the study was to co", 8},
                            {"To our best knowledge, this st", 8},
                        }));
  // As printed, with the spaced ellipsis.
  const auto conclusions =
      std::find_if(document->quotes().all().begin(), document->quotes().all().end(),
                   [](const Quote& quote) { return quote.text.starts_with("Pre-existing"); });
  ASSERT_NE(conclusions, document->quotes().all().end());
  EXPECT_NE(conclusions->text.find("observed. . . Interventions"), std::string::npos);
}

class QuoteSampleRules : public QuoteRules {
 protected:
  std::vector<Finding> lint_sample(std::string_view from, std::string_view to) {
    std::string html = testing::read_file(sample_path());
    if (!from.empty()) {
      const size_t at = html.find(from);
      EXPECT_NE(at, std::string::npos);
      html.replace(at, from.size(), to);
    }
    write("hip-pain-article.html", html);
    for (const auto& entry : fs::directory_iterator(sample_path().parent_path() / "sources")) {
      fs::copy_file(entry.path(), dir_ / "sources" / entry.path().filename(),
                    fs::copy_options::overwrite_existing);
    }
    return lint_paths({(dir_ / "hip-pain-article.html").string()});
  }
};

TEST_F(QuoteSampleRules, QuotationsOf5And8VerifyAndThatOf3IsNotInItsAbstract) {
  const std::vector<Finding> findings = lint_sample("", "");
  // References 5 and 8 (". . ." and the abbreviations DDH, PrT and OA included) verify. The quotation
  // of reference 3 is from the paper's introduction, and only its abstract is available.
  ASSERT_EQ(findings.size(), 1u) << describe(findings);
  EXPECT_EQ(findings[0].rule_id, "unverified-quote");
  EXPECT_EQ(findings[0].location.start.line, 72u);
  EXPECT_NE(findings[0].message.find("[3] (checked: local file teirlinck-2020.txt)"), std::string::npos);
}

TEST_F(QuoteSampleRules, SwappingTheAttributionOfAQuotationNamesTheRightReference) {
  const std::vector<Finding> findings =
      lint_sample("in the BMC Musculoskeletal Disorders (5).", "in the BMC Musculoskeletal Disorders (4).");
  std::vector<std::pair<uint32_t, std::string>> misattributed;
  for (const Finding& finding : findings) {
    if (finding.rule_id == "misattributed-quote")
      misattributed.emplace_back(finding.location.start.line, finding.message);
  }
  // The blockquote and the "Conclusions:" quotation after it now claim reference 4.
  EXPECT_EQ(misattributed, (std::vector<std::pair<uint32_t, std::string>>{
                               {93, "quote attributed to [4] is from [5]"},
                               {96, "quote attributed to [4] is from [5]"},
                           }));
}

}  // namespace
}  // namespace reflint
