#pragma once
// Output formats. Each is one small function over the run's result, chosen once by the CLI.

#include <iosfwd>
#include <string>
#include <string_view>

#include "lint/core/runner.h"
#include "lint/report/history.h"

namespace reflint {

enum class OutputFormat : uint8_t { text, sarif, json, github, markdown, junit, html };

struct ReportOptions {
  bool color = false;
  int exit_code = 0;
  bool quiet = false;            // the summary shows errors only (unreadable inputs, failed rules), no counts
  Level fail_on = Level::error;  // JUnit: findings at or above it fail their test case (none: never)
  std::string output_file;       // the report's file (empty: standard output), for relative links
  std::vector<RunRecord> history;  // --history: the earlier runs' records and this run's, oldest first
};

void write_text(std::ostream& out, const RunResult& result, const ReportOptions& options);
void write_sarif(std::ostream& out, const RunResult& result, const ReportOptions& options);
void write_json_lines(std::ostream& out, const RunResult& result);
void write_github(std::ostream& out, const RunResult& result);
/// A Markdown summary (totals, findings per rule, the first findings with links), for a pull
/// request comment or GitHub's job summary.
void write_markdown(std::ostream& out, const RunResult& result);
/// JUnit XML for GitLab's and Jenkins' test reports: a test suite per page, a test case per
/// enabled rule, failed by its findings at or above --fail-on (lower ones in system-out), in error
/// when the rule failed on the page; an unreadable page has one test case "read" in error.
void write_junit(std::ostream& out, const RunResult& result, const ReportOptions& options);
/// One self-contained HTML page (no request of any kind): totals, a chart and a table of findings
/// per rule, pages ranked by findings, and every finding with its excerpt, related locations and
/// the rule's summary; filters by rule, level and page and a search, kept in the address's fragment.
void write_html(std::ostream& out, const RunResult& result, const ReportOptions& options);
/// Findings per rule and per page, most first (--statistics).
void write_statistics(std::ostream& out, const RunResult& result);
/// Each page's extraction counts (--extraction-summary): an aligned table, or JSON lines.
void write_extraction_summary(std::ostream& out, const RunResult& result, bool as_json);
void write_report(OutputFormat format, std::ostream& out, const RunResult& result,
                  const ReportOptions& options);

/// `text` as HTML or XML character data or attribute value: markup characters escaped, and the
/// control characters XML cannot carry replaced by U+FFFD.
std::string escape_markup(std::string_view text);

/// "1 error", "3 errors": a count and its word, for summaries.
std::string counted(size_t count, std::string_view word);

/// Notices and the one-line summary, for standard error.
void write_summary(std::ostream& err, const RunResult& result, const ReportOptions& options);

/// GitHub's primaryLocationLineHash for every line of `content`, as github/codeql-action computes
/// it (a rolling hash over the first 100 non-blank characters from each line start); index 0 is
/// line 1. `content` is read as UTF-8 (invalid bytes as U+FFFD), hashed per UTF-16 code unit.
std::vector<std::string> line_hashes(std::string_view content);

}  // namespace reflint
