#include "lint/core/finding.h"

#include <algorithm>
#include <tuple>

namespace reflint {

std::string_view to_string(Level level) {
  switch (level) {
    case Level::none:
      return "none";
    case Level::note:
      return "note";
    case Level::warning:
      return "warning";
    case Level::error:
      return "error";
  }
  return "none";
}

std::optional<Level> parse_level(std::string_view text) {
  for (const Level level : {Level::none, Level::note, Level::warning, Level::error}) {
    if (text == to_string(level)) return level;
  }
  if (text == "off") return Level::none;
  return std::nullopt;
}

std::string_view to_string(NoticeLevel level) {
  return level == NoticeLevel::error ? "error" : level == NoticeLevel::warning ? "warning" : "note";
}

std::optional<NoticeLevel> parse_notice_level(std::string_view text) {
  for (const NoticeLevel level : {NoticeLevel::note, NoticeLevel::warning, NoticeLevel::error}) {
    if (text == to_string(level)) return level;
  }
  return std::nullopt;
}

Location Location::in(const Document& document, SourceRange range) {
  const auto size = static_cast<uint32_t>(document.source().size());
  range.begin = std::min(range.begin, size);
  range.end = std::clamp(range.end, range.begin, size);
  Location location;
  location.path = document.path();
  location.range = range;
  location.start = document.position(range.begin);
  location.end = document.position(range.end);
  location.snippet = document.source().substr(range.begin, range.end - range.begin);
  // Keep at most kExcerptBefore code points before the start and kExcerptLength in all.
  constexpr uint32_t kExcerptBefore = 60;
  constexpr uint32_t kExcerptLength = 200;
  // Walked from the finding, not from the line's start: a page on one long line with many findings
  // would otherwise cost the line's length per finding.
  const std::string_view line = document.line_text(location.start.line);
  const auto is_continuation = [&line](size_t at) {
    return (static_cast<unsigned char>(line[at]) & 0xC0) == 0x80;
  };
  const size_t line_begin = static_cast<size_t>(line.data() - document.source().data());
  size_t byte = std::min<size_t>(range.begin - line_begin, line.size());
  uint32_t column = location.start.column;
  while (byte > 0 && column > 1 && column + kExcerptBefore > location.start.column) {
    --byte;
    while (byte > 0 && is_continuation(byte)) --byte;
    --column;
  }
  const size_t first = byte;
  location.excerpt_column = column;
  while (byte < line.size() && column < location.excerpt_column + kExcerptLength) {
    ++byte;
    while (byte < line.size() && is_continuation(byte)) ++byte;
    ++column;
  }
  location.line_excerpt = std::string(line.substr(first, byte - first));
  location.line_continues = byte < line.size();
  return location;
}

namespace {
auto sort_key(const Finding& f) {
  return std::tie(f.location.path, f.location.start, f.rule_id, f.location.end, f.message);
}
}  // namespace

bool operator<(const Finding& a, const Finding& b) {
  return sort_key(a) < sort_key(b);
}

void sort_and_deduplicate(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end());
  const auto same = [](const Finding& a, const Finding& b) {
    return sort_key(a) == sort_key(b) && a.level == b.level;
  };
  findings.erase(std::unique(findings.begin(), findings.end(), same), findings.end());
}

}  // namespace reflint
