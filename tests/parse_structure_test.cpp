// The element tree the parser builds where libxml2's HTML4 parser and browsers disagree: end
// tags libxml2 drops, and the page's declared address.

#include <gtest/gtest.h>

#include "lint/html/parse.h"

namespace reflint {
namespace {

TEST(DroppedEndTags, AnEndTagClosesTheElementsLeftOpenInsideIt) {
  // libxml2 ignores </section> while the <div> inside it is open; browsers close both.
  const auto document = parse_html(
      "test.html", "<div id=\"outer\"><section class=\"cit\"><div><p>inside</p></section><p>after</p></div>");
  const uint32_t section = [&] {
    for (uint32_t i = 0; i < document->elements().size(); ++i) {
      if (document->elements()[i].tag == "section") return i;
    }
    return kNoIndex;
  }();
  ASSERT_NE(section, kNoIndex);
  ASSERT_EQ(document->blocks().size(), 2u);
  EXPECT_TRUE(document->is_inside(document->blocks()[0].element, section));
  EXPECT_FALSE(document->is_inside(document->blocks()[1].element, section));
  EXPECT_TRUE(document->is_inside(document->blocks()[1].element, document->element_by_id("outer")));
}

TEST(DroppedEndTags, EndTagsInCommentsScriptsAndAttributesAreNotTags) {
  const auto document =
      parse_html("test.html",
                 "<section><div><!-- </section> --><script>var s = '</section>';</script>"
                 "<a title=\"</section>\">x</a><p>still inside</p></div></section><p>out</p>");
  uint32_t section = kNoIndex;
  for (uint32_t i = 0; i < document->elements().size(); ++i) {
    if (document->elements()[i].tag == "section") section = i;
  }
  ASSERT_NE(section, kNoIndex);
  for (const TextBlock& block : document->blocks()) {
    if (block.text == "still inside") {
      EXPECT_TRUE(document->is_inside(block.element, section));
    }
    if (block.text == "out") {
      EXPECT_FALSE(document->is_inside(block.element, section));
    }
  }
}

TEST(DroppedEndTags, AnEndTagDoesNotCloseAcrossATableCell) {
  const auto document = parse_html(
      "test.html", "<div id=\"box\"><table><tr><td><p>cell</p></div></td></tr></table><p>below</p></div>");
  for (const TextBlock& block : document->blocks()) {
    if (block.text == "below") {
      EXPECT_TRUE(document->is_inside(block.element, document->element_by_id("box")));
    }
  }
}

TEST(PageAddress, CanonicalLinkWinsOverOpenGraphUrl) {
  const auto document = parse_html("test.html",
                                   "<html><head><meta property=\"og:url\" content=\"https://a.example/og\">"
                                   "<link rel=\"canonical\" href=\" https://a.example/canonical \"></head>"
                                   "<body><p>x</p></body></html>");
  EXPECT_EQ(document->canonical_url(), "https://a.example/canonical");
  const auto only_og = parse_html(
      "test.html",
      "<html><head><meta property=\"og:url\" content=\"https://a.example/og\"></head><body></body></html>");
  EXPECT_EQ(only_og->canonical_url(), "https://a.example/og");
}

}  // namespace
}  // namespace reflint
