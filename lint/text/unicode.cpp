#include "lint/text/unicode.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "lint/text/ascii.h"

namespace reflint {

CodePoint decode_utf8(std::string_view text, size_t at) {
  utf8proc_int32_t value = -1;
  const utf8proc_ssize_t length =
      utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + at),
                       static_cast<utf8proc_ssize_t>(text.size() - at), &value);
  if (length <= 0) return {};
  return {value, static_cast<uint32_t>(length)};
}

size_t display_width(std::string_view text, size_t code_points) {
  size_t width = 0;
  for (size_t at = 0, seen = 0; at < text.size() && seen < code_points; ++seen) {
    const CodePoint code_point = decode_utf8(text, at);
    width += code_point.valid() ? static_cast<size_t>(std::max(0, utf8proc_charwidth(code_point.value))) : 1;
    at += code_point.length;
  }
  return width;
}

void append_utf8(std::string& out, int32_t code_point) {
  utf8proc_uint8_t bytes[4];
  const utf8proc_ssize_t length = utf8proc_encode_char(code_point, bytes);
  out.append(reinterpret_cast<const char*>(bytes), static_cast<size_t>(length));
}

bool is_letter(int32_t code_point) {
  if (code_point < 0) return false;
  const utf8proc_category_t category = utf8proc_category(code_point);
  return category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO;
}

bool is_mark(int32_t code_point) {
  if (code_point < 0) return false;
  const utf8proc_category_t category = utf8proc_category(code_point);
  return category >= UTF8PROC_CATEGORY_MN && category <= UTF8PROC_CATEGORY_ME;
}

bool is_number(int32_t code_point) {
  if (code_point < 0) return false;
  const utf8proc_category_t category = utf8proc_category(code_point);
  return category >= UTF8PROC_CATEGORY_ND && category <= UTF8PROC_CATEGORY_NO;
}

bool is_word_code_point(int32_t code_point) {
  if (code_point < 0) return false;
  if (code_point < 0x80) return is_ascii_alnum(static_cast<char>(code_point));
  const utf8proc_category_t category = utf8proc_category(code_point);
  return category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_NO;
}

int32_t to_lower(int32_t code_point) {
  return utf8proc_tolower(code_point);
}

std::optional<std::string> map_unicode(std::string_view text, unsigned mapping) {
  unsigned options = (mapping & kDecompose) != 0 ? UTF8PROC_DECOMPOSE : UTF8PROC_COMPOSE;
  if ((mapping & kCaseFold) != 0) options |= UTF8PROC_CASEFOLD;
  if ((mapping & kCompatibility) != 0) options |= UTF8PROC_COMPAT;
  if ((mapping & kStripMarks) != 0) options |= UTF8PROC_STRIPMARK;
  if ((mapping & kStable) != 0) options |= UTF8PROC_STABLE;
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t length = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                               static_cast<utf8proc_ssize_t>(text.size()), &mapped,
                                               static_cast<utf8proc_option_t>(options));
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped, &std::free);
  if (length < 0) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<size_t>(length));
}

namespace {

/// `text` with runs of white space made one space, and none at either end.
std::string collapse_space(std::string_view text, bool lower) {
  std::string result;
  result.reserve(text.size());
  bool space = false;
  for (const char c : text) {
    if (is_ascii_space(c)) {
      space = !result.empty();
      continue;
    }
    if (space) result.push_back(' ');
    space = false;
    result.push_back(lower ? ascii_lower(c) : c);
  }
  return result;
}

}  // namespace

std::string fold_for_comparison(std::string_view text) {
  // Plain ASCII (most reference text) needs no Unicode tables.
  if (is_ascii(text)) return collapse_space(text, true);
  if (const auto folded = map_unicode(text, kCaseFold | kStripMarks | kCompatibility)) {
    return collapse_space(*folded, false);
  }
  return lower_ascii(trim_ascii(text));
}

}  // namespace reflint
