// DOI extraction on real pages of the shared corpus, against lists checked by hand against each
// page's source (every DOI in text, href/src/cite and DOI meta tags; DOIs inside <script>, data-*
// attributes and COinS titles are deliberately not extracted), and no doi-malformed false alarm on
// any corpus page. Skipped when ../shared is absent.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include "test_support.h"

namespace reflint {
namespace {
namespace fs = std::filesystem;

fs::path corpus_pages() {
  return testing::shared_dir() / "corpus" / "pages";
}

std::set<std::string> distinct_dois(const fs::path& page) {
  const auto document = testing::analyse(page.string(), testing::read_file(page));
  std::set<std::string> keys;
  for (const DoiMention& mention : document->dois()) {
    EXPECT_TRUE(mention.valid()) << page << ": " << mention.written;
    keys.insert(mention.key);
  }
  return keys;
}

struct HandChecked {
  const char* page;
  std::set<std::string> dois;
};

TEST(DoiCorpus, ExtractionMatchesHandCheckedLists) {
  if (!fs::is_directory(corpus_pages())) GTEST_SKIP() << "no shared corpus at " << corpus_pages();
  const HandChecked pages[] = {
      // meta dc.identifier and prism.doi, and "doi: 10.1038/..." in the text
      {"trafilatura-cache/nature.com.telescope.html", {"10.1038/d41586-019-02790-3"}},
      // four doi.org links and nature.com's /doifinder/ link
      {"article-extraction-benchmark/bdb56ac83513635db1d8b9eb46b2da4c0de8da2f1f28f5bf5163df3eb3d3ec06.html",
       {"10.1152/ajplung.00032.2019", "10.1042/bst0330302", "10.1172/jci64240", "10.1073/pnas.1215927110",
        "10.1038/nature16161"}},
      // Wikipedia citations: "doi:" labels and percent-encoded //doi.org/10.1118%2F... links
      {"trafilatura-cache/en.wikipedia.org.tsne.html",
       {"10.1118/1.3267037", "10.1093/bioinformatics/btp035", "10.1109/bhi.2016.7455968",
        "10.1109/tvcg.2016.2570755", "10.1007/978-3-319-68474-1_13"}},
      // "doi:10.1016/..." glued to a link text, and a dx.doi.org link
      {"trafilatura-eval/aktion-hummelschutz.de.hummeln.html",
       {"10.1016/j.cub.2011.03.059", "10.1098/rsbl.2017.0484"}},
      // "DOI 10.1126/..." without a colon, and https://dx.doi.org links
      {"trafilatura-eval/internetchemie.info.Heliumkerne.html",
       {"10.1126/science.abe4688", "10.1126/science.abf2427"}},
      // doi.org links and a publisher's /doi/pdf/ link
      {"trafilatura-eval/angelmagazin.de-schmerzen.html",
       {"10.1080/10888705.2018.1530596", "10.1080/20026491051668", "10.1098/rstb.2019.0290"}},
      {"trafilatura-eval/eawag.ch-elektron.html", {"10.1073/pnas.2115629119"}},
      // Wiley's /doi/epdf/ link
      {"trafilatura-eval/mdavis.xyz.supermarket.html", {"10.1111/jhn.12502"}},
  };
  for (const HandChecked& expected : pages) {
    EXPECT_EQ(distinct_dois(corpus_pages() / expected.page), expected.dois) << expected.page;
  }
}

TEST(DoiCorpus, NoMalformedDoiOnAnyPage) {
  if (!fs::is_directory(corpus_pages())) GTEST_SKIP() << "no shared corpus at " << corpus_pages();
  size_t pages_with_dois = 0;
  size_t distinct = 0;
  for (const auto& entry : fs::recursive_directory_iterator(corpus_pages())) {
    if (entry.path().extension() != ".html") continue;
    const std::set<std::string> keys = distinct_dois(entry.path());
    pages_with_dois += keys.empty() ? 0 : 1;
    distinct += keys.size();
  }
  // The corpus has DOIs on dozens of pages; finding far fewer means extraction broke.
  EXPECT_GE(pages_with_dois, 30u);
  EXPECT_GE(distinct, 300u);
}

}  // namespace
}  // namespace reflint
