// The content model: which blocks are the article's text and which are page furniture.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "lint/analysis/page_analyses.h"
#include "lint/html/parse.h"

namespace reflint {
namespace {

struct Classified {
  std::unique_ptr<Document> document;
  std::unique_ptr<PageAnalyses> analyses;

  /// The role of the first block whose text starts with `probe`.
  BlockRole role_of(std::string_view probe) const {
    for (uint32_t i = 0; i < document->blocks().size(); ++i) {
      if (document->blocks()[i].text.starts_with(probe)) return analyses->content().role(i);
    }
    ADD_FAILURE() << "no block starts with " << probe;
    return BlockRole::article;
  }
};

Classified classify(std::string_view html) {
  Classified result;
  result.document = parse_html("test.html", html);
  result.analyses = std::make_unique<PageAnalyses>(*result.document);
  return result;
}

// Prose enough for the article to be found (every test page has it).
constexpr std::string_view kArticle =
    "<p>The first paragraph of the article is long enough to count as prose for the content model "
    "of the page.</p><p>The second paragraph of the article is long enough to count as prose for the "
    "content model as well.</p><p>The third paragraph of the article keeps the share of the article's "
    "element well above the rest of the page.</p>";

TEST(ContentModel, ClassAndIdWordsNameFurniture) {
  const Classified page =
      classify(std::string("<main><article>") + std::string(kArticle) +
               "<div class=\"c-article-author-list\"><p>Ann Fictive</p></div>"
               "<ol class=\"commentlist\"><li class=\"comment\"><p>A reader writes</p></li></ol>"
               "<div id=\"relatedPosts\"><p>More about ferries</p></div>"
               "<div class=\"share-bar\"><p>Share this</p></div>"
               "<div class=\"has-sidebar\"><p>Not a sidebar: the class names a state</p></div>"
               "</article></main>");
  EXPECT_EQ(page.role_of("The first paragraph"), BlockRole::article);
  EXPECT_EQ(page.role_of("Ann Fictive"), BlockRole::byline);
  EXPECT_EQ(page.role_of("A reader writes"), BlockRole::comment);
  EXPECT_EQ(page.role_of("More about ferries"), BlockRole::related);
  EXPECT_EQ(page.role_of("Share this"), BlockRole::share);
  EXPECT_EQ(page.role_of("Not a sidebar"), BlockRole::article);
}

TEST(ContentModel, AWrapperOfTheBodyIsNotFurnitureWhateverItsClass) {
  // WordPress-style body classes name the post's tags; a wrapper holding the article is not
  // furniture even when one of its words says so.
  const Classified page =
      classify(std::string("<body class=\"single tag-social-media\"><div class=\"sidebar-layout\">"
                           "<div class=\"entry-content\">") +
               std::string(kArticle) + "</div></div></body>");
  EXPECT_EQ(page.role_of("The first paragraph"), BlockRole::article);
  EXPECT_EQ(page.role_of("The third paragraph"), BlockRole::article);
}

TEST(ContentModel, SectionHeadingsOpenFurnitureSections) {
  const Classified page = classify(std::string("<article>") + std::string(kArticle) +
                                   "<h2>Competing interests</h2><p>None declared by the authors.</p>"
                                   "<h3>Funding</h3><p>The water board paid for the survey.</p>"
                                   "<h2>Discussion</h2><p>Back in the article after the declarations.</p>"
                                   "<h2>12 Comments</h2><p>First!</p>"
                                   "<h2>Decision letter</h2><p>The reviewers agree.</p></article>");
  EXPECT_EQ(page.role_of("None declared"), BlockRole::declaration);
  EXPECT_EQ(page.role_of("The water board"), BlockRole::declaration);
  EXPECT_EQ(page.role_of("Back in the article"), BlockRole::article);
  EXPECT_EQ(page.role_of("First!"), BlockRole::comment);
  EXPECT_EQ(page.role_of("The reviewers agree"), BlockRole::peer_review);
}

TEST(ContentModel, ProseOutsideTheArticlesElementIsFurniture) {
  const Classified page =
      classify(std::string("<div id=\"page\"><div id=\"story\">") + std::string(kArticle) +
               std::string(kArticle) + "</div><div><p>A teaser in plain markup</p></div></div>");
  EXPECT_EQ(page.role_of("A teaser in plain markup"), BlockRole::outside_article);
  EXPECT_EQ(page.role_of("The first paragraph"), BlockRole::article);
  ASSERT_NE(page.analyses->content().article_root(), kNoIndex);
  EXPECT_EQ(*page.document->elements()[page.analyses->content().article_root()].attribute("id"), "story");
}

TEST(ContentModel, TemplatesAreFurnitureWhateverTheMarkup) {
  const Classified page = classify(
      std::string("<div>") + std::string(kArticle) +
      "<p>This is an open access article distributed under the terms of the Creative Commons Attribution "
      "License.</p><p>This is a preview of subscription content, log in via an institution.</p></div>");
  EXPECT_EQ(page.role_of("This is an open access"), BlockRole::declaration);
  EXPECT_EQ(page.role_of("This is a preview"), BlockRole::promo);
}

TEST(ContentModel, AWholeBlockInsideAFurnitureSpanTakesItsRole) {
  const Classified page =
      classify(std::string("<div>") + std::string(kArticle) +
               "<ul><li><span class=\"photo-credit\">Photo: A. Fictive</span></li></ul></div>");
  EXPECT_EQ(page.role_of("Photo: A. Fictive"), BlockRole::caption);
}

}  // namespace
}  // namespace reflint
