#include "lint/lsp/text_document.h"

#include <algorithm>

#include "lint/text/unicode.h"

namespace reflint::lsp {
namespace {

/// The units of `encoding` that a character of `bytes` UTF-8 bytes takes.
uint32_t units_of(size_t bytes, PositionEncoding encoding) {
  switch (encoding) {
    case PositionEncoding::utf8:
      return static_cast<uint32_t>(bytes);
    case PositionEncoding::utf16:
      return bytes == 4 ? 2 : 1;
    case PositionEncoding::utf32:
      return 1;
  }
  return 1;
}

}  // namespace

std::string_view to_string(PositionEncoding encoding) {
  switch (encoding) {
    case PositionEncoding::utf8:
      return "utf-8";
    case PositionEncoding::utf16:
      return "utf-16";
    case PositionEncoding::utf32:
      return "utf-32";
  }
  return "utf-16";
}

TextDocument::TextDocument(std::string text) : text_(std::move(text)) {
  index_lines();
}

void TextDocument::index_lines() {
  line_starts_.assign(1, 0);
  for (size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\r' && i + 1 < text_.size() && text_[i + 1] == '\n') ++i;
    if (text_[i] == '\n' || text_[i] == '\r') line_starts_.push_back(i + 1);
  }
}

size_t TextDocument::line_end(size_t line) const {
  if (line + 1 >= line_starts_.size()) return text_.size();
  size_t end = line_starts_[line + 1];
  if (end > line_starts_[line] && text_[end - 1] == '\n') --end;
  if (end > line_starts_[line] && text_[end - 1] == '\r') --end;
  return end;
}

size_t TextDocument::offset_of(Position position) const {
  if (position.line == 0) return 0;
  if (position.line > line_starts_.size()) return text_.size();
  const size_t line = position.line - 1;
  const size_t end = line_end(line);
  size_t at = line_starts_[line];
  for (uint32_t column = 1; column < position.column && at < end; ++column)
    at = std::min(end, at + decode_utf8(text_, at).length);
  return at;
}

size_t TextDocument::offset_of(LspPosition position, PositionEncoding encoding) const {
  if (position.line >= line_starts_.size()) return text_.size();
  const size_t end = line_end(position.line);
  size_t at = line_starts_[position.line];
  uint32_t units = 0;
  while (at < end) {
    const size_t length = decode_utf8(text_, at).length;
    const uint32_t width = units_of(length, encoding);
    if (units + width > position.character) break;
    units += width;
    at = std::min(end, at + length);
  }
  return at;
}

LspPosition TextDocument::position_of(size_t offset, PositionEncoding encoding) const {
  offset = std::min(offset, text_.size());
  const auto next_line = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line = static_cast<size_t>(next_line - line_starts_.begin() - 1);
  const size_t end = std::min(offset, line_end(line));
  uint32_t units = 0;
  for (size_t at = line_starts_[line]; at < end;) {
    const size_t length = decode_utf8(text_, at).length;
    units += units_of(length, encoding);
    at += length;
  }
  return {static_cast<uint32_t>(line), units};
}

void TextDocument::replace(size_t begin, size_t end, std::string_view replacement) {
  begin = std::min(begin, text_.size());
  end = std::clamp(end, begin, text_.size());
  text_.replace(begin, end - begin, replacement);
  index_lines();
}

}  // namespace reflint::lsp
