#include "lint/text/doi_text.h"

#include "lint/text/ascii.h"
#include "lint/text/unicode.h"

namespace reflint {

std::string doi_key(std::string_view doi) {
  if (is_ascii(doi)) return lower_ascii(doi);
  return map_unicode(doi, kCaseFold | kStable).value_or(std::string(doi));
}

std::string percent_encode_doi(std::string_view doi) {
  std::string encoded;
  for (const char c : doi) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7F || needs_percent_encoding(c) || c == '%' || c == '?' || c == '#') {
      constexpr char kHex[] = "0123456789ABCDEF";
      encoded += '%';
      encoded += kHex[byte >> 4];
      encoded += kHex[byte & 0xF];
    } else {
      encoded += c;
    }
  }
  return encoded;
}

}  // namespace reflint
