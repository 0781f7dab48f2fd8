#include "lint/model/document.h"

#include <algorithm>
#include <cstring>

#include "lint/model/document_builder.h"

namespace reflint {

std::string_view to_string(BlockKind kind) {
  switch (kind) {
    case BlockKind::paragraph:
      return "p";
    case BlockKind::list_item:
      return "li";
    case BlockKind::definition_term:
      return "dt";
    case BlockKind::definition_description:
      return "dd";
    case BlockKind::table_cell:
      return "td";
    case BlockKind::table_header:
      return "th";
    case BlockKind::blockquote:
      return "blockquote";
    case BlockKind::heading:
      return "heading";
    case BlockKind::figcaption:
      return "figcaption";
    case BlockKind::preformatted:
      return "pre";
    case BlockKind::bare_text:
      return "text";
  }
  return "?";
}

const std::string* Element::attribute(std::string_view name) const {
  for (const Attribute& attr : attributes) {
    if (attr.name == name) return &attr.value;
  }
  return nullptr;
}

bool Element::has_class(std::string_view class_name) const {
  const std::string* classes = attribute("class");
  if (classes == nullptr) return false;
  std::string_view rest = *classes;
  while (!rest.empty()) {
    const size_t start = rest.find_first_not_of(" \t\n\r\f");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    const size_t end = std::min(rest.find_first_of(" \t\n\r\f"), rest.size());
    if (rest.substr(0, end) == class_name) return true;
    rest.remove_prefix(end);
  }
  return false;
}

void TextPositions::append_copied(uint32_t text_at, uint32_t source_at, uint32_t length) {
  if (length == 0) return;
  if (!runs_.empty()) {
    const Run& last = runs_.back();
    if (last.source_end == kCopied && source_at - last.source_begin == text_at - last.text_begin &&
        source_at >= last.source_begin)
      return;  // continues the last copied run
  }
  runs_.push_back({text_at, source_at, kCopied});
}

void TextPositions::append_replaced(uint32_t text_at, SourceRange source) {
  if (!runs_.empty()) {
    const Run& last = runs_.back();
    if (last.source_end != kCopied && last.source_begin == source.begin && last.source_end == source.end)
      return;  // another byte of the same character
  }
  runs_.push_back({text_at, source.begin, source.end});
}

SourceRange TextPositions::character(std::string_view text, size_t at) const {
  const auto after = std::upper_bound(runs_.begin(), runs_.end(), at,
                                      [](size_t offset, const Run& run) { return offset < run.text_begin; });
  if (after == runs_.begin()) return {};
  const Run& run = *(after - 1);
  if (run.source_end != kCopied) return {run.source_begin, run.source_end};
  const size_t run_end = after == runs_.end() ? text.size() : after->text_begin;
  const auto is_continuation = [&](size_t i) { return (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80; };
  size_t begin = at;
  while (begin > run.text_begin && is_continuation(begin)) --begin;
  size_t end = at + 1;
  while (end < run_end && is_continuation(end)) ++end;
  return {static_cast<uint32_t>(run.source_begin + (begin - run.text_begin)),
          static_cast<uint32_t>(run.source_begin + (end - run.text_begin))};
}

SourceRange TextBlock::source_range(size_t text_begin, size_t text_end) const {
  if (positions.empty() || text.empty()) return {};
  text_begin = std::min(text_begin, text.size() - 1);
  text_end = std::clamp(text_end, text_begin + 1, text.size());
  return {positions.character(text, text_begin).begin, positions.character(text, text_end - 1).end};
}

uint32_t Document::element_by_id(std::string_view id) const {
  const auto found = ids_.find(std::string(id));
  return found == ids_.end() ? kNoIndex : found->second;
}

bool Document::is_inside(uint32_t element, uint32_t ancestor) const {
  while (element != kNoIndex && element < elements_.size()) {
    if (element == ancestor) return true;
    element = elements_[element].parent;
  }
  return false;
}

namespace {
bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}
}  // namespace

Position Document::position(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(source_.size()));
  const auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const uint32_t line_index = static_cast<uint32_t>(after - line_starts_.begin()) - 1;
  const auto code_points_before = [this](uint32_t at) {
    const uint32_t checkpoint = at / kCodePointStride;
    uint32_t count = code_points_before_[checkpoint];
    for (uint32_t i = checkpoint * kCodePointStride; i < at; ++i) count += !is_continuation_byte(source_[i]);
    return count;
  };
  return {line_index + 1, code_points_before(offset) - code_points_before(line_starts_[line_index]) + 1};
}

std::string_view Document::line_text(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  const uint32_t begin = line_starts_[line - 1];
  uint32_t end = line < line_starts_.size() ? line_starts_[line] : static_cast<uint32_t>(source_.size());
  while (end > begin && (source_[end - 1] == '\n' || source_[end - 1] == '\r')) --end;
  return std::string_view(source_).substr(begin, end - begin);
}

DocumentBuilder::DocumentBuilder(std::string path, std::string source, std::string encoding)
    : document_(std::make_unique<Document>()) {
  Document& doc = *document_;
  doc.path_ = std::move(path);
  doc.source_ = std::move(source);
  doc.encoding_ = std::move(encoding);
  const std::string& text = doc.source_;
  const auto size = static_cast<uint32_t>(text.size());
  // Line starts: find (memchr) finds line feeds; carriage returns (rare) take the careful path.
  doc.line_starts_.push_back(0);
  if (text.find('\r') == std::string::npos) {
    for (size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1)) {
      doc.line_starts_.push_back(static_cast<uint32_t>(at + 1));
    }
  } else {
    for (uint32_t i = 0; i < size; ++i) {
      const char c = text[i];
      if (c == '\n' || (c == '\r' && (i + 1 == size || text[i + 1] != '\n')))
        doc.line_starts_.push_back(i + 1);
    }
  }
  // Code point checkpoints: continuation bytes (10xxxxxx) counted eight at a time.
  doc.code_points_before_.reserve(size / kCodePointStride + 2);
  uint32_t code_points = 0;
  for (uint32_t chunk = 0; chunk < size; chunk += kCodePointStride) {
    doc.code_points_before_.push_back(code_points);
    const uint32_t end = std::min(size, chunk + kCodePointStride);
    uint32_t i = chunk;
    for (; i + 8 <= end; i += 8) {
      uint64_t word = 0;
      std::memcpy(&word, text.data() + i, sizeof word);
      constexpr uint64_t kHighBits = 0x8080808080808080ULL;
      // High bit of each byte set for 10xxxxxx; moved to bit 0 and summed by one multiplication.
      const uint64_t continuation = (word & ~(word << 1) & kHighBits) >> 7;
      code_points += 8 - static_cast<uint32_t>((continuation * 0x0101010101010101ULL) >> 56);
    }
    for (; i < end; ++i) code_points += !is_continuation_byte(text[i]);
  }
  doc.code_points_before_.push_back(code_points);
}

}  // namespace reflint
