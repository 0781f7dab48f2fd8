#pragma once
// ASCII character classes, case mapping and percent-decoding: locale-independent, for the markup,
// URLs and identifiers reflint reads (Unicode text goes through lint/text/unicode.h).

#include <algorithm>
#include <string>
#include <string_view>

namespace reflint {

inline bool is_ascii_digit(char c) {
  return c >= '0' && c <= '9';
}
inline bool is_ascii_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline bool is_ascii_alnum(char c) {
  return is_ascii_digit(c) || is_ascii_alpha(c);
}
inline bool is_ascii_lower(char c) {
  return c >= 'a' && c <= 'z';
}
inline bool is_ascii_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
/// Space, tab, line feed and carriage return: the white space left in a block's collapsed text.
inline bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
/// HTML's ASCII white space: is_ascii_space and form feed.
inline bool is_html_space(char c) {
  return is_ascii_space(c) || c == '\f';
}
inline bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

inline char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
inline std::string lower_ascii(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), ascii_lower);
  return lower;
}

/// `text` without leading and trailing is_ascii_space characters.
/// Whether `text` starts with `prefix` (lower-case ASCII), ignoring ASCII case.
inline bool starts_with_ascii_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (ascii_lower(text[i]) != prefix[i]) return false;
  }
  return true;
}

/// True when `text` holds `needle` (ASCII letters compared without case).
inline bool contains_ascii_nocase(std::string_view text, std::string_view needle) {
  if (needle.empty()) return true;
  for (size_t at = 0; at + needle.size() <= text.size(); ++at) {
    if (starts_with_ascii_nocase(text.substr(at), needle)) return true;
  }
  return false;
}

inline std::string_view trim_ascii(std::string_view text) {
  while (!text.empty() && is_ascii_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_ascii_space(text.back())) text.remove_suffix(1);
  return text;
}

/// The word that ends at `end`: the ASCII letters and non-ASCII bytes before it.
inline std::string_view word_ending_at(std::string_view text, size_t end) {
  size_t begin = end;
  while (begin > 0 &&
         (is_ascii_alpha(text[begin - 1]) || static_cast<unsigned char>(text[begin - 1]) >= 0x80))
    --begin;
  return text.substr(begin, end - begin);
}

/// The value of a hexadecimal digit, or -1.
inline int hex_value(char c) {
  if (is_ascii_digit(c)) return c - '0';
  const char lower = ascii_lower(c);
  return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
}

/// Decodes every "%XX" with two hexadecimal digits; anything else, a lone '%' included, is kept.
std::string percent_decode(std::string_view text);

}  // namespace reflint
