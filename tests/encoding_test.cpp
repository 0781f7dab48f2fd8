#include "lint/html/encoding.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

using reflint::decode_html_bytes;
using reflint::DecodedInput;
using namespace std::string_literals;

namespace {

constexpr std::string_view kFffd = "\xEF\xBF\xBD";

std::string utf16_bytes(std::u16string_view units, bool big_endian) {
  std::string bytes;
  for (const char16_t unit : units) {
    const char high = static_cast<char>(unit >> 8);
    const char low = static_cast<char>(unit & 0xFF);
    bytes += big_endian ? high : low;
    bytes += big_endian ? low : high;
  }
  return bytes;
}

std::string repeat(std::string_view piece, size_t times) {
  std::string text;
  for (size_t i = 0; i < times; ++i) text += piece;
  return text;
}

}  // namespace

// ---- UTF-8 and byte order marks ----

TEST(EncodingTest, EmptyInputIsEmptyUtf8) {
  const DecodedInput decoded = decode_html_bytes("");
  EXPECT_EQ(decoded.text, "");
  EXPECT_EQ(decoded.encoding, "UTF-8");
  EXPECT_EQ(decoded.encoding_source, "default");
  EXPECT_EQ(decoded.replaced, 0u);
}

TEST(EncodingTest, PlainUtf8IsCopiedUnchanged) {
  const std::string html = "<p>Café “quoted” 日本 😀</p>";
  const DecodedInput decoded = decode_html_bytes(html);
  EXPECT_EQ(decoded.text, html);
  EXPECT_EQ(decoded.encoding, "UTF-8");
  EXPECT_EQ(decoded.encoding_source, "default");
  EXPECT_EQ(decoded.replaced, 0u);
  EXPECT_EQ(decoded.problem, "");
}

TEST(EncodingTest, LargeValidUtf8IsCopiedUnchanged) {
  const std::string html = repeat("<p>Plain ASCII text, then é, “ and 😀.</p>\n", 60'000);
  ASSERT_GT(html.size(), 2'500'000u);
  const DecodedInput decoded = decode_html_bytes(html);
  EXPECT_EQ(decoded.text, html);
  EXPECT_EQ(decoded.replaced, 0u);
}

TEST(EncodingTest, Utf8ByteOrderMarkIsStripped) {
  const DecodedInput decoded = decode_html_bytes("\xEF\xBB\xBF<p>é</p>");
  EXPECT_EQ(decoded.text, "<p>é</p>");
  EXPECT_EQ(decoded.encoding, "UTF-8");
  EXPECT_EQ(decoded.encoding_source, "bom");
}

TEST(EncodingTest, ByteOrderMarkWinsOverMeta) {
  const DecodedInput decoded = decode_html_bytes("\xEF\xBB\xBF<meta charset=windows-1252><p>é</p>");
  EXPECT_EQ(decoded.text, "<meta charset=windows-1252><p>é</p>");
  EXPECT_EQ(decoded.encoding, "UTF-8");
  EXPECT_EQ(decoded.encoding_source, "bom");
}

TEST(EncodingTest, Utf16LittleEndianWithByteOrderMark) {
  const std::string bytes = "\xFF\xFE" + utf16_bytes(u"<p>é€😀</p>", /*big_endian=*/false);
  const DecodedInput decoded = decode_html_bytes(bytes);
  EXPECT_EQ(decoded.text, "<p>é€😀</p>");
  EXPECT_EQ(decoded.encoding, "UTF-16LE");
  EXPECT_EQ(decoded.encoding_source, "bom");
  EXPECT_EQ(decoded.replaced, 0u);
}

TEST(EncodingTest, Utf16BigEndianWithByteOrderMark) {
  const std::string bytes = "\xFE\xFF" + utf16_bytes(u"<p>é€😀</p>", /*big_endian=*/true);
  const DecodedInput decoded = decode_html_bytes(bytes);
  EXPECT_EQ(decoded.text, "<p>é€😀</p>");
  EXPECT_EQ(decoded.encoding, "UTF-16BE");
  EXPECT_EQ(decoded.encoding_source, "bom");
  EXPECT_EQ(decoded.replaced, 0u);
}

TEST(EncodingTest, Utf16InvalidUnitsBecomeOneReplacementEach) {
  // a, lone high surrogate, b, lone low surrogate, NUL, then an odd byte at the end.
  const std::string bytes = "\xFF\xFE" +
                            utf16_bytes(
                                u"a\xD800"
                                u"b\xDC00",
                                /*big_endian=*/false) +
                            "\0\0"s + "x";
  const DecodedInput decoded = decode_html_bytes(bytes);
  EXPECT_EQ(decoded.text, "a"s + kFffd.data() + "b" + kFffd.data() + kFffd.data() + kFffd.data());
  EXPECT_EQ(decoded.replaced, 4u);
  EXPECT_EQ(decoded.first_invalid_offset, 4u);  // after the BOM and "a"
}

TEST(EncodingTest, Utf16XmlDeclarationWithoutByteOrderMark) {
  const DecodedInput decoded =
      decode_html_bytes(utf16_bytes(u"<?xml version=\"1.0\"?><p>é</p>", /*big_endian=*/false));
  EXPECT_EQ(decoded.text, "<?xml version=\"1.0\"?><p>é</p>");
  EXPECT_EQ(decoded.encoding, "UTF-16LE");
  EXPECT_EQ(decoded.encoding_source, "meta");
}

// ---- Invalid UTF-8 ----

TEST(EncodingTest, LoneContinuationByteIsOneReplacement) {
  const DecodedInput decoded = decode_html_bytes("ab\x80yz");
  EXPECT_EQ(decoded.text, "ab\xEF\xBF\xBDyz");
  EXPECT_EQ(decoded.replaced, 1u);
  EXPECT_EQ(decoded.first_invalid_offset, 2u);
  EXPECT_EQ(decoded.encoding, "UTF-8");
}

TEST(EncodingTest, SequenceTruncatedAtEndIsOneReplacement) {
  const DecodedInput decoded = decode_html_bytes("abc\xE6\x97");  // first two bytes of 日
  EXPECT_EQ(decoded.text, "abc\xEF\xBF\xBD");
  EXPECT_EQ(decoded.replaced, 1u);
  EXPECT_EQ(decoded.first_invalid_offset, 3u);
}

TEST(EncodingTest, OverlongEncodingIsOneReplacementPerByte) {
  const DecodedInput decoded = decode_html_bytes("x\xC0\xAFy");  // overlong '/'
  EXPECT_EQ(decoded.text, "x\xEF\xBF\xBD\xEF\xBF\xBDy");
  EXPECT_EQ(decoded.replaced, 2u);
  EXPECT_EQ(decoded.first_invalid_offset, 1u);
}

TEST(EncodingTest, EncodedSurrogateIsOneReplacementPerByte) {
  const DecodedInput decoded = decode_html_bytes("ok\xED\xA0\x80!");  // U+D800
  EXPECT_EQ(decoded.text, "ok\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD!");
  EXPECT_EQ(decoded.replaced, 3u);
  EXPECT_EQ(decoded.first_invalid_offset, 2u);
}

TEST(EncodingTest, ReplacementFollowsMaximalSubparts) {
  // The example of Unicode Table 3-8: a truncated four-byte sequence, a truncated three-byte one, a
  // lead byte followed by ASCII, and stray continuation bytes.
  const DecodedInput decoded = decode_html_bytes(
      "a\xF1\x80\x80\xE1\x80\xC2"
      "b\x80"
      "c\x80\xBF"
      "d");
  EXPECT_EQ(decoded.text, "a"s + kFffd.data() + kFffd.data() + kFffd.data() + "b" + kFffd.data() + "c" +
                              kFffd.data() + kFffd.data() + "d");
  EXPECT_EQ(decoded.replaced, 6u);
  EXPECT_EQ(decoded.first_invalid_offset, 1u);
}

TEST(EncodingTest, CodePointAboveUnicodeRangeIsOneReplacementPerByte) {
  const DecodedInput decoded = decode_html_bytes("\xF4\x90\x80\x80");  // would be U+110000
  EXPECT_EQ(decoded.text, repeat(kFffd, 4));
  EXPECT_EQ(decoded.replaced, 4u);
  EXPECT_EQ(decoded.first_invalid_offset, 0u);
}

TEST(EncodingTest, InvalidOffsetCountsTheByteOrderMark) {
  const DecodedInput decoded = decode_html_bytes(
      "\xEF\xBB\xBF"
      "a\xFF");
  EXPECT_EQ(decoded.text, "a\xEF\xBF\xBD");
  EXPECT_EQ(decoded.replaced, 1u);
  EXPECT_EQ(decoded.first_invalid_offset, 4u);
}

TEST(EncodingTest, GarbageNeverDecodesToEmptyText) {
  const DecodedInput decoded = decode_html_bytes("\xFF\xFF\xFF");
  EXPECT_EQ(decoded.text, repeat(kFffd, 3));
  EXPECT_EQ(decoded.replaced, 3u);
}

TEST(EncodingTest, NulByteBecomesReplacement) {
  const DecodedInput decoded = decode_html_bytes("<p>a\0b</p>"s);
  EXPECT_EQ(decoded.text,
            "<p>a\xEF\xBF\xBD"
            "b</p>");
  EXPECT_EQ(decoded.replaced, 1u);
  EXPECT_EQ(decoded.first_invalid_offset, 4u);
}

// ---- windows-1252 ----

TEST(EncodingTest, MetaCharsetWindows1252) {
  const DecodedInput decoded = decode_html_bytes(
      "<meta charset=\"windows-1252\"><p>\x93Quoted\x94 caf\xE9 \x80"
      "5</p>");
  EXPECT_EQ(decoded.text, "<meta charset=\"windows-1252\"><p>“Quoted” café €5</p>");
  EXPECT_EQ(decoded.encoding, "windows-1252");
  EXPECT_EQ(decoded.encoding_source, "meta");
  EXPECT_EQ(decoded.replaced, 0u);
  EXPECT_EQ(decoded.problem, "");
}

TEST(EncodingTest, Windows1252UndefinedBytesAreC1Controls) {
  const DecodedInput decoded = decode_html_bytes("<meta charset=cp1252>\x81\x8D\x8F\x90\x9D");
  EXPECT_EQ(decoded.text, "<meta charset=cp1252>\u0081\u008D\u008F\u0090\u009D");
  EXPECT_EQ(decoded.replaced, 0u);
}

TEST(EncodingTest, Windows1252NulBecomesReplacement) {
  const DecodedInput decoded = decode_html_bytes("<meta charset=latin1>\xE9\0"s);
  EXPECT_EQ(decoded.text, "<meta charset=latin1>é\xEF\xBF\xBD");
  EXPECT_EQ(decoded.replaced, 1u);
  EXPECT_EQ(decoded.first_invalid_offset, 22u);
}

TEST(EncodingTest, Iso88591LabelMeansWindows1252) {
  const DecodedInput decoded = decode_html_bytes("<meta charset='ISO-8859-1'><p>\x80 \x96 \xE9</p>");
  EXPECT_EQ(decoded.text, "<meta charset='ISO-8859-1'><p>€ – é</p>");
  EXPECT_EQ(decoded.encoding, "windows-1252");
}

TEST(EncodingTest, LabelsAreTrimmedAndCaseInsensitive) {
  EXPECT_EQ(decode_html_bytes("<meta charset=\" LATIN1\t\">\xE9").text, "<meta charset=\" LATIN1\t\">é");
  EXPECT_EQ(decode_html_bytes("<meta charset=US-ASCII>\x80").encoding, "windows-1252");
  EXPECT_EQ(decode_html_bytes("<meta charset=UTF8>é").encoding, "UTF-8");
  EXPECT_EQ(decode_html_bytes("<meta charset=unicode-1-1-utf-8>é").encoding, "UTF-8");
  EXPECT_EQ(decode_html_bytes("<meta charset=unicode-1-1-utf-8>é").encoding_source, "meta");
}

// ---- The prescan ----

TEST(EncodingTest, HttpEquivContentType) {
  const DecodedInput decoded =
      decode_html_bytes("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">\xE9");
  EXPECT_EQ(decoded.text, "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">é");
  EXPECT_EQ(decoded.encoding, "windows-1252");
  EXPECT_EQ(decoded.encoding_source, "meta");
}

TEST(EncodingTest, HttpEquivInAnyOrderCaseAndQuoting) {
  const DecodedInput decoded = decode_html_bytes(
      "<HEAD><META CONTENT='text/html;CHARSET=Shift_JIS' HTTP-EQUIV=content-type />\x93\xFA");
  EXPECT_EQ(decoded.text, "<HEAD><META CONTENT='text/html;CHARSET=Shift_JIS' HTTP-EQUIV=content-type />日");
  EXPECT_EQ(decoded.encoding, "Shift_JIS");
}

TEST(EncodingTest, ContentWithoutHttpEquivIsIgnored) {
  const DecodedInput decoded = decode_html_bytes("<meta content=\"text/html; charset=windows-1252\">\xE9");
  EXPECT_EQ(decoded.encoding, "UTF-8");
  EXPECT_EQ(decoded.encoding_source, "default");
  EXPECT_EQ(decoded.replaced, 1u);
}

TEST(EncodingTest, XmlDeclaration) {
  const DecodedInput decoded =
      decode_html_bytes("<?xml version=\"1.0\" encoding='windows-1252'?><html><p>\xE9</p></html>");
  EXPECT_EQ(decoded.text, "<?xml version=\"1.0\" encoding='windows-1252'?><html><p>é</p></html>");
  EXPECT_EQ(decoded.encoding, "windows-1252");
  EXPECT_EQ(decoded.encoding_source, "meta");
}

TEST(EncodingTest, MetaWinsOverXmlDeclaration) {
  const DecodedInput decoded =
      decode_html_bytes("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><meta charset=windows-1252>\xE9");
  EXPECT_EQ(decoded.encoding, "windows-1252");
  EXPECT_EQ(decoded.text, "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><meta charset=windows-1252>é");
}

TEST(EncodingTest, MetaSayingUtf16MeansUtf8) {
  const DecodedInput decoded = decode_html_bytes("<meta charset=\"utf-16\"><p>é</p>");
  EXPECT_EQ(decoded.text, "<meta charset=\"utf-16\"><p>é</p>");
  EXPECT_EQ(decoded.encoding, "UTF-8");
  EXPECT_EQ(decoded.encoding_source, "meta");
}

TEST(EncodingTest, MetaBeyondPrescanLimitIsIgnored) {
  const std::string html = std::string(4096, ' ') + "<meta charset=windows-1252><p>\xE9</p>";
  const DecodedInput decoded = decode_html_bytes(html);
  EXPECT_EQ(decoded.encoding, "UTF-8");
  EXPECT_EQ(decoded.encoding_source, "default");
  EXPECT_EQ(decoded.replaced, 1u);
  EXPECT_EQ(decoded.first_invalid_offset, 4096u + 30u);
}

TEST(EncodingTest, MetaEndingAtPrescanLimitIsUsedButNotOneByteLater) {
  const std::string meta = "<meta charset=windows-1252>";
  const std::string fits = std::string(4096 - meta.size(), ' ') + meta + "\xE9";
  EXPECT_EQ(decode_html_bytes(fits).encoding, "windows-1252");
  EXPECT_EQ(decode_html_bytes(fits).text, std::string(4096 - meta.size(), ' ') + meta + "é");

  const std::string cut_off = " " + fits;
  EXPECT_EQ(decode_html_bytes(cut_off).encoding, "UTF-8");
  EXPECT_EQ(decode_html_bytes(cut_off).replaced, 1u);
}

TEST(EncodingTest, MetaInsideCommentIsIgnored) {
  const DecodedInput decoded = decode_html_bytes("<!-- <meta charset=\"windows-1252\"> --><p>\xE9</p>");
  EXPECT_EQ(decoded.text, "<!-- <meta charset=\"windows-1252\"> --><p>\xEF\xBF\xBD</p>");
  EXPECT_EQ(decoded.encoding, "UTF-8");
  EXPECT_EQ(decoded.encoding_source, "default");
  EXPECT_EQ(decoded.replaced, 1u);
  EXPECT_EQ(decoded.first_invalid_offset, 41u);
}

TEST(EncodingTest, MetaAfterCommentIsUsed) {
  const DecodedInput decoded = decode_html_bytes("<!-- x --><meta charset=windows-1252><p>\xE9</p>");
  EXPECT_EQ(decoded.encoding, "windows-1252");
  EXPECT_EQ(decoded.text, "<!-- x --><meta charset=windows-1252><p>é</p>");
}

TEST(EncodingTest, MetaInsideAttributeValueIsIgnored) {
  const DecodedInput decoded = decode_html_bytes("<a title=\"<meta charset=windows-1252>\">\xE9</a>");
  EXPECT_EQ(decoded.encoding, "UTF-8");
  EXPECT_EQ(decoded.replaced, 1u);
}

TEST(EncodingTest, UnknownLabelIsReportedAndUtf8Used) {
  const DecodedInput decoded = decode_html_bytes("<meta charset=\"foo-bar\"><p>é</p>");
  EXPECT_EQ(decoded.text, "<meta charset=\"foo-bar\"><p>é</p>");
  EXPECT_EQ(decoded.encoding, "UTF-8");
  EXPECT_EQ(decoded.encoding_source, "default");
  EXPECT_EQ(decoded.problem, "unknown encoding \"foo-bar\" in <meta charset>; decoded as UTF-8");
}

TEST(EncodingTest, UnknownLabelInHttpEquivIsReported) {
  const DecodedInput decoded =
      decode_html_bytes("<meta http-equiv=content-type content=\"text/html; charset=x-\xFFweird\">");
  EXPECT_EQ(decoded.encoding, "UTF-8");
  EXPECT_EQ(decoded.problem, "unknown encoding \"x-?weird\" in <meta http-equiv>; decoded as UTF-8");
}

TEST(EncodingTest, LaterMetaWithKnownLabelIsUsed) {
  const DecodedInput decoded = decode_html_bytes("<meta charset=foo><meta charset=windows-1252>\xE9");
  EXPECT_EQ(decoded.encoding, "windows-1252");
  EXPECT_EQ(decoded.text, "<meta charset=foo><meta charset=windows-1252>é");
  EXPECT_EQ(decoded.problem, "");
}

// ---- Legacy multi-byte and single-byte encodings ----

TEST(EncodingTest, ShiftJis) {
  const DecodedInput decoded = decode_html_bytes("<meta charset=\"Shift_JIS\"><p>\x93\xFA\x96\x7B</p>");
  EXPECT_EQ(decoded.text, "<meta charset=\"Shift_JIS\"><p>日本</p>");
  EXPECT_EQ(decoded.encoding, "Shift_JIS");
  EXPECT_EQ(decoded.encoding_source, "meta");
  EXPECT_EQ(decoded.replaced, 0u);
}

TEST(EncodingTest, ShiftJisInvalidSequencesCostOneByteEach) {
  // A lead byte before a space (no trail byte) loses only itself; a lead byte cut off at the end is
  // one replacement.
  const DecodedInput decoded = decode_html_bytes("<meta charset=sjis>\x93 a\x93\xFA\x96");
  EXPECT_EQ(decoded.text, "<meta charset=sjis>"s + kFffd.data() + " a日" + kFffd.data());
  EXPECT_EQ(decoded.replaced, 2u);
  EXPECT_EQ(decoded.first_invalid_offset, 19u);
}

TEST(EncodingTest, ShiftJisNulBecomesReplacement) {
  const DecodedInput decoded = decode_html_bytes("<meta charset=sjis>\x93\xFA\0\x80"s);
  EXPECT_EQ(decoded.text, "<meta charset=sjis>日"s + kFffd.data() + kFffd.data());
  EXPECT_EQ(decoded.replaced, 2u);
  EXPECT_EQ(decoded.first_invalid_offset, 21u);  // the NUL comes before the invalid 0x80
}

TEST(EncodingTest, OtherLegacyEncodings) {
  struct Case {
    std::string_view label;
    std::string_view bytes;
    std::string_view text;
    std::string_view encoding;
  };
  const Case cases[] = {
      {"euc-kr", "\xC7\xD1\xB1\xB9", "한국", "EUC-KR"},
      {"gb2312", "\xD6\xD0\xCE\xC4", "中文", "GBK"},
      {"gb18030", "\xD6\xD0\xCE\xC4", "中文", "gb18030"},
      {"big5", "\xA4\xA4\xA4\xE5", "中文", "Big5"},
      {"euc-jp", "\xC6\xFC\xCB\xDC", "日本", "EUC-JP"},
      {"iso-2022-jp", "\x1B$BF|K\\\x1B(B", "日本", "ISO-2022-JP"},
      {"koi8-r", "\xF0\xD2\xC9\xD7\xC5\xD4", "Привет", "KOI8-R"},
      {"windows-1251", "\xCF\xF0\xE8\xE2\xE5\xF2", "Привет", "windows-1251"},
      {"latin2",
       "\xA3\xF3"
       "d\xBC",
       "Łódź", "ISO-8859-2"},
      {"iso-8859-9", "\xDE", "Ş", "windows-1254"},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(test.label);
    const DecodedInput decoded = decode_html_bytes(test.bytes, test.label);
    EXPECT_EQ(decoded.text, test.text);
    EXPECT_EQ(decoded.encoding, test.encoding);
    EXPECT_EQ(decoded.encoding_source, "override");
    EXPECT_EQ(decoded.replaced, 0u);
  }
}

TEST(EncodingTest, SingleByteUndefinedByteIsOneReplacement) {
  const DecodedInput decoded = decode_html_bytes(
      "a\xA5"
      "b",
      "iso-8859-3");  // 0xA5 is unassigned
  EXPECT_EQ(decoded.text,
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(decoded.replaced, 1u);
  EXPECT_EQ(decoded.first_invalid_offset, 1u);
}

TEST(EncodingTest, SingleByteGapsInC1RangeAreC1Controls) {
  // As in WHATWG's index for windows-1250; glibc leaves 0x81 undefined.
  const DecodedInput decoded = decode_html_bytes("\x81\x8A", "windows-1250");
  EXPECT_EQ(decoded.text, "\u0081Š");
  EXPECT_EQ(decoded.replaced, 0u);
}

TEST(EncodingTest, SingleByteCombiningMarksAreNotComposed) {
  // One byte, one code point: glibc alone would compose a + U+0301 into á.
  EXPECT_EQ(decode_html_bytes("a\xEC", "windows-1258").text, "a\u0301");
  EXPECT_EQ(decode_html_bytes("\xE0\xC8", "windows-1255").text, "\u05D0\u05B8");
}

// ---- Override ----

TEST(EncodingTest, OverrideWinsOverMeta) {
  const DecodedInput decoded = decode_html_bytes("<meta charset=\"utf-8\"><p>\xE9</p>", "latin1");
  EXPECT_EQ(decoded.text, "<meta charset=\"utf-8\"><p>é</p>");
  EXPECT_EQ(decoded.encoding, "windows-1252");
  EXPECT_EQ(decoded.encoding_source, "override");
}

TEST(EncodingTest, OverrideWinsOverByteOrderMark) {
  const DecodedInput decoded = decode_html_bytes("\xEF\xBB\xBF<p>x</p>", "windows-1252");
  EXPECT_EQ(decoded.text, "ï»¿<p>x</p>");
  EXPECT_EQ(decoded.encoding_source, "override");
}

TEST(EncodingTest, OverrideStripsItsOwnByteOrderMark) {
  const std::string bytes = "\xFF\xFE" + utf16_bytes(u"<p>é</p>", /*big_endian=*/false);
  const DecodedInput decoded = decode_html_bytes(bytes, "utf-16le");
  EXPECT_EQ(decoded.text, "<p>é</p>");
  EXPECT_EQ(decoded.encoding, "UTF-16LE");
  EXPECT_EQ(decoded.encoding_source, "override");
}

TEST(EncodingTest, UnknownOverrideIsReportedAndIgnored) {
  const DecodedInput decoded = decode_html_bytes("<meta charset=windows-1252>\xE9", "no-such-encoding");
  EXPECT_EQ(decoded.text, "<meta charset=windows-1252>é");
  EXPECT_EQ(decoded.encoding, "windows-1252");
  EXPECT_EQ(decoded.encoding_source, "meta");
  EXPECT_EQ(decoded.problem, "unknown encoding \"no-such-encoding\" given as override; ignored");
}
