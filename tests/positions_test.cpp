// Exact source positions: every probe's line and column (1-based, in code points) is written out
// by hand from the source bytes below.

#include <gtest/gtest.h>

#include <string>

#include "lint/html/parse.h"
#include "test_support.h"

namespace reflint {
namespace {

using testing::find_text;

std::unique_ptr<Document> parse(std::string_view html) {
  return parse_html("probe.html", html);
}

}  // namespace
void PrintTo(const Position& position, std::ostream* out) {
  *out << position.line << ':' << position.column;
}
namespace {

#define EXPECT_SPAN(doc, probe, l1, c1, l2, c2)           \
  do {                                                    \
    const auto span = find_text(*(doc), probe);           \
    EXPECT_EQ(span.start, (Position{l1, c1})) << (probe); \
    EXPECT_EQ(span.end, (Position{l2, c2})) << (probe);   \
  } while (false)

TEST(Positions, NamedEntitiesMapOntoTheWholeReference) {
  const auto doc = parse("<p>Caf&eacute; owners &amp; baristas</p>");
  EXPECT_EQ(doc->blocks().at(0).text, "Café owners & baristas");
  EXPECT_SPAN(doc, "Caf", 1, 4, 1, 7);
  EXPECT_SPAN(doc, "é", 1, 7, 1, 15);
  EXPECT_SPAN(doc, "owners", 1, 16, 1, 22);
  EXPECT_SPAN(doc, "&", 1, 23, 1, 28);
  EXPECT_SPAN(doc, "baristas", 1, 29, 1, 37);
}

TEST(Positions, NumericCharacterReferences) {
  const auto doc = parse("<p>x&#8220;quoted&#x201D; y</p>");
  EXPECT_EQ(doc->blocks().at(0).text, "x\u201Cquoted\u201D y");
  EXPECT_SPAN(doc, "\u201C", 1, 5, 1, 12);
  EXPECT_SPAN(doc, "quoted", 1, 12, 1, 18);
  EXPECT_SPAN(doc, "\u201D", 1, 18, 1, 26);
  EXPECT_SPAN(doc, "y", 1, 27, 1, 28);
}

TEST(Positions, AstralCharacterReference) {
  const auto doc = parse("<p>&#128512;ok</p>");
  EXPECT_SPAN(doc, "\U0001F600", 1, 4, 1, 13);
  EXPECT_SPAN(doc, "ok", 1, 13, 1, 15);
}

TEST(Positions, MultiByteCharactersCountAsOneColumn) {
  const auto doc = parse("<p>naïve café – “quote” 日本語 text 😀 ok</p>");
  EXPECT_SPAN(doc, "ï", 1, 6, 1, 7);
  EXPECT_SPAN(doc, "café", 1, 10, 1, 14);
  EXPECT_SPAN(doc, "–", 1, 15, 1, 16);
  EXPECT_SPAN(doc, "quote", 1, 18, 1, 23);
  EXPECT_SPAN(doc, "日本語", 1, 25, 1, 28);
  EXPECT_SPAN(doc, "text", 1, 29, 1, 33);
  EXPECT_SPAN(doc, "ok", 1, 36, 1, 38);
}

TEST(Positions, CrLfLineEndings) {
  const auto doc = parse("<div>\r\n<p>first\r\nsecond line</p>\r\n<p>third</p>\r\n</div>");
  EXPECT_EQ(doc->blocks().at(0).text, "first second line");
  EXPECT_SPAN(doc, "first", 2, 4, 2, 9);
  EXPECT_SPAN(doc, "second", 3, 1, 3, 7);
  EXPECT_SPAN(doc, "third", 4, 4, 4, 9);
  EXPECT_EQ(doc->line_text(3), "second line</p>");
}

TEST(Positions, LoneCarriageReturns) {
  const auto doc = parse("<p>alpha\rbeta</p>\r<p>gamma</p>");
  EXPECT_SPAN(doc, "beta", 2, 1, 2, 5);
  EXPECT_SPAN(doc, "gamma", 3, 4, 3, 9);
}

TEST(Positions, TabsCountAsOneColumn) {
  const auto doc = parse("<p>\tone\ttwo</p>");
  EXPECT_EQ(doc->blocks().at(0).text, "one two");
  EXPECT_SPAN(doc, "one", 1, 5, 1, 8);
  EXPECT_SPAN(doc, "two", 1, 9, 1, 12);
}

TEST(Positions, TextSplitByInlineTags) {
  const auto doc = parse("<p>split <b>bo</b>ld and <a href=\"#x\">link <i>text</i></a>.</p>");
  EXPECT_EQ(doc->blocks().at(0).text, "split bold and link text.");
  EXPECT_SPAN(doc, "bold", 1, 13, 1, 21);
  EXPECT_SPAN(doc, "link", 1, 39, 1, 43);
  EXPECT_SPAN(doc, "text.", 1, 47, 1, 60);
}

TEST(Positions, MultiLineTags) {
  const auto doc = parse("<p\n  class=\"x\"\n>Hello <span\n   data-a=\"1\">world</span></p>");
  EXPECT_SPAN(doc, "Hello", 3, 2, 3, 7);
  EXPECT_SPAN(doc, "world", 4, 15, 4, 20);
}

TEST(Positions, Windows1252Page) {
  const auto doc = parse("<meta charset=\"windows-1252\"><p>caf\xE9 \x93hi\x94</p>");
  EXPECT_EQ(doc->encoding(), "windows-1252");
  EXPECT_EQ(doc->blocks().at(0).text, "café \u201Chi\u201D");
  EXPECT_SPAN(doc, "é", 1, 36, 1, 37);
  EXPECT_SPAN(doc, "hi", 1, 39, 1, 41);
}

TEST(Positions, Latin1LabelDecodesAsWindows1252) {
  const auto doc =
      parse("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">\n<p>na\xEFve</p>");
  EXPECT_EQ(doc->blocks().at(0).text, "naïve");
  EXPECT_SPAN(doc, "ve", 2, 7, 2, 9);
}

TEST(Positions, LongLinesPastTheColumnCheckpoints) {
  std::string html = "<p>";
  for (int i = 0; i < 300; ++i) html += "é";
  html += " target</p>";
  const auto doc = parse(html);
  EXPECT_SPAN(doc, "target", 1, 305, 1, 311);
}

// libxml2 delivers long text in 1000-byte buffers, reporting each one's end a character early.
TEST(Positions, TextLongerThanTheParserBuffer) {
  std::string html = "<div>\n<p>";
  for (int i = 0; i < 300; ++i) html += "word ";
  html += "caf\xC3\xA9 ";
  for (int i = 0; i < 300; ++i) html += "more ";
  html += "\u201Cend\u201D</p></div>";
  const auto doc = parse(html);
  EXPECT_SPAN(doc, "word word", 2, 4, 2, 13);
  EXPECT_SPAN(doc, "café", 2, 1504, 2, 1508);
  EXPECT_SPAN(doc, "more more", 2, 1509, 2, 1518);
  EXPECT_SPAN(doc, "end", 2, 3010, 2, 3013);
}

TEST(Positions, LongTextWithCrLf) {
  std::string html = "<p>";
  for (int i = 0; i < 150; ++i) html += "line of text\r\n";
  html += "last</p>";
  const auto doc = parse(html);
  EXPECT_SPAN(doc, "line", 1, 4, 1, 8);
  EXPECT_SPAN(doc, "last", 151, 1, 151, 5);
}

TEST(Positions, ManyLines) {
  std::string html;
  for (int i = 0; i < 999; ++i) html += "<br>\n";
  html += "<p>last</p>";
  const auto doc = parse(html);
  EXPECT_SPAN(doc, "last", 1000, 4, 1000, 8);
}

TEST(Positions, NoBreakSpaceCollapses) {
  const auto doc = parse("<p>A&nbsp;B</p>");
  EXPECT_EQ(doc->blocks().at(0).text, "A B");
  EXPECT_SPAN(doc, "B", 1, 11, 1, 12);
}

TEST(Positions, ByteOrderMarkIsNotAColumn) {
  const auto doc = parse("\xEF\xBB\xBF<p>bom</p>");
  EXPECT_SPAN(doc, "bom", 1, 4, 1, 7);
}

TEST(Positions, InvalidUtf8BecomesOneReplacementCharacter) {
  const auto doc = parse(
      "<p>a\x80"
      "b</p>");
  EXPECT_EQ(doc->blocks().at(0).text, "a\uFFFDb");
  EXPECT_SPAN(doc, "b", 1, 6, 1, 7);
  ASSERT_FALSE(doc->notices().empty());
  EXPECT_NE(doc->notices()[0].message.find("U+FFFD"), std::string::npos);
}

// libxml2 2.9 keeps a reference without its semicolon as text (browsers would decode it);
// positions stay exact either way.
TEST(Positions, EntityWithoutSemicolon) {
  const auto doc = parse("<p>fish &amp chips</p>");
  EXPECT_EQ(doc->blocks().at(0).text, "fish &amp chips");
  EXPECT_SPAN(doc, "chips", 1, 14, 1, 19);
}

TEST(Positions, LineBreakElementIsASpace) {
  const auto doc = parse("<p>line one<br>line two</p>");
  EXPECT_EQ(doc->blocks().at(0).text, "line one line two");
  EXPECT_SPAN(doc, "two", 1, 21, 1, 24);
}

TEST(Positions, ScriptsAndCommentsAreSkipped) {
  const auto doc = parse("<script>var a='<p>x</p>';</script><!-- c --><p>after</p>");
  ASSERT_EQ(doc->blocks().size(), 1u);
  EXPECT_SPAN(doc, "after", 1, 48, 1, 53);
}

TEST(Positions, ElementStartTags) {
  const auto doc = parse("<div>\n  <p id=\"a\"\n     class=\"b\">x</p></div>");
  const uint32_t p = doc->element_by_id("a");
  ASSERT_NE(p, kNoIndex);
  EXPECT_EQ(doc->position(doc->elements()[p].start_tag.begin), (Position{2, 3}));
  EXPECT_EQ(doc->position(doc->elements()[p].start_tag.end), (Position{3, 16}));
}

// Positions are kept as runs: text copied from the source is one run however long, so a block
// costs a few bytes of positions, not eight per byte.
TEST(Positions, CopiedTextIsOneRunAndAReferenceAnother) {
  const std::string words(100000, 'w');
  const auto plain = parse("<p>" + words + " and “more” text</p>");
  ASSERT_EQ(plain->blocks().size(), 1u);
  EXPECT_EQ(plain->blocks()[0].positions.run_count(), 1u);
  const auto spaced = parse("<p>two   spaces\n and a &amp; reference</p>");
  ASSERT_EQ(spaced->blocks().size(), 1u);
  const TextBlock& block = spaced->blocks()[0];
  EXPECT_EQ(block.text, "two spaces and a & reference");
  // "two " | "spaces " (after a collapsed run) | "and a " (after the line break) | "&" | " reference"
  EXPECT_EQ(block.positions.run_count(), 5u);
  const size_t amp = block.text.find('&');
  EXPECT_EQ(block.positions.character(block.text, amp), (SourceRange{23, 28}));      // the whole "&amp;"
  EXPECT_EQ(block.positions.character(block.text, amp + 2), (SourceRange{29, 30}));  // "r"
}

}  // namespace
}  // namespace reflint
