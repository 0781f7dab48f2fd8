#include <fmt/format.h>

#include <map>
#include <ostream>

#include "lint/report/report.h"

namespace reflint {
namespace {

std::string finding_line(const Finding& finding) {
  const Location& at = finding.location;
  return fmt::format("{}:{}:{}: {}: {}", at.path, at.start.line, at.start.column, to_string(finding.level),
                     finding.message);
}

}  // namespace

void write_junit(std::ostream& out, const RunResult& result, const ReportOptions& options) {
  std::map<std::string, std::map<std::string, std::vector<const Finding*>>>
      by_page;  // path -> rule -> findings
  for (const Finding& finding : result.findings)
    by_page[finding.location.path][finding.rule_id].push_back(&finding);
  std::map<std::string, std::map<std::string, std::vector<const Notice*>>> errors;  // path -> rule -> errors
  for (const Notice& notice : result.notices) {
    if (notice.level == NoticeLevel::error && !notice.path.empty())
      errors[notice.path][notice.rule_id].push_back(&notice);
  }
  const auto fails = [&](const Finding* finding) {
    return options.fail_on != Level::none && finding->level >= options.fail_on;
  };

  std::string suites;
  size_t tests = 0;
  size_t failures = 0;
  size_t error_count = 0;
  for (const std::string& path : result.files) {
    auto& page_findings = by_page[path];
    auto& page_errors = errors[path];
    std::string cases;
    size_t page_failures = 0;
    size_t page_errors_count = 0;
    const auto add_case = [&](const std::string& name) {
      const std::vector<const Finding*>& found = page_findings[name];
      const std::vector<const Notice*>& failed = page_errors[name];
      cases += fmt::format("    <testcase name=\"{}\" classname=\"{}\">\n",
                           escape_markup(name.empty() ? "read" : name), escape_markup(path));
      for (const Notice* notice : failed) {
        cases += fmt::format("      <error message=\"{}\"/>\n", escape_markup(notice->message));
        ++page_errors_count;
      }
      std::string failing;
      std::string passing;
      size_t failing_count = 0;
      for (const Finding* finding : found) {
        (fails(finding) ? failing : passing) += escape_markup(finding_line(*finding)) + "\n";
        failing_count += fails(finding) ? 1 : 0;
      }
      if (failing_count > 0) {
        cases += fmt::format("      <failure type=\"{}\" message=\"{} finding{}\">{}</failure>\n",
                             escape_markup(name), failing_count, failing_count == 1 ? "" : "s", failing);
        ++page_failures;
      }
      if (!passing.empty()) cases += fmt::format("      <system-out>{}</system-out>\n", passing);
      cases += "    </testcase>\n";
    };
    size_t page_tests = 0;
    if (!page_errors[""].empty()) {  // the page could not be read
      add_case("");
      ++page_tests;
    }
    for (const Rule* rule : result.enabled_rules) {
      add_case(std::string(rule->meta().id));
      ++page_tests;
    }
    suites += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\">\n{}  "
        "</testsuite>\n",
        escape_markup(path), page_tests, page_failures, page_errors_count, cases);
    tests += page_tests;
    failures += page_failures;
    error_count += page_errors_count;
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format(
      "<testsuites name=\"reflint\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n{}</testsuites>\n", tests,
      failures, error_count, suites);
}

}  // namespace reflint
