#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <ostream>

#include "lint/report/report.h"

namespace reflint {
namespace {

namespace fs = std::filesystem;

/// The byte offset of code point `index` of `text` (its size when there are fewer).
size_t byte_of_code_point(std::string_view text, size_t index) {
  size_t seen = 0;
  for (size_t at = 0; at < text.size(); ++at) {
    if ((static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) continue;
    if (seen++ == index) return at;
  }
  return text.size();
}

/// The start line's excerpt with the finding's span marked.
std::string excerpt_html(const Location& at) {
  if (at.line_excerpt.empty()) return "";
  const std::string_view line = at.line_excerpt;
  const size_t first = at.start.column >= at.excerpt_column ? at.start.column - at.excerpt_column : 0;
  const size_t begin = byte_of_code_point(line, first);
  const bool one_line = at.end.line == at.start.line && at.end.column > at.start.column;
  const size_t end =
      one_line ? byte_of_code_point(line, first + (at.end.column - at.start.column)) : line.size();
  return fmt::format("<pre class=\"excerpt\"><span class=\"gutter\">{}</span>{}{}<mark>{}</mark>{}{}</pre>",
                     at.start.line, at.excerpt_column > 1 ? "…" : "", escape_markup(line.substr(0, begin)),
                     escape_markup(line.substr(begin, end - begin)), escape_markup(line.substr(end)),
                     at.line_continues ? "…" : "");
}

/// Where a page can be opened from the report: a URL as it is, a file relative to the report's folder.
std::string page_href(const std::string& path, const std::string& report_file) {
  if (path.starts_with("http://") || path.starts_with("https://")) return path;
  std::error_code error;
  const fs::path folder =
      report_file.empty() ? fs::current_path(error) : fs::absolute(report_file, error).parent_path();
  fs::path relative = fs::relative(fs::absolute(path, error), folder, error);
  if (error || relative.empty()) relative = path;
  std::string href;
  for (const char c : relative.generic_string()) {
    if (c == ' ' || c == '#' || c == '?' || c == '%' || c == '"' || c == '<' || c == '>') {
      href += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    } else {
      href += c;
    }
  }
  return href;
}

std::string_view level_name(Level level) {
  return level == Level::error ? "error" : level == Level::warning ? "warning" : "note";
}

/// Findings per rule as horizontal bars, one row a rule, drawn by reflint (no script needed).
std::string bar_chart(const std::vector<std::pair<std::string, std::map<Level, size_t>>>& rules) {
  constexpr int kRow = 26;
  constexpr int kLabel = 230;
  constexpr int kBars = 320;
  size_t most = 1;
  for (const auto& [rule, counts] : rules) {
    size_t total = 0;
    for (const auto& [level, count] : counts) total += count;
    most = std::max(most, total);
  }
  std::string svg = fmt::format(
      "<svg class=\"chart\" role=\"img\" aria-label=\"Findings by rule\" viewBox=\"0 0 {} {}\" "
      "xmlns=\"http://www.w3.org/2000/svg\">",
      kLabel + kBars + 60, kRow * static_cast<int>(rules.size()) + 4);
  int y = 2;
  for (const auto& [rule, counts] : rules) {
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text>", kLabel - 8,
                       y + 17, escape_markup(rule));
    double x = kLabel;
    size_t total = 0;
    for (const Level level : {Level::error, Level::warning, Level::note}) {
      const auto found = counts.find(level);
      if (found == counts.end() || found->second == 0) continue;
      const double width = static_cast<double>(found->second) * kBars / static_cast<double>(most);
      svg += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" class=\"bar {}\"><title>{}: {} "
          "{}</title></rect>",
          x, y + 4, std::max(width, 1.5), kRow - 8, level_name(level), escape_markup(rule), found->second,
          level_name(level));
      x += width;
      total += found->second;
    }
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"value\">{}</text>", x + 6, y + 17, total);
    y += kRow;
  }
  return svg + "</svg>";
}

/// Findings over the recorded runs: all of them and the rules with most findings in any run, one
/// line each, a point per run (its time and count in the point's title).
std::string trend_chart(const std::vector<RunRecord>& history) {
  constexpr double kWidth = 640, kHeight = 200, kLeft = 40, kRight = 16, kTop = 10, kBottom = 24;
  constexpr size_t kRulesDrawn = 4;
  std::map<std::string, size_t> peak;
  size_t most = 1;
  for (const RunRecord& run : history) {
    most = std::max(most, run.findings);
    for (const auto& [rule, count] : run.rules) peak[rule] = std::max(peak[rule], count);
  }
  std::vector<std::pair<std::string, size_t>> ranked(peak.begin(), peak.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> series = {""};  // "": all findings
  for (size_t i = 0; i < std::min(kRulesDrawn, ranked.size()); ++i) series.push_back(ranked[i].first);
  const auto x = [&](size_t run) {
    return history.size() == 1 ? kLeft
                               : kLeft + (kWidth - kLeft - kRight) * static_cast<double>(run) /
                                             static_cast<double>(history.size() - 1);
  };
  const auto y = [&](size_t count) {
    return kTop + (kHeight - kTop - kBottom) * (1.0 - static_cast<double>(count) / static_cast<double>(most));
  };
  std::string svg = fmt::format(
      "<svg class=\"trend\" role=\"img\" aria-label=\"Findings over the last {} runs\" viewBox=\"0 0 {} {}\" "
      "xmlns=\"http://www.w3.org/2000/svg\">",
      history.size(), kWidth, kHeight);
  svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" class=\"axis\"/>", kLeft,
                     kHeight - kBottom, kWidth - kRight);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text>", kLeft - 6,
                     kTop + 10, most);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">0</text>", kLeft - 6,
                     kHeight - kBottom);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" class=\"label\">{}</text>", kLeft, kHeight - 6,
                     escape_markup(history.front().time.substr(0, 10)));
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text>", kWidth - kRight,
                     kHeight - 6, escape_markup(history.back().time.substr(0, 10)));
  for (size_t line = 0; line < series.size(); ++line) {
    const std::string& rule = series[line];
    const std::string name = rule.empty() ? "all findings" : rule;
    std::string points;
    std::string marks;
    for (size_t run = 0; run < history.size(); ++run) {
      const size_t count = rule.empty()                        ? history[run].findings
                           : history[run].rules.contains(rule) ? history[run].rules.at(rule)
                                                               : 0;
      points += fmt::format("{:.1f},{:.1f} ", x(run), y(count));
      marks += fmt::format(
          "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" class=\"series-{}\"><title>{} {}: {}</title></circle>",
          x(run), y(count), line, escape_markup(history[run].time), escape_markup(name), count);
    }
    svg += fmt::format("<polyline points=\"{}\" class=\"series-{}\" fill=\"none\"/>{}", points, line, marks);
  }
  svg += "</svg><ul class=\"legend\">";
  for (size_t line = 0; line < series.size(); ++line) {
    svg += fmt::format("<li><span class=\"swatch series-{}\"></span>{}</li>", line,
                       series[line].empty() ? "all findings" : escape_markup(series[line]));
  }
  return svg + "</ul>";
}

constexpr std::string_view kStyle = R"css(
:root { --fg:#1b1f24; --muted:#59636e; --line:#d1d9e0; --bg:#fff; --panel:#f6f8fa; --error:#cf222e; --warning:#9a6700; --note:#0969da; --mark:#fff8c5; }
@media (prefers-color-scheme: dark) { :root { --fg:#e6edf3; --muted:#9198a1; --line:#3d444d; --bg:#0d1117; --panel:#151b23; --error:#ff7b72; --warning:#d29922; --note:#4493f8; --mark:#5a4a00; } }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--fg); background:var(--bg); }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; } h2 { font-size: 1.15rem; margin: 2rem 0 .75rem; }
.totals { display:flex; flex-wrap:wrap; gap:.75rem; margin:0; padding:0; }
.totals div { flex: 1 1 8rem; border:1px solid var(--line); border-radius:.5rem; padding:.6rem .9rem; background:var(--panel); }
.totals dt { color:var(--muted); font-size:.85rem; } .totals dd { margin:0; font-size:1.6rem; font-weight:600; }
.totals [data-level=error] dd { color:var(--error); } .totals [data-level=warning] dd { color:var(--warning); } .totals [data-level=note] dd { color:var(--note); }
.chart { width:100%; max-width:40rem; height:auto; } .chart .label, .chart .value { font-size:13px; fill:var(--fg); }
.bar.error { fill:var(--error); } .bar.warning { fill:var(--warning); } .bar.note { fill:var(--note); }
table { border-collapse:collapse; width:100%; font-size:.9rem; } th, td { text-align:left; padding:.3rem .5rem; border-bottom:1px solid var(--line); vertical-align:top; }
td.count, th.count { text-align:right; font-variant-numeric: tabular-nums; }
.scroll { overflow-x:auto; }
#filters { display:flex; flex-wrap:wrap; gap:.5rem; align-items:center; margin:.5rem 0 1rem; position:sticky; top:0; background:var(--bg); padding:.5rem 0; border-bottom:1px solid var(--line); }
#filters select, #filters input { font:inherit; padding:.3rem .4rem; border:1px solid var(--line); border-radius:.35rem; background:var(--bg); color:var(--fg); max-width:100%; }
#filters input { flex:1 1 12rem; }
.finding { border:1px solid var(--line); border-left-width:4px; border-radius:.4rem; padding:.6rem .8rem; margin:.6rem 0; }
.finding[data-level=error] { border-left-color:var(--error); } .finding[data-level=warning] { border-left-color:var(--warning); } .finding[data-level=note] { border-left-color:var(--note); }
.finding header { display:flex; flex-wrap:wrap; gap:.2rem .6rem; align-items:baseline; }
.level { font-weight:600; text-transform:uppercase; font-size:.75rem; letter-spacing:.04em; }
.finding[data-level=error] .level { color:var(--error); } .finding[data-level=warning] .level { color:var(--warning); } .finding[data-level=note] .level { color:var(--note); }
.finding .message { margin:.3rem 0; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size:.85rem; }
pre.excerpt { background:var(--panel); padding:.4rem .6rem; border-radius:.3rem; overflow-x:auto; white-space:pre; margin:.4rem 0; }
pre.excerpt .gutter { color:var(--muted); margin-right:.8rem; user-select:none; }
mark { background:var(--mark); color:inherit; outline:1px solid var(--warning); }
.related { margin:.3rem 0 0; padding-left:1.2rem; font-size:.9rem; } .help { color:var(--muted); font-size:.85rem; margin:.3rem 0 0; }
a { color:var(--note); overflow-wrap:anywhere; } .finding header code, td { overflow-wrap:anywhere; } [hidden] { display:none !important; }
@media (max-width: 40rem) { #rules th:last-child, #rules td:last-child { display:none; } main { padding:.6rem; } .chart .label, .chart .value { font-size:15px; } }
.trend { width:100%; max-width:40rem; height:auto; } .trend .label { font-size:12px; fill:var(--muted); } .trend .axis { stroke:var(--line); }
.trend polyline { stroke-width:2; fill:none; } .legend { list-style:none; padding:0; display:flex; flex-wrap:wrap; gap:.3rem 1rem; font-size:.85rem; }
.swatch { display:inline-block; width:.8rem; height:.8rem; border-radius:.2rem; margin-right:.35rem; vertical-align:-.1rem; }
.series-0 { stroke:var(--fg); fill:var(--fg); } .series-1 { stroke:#cf222e; fill:#cf222e; } .series-2 { stroke:#0969da; fill:#0969da; }
.series-3 { stroke:#1a7f37; fill:#1a7f37; } .series-4 { stroke:#8250df; fill:#8250df; } span.swatch.series-0 { background:var(--fg); }
span.series-1 { background:#cf222e; } span.series-2 { background:#0969da; } span.series-3 { background:#1a7f37; } span.series-4 { background:#8250df; }
@media print { #filters { display:none !important; } .finding { break-inside:avoid; } main { max-width:none; } }
)css";

// Filters by rule, level and page and a text search; the state lives in the address's fragment
// (#rule=…&level=…&page=…&q=…), so a filtered view can be linked to and reloaded. Without
// scripts the controls stay hidden and every finding shows.
constexpr std::string_view kScript = R"js(
(function () {
  var form = document.getElementById('filters');
  var findings = Array.prototype.slice.call(document.querySelectorAll('.finding'));
  var shown = document.getElementById('shown');
  var controls = { rule: form.elements.rule, level: form.elements.level, page: form.elements.page, q: form.elements.q };
  function apply() {
    var q = controls.q.value.toLowerCase(), count = 0;
    findings.forEach(function (f) {
      var visible = (!controls.rule.value || f.dataset.rule === controls.rule.value) &&
                    (!controls.level.value || f.dataset.level === controls.level.value) &&
                    (!controls.page.value || f.dataset.page === controls.page.value) &&
                    (!q || f.textContent.toLowerCase().indexOf(q) >= 0);
      f.hidden = !visible;
      if (visible) count++;
    });
    shown.textContent = count + ' of ' + findings.length + ' findings shown';
    var state = [];
    Object.keys(controls).forEach(function (k) { if (controls[k].value) state.push(k + '=' + encodeURIComponent(controls[k].value)); });
    history.replaceState(null, '', state.length ? '#' + state.join('&') : location.pathname + location.search);
  }
  location.hash.replace(/^#/, '').split('&').forEach(function (pair) {
    var parts = pair.split('='), control = controls[parts[0]];
    if (control && parts.length === 2) control.value = decodeURIComponent(parts[1]);
  });
  Object.keys(controls).forEach(function (k) {
    controls[k].addEventListener('input', apply);
    controls[k].addEventListener('change', apply);
  });
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  form.hidden = false;
  apply();
})();
)js";

}  // namespace

void write_html(std::ostream& out, const RunResult& result, const ReportOptions& options) {
  std::map<Level, size_t> levels;
  std::map<std::string, std::map<Level, size_t>> by_rule;
  std::map<std::string, size_t> by_page;
  for (const Finding& finding : result.findings) {
    ++levels[finding.level];
    ++by_rule[finding.rule_id][finding.level];
    ++by_page[finding.location.path];
  }
  std::map<std::string_view, std::string_view> summaries;
  for (const Rule* rule : result.enabled_rules) summaries[rule->meta().id] = rule->meta().summary;
  std::vector<std::pair<std::string, std::map<Level, size_t>>> rules(by_rule.begin(), by_rule.end());
  const auto total = [](const std::map<Level, size_t>& counts) {
    size_t sum = 0;
    for (const auto& [level, count] : counts) sum += count;
    return sum;
  };
  std::stable_sort(rules.begin(), rules.end(),
                   [&](const auto& a, const auto& b) { return total(a.second) > total(b.second); });
  std::vector<std::pair<std::string, size_t>> pages(by_page.begin(), by_page.end());
  std::stable_sort(pages.begin(), pages.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  const size_t linted = result.files.size() - result.unreadable_inputs;
  // Each page's link, worked out once (the filesystem calls behind it), not once per finding.
  std::map<std::string, std::string> hrefs;
  const auto href = [&](const std::string& path) -> const std::string& {
    const auto [known, added] = hrefs.try_emplace(path);
    if (added) known->second = escape_markup(page_href(path, options.output_file));
    return known->second;
  };

  out << "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         // Self-contained by construction: the page may load nothing from anywhere.
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
         "'unsafe-inline'; "
         "script-src 'unsafe-inline'; img-src data:\">\n";
  out << fmt::format("<title>reflint report: {} findings in {}</title>\n", result.findings.size(),
                     counted(linted, "page"));
  out << "<style>" << kStyle << "</style>\n</head>\n<body>\n<main>\n";
  out << fmt::format(
      "<h1>reflint report</h1>\n<p>{} linted{}{}.</p>\n", counted(linted, "page"),
      result.unreadable_inputs > 0 ? fmt::format(", {} could not be read", result.unreadable_inputs) : "",
      result.unverified_checks > 0 ? fmt::format("; <strong>incomplete</strong>: {} could not be made",
                                                 counted(result.unverified_checks, "check"))
                                   : "");
  if (result.baseline_applied) {
    out << fmt::format(
        "<p>New findings only: {} in the baseline are not listed; {} of its entries are gone.</p>\n",
        result.baseline_unchanged.size(), result.baseline_absent.size());
  }
  out << "<dl class=\"totals\" id=\"totals\">\n";
  out << fmt::format("<div data-level=\"all\"><dt>findings</dt><dd>{}</dd></div>\n", result.findings.size());
  for (const Level level : {Level::error, Level::warning, Level::note}) {
    out << fmt::format("<div data-level=\"{}\"><dt>{}s</dt><dd>{}</dd></div>\n", level_name(level),
                       level_name(level), levels[level]);
  }
  out << "</dl>\n";

  if (options.history.size() >= 2) {
    out << fmt::format(
        "<h2>Trend over the last {} runs</h2>\n<p id=\"change\">{}.</p>\n{}\n", options.history.size(),
        escape_markup(change_since(options.history[options.history.size() - 2], options.history.back())),
        trend_chart(options.history));
  }
  if (!rules.empty()) {
    out << "<h2>Findings by rule</h2>\n" << bar_chart(rules) << "\n";
    out << "<div class=\"scroll\"><table id=\"rules\"><thead><tr><th>Rule</th><th class=\"count\">Errors</th>"
           "<th class=\"count\">Warnings</th><th class=\"count\">Notes</th><th>What it "
           "checks</th></tr></thead><tbody>\n";
    for (auto& [rule, counts] : rules) {
      out << fmt::format(
          "<tr data-rule=\"{0}\"><td><code>{0}</code></td><td class=\"count\">{1}</td><td "
          "class=\"count\">{2}</td>"
          "<td class=\"count\">{3}</td><td>{4}</td></tr>\n",
          escape_markup(rule), counts[Level::error], counts[Level::warning], counts[Level::note],
          escape_markup(summaries.contains(rule) ? summaries.at(rule) : ""));
    }
    out << "</tbody></table></div>\n";
    out << "<h2>Pages by findings</h2>\n<div class=\"scroll\"><table id=\"pages\"><thead><tr><th>Page</th>"
           "<th class=\"count\">Findings</th></tr></thead><tbody>\n";
    const auto page_row = [&](const std::pair<std::string, size_t>& page) {
      return fmt::format("<tr><td><a href=\"{}\">{}</a></td><td class=\"count\">{}</td></tr>\n",
                         href(page.first), escape_markup(page.first), page.second);
    };
    constexpr size_t kPagesShown = 25;  // the rest folded: a site audit has thousands
    for (size_t i = 0; i < std::min(kPagesShown, pages.size()); ++i) out << page_row(pages[i]);
    out << "</tbody></table></div>\n";
    if (pages.size() > kPagesShown) {
      out << fmt::format("<details><summary>{} more pages</summary><div class=\"scroll\"><table><tbody>\n",
                         pages.size() - kPagesShown);
      for (size_t i = kPagesShown; i < pages.size(); ++i) out << page_row(pages[i]);
      out << "</tbody></table></div></details>\n";
    }
  }

  out << "<h2>Findings</h2>\n";
  out << "<form id=\"filters\" hidden><select name=\"rule\" aria-label=\"Rule\"><option value=\"\">all "
         "rules</option>";
  for (const auto& [rule, counts] : by_rule) out << fmt::format("<option>{}</option>", escape_markup(rule));
  out << "</select><select name=\"level\" aria-label=\"Level\"><option value=\"\">all levels</option>"
         "<option>error</option><option>warning</option><option>note</option></select>"
         "<select name=\"page\" aria-label=\"Page\"><option value=\"\">all pages</option>";
  for (const auto& [page, count] : by_page) out << fmt::format("<option>{}</option>", escape_markup(page));
  out << "</select><input name=\"q\" type=\"search\" placeholder=\"search messages\" aria-label=\"Search\">"
         "<span id=\"shown\"></span></form>\n";
  if (result.findings.empty()) out << "<p>No findings.</p>\n";
  for (const Finding& finding : result.findings) {
    const Location& at = finding.location;
    out << fmt::format("<article class=\"finding\" data-rule=\"{}\" data-level=\"{}\" data-page=\"{}\">\n",
                       escape_markup(finding.rule_id), level_name(finding.level), escape_markup(at.path));
    out << fmt::format(
        "<header><span class=\"level\">{}</span><code>{}</code><a href=\"{}\">{}:{}:{}</a></header>\n",
        level_name(finding.level), escape_markup(finding.rule_id), href(at.path), escape_markup(at.path),
        at.start.line, at.start.column);
    out << fmt::format("<p class=\"message\">{}</p>\n{}\n", escape_markup(finding.message), excerpt_html(at));
    if (!finding.related.empty()) {
      out << "<ul class=\"related\">";
      for (const RelatedLocation& related : finding.related) {
        out << fmt::format("<li>{}:{}:{}: {}</li>", escape_markup(related.location.path),
                           related.location.start.line, related.location.start.column,
                           escape_markup(related.message));
      }
      out << "</ul>\n";
    }
    if (summaries.contains(finding.rule_id))
      out << fmt::format("<p class=\"help\">{}</p>\n", escape_markup(summaries.at(finding.rule_id)));
    out << "</article>\n";
  }
  out << "</main>\n<script>" << kScript << "</script>\n</body>\n</html>\n";
}

}  // namespace reflint
