#pragma once
// Input decoding: turns the bytes of an HTML file into valid UTF-8 before libxml2 sees them (it is
// fed UTF-8 only). The encoding is sniffed as the WHATWG encoding sniffing algorithm does: byte
// order mark, then a prescan for <meta> and the XML declaration, then UTF-8.
//
// Every source character becomes exactly one code point and every invalid unit exactly one
// U+FFFD (UTF-8: one per maximal subpart), so positions computed on the decoded text count the
// characters the author wrote.

#include <cstddef>
#include <string>
#include <string_view>

namespace reflint {

struct DecodedInput {
  std::string text;             // valid UTF-8 without the byte order mark; no U+0000
  std::string encoding;         // WHATWG name of the encoding used: "UTF-8", "windows-1252", "Shift_JIS", ...
  std::string encoding_source;  // "bom", "meta" (a <meta> or the XML declaration), "default", "override"
  size_t replaced = 0;          // U+FFFD substituted for invalid input and for NUL bytes
  size_t first_invalid_offset = 0;  // byte offset in the original input; meaningful when replaced > 0
  std::string problem;              // empty, or why the declared encoding was not used, for a diagnostic
};

/// Decodes an HTML file. A non-empty override_encoding (a WHATWG label such as "latin1") wins over
/// everything the file declares; an unknown override is reported in `problem` and ignored. Never
/// throws on bad input: invalid sequences become U+FFFD.
DecodedInput decode_html_bytes(std::string_view bytes, std::string_view override_encoding = {});
/// The same, taking the bytes: a page already in valid UTF-8 becomes the text without a copy.
DecodedInput decode_owned_html_bytes(std::string&& bytes, std::string_view override_encoding = {});

}  // namespace reflint
