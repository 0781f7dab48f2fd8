#pragma once
// The one Unicode toolkit (the only user of utf8proc): decoding and encoding UTF-8, character
// classes, and the case-folding and normalising maps that names, titles, DOIs and quotations are
// compared by.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace reflint {

/// One code point decoded from UTF-8. A byte that starts no valid sequence has value -1, length 1.
struct CodePoint {
  int32_t value = -1;
  uint32_t length = 1;
  bool valid() const { return value >= 0; }
};
CodePoint decode_utf8(std::string_view text, size_t at);
void append_utf8(std::string& out, int32_t code_point);

/// Unicode general categories, in groups.
bool is_letter(int32_t code_point);  // L*
bool is_mark(int32_t code_point);    // M*
bool is_number(int32_t code_point);  // N*
/// A letter, mark or number (what words are made of); ASCII letters and digits included.
bool is_word_code_point(int32_t code_point);
int32_t to_lower(int32_t code_point);
/// The columns a terminal gives the first `code_points` code points of `text` (all of them by
/// default): 2 for wide East Asian characters and most emoji, 0 for combining marks, else 1.
size_t display_width(std::string_view text, size_t code_points = std::string_view::npos);

/// What map_unicode does besides composing (or decomposing) the text.
enum UnicodeMapping : unsigned {
  kCaseFold = 1u << 0,
  kCompatibility = 1u << 1,  // NFKC / NFKD: "ﬁ" → "fi", "²" → "2"
  kStripMarks = 1u << 2,     // accents removed: "é" → "e"
  kDecompose = 1u << 3,      // leave the text decomposed (NFD) instead of composed (NFC)
  kStable = 1u << 4,         // Unicode versioning stability
};
/// `text` mapped by utf8proc; nullopt when it is not valid UTF-8.
std::optional<std::string> map_unicode(std::string_view text, unsigned mapping);

/// Case-folded, accents removed, white space collapsed and trimmed: for comparing names, titles
/// and headings.
std::string fold_for_comparison(std::string_view text);

}  // namespace reflint
