#include "lint/html/encoding.h"

#include <iconv.h>
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/text/ascii.h"

namespace reflint {
namespace {

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";
constexpr size_t kPrescanLength = 4096;

enum class Decoder : uint8_t {
  utf8,
  utf16le,
  utf16be,
  windows1252,  // our own table, so the bytes glibc leaves undefined map as WHATWG maps them
  single_byte,  // a byte-to-code-point table read from glibc iconv
  multi_byte,   // streamed through glibc iconv
};

struct Encoding {
  std::string_view name;  // WHATWG name
  Decoder decoder;
  const char* iconv_name;   // for single_byte and multi_byte
  std::string_view labels;  // the WHATWG labels, space separated
};

// The WHATWG Encoding Standard's encodings and labels, without "replacement" and x-user-defined,
// which would not give text worth linting. Where WHATWG extends a legacy standard, the glibc
// converter with the same extensions is used (CP932 for Shift_JIS, CP949 for EUC-KR, ...).
constexpr Encoding kEncodings[] = {
    {"UTF-8", Decoder::utf8, nullptr,
     "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8"},
    {"windows-1252", Decoder::windows1252, nullptr,
     "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 iso88591 "
     "iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252"},
    {"UTF-16LE", Decoder::utf16le, nullptr,
     "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le"},
    {"UTF-16BE", Decoder::utf16be, nullptr, "unicodefffe utf-16be"},
    {"IBM866", Decoder::single_byte, "IBM866", "866 cp866 csibm866 ibm866"},
    {"ISO-8859-2", Decoder::single_byte, "ISO-8859-2",
     "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2"},
    {"ISO-8859-3", Decoder::single_byte, "ISO-8859-3",
     "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3"},
    {"ISO-8859-4", Decoder::single_byte, "ISO-8859-4",
     "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4"},
    {"ISO-8859-5", Decoder::single_byte, "ISO-8859-5",
     "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 iso_8859-5:1988"},
    {"ISO-8859-6", Decoder::single_byte, "ISO-8859-6",
     "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e iso-8859-6-i "
     "iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987"},
    {"ISO-8859-7", Decoder::single_byte, "ISO-8859-7",
     "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 iso_8859-7 "
     "iso_8859-7:1987 sun_eu_greek"},
    {"ISO-8859-8", Decoder::single_byte, "ISO-8859-8",
     "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 iso_8859-8 "
     "iso_8859-8:1988 visual"},
    {"ISO-8859-8-I", Decoder::single_byte, "ISO-8859-8", "csiso88598i iso-8859-8-i logical"},
    {"ISO-8859-10", Decoder::single_byte, "ISO-8859-10",
     "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6"},
    {"ISO-8859-13", Decoder::single_byte, "ISO-8859-13", "iso-8859-13 iso8859-13 iso885913"},
    {"ISO-8859-14", Decoder::single_byte, "ISO-8859-14", "iso-8859-14 iso8859-14 iso885914"},
    {"ISO-8859-15", Decoder::single_byte, "ISO-8859-15",
     "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9"},
    {"ISO-8859-16", Decoder::single_byte, "ISO-8859-16", "iso-8859-16"},
    {"KOI8-R", Decoder::single_byte, "KOI8-R", "cskoi8r koi koi8 koi8-r koi8_r"},
    {"KOI8-U", Decoder::single_byte, "KOI8-U", "koi8-ru koi8-u"},
    {"macintosh", Decoder::single_byte, "MACINTOSH", "csmacintosh mac macintosh x-mac-roman"},
    {"windows-874", Decoder::single_byte, "CP874",
     "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874"},
    {"windows-1250", Decoder::single_byte, "CP1250", "cp1250 windows-1250 x-cp1250"},
    {"windows-1251", Decoder::single_byte, "CP1251", "cp1251 windows-1251 x-cp1251"},
    {"windows-1253", Decoder::single_byte, "CP1253", "cp1253 windows-1253 x-cp1253"},
    {"windows-1254", Decoder::single_byte, "CP1254",
     "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 latin5 "
     "windows-1254 x-cp1254"},
    {"windows-1255", Decoder::single_byte, "CP1255", "cp1255 windows-1255 x-cp1255"},
    {"windows-1256", Decoder::single_byte, "CP1256", "cp1256 windows-1256 x-cp1256"},
    {"windows-1257", Decoder::single_byte, "CP1257", "cp1257 windows-1257 x-cp1257"},
    {"windows-1258", Decoder::single_byte, "CP1258", "cp1258 windows-1258 x-cp1258"},
    {"x-mac-cyrillic", Decoder::single_byte, "MAC-CYRILLIC", "x-mac-cyrillic x-mac-ukrainian"},
    {"GBK", Decoder::multi_byte, "GB18030",
     "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk"},
    {"gb18030", Decoder::multi_byte, "GB18030", "gb18030"},
    {"Big5", Decoder::multi_byte, "BIG5-HKSCS", "big5 big5-hkscs cn-big5 csbig5 x-x-big5"},
    {"EUC-JP", Decoder::multi_byte, "EUC-JP-MS", "cseucpkdfmtjapanese euc-jp x-euc-jp"},
    {"ISO-2022-JP", Decoder::multi_byte, "ISO-2022-JP", "csiso2022jp iso-2022-jp"},
    {"Shift_JIS", Decoder::multi_byte, "CP932",
     "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis"},
    {"EUC-KR", Decoder::multi_byte, "CP949",
     "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 "
     "windows-949"},
};
constexpr const Encoding& kUtf8 = kEncodings[0];
constexpr const Encoding& kUtf16le = kEncodings[2];
constexpr const Encoding& kUtf16be = kEncodings[3];

bool is_ascii_whitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

bool is_ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (ascii_lower(text[i]) != prefix[i]) return false;
  }
  return true;
}

const Encoding* find_encoding(std::string_view label) {
  while (!label.empty() && is_ascii_whitespace(label.front())) label.remove_prefix(1);
  while (!label.empty() && is_ascii_whitespace(label.back())) label.remove_suffix(1);
  const std::string wanted = lower_ascii(label);
  if (wanted.empty()) return nullptr;
  for (const Encoding& encoding : kEncodings) {
    std::string_view labels = encoding.labels;
    while (!labels.empty()) {
      const size_t space = labels.find(' ');
      if (labels.substr(0, space) == wanted) return &encoding;
      labels.remove_prefix(space == std::string_view::npos ? labels.size() : space + 1);
    }
  }
  return nullptr;
}

// A label quoted in `problem`: it may hold any bytes, and the message must stay valid UTF-8.
std::string printable_label(std::string_view label) {
  constexpr size_t kMaxShown = 64;
  std::string shown;
  for (const char c : label.substr(0, kMaxShown)) shown += c >= ' ' && c <= '~' ? c : '?';
  if (label.size() > kMaxShown) shown += "...";
  return shown;
}

void append_utf8(std::string& text, char32_t code_point) {
  if (code_point < 0x80) {
    text += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    text += static_cast<char>(0xC0 | (code_point >> 6));
    text += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    text += static_cast<char>(0xE0 | (code_point >> 12));
    text += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    text += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    text += static_cast<char>(0xF0 | (code_point >> 18));
    text += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    text += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    text += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// The code point of a well-formed sequence of one to four bytes.
char32_t single_code_point(std::string_view utf8) {
  constexpr std::array<unsigned char, 5> kLeadBitsMask = {0, 0x7F, 0x1F, 0x0F, 0x07};
  char32_t code_point = static_cast<unsigned char>(utf8[0]) & kLeadBitsMask[utf8.size()];
  for (const char continuation : utf8.substr(1)) {
    code_point = (code_point << 6) | (static_cast<unsigned char>(continuation) & 0x3F);
  }
  return code_point;
}

void add_problem(DecodedInput& out, std::string_view message) {
  if (!out.problem.empty()) out.problem += "; ";
  out.problem += message;
}

void append_replacement(DecodedInput& out, size_t source_offset) {
  if (out.replaced++ == 0) out.first_invalid_offset = source_offset;
  out.text += kReplacementCharacter;
}

// ---- UTF-8 ----

struct Utf8Sequence {
  size_t length;  // of the well-formed sequence, or of the maximal subpart to replace when invalid
  bool valid;
};

// Unicode Table 3-7: the lead byte fixes the length and the range of the second byte (which is what
// excludes overlongs, surrogates and code points above U+10FFFF); later bytes are always 80..BF.
Utf8Sequence read_utf8_sequence(std::string_view bytes, size_t pos) {
  const auto lead = static_cast<unsigned char>(bytes[pos]);
  if (lead < 0x80) return {1, true};
  size_t length = 0;
  unsigned char second_min = 0x80;
  unsigned char second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;
    if (lead == 0xED) second_max = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;
    if (lead == 0xF4) second_max = 0x8F;
  } else {
    return {1, false};
  }
  for (size_t i = 1; i < length; ++i) {
    if (pos + i >= bytes.size()) return {i, false};
    const auto byte = static_cast<unsigned char>(bytes[pos + i]);
    const unsigned char min = i == 1 ? second_min : 0x80;
    const unsigned char max = i == 1 ? second_max : 0xBF;
    if (byte < min || byte > max) return {i, false};
  }
  return {length, true};
}

// The offset of the first invalid sequence or NUL at or after `pos`, or bytes.size(). Runs over every
// page, so eight bytes of ASCII without NUL are checked at a time.
size_t find_utf8_problem(std::string_view bytes, size_t pos) {
  constexpr uint64_t kHighBits = 0x8080808080808080;
  constexpr uint64_t kLowBits = 0x0101010101010101;
  while (pos < bytes.size()) {
    if (bytes.size() - pos >= sizeof(uint64_t)) {
      uint64_t word = 0;
      std::memcpy(&word, bytes.data() + pos, sizeof word);
      const bool has_zero_byte = ((word - kLowBits) & ~word & kHighBits) != 0;
      if ((word & kHighBits) == 0 && !has_zero_byte) {
        pos += sizeof word;
        continue;
      }
    }
    if (bytes[pos] == '\0') return pos;
    const Utf8Sequence sequence = read_utf8_sequence(bytes, pos);
    if (!sequence.valid) return pos;
    pos += sequence.length;
  }
  return pos;
}

/// `owner`, when given, holds `bytes` and may be taken as the text.
void decode_utf8(std::string_view bytes, size_t pos, DecodedInput& out, std::string* owner) {
  size_t problem = find_utf8_problem(bytes, pos);
  if (problem == bytes.size() && owner != nullptr) {
    out.text = std::move(*owner);  // `bytes` is not read again: it may have been a small buffer
    out.text.erase(0, pos);
    return;
  }
  if (problem < bytes.size()) out.text.reserve(bytes.size() - pos + 64);
  while (true) {
    out.text.append(bytes.substr(pos, problem - pos));
    if (problem == bytes.size()) return;
    append_replacement(out, problem);
    pos = problem + (bytes[problem] == '\0' ? 1 : read_utf8_sequence(bytes, problem).length);
    problem = find_utf8_problem(bytes, pos);
  }
}

// ---- UTF-16 ----

void decode_utf16(std::string_view bytes, size_t pos, bool big_endian, DecodedInput& out) {
  const auto unit_at = [&](size_t at) {
    const auto first = static_cast<unsigned char>(bytes[at]);
    const auto second = static_cast<unsigned char>(bytes[at + 1]);
    return static_cast<char32_t>(big_endian ? (first << 8) | second : (second << 8) | first);
  };
  const auto is_high_surrogate = [](char32_t unit) { return unit >= 0xD800 && unit <= 0xDBFF; };
  const auto is_low_surrogate = [](char32_t unit) { return unit >= 0xDC00 && unit <= 0xDFFF; };
  out.text.reserve((bytes.size() - pos) / 2 * 3);
  for (; pos + 1 < bytes.size(); pos += 2) {
    const char32_t unit = unit_at(pos);
    if (is_high_surrogate(unit) && pos + 3 < bytes.size() && is_low_surrogate(unit_at(pos + 2))) {
      append_utf8(out.text, 0x10000 + ((unit - 0xD800) << 10) + (unit_at(pos + 2) - 0xDC00));
      pos += 2;
    } else if (unit == 0 || is_high_surrogate(unit) || is_low_surrogate(unit)) {
      append_replacement(out, pos);
    } else {
      append_utf8(out.text, unit);
    }
  }
  if (pos < bytes.size()) append_replacement(out, pos);  // an odd byte at the end
}

// ---- Single-byte encodings ----

constexpr char32_t kUndefinedByte = 0;  // no single-byte encoding maps a byte >= 0x80 to U+0000
using HighHalfTable = std::array<char32_t, 128>;

class Iconv {
 public:
  explicit Iconv(const char* from) : handle_(iconv_open("UTF-8", from)) {}
  ~Iconv() {
    if (available()) iconv_close(handle_);
  }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;

  bool available() const { return handle_ != kFailedOpen; }

  // Converts as much of [*in, *in + *in_left) as it can, appending to `text`. Returns false at an
  // invalid or truncated sequence, with *in pointing at it.
  bool convert(char** in, size_t* in_left, std::string& text) {
    while (true) {
      std::array<char, 4096> buffer;
      char* out = buffer.data();
      size_t out_left = buffer.size();
      const size_t result = iconv(handle_, in, in_left, &out, &out_left);
      text.append(buffer.data(), out);
      if (result != kFailedConversion) return true;
      if (errno != E2BIG) return false;
    }
  }

  // Ends the input: writes out a character glibc holds back in case a combining mark follows.
  void finish(std::string& text) {
    std::array<char, 64> buffer;
    char* out = buffer.data();
    size_t out_left = buffer.size();
    iconv(handle_, nullptr, nullptr, &out, &out_left);
    text.append(buffer.data(), out);
  }

 private:
  // NOLINTNEXTLINE(performance-no-int-to-ptr): iconv_open's documented failure value is (iconv_t)-1
  static inline const iconv_t kFailedOpen = reinterpret_cast<iconv_t>(-1);
  static constexpr size_t kFailedConversion = static_cast<size_t>(-1);
  iconv_t handle_;
};

// WHATWG decodes single-byte encodings byte by byte; asking glibc one byte at a time keeps it from
// composing base letters with combining marks (windows-1255, windows-1258).
std::optional<HighHalfTable> read_high_half_table(const char* iconv_name) {
  Iconv converter(iconv_name);
  if (!converter.available()) return std::nullopt;
  HighHalfTable table{};
  for (char32_t index = 0; index < table.size(); ++index) {
    char byte = static_cast<char>(0x80 + index);
    char* in = &byte;
    size_t in_left = 1;
    std::string utf8;
    const bool converted = converter.convert(&in, &in_left, utf8);
    converter.finish(utf8);
    // A byte that decodes to more than one code point stays undefined: one byte, one code point.
    if (converted && !utf8.empty() && read_utf8_sequence(utf8, 0).length == utf8.size()) {
      table[index] = single_code_point(utf8);
    } else if (index < 0x20) {
      table[index] = 0x80 + index;  // WHATWG's indexes fill the gaps in 0x80-0x9F with C1 controls
    }
  }
  return table;
}

void decode_single_byte(std::string_view bytes, size_t pos, const HighHalfTable& high_half,
                        DecodedInput& out) {
  out.text.reserve(bytes.size() - pos + (bytes.size() - pos) / 4);
  for (; pos < bytes.size(); ++pos) {
    const auto byte = static_cast<unsigned char>(bytes[pos]);
    if (byte != 0 && byte < 0x80) {
      out.text += static_cast<char>(byte);
    } else if (byte >= 0x80 && high_half[byte - 0x80] != kUndefinedByte) {
      append_utf8(out.text, high_half[byte - 0x80]);
    } else {
      append_replacement(out, pos);  // U+0000, or a byte the encoding leaves undefined
    }
  }
}

// windows-1252: 0x80-0x9F from Microsoft's table, where the five bytes it leaves undefined are the C1
// controls of the same value, as in WHATWG; 0xA0-0xFF are Latin-1.
constexpr HighHalfTable kWindows1252HighHalf = [] {
  HighHalfTable table = {
      0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
  };
  for (char32_t index = 0x20; index < table.size(); ++index) table[index] = 0x80 + index;
  return table;
}();

// ---- Multi-byte encodings ----

// Returns false when glibc has no converter for the encoding.
bool decode_multi_byte(std::string_view bytes, size_t pos, const char* iconv_name, DecodedInput& out) {
  Iconv converter(iconv_name);
  if (!converter.available()) return false;
  out.text.reserve((bytes.size() - pos) * 3 / 2);
  // iconv takes a non-const input pointer but only reads through it.
  char* const begin = const_cast<char*>(bytes.data());
  char* in = begin + pos;
  size_t in_left = bytes.size() - pos;
  // An invalid sequence costs one byte, as in WHATWG, where the next byte is read afresh (a bad
  // Shift_JIS trail byte that is ASCII stays ASCII). No reset, so ISO-2022-JP keeps its mode.
  while (!converter.convert(&in, &in_left, out.text)) {
    append_replacement(out, static_cast<size_t>(in - begin));
    ++in;
    --in_left;
  }
  converter.finish(out.text);

  // NUL decodes to U+0000 in all of these encodings and is never part of a multi-byte character.
  const size_t first_nul = bytes.find('\0', pos);
  if (first_nul == std::string_view::npos) return true;
  if (out.replaced == 0 || first_nul < out.first_invalid_offset) out.first_invalid_offset = first_nul;
  std::string text;
  text.reserve(out.text.size() + 64);
  for (const char c : out.text) {
    if (c == '\0') {
      text += kReplacementCharacter;
      ++out.replaced;
    } else {
      text += c;
    }
  }
  out.text = std::move(text);
  return true;
}

// ---- Sniffing ----

struct Declaration {
  std::string label;
  std::string_view where;  // for the problem message
};

struct PrescanResult {
  const Encoding* encoding = nullptr;  // null when nothing usable was declared
  std::optional<Declaration> unknown;  // the first declaration with an unknown label
};

const RE2::Options& latin1_options() {
  static const RE2::Options options = [] {
    RE2::Options latin1;
    latin1.set_encoding(RE2::Options::EncodingLatin1);  // the bytes are not known to be UTF-8 yet
    return latin1;
  }();
  return options;
}

struct Attribute {
  std::string name;  // lowercased
  std::string_view value;
};

// Reads a tag's attributes as WHATWG's "get an attribute" does, up to and past the closing '>'.
// Returns false when the tag is cut off by the end of the prescanned bytes.
bool read_attributes(re2::StringPiece& rest, std::vector<Attribute>& attributes) {
  static const RE2 tag_end(R"re([\s/]*>)re", latin1_options());
  static const RE2 attribute(
      R"re([\s/]*([^\s/>][^\s/>=]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"'][^\s>]*)))?)re",
      latin1_options());
  while (!RE2::Consume(&rest, tag_end)) {
    re2::StringPiece name;
    re2::StringPiece double_quoted;
    re2::StringPiece single_quoted;
    re2::StringPiece unquoted;
    if (!RE2::Consume(&rest, attribute, &name, &double_quoted, &single_quoted, &unquoted)) return false;
    const re2::StringPiece value = !double_quoted.empty()   ? double_quoted
                                   : !single_quoted.empty() ? single_quoted
                                                            : unquoted;
    attributes.push_back({lower_ascii(name), value});
  }
  return true;
}

// WHATWG's "algorithm for extracting a character encoding from a meta element".
std::optional<std::string> charset_in_content(std::string_view content) {
  static const RE2 charset(R"re((?i)charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;"'][^\s;]*)))re",
                           latin1_options());
  std::string double_quoted;
  std::string single_quoted;
  std::string unquoted;
  if (!RE2::PartialMatch(content, charset, &double_quoted, &single_quoted, &unquoted)) return std::nullopt;
  return double_quoted + single_quoted + unquoted;  // only one of them matched
}

// The prescan's rules for one <meta>: a charset attribute counts on its own, a charset in content
// only together with http-equiv="content-type"; a repeated attribute is ignored.
std::optional<Declaration> meta_declaration(const std::vector<Attribute>& attributes) {
  bool got_pragma = false;
  std::optional<bool> need_pragma;
  std::optional<Declaration> declaration;
  for (size_t i = 0; i < attributes.size(); ++i) {
    const Attribute& attribute = attributes[i];
    const auto same_name = [&](const Attribute& earlier) { return earlier.name == attribute.name; };
    if (std::any_of(attributes.begin(), attributes.begin() + static_cast<std::ptrdiff_t>(i), same_name))
      continue;
    if (attribute.name == "http-equiv") {
      got_pragma = got_pragma || lower_ascii(attribute.value) == "content-type";
    } else if (attribute.name == "content") {
      std::optional<std::string> label = charset_in_content(attribute.value);
      if (label && !declaration) {
        declaration = Declaration{std::move(*label), "<meta http-equiv>"};
        need_pragma = true;
      }
    } else if (attribute.name == "charset") {
      declaration = Declaration{std::string(attribute.value), "<meta charset>"};
      need_pragma = false;
    }
  }
  if (!need_pragma || (*need_pragma && !got_pragma)) return std::nullopt;
  return declaration;
}

// WHATWG's "get an XML encoding", for a document that starts with an XML declaration.
std::optional<Declaration> xml_declaration(std::string_view head) {
  static const RE2 encoding(R"re(^<\?xml[^>]*?encoding\s*=\s*(?:"([^"<>]*)"|'([^'<>]*)'))re",
                            latin1_options());
  std::string double_quoted;
  std::string single_quoted;
  if (!RE2::PartialMatch(head, encoding, &double_quoted, &single_quoted)) return std::nullopt;
  return Declaration{double_quoted + single_quoted, "the XML declaration"};
}

// A declaration cannot be in UTF-16 if the prescan could read it: WHATWG then means UTF-8.
const Encoding* declared_encoding(const Declaration& declaration) {
  const Encoding* encoding = find_encoding(declaration.label);
  if (encoding == &kUtf16le || encoding == &kUtf16be) return &kUtf8;
  return encoding;
}

// WHATWG's "prescan a byte stream to determine its encoding" over the first kPrescanLength bytes:
// the first <meta> with a known encoding wins, skipping comments and the insides of other tags;
// an XML declaration counts only when no <meta> does.
PrescanResult prescan(std::string_view bytes) {
  PrescanResult result;
  const std::string_view head = bytes.substr(0, kPrescanLength);
  // A UTF-16 XML declaration without a byte order mark.
  if (head.starts_with(std::string_view("<\0?\0x\0", 6))) return {&kUtf16le, std::nullopt};
  if (head.starts_with(std::string_view("\0<\0?\0x", 6))) return {&kUtf16be, std::nullopt};

  const auto consider = [&](std::optional<Declaration> declaration) {
    if (!declaration) return false;
    result.encoding = declared_encoding(*declaration);
    if (!result.encoding && !result.unknown) result.unknown = std::move(declaration);
    return result.encoding != nullptr;
  };

  size_t pos = 0;
  std::vector<Attribute> attributes;
  while ((pos = head.find('<', pos)) != std::string_view::npos) {
    const std::string_view tag = head.substr(pos);
    if (tag.starts_with("<!--")) {
      const size_t comment_end = head.find("-->", pos + 2);  // "<!-->" is a whole comment
      if (comment_end == std::string_view::npos) break;
      pos = comment_end + 3;
    } else if (starts_with_ignoring_case(tag, "<meta") && tag.size() > 5 &&
               (is_ascii_whitespace(tag[5]) || tag[5] == '/')) {
      re2::StringPiece rest(tag.substr(5));
      attributes.clear();
      if (!read_attributes(rest, attributes)) break;
      if (consider(meta_declaration(attributes))) return result;
      pos = head.size() - rest.size();
    } else if (tag.size() > 2 && (is_ascii_letter(tag[1]) || (tag[1] == '/' && is_ascii_letter(tag[2])))) {
      const size_t name_end = tag.find_first_of(" \t\n\f\r>", 2);
      if (name_end == std::string_view::npos) break;
      re2::StringPiece rest(tag.substr(name_end));
      attributes.clear();
      if (!read_attributes(rest, attributes)) break;
      pos = head.size() - rest.size();
    } else if (tag.starts_with("<!") || tag.starts_with("</") || tag.starts_with("<?")) {
      pos = head.find('>', pos + 2);
      if (pos == std::string_view::npos) break;
    } else {
      ++pos;
    }
  }
  consider(xml_declaration(head));
  return result;
}

struct ByteOrderMark {
  const Encoding* encoding;
  size_t length;
};

std::optional<ByteOrderMark> byte_order_mark(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) return ByteOrderMark{&kUtf8, 3};
  if (bytes.starts_with("\xFF\xFE")) return ByteOrderMark{&kUtf16le, 2};
  if (bytes.starts_with("\xFE\xFF")) return ByteOrderMark{&kUtf16be, 2};
  return std::nullopt;
}

void decode_as(const Encoding& encoding, std::string_view bytes, size_t pos, DecodedInput& out,
               std::string* owner = nullptr) {
  out.encoding = encoding.name;
  switch (encoding.decoder) {
    case Decoder::utf8:
      return decode_utf8(bytes, pos, out, owner);
    case Decoder::utf16le:
      return decode_utf16(bytes, pos, /*big_endian=*/false, out);
    case Decoder::utf16be:
      return decode_utf16(bytes, pos, /*big_endian=*/true, out);
    case Decoder::windows1252:
      return decode_single_byte(bytes, pos, kWindows1252HighHalf, out);
    case Decoder::single_byte:
      if (const std::optional<HighHalfTable> table = read_high_half_table(encoding.iconv_name)) {
        return decode_single_byte(bytes, pos, *table, out);
      }
      break;
    case Decoder::multi_byte:
      if (decode_multi_byte(bytes, pos, encoding.iconv_name, out)) return;
      break;
  }
  // Only reached when the system's iconv lacks the converter (a trimmed gconv installation).
  add_problem(
      out, "encoding " + std::string(encoding.name) + " is not available on this system; decoded as UTF-8");
  decode_as(kUtf8, bytes, pos, out);
}

/// The sniffing and decoding; `owner`, when given, holds `bytes` and may be taken as the text.
DecodedInput decode_html(std::string_view bytes, std::string_view override_encoding, std::string* owner) {
  DecodedInput result;
  const std::optional<ByteOrderMark> bom = byte_order_mark(bytes);

  if (!override_encoding.empty()) {
    if (const Encoding* encoding = find_encoding(override_encoding)) {
      result.encoding_source = "override";
      // A byte order mark of the requested encoding is still not text.
      const size_t start = bom && bom->encoding == encoding ? bom->length : 0;
      decode_as(*encoding, bytes, start, result, owner);
      return result;
    }
    add_problem(result,
                "unknown encoding \"" + printable_label(override_encoding) + "\" given as override; ignored");
  }

  if (bom) {
    result.encoding_source = "bom";
    decode_as(*bom->encoding, bytes, bom->length, result, owner);
    return result;
  }

  const PrescanResult declared = prescan(bytes);
  if (declared.encoding) {
    result.encoding_source = "meta";
    decode_as(*declared.encoding, bytes, 0, result, owner);
    return result;
  }

  result.encoding_source = "default";
  if (declared.unknown) {
    add_problem(result, "unknown encoding \"" + printable_label(declared.unknown->label) + "\" in " +
                            std::string(declared.unknown->where) + "; decoded as UTF-8");
  }
  decode_as(kUtf8, bytes, 0, result, owner);
  return result;
}

}  // namespace

DecodedInput decode_html_bytes(std::string_view bytes, std::string_view override_encoding) {
  return decode_html(bytes, override_encoding, nullptr);
}

DecodedInput decode_owned_html_bytes(std::string&& bytes, std::string_view override_encoding) {
  return decode_html(bytes, override_encoding, &bytes);
}

}  // namespace reflint
