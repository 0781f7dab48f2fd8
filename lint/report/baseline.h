#pragma once
// Baselines: the findings a site already has, so that a gate fails on new ones only. Entries are
// keyed on the page, the rule and the finding's content fingerprint (rule id, normalised snippet,
// rule key), never on line numbers: edits that move, reorder or re-wrap text keep old findings
// old. Count-aware: three identical findings on one page are three entries.

#include <iosfwd>
#include <string>
#include <variant>
#include <vector>

#include "lint/core/runner.h"

namespace reflint {

using Baseline = std::vector<Finding>;  // each entry's path, rule, fingerprint, level, start, message

/// The run's findings as a baseline file (JSON).
void write_baseline(std::ostream& out, const RunResult& result);

/// A baseline file's entries, or an error naming the file and the problem.
std::variant<Baseline, std::string> read_baseline(const std::string& path);

/// Marks each finding of `result` added or unchanged against `baseline`: the unchanged ones move to
/// `result.baseline_unchanged`, the entries no finding matched go to `result.baseline_absent`.
void apply_baseline(const Baseline& baseline, RunResult& result);

}  // namespace reflint
