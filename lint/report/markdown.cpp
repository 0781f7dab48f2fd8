#include <fmt/format.h>

#include <cstdlib>
#include <map>
#include <ostream>

#include "lint/report/report.h"

namespace reflint {
namespace {

constexpr size_t kListedFindings = 50;

/// Text that Markdown shows as written: its punctuation escaped, table cells kept on one line.
std::string escape_markdown(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char c : text) {
    if (c == '\n' || c == '\r') {
      escaped += ' ';
      continue;
    }
    // Never at a line's start here, so only the marks that act anywhere in a line.
    if (std::string_view("\\`*_{}[]<>|~&").find(c) != std::string_view::npos) escaped += '\\';
    escaped += c;
  }
  return escaped;
}

/// Where a finding's line can be opened: the file on GitHub when the run is a GitHub Actions job
/// (GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_SHA set, and a relative path), else the path.
std::string link_to(const Location& at) {
  const char* server = std::getenv("GITHUB_SERVER_URL");
  const char* repository = std::getenv("GITHUB_REPOSITORY");
  const char* sha = std::getenv("GITHUB_SHA");
  std::string path = at.path;
  if (path.starts_with("./")) path.erase(0, 2);
  std::string encoded;
  for (const char c : path) {
    if (c == ' ' || c == '(' || c == ')' || c == '<' || c == '>') {
      encoded += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    } else {
      encoded += c;
    }
  }
  if (server != nullptr && repository != nullptr && sha != nullptr && !path.starts_with('/') &&
      !path.starts_with("..")) {
    return fmt::format("{}/{}/blob/{}/{}#L{}", server, repository, sha, encoded, at.start.line);
  }
  return encoded;
}

}  // namespace

void write_markdown(std::ostream& out, const RunResult& result) {
  std::map<Level, size_t> levels;
  std::map<std::string, std::map<Level, size_t>> rules;
  for (const Finding& finding : result.findings) {
    ++levels[finding.level];
    ++rules[finding.rule_id][finding.level];
  }
  const size_t linted = result.files.size() - result.unreadable_inputs;
  out << fmt::format("## reflint: {}, {}, {} in {}\n\n", counted(levels[Level::error], "error"),
                     counted(levels[Level::warning], "warning"), counted(levels[Level::note], "note"),
                     counted(linted, "file"));
  if (!result.fatal_error.empty())
    out << fmt::format("**Not linted:** {}\n\n", escape_markdown(result.fatal_error));
  if (result.unreadable_inputs > 0)
    out << fmt::format("**{} inputs could not be read.**\n\n", result.unreadable_inputs);
  if (result.unverified_checks > 0) {
    out << fmt::format(
        "**Incomplete:** {} checks could not be made (DOIs or quotation sources not verified).\n\n",
        result.unverified_checks);
  }
  if (result.baseline_applied) {
    out << fmt::format(
        "New findings only: {} in the baseline are not listed; {} of its entries are gone (fixed).\n\n",
        result.baseline_unchanged.size(), result.baseline_absent.size());
  }
  if (result.findings.empty()) {
    out << (result.baseline_applied ? "No new findings.\n" : "No findings.\n");
    return;
  }
  out << "| Rule | Errors | Warnings | Notes |\n|:--|--:|--:|--:|\n";
  for (auto& [rule, counts] : rules) {
    out << fmt::format("| `{}` | {} | {} | {} |\n", rule, counts[Level::error], counts[Level::warning],
                       counts[Level::note]);
  }
  out << '\n';
  const size_t listed = std::min(kListedFindings, result.findings.size());
  out << fmt::format("### Findings{}\n\n",
                     listed < result.findings.size()
                         ? fmt::format(" (the first {} of {})", listed, result.findings.size())
                         : "");
  for (size_t i = 0; i < listed; ++i) {
    const Finding& finding = result.findings[i];
    const Location& at = finding.location;
    out << fmt::format("- **{}** [{}:{}:{}](<{}>) {} (`{}`)\n", to_string(finding.level),
                       escape_markdown(at.path), at.start.line, at.start.column, link_to(at),
                       escape_markdown(finding.message), finding.rule_id);
  }
}

}  // namespace reflint
