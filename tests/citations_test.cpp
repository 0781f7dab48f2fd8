// The citations family: the citation model and sentence splitter on small inputs, the bundled
// sample article, and the Wikipedia pages of ../shared/corpus (skipped when it is absent).

#include "lint/analysis/citations.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>

#include "lint/analysis/sentences.h"
#include "lint/core/runner.h"
#include "rules/register_all.h"
#include "test_support.h"

namespace reflint {
namespace {
namespace fs = std::filesystem;

bool is_citation_rule(std::string_view id) {
  return id.starts_with("citation-") || id.starts_with("reference-");
}

/// Lints `paths` with the citation rules only, offline, with `config` (default: the fixtures' one).
RunResult lint_citations(const std::vector<std::string>& paths,
                         std::optional<fs::path> config = std::nullopt) {
  static const RuleRegistry registry = [] {
    RuleRegistry rules;
    register_all_rules(rules);
    return rules;
  }();
  RunOptions options;
  options.jobs = 1;
  options.paths = paths;
  options.config_file = config ? *config : testing::source_dir() / "fixtures" / "fixture.reflint.toml";
  for (const auto& rule : registry.rules()) {
    const std::string_view id = rule->meta().id;
    (is_citation_rule(id) ? options.overrides.enable : options.overrides.disable).emplace_back(id);
  }
  options.adjust_settings = [](RunSettings& settings) {
    settings.network.offline = true;
    settings.network.use_cache = false;
  };
  return run_lint(registry, options);
}

std::vector<std::string> texts(std::string_view text, const std::vector<Sentence>& sentences) {
  std::vector<std::string> result;
  result.reserve(sentences.size());
  for (const Sentence& sentence : sentences)
    result.emplace_back(text.substr(sentence.begin, sentence.end - sentence.begin));
  return result;
}

TEST(Sentences, SplitsAtFullStopsButNotAtAbbreviationsInitialsOrDecimals) {
  const std::string_view text = "Dr. Smith et al. gave 3.5 mg to J. Doe. It worked! Did it? Yes.";
  EXPECT_EQ(
      texts(text, split_sentences(text)),
      (std::vector<std::string>{"Dr. Smith et al. gave 3.5 mg to J. Doe.", "It worked!", "Did it?", "Yes."}));
}

TEST(Sentences, KeepsCitationMarkersWithTheSentenceTheyFollow) {
  const std::string_view text = "Dogs bark.[12][13] Cats purr. (8) The study was published in Trials (7).";
  EXPECT_EQ(texts(text, split_sentences(text)),
            (std::vector<std::string>{"Dogs bark.[12][13]", "Cats purr. (8)",
                                      "The study was published in Trials (7)."}));
  const Sentence holding = sentence_at(text, static_cast<uint32_t>(text.find("(8)")));
  EXPECT_EQ(text.substr(holding.begin, holding.end - holding.begin), "Cats purr. (8)");
}

TEST(Sentences, SplitsChineseAndJapaneseFullStops) {
  const std::string_view text = "猫是家养动物。它们喜欢睡觉。";
  EXPECT_EQ(split_sentences(text).size(), 2u);
}

TEST(CitationModel, ReadsTheSampleArticlesMarkersAndReferenceList) {
  const fs::path sample = testing::source_dir() / "fixtures" / "sample" / "hip-pain-article.html";
  const auto document = testing::analyse(sample.string(), testing::read_file(sample));
  const CitationModel& model = document->citations();

  ASSERT_EQ(model.lists().size(), 1u);
  EXPECT_EQ(model.lists()[0].numbering, ListNumbering::typed);
  ASSERT_EQ(model.entries().size(), 8u);
  for (uint32_t i = 0; i < 8; ++i) EXPECT_EQ(model.entries()[i].number, i + 1);
  const ReferenceEntry& fourth = model.entries()[3];
  EXPECT_EQ(fourth.first_author, "Loureiro");
  EXPECT_EQ(fourth.year, 2018);
  EXPECT_EQ(fourth.container, "BMC Musculoskelet Disord");
  EXPECT_EQ(fourth.title,
            "Individuals with mild-to-moderate hip osteoarthritis have lower limb muscle strength and volume "
            "deficits.");
  EXPECT_EQ(fourth.dois, std::vector<std::string>{"10.1186/s12891-018-2230-4"});
  EXPECT_EQ(fourth.urls.size(), 1u);  // the Google Scholar link
  EXPECT_EQ(model.entries()[7].dois, std::vector<std::string>{"10.12659/MSM.919166"});
  EXPECT_EQ(model.entries()[7].first_author, "Gül");
  EXPECT_EQ(model.entries()[1].year, 2016);
  EXPECT_EQ(model.entries()[1].container, "Physical therapy");

  // "(1)" to "(8)" in order; "(239) 308-4701" in the footer and "96(6)" in the list are not markers.
  ASSERT_EQ(model.markers().size(), 8u);
  for (uint32_t i = 0; i < 8; ++i) {
    const CitationMarker& marker = model.markers()[i];
    EXPECT_EQ(marker.style, MarkerStyle::parenthesis);
    EXPECT_EQ(marker.numbers, std::vector<uint32_t>{i + 1});
  }
  const CitationMarker& eighth = model.markers()[7];
  const std::string& block = document->blocks()[eighth.block].text;
  EXPECT_EQ(block.substr(eighth.sentence_begin, eighth.sentence_end - eighth.sentence_begin),
            "The study was published in the journal Medical Science Monitor. (8)");
  EXPECT_EQ(document->position(eighth.range.begin), (Position{119, 338}));
}

TEST(CitationModel, ExtraHeadingWordsFindAListUnderAnUnusualHeading) {
  const std::string html =
      "<p>Cats purr (1) and hunt (2).</p><h2>Quellennachweis</h2>"
      "<p>1 Meier A. Katzen. Tierarzt. 2001;3(2):4.</p><p>2 Huber B. Jagd. Tierarzt. 2002;4(1):5.</p>";
  const auto document = testing::analyse("extra.html", html);
  EXPECT_TRUE(document->citations().entries().empty());
  const CitationModel model = extract_citations(document->document(), CitationOptions{{"Quellennachweis"}});
  EXPECT_EQ(model.entries().size(), 2u);
  EXPECT_EQ(model.markers().size(), 2u);
}

TEST(CitationRules, TheSampleArticleHasNoCitationDefects) {
  // Markers (1)–(8) cite entries 1–8 in order; every sentence that names a journal or a year agrees
  // with its entry ("BioMed Central Musculoskeletal Disorders" = "BMC Musculoskelet Disord").
  const fs::path sample = testing::source_dir() / "fixtures" / "sample" / "hip-pain-article.html";
  const RunResult result = lint_citations({sample.string()});
  ASSERT_TRUE(result.fatal_error.empty()) << result.fatal_error;
  EXPECT_EQ(result.enabled_rules.size(), 7u);
  for (const Finding& finding : result.findings) {
    ADD_FAILURE() << finding.location.start.line << ":" << finding.location.start.column << ": "
                  << finding.message << " [" << finding.rule_id << "]";
  }
}

TEST(CitationRules, OptionsTurnOrderDetectionOffAndAddHeadingWords) {
  const fs::path folder = fs::temp_directory_path() / "reflint_citation_options";
  fs::create_directories(folder);
  const fs::path page = folder / "page.html";
  // An alphabetical list cited out of order, under a heading only the configuration knows.
  std::ofstream(page)
      << "<p>Pain fell [2]. Function rose [1]. Sleep improved [3] and mood [4].</p>"
         "<h2>Quellennachweis</h2><ol><li>Bieler T. Exercise. 2017;22(1):1.</li>"
         "<li>Loureiro A. Strength. 2018;19(1):303.</li><li>Pieroh P. Ligaments. 2016;11(9):3.</li>"
         "<li>Semciw AI. Gluteal. 2018;19(1):511.</li></ol>";
  const fs::path config = folder / "reflint.toml";
  std::ofstream(config) << "[citations]\nextra-heading-words = [\"Quellennachweis\"]\n"
                           "[rules.citation-order]\nauto-detect = false\n";
  const RunResult defaults = lint_citations({page.string()});
  ASSERT_TRUE(defaults.fatal_error.empty()) << defaults.fatal_error;
  EXPECT_TRUE(defaults.findings.empty());  // no list is known, so nothing is checked

  const RunResult configured = lint_citations({page.string()}, config);
  ASSERT_TRUE(configured.fatal_error.empty()) << configured.fatal_error;
  ASSERT_EQ(configured.findings.size(), 1u);
  EXPECT_EQ(configured.findings[0].rule_id, "citation-order");
  EXPECT_EQ(configured.findings[0].message,
            "citation [2] cites reference 2 before reference 1 has been cited; expected references numbered "
            "in order "
            "of first citation");
  fs::remove_all(folder);
}

TEST(CitationRules, TheCitationsSectionReachesEveryFamily) {
  // Two entries written alike under a heading only the configuration knows: read as reference
  // entries (which duplicate-paragraph leaves alone) only with [citations] extra-heading-words.
  const fs::path folder = fs::temp_directory_path() / "reflint_citations_section";
  fs::create_directories(folder);
  const fs::path page = folder / "page.html";
  std::ofstream(page)
      << "<p>Cats purr [1] and hunt [2].</p><h2>Quellennachweis</h2><ol>"
         "<li>Meier A, Huber B. Katzen und ihre Jagd im Winter. Tierarzt. 2001;3(2):4-9.</li>"
         "<li>Meier A, Huber B. Katzen und ihre Jagd im Winter. Tierarzt. 2001;3(2):4-9.</li></ol>";
  const fs::path config = folder / "reflint.toml";
  std::ofstream(config) << "[citations]\nextra-heading-words = [\"Quellennachweis\"]\n";
  RuleRegistry registry;
  register_all_rules(registry);
  const auto lint = [&](std::optional<fs::path> config_file) {
    RunOptions options;
    options.jobs = 1;
    options.paths = {page.string()};
    options.config_file =
        config_file ? *config_file : testing::source_dir() / "fixtures" / "fixture.reflint.toml";
    for (const auto& rule : registry.rules()) {
      const bool wanted =
          rule->meta().id == "duplicate-paragraph" || rule->meta().id == "reference-duplicate";
      (wanted ? options.overrides.enable : options.overrides.disable).emplace_back(rule->meta().id);
    }
    return run_lint(registry, options);
  };
  const auto rules_of = [](const RunResult& result) {
    std::vector<std::string> ids;
    for (const Finding& finding : result.findings) ids.push_back(finding.rule_id);
    return ids;
  };
  EXPECT_EQ(rules_of(lint(std::nullopt)), std::vector<std::string>{"duplicate-paragraph"});
  EXPECT_EQ(rules_of(lint(config)), std::vector<std::string>{"reference-duplicate"});
  fs::remove_all(folder);
}

struct WikipediaPage {
  const char* path;  // under corpus/pages
  size_t entries;    // items of the generated reference lists (li#cite_note-…; MANIFEST.md)
  size_t markers;    // numeric citation superscripts (INDEX.tsv column sup_cite)
};

TEST(CitationCorpus, WikipediaPagesAreConsistentAndCountedInFull) {
  const fs::path pages = testing::shared_dir() / "corpus" / "pages";
  if (!fs::is_directory(pages)) GTEST_SKIP() << "../shared/corpus/pages is absent";
  constexpr WikipediaPage kPages[] = {
      {"wikipedia-mobileapps/Dog.html", 237, 344},
      {"wikipedia-mobileapps/United_States.html", 731, 772},
      {"wikipedia-mobileapps/parse_contents_en.html", 252, 295},
      {"wikipedia-mobileapps/parse_contents_zh.html", 94, 112},
      {"wikipedia-mobileapps/ar-Mathematics.html", 7, 7},
      {"mozilla-readability/wikipedia.html", 72, 76},
      {"mozilla-readability/wikipedia-2.html", 379, 433},
      {"mozilla-readability/wikipedia-3.html", 5, 6},
      {"mozilla-readability/wikipedia-4.html", 80, 81},
      {"trafilatura-cache/en.wikipedia.org.tsne.html", 12, 13},
  };
  std::vector<std::string> paths;
  for (const WikipediaPage& page : kPages) {
    const fs::path path = pages / page.path;
    paths.push_back(path.string());
    const auto document = testing::analyse(path.string(), testing::read_file(path));
    const CitationModel& model = document->citations();
    size_t entries = 0;
    for (const ReferenceList& list : model.lists()) {
      // Lists found by class; the others are bibliographies under a heading ("Bibliography").
      if (list.heading_block == kNoIndex) entries += list.end_entry - list.first_entry;
    }
    const auto markers =
        static_cast<size_t>(std::count_if(model.markers().begin(), model.markers().end(),
                                          [](const CitationMarker& m) { return !m.numbers.empty(); }));
    EXPECT_EQ(entries, page.entries) << page.path;
    EXPECT_EQ(markers, page.markers) << page.path;
  }
  const RunResult result = lint_citations(paths);
  ASSERT_TRUE(result.fatal_error.empty()) << result.fatal_error;
  // Short-form links ("Mech & Boitani 2003" to #CITEREFMechBoitani2003) are typed by editors, not
  // generated: Wikipedia itself lists a page whose link finds no bibliography entry ("Harv error").
  // Dog.html has one such link; every other structural finding would be reflint's fault.
  std::vector<std::string> short_form_errors;
  for (const Finding& finding : result.findings) {
    const bool structural =
        finding.rule_id == "citation-undefined" || finding.rule_id == "reference-uncited" ||
        finding.rule_id == "reference-numbering" || finding.rule_id == "citation-link-mismatch";
    if (structural && finding.message.find("#CITEREF") != std::string::npos) {
      short_form_errors.push_back(fs::path(finding.location.path).filename().string() + " " +
                                  finding.message);
      continue;
    }
    EXPECT_FALSE(structural) << finding.location.path << ":" << finding.location.start.line << ": "
                             << finding.message;
  }
  ASSERT_EQ(short_form_errors.size(), 1U);
  EXPECT_TRUE(
      short_form_errors.front().starts_with("Dog.html citation Mech & Boitani 2003 links to "
                                            "#CITEREFMechBoitani2003"))
      << short_form_errors.front();
}

TEST(CitationCorpus, APlaceholderReferenceListGetsOneFinding) {
  const fs::path page = testing::shared_dir() / "corpus" / "pages" / "wikipedia-mobileapps" /
                        "pagelib_CollectionUtilities.html";
  if (!fs::exists(page)) GTEST_SKIP() << "../shared/corpus/pages is absent";
  const RunResult result = lint_citations({page.string()});
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].rule_id, "citation-undefined");
  EXPECT_NE(result.findings[0].message.find("citation markers link to notes that are not in the page"),
            std::string::npos);
}

}  // namespace
}  // namespace reflint
