#include <fmt/format.h>

#include <map>
#include <ostream>

#include "lint/report/report.h"
#include "lint/text/unicode.h"

namespace reflint {
namespace {

struct Style {
  bool color;
  std::string paint(std::string_view text, std::string_view code) const {
    return color ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
  }
  std::string level(Level level) const {
    const std::string_view code = level == Level::error ? "1;31" : level == Level::warning ? "1;35" : "1;36";
    return paint(to_string(level), code);
  }
};

/// The source line with a caret under the start and tildes to the end of the range (on that line).
void write_excerpt(std::ostream& out, const Location& location, const Style& style) {
  if (location.line_excerpt.empty()) return;
  std::string shown;
  for (const char c : location.line_excerpt) shown += c == '\t' ? ' ' : c;
  const std::string gutter = std::to_string(location.start.line);
  // An ellipsis where the excerpt cuts the line.
  constexpr std::string_view kCut = "\u2026";
  const std::string_view prefix = location.excerpt_column > 1 ? kCut : "";
  out << fmt::format(" {} | {}{}{}\n", gutter, prefix, shown, location.line_continues ? kCut : "");
  // In terminal columns, so that the caret stays under its text after wide (CJK) characters.
  const size_t before = location.start.column - location.excerpt_column;  // code points of the excerpt
  const size_t prefix_width = display_width(prefix);
  const size_t caret_at = display_width(shown, before) + prefix_width;
  // To the end of the range on this line, never past the excerpt shown.
  const size_t shown_end = display_width(shown) + prefix_width;
  const size_t to_excerpt_end = shown_end > caret_at ? shown_end - caret_at : 1;
  const bool one_line =
      location.end.line == location.start.line && location.end.column > location.start.column;
  const size_t range_width =
      one_line ? display_width(shown, before + (location.end.column - location.start.column)) -
                     (caret_at - prefix_width)
               : to_excerpt_end;
  const size_t width = std::max<size_t>(1, std::min(range_width, to_excerpt_end));
  std::string marker(width, '~');
  marker.front() = '^';
  out << fmt::format(" {} | {}{}\n", std::string(gutter.size(), ' '), std::string(caret_at, ' '),
                     style.paint(marker, "1;32"));
}

}  // namespace

void write_text(std::ostream& out, const RunResult& result, const ReportOptions& options) {
  const Style style{options.color};
  for (const Finding& finding : result.findings) {
    const Location& at = finding.location;
    out << style.paint(fmt::format("{}:{}:{}:", at.path, at.start.line, at.start.column), "1") << ' '
        << style.level(finding.level) << ": " << finding.message << ' '
        << style.paint(fmt::format("[{}]", finding.rule_id), "2") << '\n';
    write_excerpt(out, at, style);
    for (const Fix& fix : finding.fixes) {
      if (fix.safe) {
        out << "   " << style.paint("fix", "1;32") << ": " << fix.description << " (reflint --fix)\n";
      } else {
        out << "   " << style.paint("suggestion", "1;33") << ": " << fix.description
            << " (reflint --fix --unsafe-fixes)\n";
      }
    }
    for (const RelatedLocation& related : finding.related) {
      const Location& other = related.location;
      out << style.paint(fmt::format("{}:{}:{}:", other.path, other.start.line, other.start.column), "1")
          << ' ' << style.level(Level::note) << ": " << related.message << '\n';
      write_excerpt(out, other, style);
    }
  }
}

std::string counted(size_t count, std::string_view word) {
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

namespace {

/// Counts, most first (ties in name order).
std::vector<std::pair<std::string, size_t>> ranked(const std::map<std::string, size_t>& counts) {
  std::vector<std::pair<std::string, size_t>> rows(counts.begin(), counts.end());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return rows;
}

std::map<std::string, size_t> count_by_rule(const std::vector<Finding>& findings) {
  std::map<std::string, size_t> counts;
  for (const Finding& finding : findings) ++counts[finding.rule_id];
  return counts;
}

/// Findings per rule, most first: "doi-malformed 20, duplicate-paragraph 4".
std::string findings_per_rule(const std::vector<Finding>& findings) {
  std::string listed;
  for (const auto& [rule, count] : ranked(count_by_rule(findings)))
    listed += fmt::format("{}{} {}", listed.empty() ? "" : ", ", rule, count);
  return listed;
}

/// What a site audit fetched and why the other pages it found were not linted, what it found, and
/// where the time went.
void write_site_summary(std::ostream& err, const RunResult& result) {
  const SiteSummary& site = *result.site;
  std::string line =
      fmt::format("reflint: site: {} linted ({} downloaded", counted(site.pages, "page"), site.downloaded);
  if (const uint64_t unchanged = site.not_modified + site.unchanged + site.fresh; unchanged > 0) {
    line += fmt::format(
        ", {} unchanged since the last audit: {} not modified, {} by the sitemap's lastmod, {} still fresh",
        unchanged, site.not_modified, site.unchanged, site.fresh);
  }
  line += ")";
  std::vector<std::string> left;
  const auto add = [&left](uint64_t count, std::string_view why) {
    if (count > 0) left.push_back(fmt::format("{} {}", count, why));
  };
  add(site.not_fetched, "could not be fetched");
  add(site.skipped_type, "not HTML");
  add(site.disallowed, "disallowed by robots.txt");
  add(site.excluded, "excluded by URL globs");
  add(site.out_of_scope, "out of scope");
  add(site.over_limit, "over --max-pages");
  add(site.twins, "twins by rel=canonical");
  add(site.other_shards, "left to other shards");
  if (!left.empty()) {
    line += "; not linted:";
    for (size_t i = 0; i < left.size(); ++i) line += (i == 0 ? " " : ", ") + left[i];
  }
  err << line << fmt::format("; {} redirects, {} requests\n", site.redirects, site.requests);
  if (!result.findings.empty())
    err << "reflint: findings per rule: " << findings_per_rule(result.findings) << '\n';
  constexpr size_t kHostsShown = 3;
  for (size_t i = 0; i < std::min(kHostsShown, site.hosts.size()); ++i) {
    const SiteSummary::Host& host = site.hosts[i];
    err << fmt::format("reflint: {} {}: {:.3f} s per request, {}\n", i == 0 ? "slowest host" : "next",
                       host.host, host.seconds / static_cast<double>(std::max<uint64_t>(1, host.requests)),
                       counted(host.requests, "request"));
  }
}

}  // namespace

void write_statistics(std::ostream& out, const RunResult& result) {
  std::map<std::string, size_t> by_page;
  for (const Finding& finding : result.findings) ++by_page[finding.location.path];
  out << fmt::format("{:>7}  {}\n", "COUNT", "RULE");
  for (const auto& [rule, count] : ranked(count_by_rule(result.findings)))
    out << fmt::format("{:>7}  {}\n", count, rule);
  out << fmt::format("{:>7}  {}\n", "COUNT", "PAGE");
  for (const auto& [page, count] : ranked(by_page)) out << fmt::format("{:>7}  {}\n", count, page);
}

void write_extraction_summary(std::ostream& out, const RunResult& result, bool as_json) {
  if (as_json) {
    for (const PageExtraction& page : result.extraction) {
      nlohmann::json line = {{"path", page.path}};
      line.update(to_json(page.summary));
      out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    }
    return;
  }
  out << fmt::format("{:<11} {:>5} {:>7} {:>7} {:>7} {:>9} {:>6} {:>7} {:>5} {:>9}  {}\n", "STYLE", "LISTS",
                     "ENTRIES", "MARKERS", "BY-NAME", "CITATIONS", "CITED", "MISSING", "DOIS", "DOI-ENTRY",
                     "PAGE");
  for (const PageExtraction& page : result.extraction) {
    const ExtractionSummary& s = page.summary;
    out << fmt::format("{:<11} {:>5} {:>7} {:>7} {:>7} {:>9} {:>6} {:>7} {:>5} {:>9}  {}\n", s.style, s.lists,
                       s.entries, s.markers, s.author_year_markers, s.citations, s.cited_entries,
                       s.missing_targets, s.dois, s.entries_with_doi, page.path);
  }
}

void write_summary(std::ostream& err, const RunResult& result, const ReportOptions& options) {
  const Style style{options.color};
  if (!result.fatal_error.empty()) {
    err << "reflint: " << style.level(Level::error) << ": " << result.fatal_error << '\n';
    return;
  }
  // First, and even with -q: a gate must not read a run that checked less as a clean one.
  if (result.unverified_checks > 0) {
    err << fmt::format(
        "reflint: {}: {} check{} could not be made (DOIs or quotation sources not verified{}); "
        "the lint is incomplete{}\n",
        style.level(Level::warning), result.unverified_checks, result.unverified_checks == 1 ? "" : "s",
        options.quiet ? "" : ", see below",
        result.settings.network.allow_unverified ? " (--allow-unverified)" : "");
  }
  for (const Notice& notice : result.notices) {
    if (options.quiet && notice.level != NoticeLevel::error) continue;
    const Level level = notice.level == NoticeLevel::error     ? Level::error
                        : notice.level == NoticeLevel::warning ? Level::warning
                                                               : Level::note;
    std::string where = notice.path.empty() ? "reflint" : notice.path;
    if (notice.position.line > 0)
      where += fmt::format(":{}:{}", notice.position.line, notice.position.column);
    err << where << ": " << style.level(level) << ": " << notice.message
        << (notice.rule_id.empty() ? "" : fmt::format(" [{}]", notice.rule_id)) << '\n';
  }
  if (options.quiet) return;
  std::map<Level, size_t> counts;
  for (const Finding& finding : result.findings) ++counts[finding.level];
  const size_t linted = result.files.size() - result.unreadable_inputs;
  std::string line = fmt::format("{}, {}, {} in {}", counted(counts[Level::error], "error"),
                                 counted(counts[Level::warning], "warning"),
                                 counted(counts[Level::note], "note"), counted(linted, "file"));
  if (result.unreadable_inputs > 0)
    line += fmt::format("; {} could not be read", counted(result.unreadable_inputs, "input"));
  if (result.baseline_applied) {
    line += fmt::format("; {} in the baseline (not shown), {} of its entries gone (fixed)",
                        counted(result.baseline_unchanged.size(), "finding"), result.baseline_absent.size());
  }
  // reflint's own messages, printed above, counted apart from the findings' levels: "0 notes"
  // under a printed note would read as a contradiction.
  std::map<NoticeLevel, size_t> printed;
  for (const Notice& notice : result.notices) ++printed[notice.level];
  std::vector<std::string> own;
  if (printed[NoticeLevel::error] > 0) own.push_back(counted(printed[NoticeLevel::error], "error"));
  if (printed[NoticeLevel::warning] > 0) own.push_back(counted(printed[NoticeLevel::warning], "warning"));
  if (printed[NoticeLevel::note] > 0) own.push_back(counted(printed[NoticeLevel::note], "note"));
  if (!own.empty()) {
    const std::string listed = own.size() == 1   ? own[0]
                               : own.size() == 2 ? fmt::format("{} and {}", own[0], own[1])
                                                 : fmt::format("{}, {} and {}", own[0], own[1], own[2]);
    line += fmt::format("; {} from reflint itself above", listed);
  }
  err << "reflint: " << line << '\n';
  if (result.site) write_site_summary(err, result);
  if (options.history.size() >= 2) {
    err << "reflint: " << change_since(options.history[options.history.size() - 2], options.history.back())
        << '\n';
  }
}

void write_report(OutputFormat format, std::ostream& out, const RunResult& result,
                  const ReportOptions& options) {
  switch (format) {
    case OutputFormat::text:
      write_text(out, result, options);
      break;
    case OutputFormat::sarif:
      write_sarif(out, result, options);
      break;
    case OutputFormat::json:
      write_json_lines(out, result);
      break;
    case OutputFormat::github:
      write_github(out, result);
      break;
    case OutputFormat::markdown:
      write_markdown(out, result);
      break;
    case OutputFormat::junit:
      write_junit(out, result, options);
      break;
    case OutputFormat::html:
      write_html(out, result, options);
      break;
  }
}

}  // namespace reflint
