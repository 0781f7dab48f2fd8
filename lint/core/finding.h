#pragma once
// Findings: what a rule reports. Locations are self-contained (path and positions), so a finding
// outlives the Document it was made from and site-wide rules can point into other files.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/model/document.h"

namespace reflint {

enum class Level : uint8_t { none, note, warning, error };
std::string_view to_string(Level level);
std::optional<Level> parse_level(std::string_view text);
/// "error", "warning", "note": a notice's level as SARIF and the shard states spell it.
std::string_view to_string(NoticeLevel level);
std::optional<NoticeLevel> parse_notice_level(std::string_view text);

struct Location {
  std::string path;
  SourceRange range;
  Position start;
  Position end;         // exclusive end column, as SARIF's endColumn
  std::string snippet;  // the source text of the range, for fingerprints and related messages
  // The start line (a window of it, for very long lines), so reporters can show the source after
  // the Document is gone; excerpt_column is the column of the excerpt's first character.
  std::string line_excerpt;
  uint32_t excerpt_column = 1;
  bool line_continues = false;  // the line goes on after the excerpt

  static Location in(const Document& document, SourceRange range);
};

struct RelatedLocation {
  Location location;
  std::string message;
};

/// A replacement that fixes a finding: `location`'s source text (`location.snippet`, checked
/// before anything is changed) becomes `replacement`. Safe where the right text is certain; else a
/// suggestion, which --fix applies only with --unsafe-fixes.
struct Fix {
  std::string description;  // "replace the dash with a slash"
  Location location;
  std::string replacement;
  bool safe = true;
};

/// Against a baseline (--baseline): a finding it did not hold, one it held, or one of its entries
/// that no finding of this run matched (fixed or gone).
enum class BaselineState : uint8_t { none, added, unchanged, absent };

struct Finding {
  std::string rule_id;
  Level level = Level::warning;
  std::string message;
  Location location;
  std::vector<RelatedLocation> related;
  std::string fingerprint;  // stable across line shifts: rule id + normalised snippet + message key
  BaselineState baseline = BaselineState::none;
  std::vector<Fix> fixes;  // applied by --fix, shown by --diff, in SARIF and JSON

  friend bool operator<(const Finding& a, const Finding& b);
};

/// Sorts by path, line, column, rule id and message, and drops exact duplicates.
void sort_and_deduplicate(std::vector<Finding>& findings);

}  // namespace reflint
