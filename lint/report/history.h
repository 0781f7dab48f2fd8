#pragma once
// The history of a site's audits (--history FILE): one JSON line per run, so that a report can
// draw the trend and the summary can say what changed since the last run.

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "lint/core/runner.h"

namespace reflint {

struct RunRecord {
  std::string time;  // UTC, ISO 8601
  size_t pages = 0;
  size_t findings = 0;
  std::map<std::string, size_t> levels;  // "error", "warning", "note"
  std::map<std::string, size_t> rules;
  uint64_t lookups = 0;
};

/// This run as a record, at `time` (UTC, ISO 8601).
RunRecord record_run(const RunResult& result, std::string time);

/// Now as UTC ISO 8601; SOURCE_DATE_EPOCH (the reproducible-builds convention) when it is set.
std::string current_time();

/// The records of a history file, oldest first (none when the file does not exist yet), or an
/// error naming the file and the line that is not a record.
std::variant<std::vector<RunRecord>, std::string> read_history(const std::string& path);

/// Appends `record` to the history file; false when it cannot be written.
bool append_history(const std::string& path, const RunRecord& record);

/// "since the last run (TIME): 3 more findings (+4 doi-malformed, -1 duplicate-paragraph)", or
/// "since the last run (TIME): no change".
std::string change_since(const RunRecord& previous, const RunRecord& current);

}  // namespace reflint
