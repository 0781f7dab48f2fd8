#include "lint/text/doi_text.h"

#include <algorithm>

#include "lint/text/ascii.h"
#include "lint/text/unicode.h"

namespace reflint {

std::string doi_key(std::string_view doi) {
  if (is_ascii(doi)) return lower_ascii(doi);
  return map_unicode(doi, kCaseFold | kStable).value_or(std::string(doi));
}

std::string percent_encode_doi(std::string_view doi) {
  std::string encoded;
  for (size_t begin = 0;;) {
    const size_t end = std::min(doi.find('/', begin), doi.size());
    const std::string_view segment = doi.substr(begin, end - begin);
    // "." and ".." between slashes are dot segments: a server or client would resolve them and send
    // the request to another path ("10.5555/../../_control"). Encoded, they are text.
    const bool dot_segment = segment == "." || segment == "..";
    for (const char c : segment) {
      const auto byte = static_cast<unsigned char>(c);
      if (dot_segment || byte <= 0x20 || byte >= 0x7F || needs_percent_encoding(c) || c == '%' || c == '?' ||
          c == '#') {
        constexpr char kHex[] = "0123456789ABCDEF";
        encoded += '%';
        encoded += kHex[byte >> 4];
        encoded += kHex[byte & 0xF];
      } else {
        encoded += c;
      }
    }
    if (end == doi.size()) return encoded;
    encoded += '/';
    begin = end + 1;
  }
}

}  // namespace reflint
