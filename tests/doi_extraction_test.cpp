// DOI extraction (lint/model/doi.h): every written form, where a DOI ends, what counts as
// malformed, and where each mention sits in the source.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lint/analysis/citations.h"
#include "lint/analysis/dois.h"
#include "test_support.h"

namespace reflint {
namespace {

struct Case {
  std::string text;
  std::string written;  // expected written form ("" for: no DOI found)
  std::string doi;
  DoiProblem problem = DoiProblem::none;
};

void expect_one(const Case& expected, bool is_url = false) {
  const std::vector<DoiMention> found = find_dois_in_text(expected.text, is_url);
  if (expected.written.empty()) {
    EXPECT_TRUE(found.empty()) << expected.text << " gave " << (found.empty() ? "" : found[0].written);
    return;
  }
  ASSERT_EQ(found.size(), 1u) << expected.text;
  EXPECT_EQ(found[0].written, expected.written) << expected.text;
  EXPECT_EQ(found[0].doi, expected.doi) << expected.text;
  EXPECT_EQ(to_string(found[0].problem), to_string(expected.problem)) << expected.text;
  EXPECT_EQ(expected.text.substr(found[0].text_begin, found[0].text_end - found[0].text_begin),
            expected.written);
}

TEST(DoiExtraction, WrittenForms) {
  const Case cases[] = {
      {"see 10.1186/s12891-018-2230-4 for", "10.1186/s12891-018-2230-4", "10.1186/s12891-018-2230-4"},
      {"x doi:10.12659/MSM.919166 y", "doi:10.12659/MSM.919166", "10.12659/MSM.919166"},
      {"x DOI: 10.12659/MSM.919166 y", "DOI: 10.12659/MSM.919166", "10.12659/MSM.919166"},
      {"x DOI 10.1126/science.abe4688 y", "DOI 10.1126/science.abe4688", "10.1126/science.abe4688"},
      {"at https://doi.org/10.1000/xyz123 now", "https://doi.org/10.1000/xyz123", "10.1000/xyz123"},
      {"at http://dx.doi.org/10.1000/xyz123 now", "http://dx.doi.org/10.1000/xyz123", "10.1000/xyz123"},
      {"at https://doi.org/urn:doi:10.5555/abc now", "https://doi.org/urn:doi:10.5555/abc", "10.5555/abc"},
      {"at https://doi.org/10.1000%2F182 now", "https://doi.org/10.1000%2F182", "10.1000/182"},
      {"at https://doi.org/10.1016/S0140-6736%2820%2930183-5 now",
       "https://doi.org/10.1016/S0140-6736%2820%2930183-5", "10.1016/S0140-6736(20)30183-5"},
      {"info:doi/10.1000/182 here", "info:doi/10.1000/182", "10.1000/182"},
      {"a sub-registrant 10.1000.10/123 here", "10.1000.10/123", "10.1000.10/123"},
  };
  for (const Case& c : cases) expect_one(c);
}

TEST(DoiExtraction, WhereADoiEnds) {
  const Case cases[] = {
      {"It is 10.1016/S0140-6736(20)30183-5.", "10.1016/S0140-6736(20)30183-5",
       "10.1016/S0140-6736(20)30183-5"},
      {"(see 10.1016/S0140-6736(20)30183-5)", "10.1016/S0140-6736(20)30183-5",
       "10.1016/S0140-6736(20)30183-5"},
      {"(doi:10.1234/abc).", "doi:10.1234/abc", "10.1234/abc"},
      {"[10.1234/abc], next", "10.1234/abc", "10.1234/abc"},
      {"\"10.1234/abc\" said", "10.1234/abc", "10.1234/abc"},
      {"\xE2\x80\x9C"
       "10.1234/abc\xE2\x80\x9D said",
       "10.1234/abc", "10.1234/abc"},
      {"SICI 10.1002/(SICI)1097-4636(199706)35:4<493::AID-JBM8>3.0.CO;2-P;",
       "10.1002/(SICI)1097-4636(199706)35:4<493::AID-JBM8>3.0.CO;2-P",
       "10.1002/(SICI)1097-4636(199706)35:4<493::AID-JBM8>3.0.CO;2-P"},
      {"https://doi.org/10.1234/abc?utm_source=x&y=1", "https://doi.org/10.1234/abc", "10.1234/abc"},
      {"https://doi.org/10.1234/abc#section", "https://doi.org/10.1234/abc", "10.1234/abc"},
      {"Wiley https://onlinelibrary.wiley.com/doi/epdf/10.1111/jhn.12502?x=1", "10.1111/jhn.12502",
       "10.1111/jhn.12502"},
  };
  for (const Case& c : cases) expect_one(c);
}

TEST(DoiExtraction, NotDois) {
  const Case cases[] = {
      {"a fraction 10.5/3 here", "", ""},
      {"version 1.10.1234/x", "", ""},
      {"page 210.1234/abc", "", ""},
      {"https://example.org/files/10.1234/abc", "", ""},
      {"10.1234 alone", "", ""},
      {"10.123/abc without any prefix", "", ""},
      {"doi:10.1234/ then nothing", "", ""},
  };
  for (const Case& c : cases) expect_one(c);
}

TEST(DoiExtraction, MalformedForms) {
  const Case cases[] = {
      {"doi:10.1016/S0140\xE2\x80\x90"
       "6736(20)30183\xE2\x80\x93"
       "5 x",
       "doi:10.1016/S0140\xE2\x80\x90"
       "6736(20)30183\xE2\x80\x93"
       "5",
       "10.1016/S0140-6736(20)30183-5", DoiProblem::unicode_dash},
      {"x 10.1186/s12891\xE2\x88\x92"
       "018 y",
       "10.1186/s12891\xE2\x88\x92"
       "018",
       "10.1186/s12891-018", DoiProblem::unicode_dash},
      {"doi: 10. 1186/s12891-018-2230-4 x", "doi: 10. 1186/s12891-018-2230-4", "10.1186/s12891-018-2230-4",
       DoiProblem::space},
      {"see 10.1186/ s12891-018-2230-4 x", "10.1186/ s12891-018-2230-4", "10.1186/s12891-018-2230-4",
       DoiProblem::space},
      {"doi:10.1186 s12891", "doi:10.1186", "", DoiProblem::no_slash},
      {"doi:10.118/s12891-018", "doi:10.118/s12891-018", "", DoiProblem::short_registrant},
      {"https://doi.org/https://doi.org/10.1234/abc x", "https://doi.org/https://doi.org/10.1234/abc",
       "10.1234/abc", DoiProblem::doubled_resolver},
      {"https://doi.org/doi:10.1234/abc x", "https://doi.org/doi:10.1234/abc", "10.1234/abc",
       DoiProblem::doubled_resolver},
      {"https://doi.org/10.1002/(SICI)1097-4636(199706)35:4<493::AID-JBM8>3.0.CO;2-P x",
       "https://doi.org/10.1002/(SICI)1097-4636(199706)35:4<493::AID-JBM8>3.0.CO;2-P",
       "10.1002/(SICI)1097-4636(199706)35:4<493::AID-JBM8>3.0.CO;2-P", DoiProblem::unencoded_character},
  };
  for (const Case& c : cases) expect_one(c);
  // "doi: https://doi.org/..." is a label before a link, not a doubled resolver.
  expect_one({"doi: https://doi.org/10.1234/abc", "doi: https://doi.org/10.1234/abc", "10.1234/abc"});
}

TEST(DoiExtraction, KeysCompareCaseInsensitively) {
  EXPECT_EQ(doi_key("10.12659/MSM.919166"), doi_key("10.12659/msm.919166"));
  EXPECT_EQ(doi_key("10.1234/\xC3\x84"
                    "BC"),
            "10.1234/\xC3\xA4"
            "bc");  // Ä folds to ä
  EXPECT_EQ(percent_encode_doi("10.1002/(SICI)35:4<493>3.0.CO;2-#"),
            "10.1002/(SICI)35:4%3C493%3E3.0.CO;2-%23");
}

TEST(DoiExtraction, DocumentSourcesAndPositions) {
  const std::string html =
      "<html><head><meta name=\"citation_doi\" content=\"10.1234/meta\">\n"
      "<meta name=\"DC.Identifier\" content=\"doi:10.1234/dc\">\n"
      "<script>var doi = \"10.1234/script\";</script></head><body>\n"
      "<p>First sentence. Read <a href=\"https://doi.org/10.1234/a?x=1&amp;y=2\">the paper</a> now.</p>\n"
      "<blockquote cite=\"https://doi.org/10.1234/cite\"><p>Quoted.</p></blockquote>\n"
      "<pre>10.1234/code</pre><p>Ref. J. Smith. Title. doi:10.1234/text. Next one.</p>\n"
      "</body></html>\n";
  const auto document = testing::analyse("t.html", html);
  std::vector<std::string> written;
  for (const DoiMention& mention : document->dois()) {
    written.push_back(mention.written);
    EXPECT_EQ(html.substr(mention.range.begin, mention.range.end - mention.range.begin), mention.written);
  }
  EXPECT_EQ(written, (std::vector<std::string>{"10.1234/meta", "doi:10.1234/dc", "https://doi.org/10.1234/a",
                                               "https://doi.org/10.1234/cite", "doi:10.1234/text"}));
  const std::vector<DoiMention>& dois = document->dois();
  ASSERT_EQ(dois.size(), 5u);
  EXPECT_EQ(dois[0].origin, DoiOrigin::meta);
  EXPECT_EQ(dois[2].origin, DoiOrigin::attribute);
  // The link's DOI sits in the link's block, in the sentence around the link text.
  ASSERT_NE(dois[2].block, kNoIndex);
  const TextBlock& block = document->blocks()[dois[2].block];
  EXPECT_EQ(block.text.substr(dois[2].text_begin, dois[2].text_end - dois[2].text_begin), "the paper");
  EXPECT_EQ(block.text.substr(dois[2].sentence_begin, dois[2].sentence_end - dois[2].sentence_begin),
            "Read the paper now.");
  // Initials do not end a sentence; "Title." before a capital does.
  const TextBlock& reference = document->blocks()[dois[4].block];
  EXPECT_EQ(reference.text.substr(dois[4].sentence_begin, dois[4].sentence_end - dois[4].sentence_begin),
            "Title. doi:10.1234/text.");
  EXPECT_EQ(dois[4].key, "10.1234/text");
}

TEST(DoiExtraction, SampleArticleDoisSitInTheirReferenceEntries) {
  const auto path = testing::source_dir() / "fixtures" / "sample" / "hip-pain-article.html";
  const auto document = testing::analyse(path.string(), testing::read_file(path));
  std::vector<std::string> dois;
  for (const DoiMention& mention : document->dois()) {
    dois.push_back(mention.doi);
    ASSERT_NE(mention.reference_entry, kNoIndex) << mention.written;
    const ReferenceEntry& entry = document->citations().entries()[mention.reference_entry];
    EXPECT_NE(entry.text.find(mention.doi), std::string::npos) << entry.text;
  }
  EXPECT_EQ(dois, (std::vector<std::string>{"10.1186/s12891-018-2230-4", "10.12659/MSM.919166"}));
  const ReferenceEntry& first = document->citations().entries()[document->dois()[0].reference_entry];
  EXPECT_EQ(first.number, 4u);
}

}  // namespace
}  // namespace reflint
