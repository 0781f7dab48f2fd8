#include <fmt/format.h>

#include <ostream>

#include "lint/report/report.h"

namespace reflint {
namespace {

// Workflow-command escaping (actions/toolkit command.ts): data escapes %, CR, LF; properties
// also escape ':' and ','.
std::string escape_data(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else
      out += c;
  }
  return out;
}

std::string escape_property(std::string_view text) {
  std::string out;
  for (const char c : escape_data(text)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

}  // namespace

void write_github(std::ostream& out, const RunResult& result) {
  for (const Finding& finding : result.findings) {
    const std::string_view command = finding.level == Level::error     ? "error"
                                     : finding.level == Level::warning ? "warning"
                                                                       : "notice";
    const Location& at = finding.location;
    out << fmt::format("::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n", command,
                       escape_property(at.path), at.start.line, at.start.column, at.end.line, at.end.column,
                       escape_property(finding.rule_id), escape_data(finding.message));
  }
  // A page whose DOIs or quotation sources could not be verified was checked less than it seems.
  for (const Notice& notice : result.notices) {
    if (!notice.unverified) continue;
    const std::string file = notice.path.empty() ? "" : fmt::format("file={},", escape_property(notice.path));
    out << fmt::format("::warning {}title={}::{}\n", file,
                       escape_property(notice.rule_id.empty() ? "reflint" : notice.rule_id),
                       escape_data(notice.message));
  }
}

}  // namespace reflint
