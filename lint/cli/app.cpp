#include "lint/cli/app.h"

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "lint/analysis/dump.h"
#include "lint/cli/fixes.h"
#include "lint/cli/manual.h"
#include "lint/cli/progress.h"
#include "lint/cli/show_settings.h"
#include "lint/core/runner.h"
#include "lint/html/parse.h"
#include "lint/report/baseline.h"
#include "lint/report/report.h"
#include "lint/text/ascii.h"
#include "lint/text/spelling.h"
#include "reflint/commit.h"
#include "reflint/version.h"

namespace reflint {
namespace {
namespace fs = std::filesystem;

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;
constexpr int kExitIncomplete = 3;  // a rule failed or a lookup could not be made: what it would
                                    // have found is unknown

struct CliOptions {
  std::vector<std::string> paths;
  std::vector<std::string> formats;  // FMT or FMT=FILE, repeatable; none: text
  std::string output;
  std::string baseline;        // --baseline: report only findings it does not hold
  std::string write_baseline;  // --write-baseline: record this run's findings
  std::string history;         // --history: one record per run appended, the trend reported
  bool fix = false;            // --fix: apply the findings' fixes to the files linted
  bool diff = false;           // --diff: print them as a unified diff instead
  bool unsafe_fixes = false;   // --unsafe-fixes: --fix and --diff take the suggestions too
  std::string config;
  std::string stdin_filename = "<stdin>";
  std::vector<std::string> enable;
  std::vector<std::string> disable;
  std::vector<std::string> severity;
  std::string fail_on = "error";
  unsigned jobs = 0;
  bool list_rules = false;
  bool exit_zero = false;  // --exit-zero: --fail-on none
  std::string explain;
  bool version = false;
  bool man_page = false;      // --man-page: reflint(1), generated from these options and the rules
  std::string completion;     // --completion SHELL: the completion script
  std::string show_settings;  // --show-settings FILE: the configuration FILE is linted with
  bool quiet = false;
  std::string color = "auto";
  std::string dump_model;
  bool offline = false;
  bool cross_page = false;
  bool no_cross_page = false;
  std::string doi_resolver, crossref_api, datacite_api, europepmc_api, mailto, cache, sources, ca_file,
      retractions;
  bool no_cache = false;
  bool no_fetch_pages = false;
  bool allow_unverified = false;
  int64_t max_input_mb = 0;
  int64_t max_findings_per_rule = -1;
  std::vector<std::string> allow_hosts, deny_hosts;
  // Site audits.
  std::string urls_from;
  std::vector<std::string> sitemaps, crawl, crawl_scope, include_urls, exclude_urls, strip_parameters;
  int64_t max_pages = 10000;
  int max_depth = -1;
  bool ignore_lastmod = false;
  std::string save_pages;
  int site_concurrency = 0;
  double site_rate = -1;
  std::string progress = "auto";
  double status_interval = 30;
  bool statistics = false;
  bool extraction_summary = false;
  // Sharded runs.
  std::string shard;       // --shard K/N
  std::string shard_file;  // where the shard's state goes (default reflint-shard-K-of-N.json)
};

void list_rules(std::ostream& out, const RuleRegistry& registry, bool as_json) {
  if (as_json) {
    nlohmann::json rules = nlohmann::json::array();
    for (const auto& rule : registry.rules()) {
      const RuleMeta& meta = rule->meta();
      nlohmann::json options = nlohmann::json::array();
      for (const RuleOptionSpec& option : meta.options) {
        options.push_back(
            {{"name", option.name}, {"default", option.default_value}, {"description", option.description}});
      }
      rules.push_back({{"id", meta.id},
                       {"family", meta.family},
                       {"level", to_string(meta.default_level)},
                       {"needs_network", meta.needs_network},
                       {"precision", to_string(meta.precision)},
                       {"summary", meta.summary},
                       {"options", std::move(options)}});
    }
    out << rules.dump(2) << '\n';
    return;
  }
  out << fmt::format("{:<27} {:<8} {:<10} {:<8} {}\n", "RULE", "LEVEL", "FAMILY", "NEEDS", "SUMMARY");
  for (const auto& rule : registry.rules()) {
    const RuleMeta& meta = rule->meta();
    out << fmt::format("{:<27} {:<8} {:<10} {:<8} {}\n", meta.id, to_string(meta.default_level), meta.family,
                       meta.needs_network ? "network" : "offline", meta.summary);
  }
}

void explain_rule(std::ostream& out, const Rule& rule) {
  const RuleMeta& meta = rule.meta();
  out << fmt::format("# {} ({})\n\n", meta.id, rule_name(meta.id));
  out << fmt::format(
      "Default level: {}. Family: {}. {}.\n\n", to_string(meta.default_level), meta.family,
      meta.needs_network ? "Needs the network (uses the cache when --offline)" : "Works offline");
  out << meta.help << '\n';
  if (!meta.options.empty()) {
    out << fmt::format("\n## Options (in .reflint.toml, under [rules.{}])\n\n", meta.id);
    for (const RuleOptionSpec& option : meta.options) {
      const std::string accepted = accepted_values(option);
      out << fmt::format("- `{}` (default `{}`{}): {}\n", option.name, option.default_value,
                         accepted.empty() ? "" : "; " + accepted, option.description);
    }
  }
  if (meta.family == "citations") {
    out << "\n## Settings shared by the citations family (in .reflint.toml, under [citations])\n\n";
    for (const SectionKey& key : kCitationsKeys)
      out << fmt::format("- `{}` (default `{}`): {}\n", key.name, key.default_value, key.description);
  }
}

constexpr std::pair<std::string_view, OutputFormat> kFormats[] = {
    {"text", OutputFormat::text},     {"sarif", OutputFormat::sarif},       {"json", OutputFormat::json},
    {"github", OutputFormat::github}, {"markdown", OutputFormat::markdown}, {"junit", OutputFormat::junit},
    {"html", OutputFormat::html}};

std::optional<OutputFormat> parse_format(std::string_view name) {
  for (const auto& [format_name, format] : kFormats) {
    if (name == format_name) return format;
  }
  return std::nullopt;
}

/// What the man page and the completions say besides the options and the rules.
ManualFacts manual_facts() {
  ManualFacts facts;
  facts.version = kVersion;
  for (const auto& [name, format] : kFormats) facts.formats.push_back(name);
  facts.exit_statuses = {
      {kExitClean, "No finding at or above --fail-on."},
      {kExitFindings, "Findings at or above --fail-on (with --diff: there are fixes)."},
      {kExitUsage, "A usage or configuration error, or an input that could not be read."},
      {kExitIncomplete,
       "Incomplete: a rule failed on an input, or DOIs or quotation sources could not be verified "
       "(--allow-unverified makes those 0 or 1)."}};
  return facts;
}

/// One report of the run: a format and where it goes (empty: standard output).
struct OutputRequest {
  OutputFormat format = OutputFormat::text;
  std::string file;
};

/// The reports `--format FMT[=FILE]` (repeatable) and `-o FILE` ask for; an error message when
/// they cannot all be written: an unknown format, two reports on standard output, or two on one file.
std::variant<std::vector<OutputRequest>, std::string> output_requests(const CliOptions& options) {
  std::vector<OutputRequest> requests;
  for (const std::string& value :
       options.formats.empty() ? std::vector<std::string>{"text"} : options.formats) {
    const size_t equals = value.find('=');
    const std::string name = value.substr(0, equals);
    const std::optional<OutputFormat> format = parse_format(name);
    if (!format) {
      return fmt::format("--format: unknown format '{}' (text, sarif, json, github, markdown, junit or html)",
                         name);
    }
    requests.push_back({*format, equals == std::string::npos ? "" : value.substr(equals + 1)});
    if (equals != std::string::npos && requests.back().file.empty())
      return fmt::format("--format {}: no file after '='", value);
  }
  const auto on_stdout = [](const OutputRequest& request) { return request.file.empty(); };
  if (std::count_if(requests.begin(), requests.end(), on_stdout) > 1)
    return "--format: at most one report on standard output; give the others a file (FMT=FILE)";
  if (!options.output.empty()) {
    const auto unnamed = std::find_if(requests.begin(), requests.end(), on_stdout);
    if (unnamed == requests.end()) return "--output: every --format already names its file";
    unnamed->file = options.output;
  }
  for (size_t i = 0; i < requests.size(); ++i) {
    for (size_t j = i + 1; j < requests.size(); ++j) {
      if (!requests[i].file.empty() && requests[i].file == requests[j].file)
        return fmt::format("--format: two reports would be written to {}", requests[i].file);
    }
  }
  return requests;
}

bool wants_color(const CliOptions& options, const OutputRequest& request) {
  if (!request.file.empty()) return false;
  if (options.color == "always") return true;
  if (options.color == "never" || std::getenv("NO_COLOR") != nullptr) return false;
  return isatty(STDOUT_FILENO) != 0;
}

int exit_code_for(const RunResult& result, Level fail_on) {
  if (!result.fatal_error.empty() || result.unreadable_inputs > 0) return kExitUsage;
  if (result.rule_failures > 0) return kExitIncomplete;  // never green when a check did not run
  if (result.unverified_checks > 0 && !result.settings.network.allow_unverified) return kExitIncomplete;
  if (fail_on == Level::none) return kExitClean;
  for (const Finding& finding : result.findings) {
    if (finding.level >= fail_on) return kExitFindings;
  }
  return kExitClean;
}

/// Checks rule ids and levels given on the command line; returns an error message or "".
std::string read_overrides(const CliOptions& options, const RuleRegistry& registry,
                           RuleOverrides& overrides) {
  const auto known = [&](const std::string& id) { return registry.find(id) != nullptr; };
  for (const std::string& id : options.enable) {
    if (!known(id))
      return fmt::format("--enable: unknown rule '{}'{} (see --list-rules)", id, registry.did_you_mean(id));
    overrides.enable.push_back(id);
  }
  for (const std::string& id : options.disable) {
    if (!known(id))
      return fmt::format("--disable: unknown rule '{}'{} (see --list-rules)", id, registry.did_you_mean(id));
    overrides.disable.push_back(id);
  }
  for (const std::string& item : options.severity) {
    const size_t equals = item.find('=');
    const std::string id = item.substr(0, equals);
    const auto level = equals == std::string::npos ? std::nullopt : parse_level(item.substr(equals + 1));
    if (!known(id) || !level) {
      return fmt::format("--severity: expected RULE=error|warning|note|off with a known rule, got '{}'{}",
                         item, known(id) ? "" : registry.did_you_mean(id));
    }
    overrides.levels[id] = *level;
  }
  return "";
}

/// --show-settings FILE: the configuration that would apply to FILE in a lint of it.
int show_settings(const CliOptions& options, const RuleRegistry& registry, std::ostream& out,
                  std::ostream& err) {
  RuleOverrides overrides;
  if (const std::string problem = read_overrides(options, registry, overrides); !problem.empty()) {
    err << "reflint: error: " << problem << '\n';
    return kExitUsage;
  }
  std::error_code error;
  const fs::path file = fs::absolute(options.show_settings, error);
  const std::optional<fs::path> config_file = !options.config.empty()
                                                  ? std::optional<fs::path>(options.config)
                                                  : find_config_upward(file.parent_path());
  const std::optional<fs::path> run_file = !options.config.empty()
                                               ? std::optional<fs::path>(options.config)
                                               : find_config_upward(fs::current_path(error));
  Config config;
  Config run;
  for (const auto& [found, into] : {std::pair{&config_file, &config}, std::pair{&run_file, &run}}) {
    if (!*found) continue;
    ConfigResult loaded = load_config(**found, registry);
    if (!loaded.config) {
      err << "reflint: error: " << loaded.error << '\n';
      return kExitUsage;
    }
    *into = std::move(*loaded.config);
  }
  write_settings(out, options.show_settings, config, run, registry, overrides);
  return kExitClean;
}

void apply_network_options(const CliOptions& options, RunSettings& settings) {
  NetworkSettings& network = settings.network;
  const auto set = [](std::string& target, const std::string& value) {
    if (!value.empty()) target = value;
  };
  set(network.doi_resolver, options.doi_resolver);
  set(network.crossref_api, options.crossref_api);
  set(network.datacite_api, options.datacite_api);
  set(network.europepmc_api, options.europepmc_api);
  set(network.cache_path, options.cache);
  set(network.sources_dir, options.sources);
  set(network.ca_file, options.ca_file);
  set(network.retraction_records, options.retractions);
  if (const char* mailto = std::getenv("REFLINT_MAILTO"); mailto != nullptr && network.mailto.empty()) {
    network.mailto = mailto;
  }
  set(network.mailto, options.mailto);
  if (options.no_cache) network.use_cache = false;
  if (options.offline) network.offline = true;
  if (options.no_fetch_pages) network.fetch_pages = false;
  if (options.allow_unverified) network.allow_unverified = true;
  network.allow_hosts.insert(network.allow_hosts.end(), options.allow_hosts.begin(),
                             options.allow_hosts.end());
  network.deny_hosts.insert(network.deny_hosts.end(), options.deny_hosts.begin(), options.deny_hosts.end());
  if (options.max_input_mb > 0) settings.max_input_bytes = options.max_input_mb * 1024 * 1024;
  if (options.max_findings_per_rule >= 0) settings.max_findings_per_rule = options.max_findings_per_rule;
  if (options.site_concurrency > 0) network.site_concurrency = options.site_concurrency;
  if (options.site_rate > 0) network.site_rate = options.site_rate;
  if (options.cross_page) settings.cross_page = true;
  if (options.no_cross_page) settings.cross_page = false;
}

bool same_file(const std::string& a, const std::string& b) {
  std::error_code error;
  return fs::exists(a, error) && fs::exists(b, error) && fs::equivalent(a, b, error);
}

/// Whether writing `file` would overwrite the input `path`: the file itself, or an HTML file the
/// folder `path` holds.
bool overwrites_input(const std::string& path, const std::string& file) {
  if (same_file(path, file)) return true;
  std::error_code error;
  if (!fs::is_directory(path, error) || !fs::exists(file, error)) return false;
  if (!is_html_file(file)) return false;
  const fs::path folder = fs::canonical(path, error);
  const fs::path written = fs::canonical(file, error);
  if (error) return false;
  const auto [end, unused] = std::mismatch(folder.begin(), folder.end(), written.begin(), written.end());
  return end == folder.end();
}

int dump_model(const std::string& path, std::istream& in, std::ostream& out, std::ostream& err) {
  std::ostringstream bytes;
  if (path == "-") {
    bytes << in.rdbuf();
  } else {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
      err << fmt::format("reflint: error: {}: cannot read the file\n", path);
      return kExitUsage;
    }
    bytes << file.rdbuf();
  }
  const auto document = parse_html(path, bytes.str());
  out << dump_document(PageAnalyses(*document)).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
      << '\n';
  return kExitClean;
}

/// An option that may be given several times, each time with one value or a comma-separated list.
void add_list_option(CLI::App& app, const std::string& name, std::vector<std::string>& values,
                     const std::string& description) {
  app.add_option(name, values, description)
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->delimiter(',');
}

/// Site audits: the pages to fetch and how.
void add_site_options(CLI::App& app, CliOptions& options) {
  app.add_option(
      "--urls-from", options.urls_from,
      "Lint the pages whose URLs FILE lists, one a line ('-': standard input; '#' starts a comment)");
  add_list_option(app, "--sitemap", options.sitemaps,
                  "Lint the pages of a sitemap (URL or file; index, .xml.gz and <lastmod> read); a bare site "
                  "root: the sitemaps its robots.txt names (repeatable)");
  add_list_option(app, "--crawl", options.crawl,
                  "Lint the pages reached by following links from URL, within its folder (repeatable)");
  add_list_option(app, "--crawl-scope", options.crawl_scope,
                  "A URL prefix the crawl stays within, instead of each root's folder (repeatable)");
  add_list_option(app, "--include-url", options.include_urls,
                  "Fetch only pages whose URL matches one of these globs (repeatable)");
  add_list_option(app, "--exclude-url", options.exclude_urls,
                  "Never fetch pages whose URL or path matches this glob (repeatable; also .reflint.toml's "
                  "exclude)");
  add_list_option(app, "--strip-param", options.strip_parameters,
                  "Also drop this query parameter (glob) from URLs; utm_*, fbclid, gclid, mc_cid and mc_eid "
                  "always are (repeatable)");
  app.add_option("--max-pages", options.max_pages, "Most pages an audit fetches (default 10000)")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 32));
  app.add_option("--max-depth", options.max_depth,
                 "Links a crawl follows from its root, at most (default: any)")
      ->check(CLI::Range(0, 1 << 20));
  app.add_flag("--ignore-lastmod", options.ignore_lastmod,
               "Ask the site for every page again (conditionally) even when its sitemap's <lastmod> says it "
               "has not changed since the last audit");
  app.add_option("--save-pages", options.save_pages,
                 "Keep each fetched page's bytes under DIR/host/path, for an editor to open");
  app.add_option("--site-concurrency", options.site_concurrency, "Requests at once to one site (default 2)")
      ->check(CLI::Range(1, 64));
  app.add_option("--site-rate", options.site_rate, "Requests per second to one site (default 4)")
      ->check(CLI::Range(0.01, 10000.0));
  app.add_option("--progress", options.progress,
                 "Progress on standard error: auto (a line redrawn on a terminal, else a status line every "
                 "--status-interval seconds), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_option("--status-interval", options.status_interval,
                 "Seconds between status lines when standard error is not a terminal (default 30)")
      ->check(CLI::Range(0.1, 86400.0));
}

/// The reports, the baseline, the history and the exit code: options of a lint and of a merge.
void add_report_options(CLI::App& app, CliOptions& options) {
  app.add_option(
         "--format", options.formats,
         "Output format: text, sarif, json, github, markdown, junit or html; FMT=FILE writes it to FILE "
         "(repeatable: one lint, several reports)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("-o,--output", options.output,
                 "Write the report without a file of its own to FILE instead of standard output");
  app.add_option("--baseline", options.baseline,
                 "Report only findings this baseline does not hold; the exit code counts only them");
  app.add_option("--write-baseline", options.write_baseline,
                 "Record this run's findings as a baseline in FILE (by content, not line numbers)");
  app.add_flag(
      "--fix", options.fix,
      "Apply the fixes findings carry (where the right text is certain) to the files linted, in place");
  app.add_flag("--diff", options.diff,
               "Print the fixes as a unified diff instead of the report; change nothing (exit 1 when there "
               "are fixes)");
  app.add_flag("--unsafe-fixes", options.unsafe_fixes,
               "With --fix or --diff, apply the suggestions too: fixes whose text is likely, not certain "
               "(the text report marks them 'suggestion')");
  app.add_option("--history", options.history,
                 "Append this run's totals to FILE (JSON lines); the HTML report draws the trend and the "
                 "summary says what changed since the last run");
  app.add_option("--fail-on", options.fail_on, "Lowest level that makes the exit code 1")
      ->check(CLI::IsMember({"error", "warning", "note", "none"}));
  app.add_flag("--exit-zero", options.exit_zero, "Exit 0 whatever the findings (the same as --fail-on none)");
  app.add_flag("-q,--quiet", options.quiet, "Print findings only: no summary");
  app.add_option("--color", options.color, "Colour: auto, always or never (NO_COLOR is honoured)")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_flag("--statistics", options.statistics,
               "Print findings per rule and per page instead of the findings (text on standard output)");
  app.add_flag("--extraction-summary", options.extraction_summary,
               "Print what was found on each page instead of the findings: its citation style, reference "
               "lists, entries, markers, citations, entries cited, links to missing entries and DOIs (a "
               "table, or JSON lines with --format json)");
}

/// The command line's options, parsed into `options`.
void add_options(CLI::App& app, CliOptions& options) {
  app.add_option("paths", options.paths, "HTML files or folders to lint; '-' reads standard input");
  add_report_options(app, options);
  app.add_option("--shard", options.shard,
                 "Lint share K of N of the inputs (K from 1; a stable hash of each path decides) and write "
                 "the state `reflint merge` combines into the whole run's findings");
  app.add_option("--shard-file", options.shard_file,
                 "Where --shard writes its state (default reflint-shard-K-of-N.json)");
  app.add_option("--config", options.config, "Use this configuration file for every input");
  app.add_option("--stdin-filename", options.stdin_filename, "Name to report for standard input");
  add_list_option(app, "--enable", options.enable, "Turn a rule on (repeatable)");
  add_list_option(app, "--disable", options.disable, "Turn a rule off (repeatable)");
  add_list_option(app, "--severity", options.severity,
                  "Set a rule's level: RULE=error|warning|note|off (repeatable)");
  app.add_option("-j,--jobs", options.jobs, "Parallel jobs (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  app.add_flag("--list-rules", options.list_rules, "List the rules and exit (--format json: as JSON)");
  app.add_option("--explain", options.explain, "Print a rule's documentation and exit");
  app.add_flag("--version", options.version, "Print the version and exit");
  app.add_flag("--man-page", options.man_page, "Print the man page (roff) and exit");
  app.add_option("--show-settings", options.show_settings,
                 "Print the configuration FILE is linted with (its .reflint.toml, --config, --enable, "
                 "--disable and --severity applied), each value with where it came from, and exit");
  app.add_option("--completion", options.completion, "Print the shell's completion script and exit")
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  app.add_option("--dump-model", options.dump_model,
                 "Print the parsed document model of FILE as JSON and exit");
  app.add_flag("--offline", options.offline, "No network: use the cache and --sources only");
  app.add_flag("--cross-page", options.cross_page,
               "Compare pages with each other (default with several inputs)");
  app.add_flag("--no-cross-page", options.no_cross_page, "Check each page on its own");
  // Only http and https are fetched: "file:///etc" as a registry is a usage error, not a lookup.
  const CLI::Validator http_url(
      [](const std::string& value) {
        return is_http_url(value) ? std::string() : "must be an http:// or https:// URL, got '" + value + "'";
      },
      "URL");
  app.add_option("--doi-resolver", options.doi_resolver, "DOI resolver base URL (default https://doi.org)")
      ->check(http_url);
  app.add_option("--crossref-api", options.crossref_api, "Crossref REST API base URL")->check(http_url);
  app.add_option("--datacite-api", options.datacite_api, "DataCite REST API base URL")->check(http_url);
  app.add_option("--europepmc-api", options.europepmc_api, "Europe PMC REST API base URL")->check(http_url);
  app.add_option("--mailto", options.mailto, "Contact address sent to the registries (or REFLINT_MAILTO)");
  app.add_option("--cacert", options.ca_file,
                 "CA certificates (PEM) to verify https servers with, instead of libcurl's bundle")
      ->check(CLI::ExistingFile);
  app.add_option("--cache", options.cache, "DOI cache file (default $XDG_CACHE_HOME/reflint/cache.sqlite)");
  app.add_flag("--no-cache", options.no_cache, "Neither read nor write the cache");
  app.add_option("--sources", options.sources, "Folder of local source texts for quotation checks");
  app.add_option("--retractions", options.retractions,
                 "Open Retractions records (a JSON file, one record a line, or a folder of them) whose "
                 "retractions and expressions of concern count for every DOI looked up")
      ->check(CLI::ExistingPath);
  app.add_option("--max-findings-per-rule", options.max_findings_per_rule,
                 "Findings of one rule listed per page; more are counted in one note (default 500, 0: all)")
      ->check(CLI::Range(int64_t{0}, int64_t{1} << 40));
  // Source positions are 32-bit and word offsets 31-bit: 2047 MiB is the most a page can be.
  app.add_option("--max-input-mb", options.max_input_mb,
                 "Largest input read, in MiB (default 64, at most 2047)")
      ->check(CLI::Range(int64_t{1}, int64_t{2047}));
  app.add_flag("--allow-unverified", options.allow_unverified,
               "Exit 0 or 1 even when DOIs or quotation sources could not be verified (registries "
               "unreachable); by default such a run exits 3");
  app.add_flag(
      "--no-fetch-pages", options.no_fetch_pages,
      "Never fetch the pages an article cites (quotations are checked against registries and --sources)");
  add_list_option(
      app, "--allow-host", options.allow_hosts,
      "A host (glob) whose cited pages may be fetched even on a private or loopback address (repeatable)");
  add_list_option(app, "--deny-host", options.deny_hosts,
                  "A host (glob) whose cited pages are never fetched (repeatable)");
  add_site_options(app, options);
}

/// --version, --list-rules, --explain, --dump-model and a missing input: the exit code, or nullopt
/// when the command line asks for a lint.
std::optional<int> answer_without_linting(const CliOptions& options, const RuleRegistry& registry,
                                          std::istream& in, std::ostream& out, std::ostream& err) {
  if (options.version) {
    out << "reflint " << kVersion << " (commit " << kCommit << ")\n";
    return kExitClean;
  }
  if (options.list_rules) {
    list_rules(out, registry,
               std::find(options.formats.begin(), options.formats.end(), "json") != options.formats.end());
    return kExitClean;
  }
  if (!options.explain.empty()) {
    const Rule* rule = registry.find(options.explain);
    if (rule == nullptr) {
      err << fmt::format("reflint: error: --explain: unknown rule '{}'{} (see --list-rules)\n",
                         options.explain, registry.did_you_mean(options.explain));
      return kExitUsage;
    }
    explain_rule(out, *rule);
    return kExitClean;
  }
  if (!options.dump_model.empty()) return dump_model(options.dump_model, in, out, err);
  if (options.paths.empty() && options.urls_from.empty() && options.sitemaps.empty() &&
      options.crawl.empty()) {
    err << "reflint: error: no input given (name HTML files, folders or URLs, or '-' for standard input)\n";
    return kExitUsage;
  }

  return std::nullopt;
}

std::string tool_version() {
  return fmt::format("{} (commit {})", kVersion, kCommit);
}

/// --shard K/N into `run`; an error message when it is malformed or asked with what only a merge
/// can do.
std::string read_shard(const CliOptions& options, RunOptions& run) {
  if (options.shard.empty()) return options.shard_file.empty() ? "" : "--shard-file needs --shard K/N";
  ShardSpec shard;
  char slash = 0;
  std::istringstream text(options.shard);
  if (!(text >> shard.index >> slash >> shard.count) || slash != '/' || !text.eof() || shard.index < 1 ||
      shard.index > shard.count || shard.count > 100000) {
    return fmt::format("--shard: expected K/N with 1 <= K <= N, got '{}'", options.shard);
  }
  if (!run.site.crawl_roots.empty()) {
    return "--shard cannot split a crawl (every shard would fetch the whole site to find its pages): give "
           "the pages with --sitemap or --urls-from";
  }
  if (!options.baseline.empty() || !options.write_baseline.empty() || !options.history.empty() ||
      options.fix || options.diff) {
    return "--baseline, --write-baseline, --history, --fix and --diff belong to 'reflint merge', which sees "
           "the whole run, not to a shard";
  }
  shard.state_file = options.shard_file.empty()
                         ? fmt::format("reflint-shard-{}-of-{}.json", shard.index, shard.count)
                         : options.shard_file;
  run.shard = std::move(shard);
  return "";
}

/// A file the run would write (a report, the baseline, the history, a shard's state) that is one of
/// `options.paths` or lies in one of them; empty when there is none.
std::string overwritten_input(const CliOptions& options, const std::vector<OutputRequest>& requests,
                              const std::optional<ShardSpec>& shard) {
  std::vector<std::string> written = {options.write_baseline, options.history};
  if (shard) written.push_back(shard->state_file);
  for (const OutputRequest& request : requests) written.push_back(request.file);
  for (const std::string& file : written) {
    for (const std::string& path : options.paths) {
      if (!file.empty() && overwrites_input(path, file)) return file;
    }
  }
  return "";
}

/// The run the command line asks for, or nullopt after printing why it cannot be made.
std::optional<RunOptions> run_options(const CliOptions& options, const RuleRegistry& registry,
                                      std::istream& in, std::ostream& err) {
  RunOptions run;
  for (const std::string& path : options.paths)
    (is_http_url(path) ? run.site.pages : run.paths).push_back(path);
  if (!options.urls_from.empty()) {
    if (options.urls_from == "-" && std::find(run.paths.begin(), run.paths.end(), "-") != run.paths.end()) {
      err << "reflint: error: --urls-from - and the input '-' both want standard input\n";
      return std::nullopt;
    }
    std::ifstream file;
    if (options.urls_from != "-") file.open(options.urls_from);
    std::istream& list = options.urls_from == "-" ? in : file;
    if (!list) {
      err << fmt::format("reflint: error: --urls-from {}: cannot read the file\n", options.urls_from);
      return std::nullopt;
    }
    for (std::string line; std::getline(list, line);) {
      const std::string_view url = trim_ascii(std::string_view(line).substr(0, line.find('#')));
      if (!url.empty()) run.site.pages.emplace_back(url);
    }
  }
  run.site.sitemaps = options.sitemaps;
  run.site.crawl_roots = options.crawl;
  run.site.scopes = options.crawl_scope;
  run.site.include = options.include_urls;
  run.site.exclude = options.exclude_urls;
  run.site.strip_parameters.insert(run.site.strip_parameters.end(), options.strip_parameters.begin(),
                                   options.strip_parameters.end());
  run.site.max_pages = options.max_pages;
  run.site.max_depth = options.max_depth;
  run.site.trust_lastmod = !options.ignore_lastmod;
  run.site.save_pages_dir = options.save_pages;
  run.stdin_filename = options.stdin_filename;
  run.stdin_stream = &in;
  run.jobs = options.jobs;
  run.summarise_extraction = options.extraction_summary;
  if (!options.config.empty()) run.config_file = options.config;
  if (const std::string problem = read_overrides(options, registry, run.overrides); !problem.empty()) {
    err << "reflint: error: " << problem << '\n';
    return std::nullopt;
  }
  run.tool_version = tool_version();
  if (const std::string problem = read_shard(options, run); !problem.empty()) {
    err << "reflint: error: " << problem << '\n';
    return std::nullopt;
  }
  const bool several_inputs =
      options.paths.size() > 1 || !run.site.sitemaps.empty() || !run.site.crawl_roots.empty() ||
      run.site.pages.size() > 1 ||
      std::any_of(options.paths.begin(), options.paths.end(), [](const std::string& path) {
        std::error_code error;
        return fs::is_directory(path, error);
      });
  run.adjust_settings = [options, several_inputs](RunSettings& settings) {
    if (!several_inputs) settings.cross_page = false;
    apply_network_options(options, settings);
  };
  const auto requests = output_requests(options);
  if (const auto* problem = std::get_if<std::string>(&requests)) {
    err << "reflint: error: " << *problem << '\n';
    return std::nullopt;
  }
  const std::string overwritten =
      overwritten_input(options, std::get<std::vector<OutputRequest>>(requests), run.shard);
  if (!overwritten.empty()) {
    err << fmt::format("reflint: error: the report file {} is one of the inputs; refusing to overwrite it\n",
                       overwritten);
    return std::nullopt;
  }
  return run;
}

/// --fix: applies the fixes to the files linted (never standard input) and drops the findings it
/// fixed; --diff: prints them as a unified diff. Returns --diff's exit code (1 when it has fixes).
std::optional<int> apply_or_show_fixes(const CliOptions& options, RunResult& result, std::ostream& out,
                                       std::ostream& err) {
  std::vector<std::string> files = result.files;
  if (std::find(options.paths.begin(), options.paths.end(), "-") != options.paths.end())
    std::erase(files, options.stdin_filename);
  const FixPlan plan = plan_fixes(result.findings, files, options.unsafe_fixes);
  for (const std::string& problem : plan.problems) err << "reflint: warning: " << problem << '\n';
  if (options.diff) {
    for (const FileEdit& edit : plan.edits) out << unified_diff(edit);
    return plan.edits.empty() ? kExitClean : kExitFindings;
  }
  std::set<size_t> fixed(plan.fixed.begin(), plan.fixed.end());
  size_t written = 0;
  for (const FileEdit& edit : plan.edits) {
    if (const std::string problem = write_edit(edit); !problem.empty()) {
      err << "reflint: error: " << problem << '\n';
      for (size_t i = 0; i < result.findings.size(); ++i) {
        if (result.findings[i].location.path == edit.path) fixed.erase(i);
      }
      continue;
    }
    ++written;
  }
  if (!fixed.empty()) {
    err << fmt::format("reflint: fixed {} in {}\n", counted(fixed.size(), "finding"),
                       counted(written, "file"));
  }
  std::vector<Finding> remaining;
  for (size_t i = 0; i < result.findings.size(); ++i) {
    if (!fixed.contains(i)) remaining.push_back(std::move(result.findings[i]));
  }
  result.findings = std::move(remaining);
  return std::nullopt;
}

/// Lints, writes the report and the summary, and returns the exit code.
int lint_and_report(const CliOptions& options, const RuleRegistry& registry, const RunOptions& run,
                    std::ostream& out, std::ostream& err) {
  // A file read before linting (a baseline, a history): its value, or nothing after saying why.
  const auto read_first = [&err](auto&& read) -> std::optional<std::decay_t<decltype(std::get<0>(read))>> {
    if (const auto* problem = std::get_if<std::string>(&read)) {
      err << "reflint: error: " << *problem << '\n';
      return std::nullopt;
    }
    return std::move(std::get<0>(read));
  };
  std::optional<Baseline> baseline;
  if (!options.baseline.empty() && !(baseline = read_first(read_baseline(options.baseline))))
    return kExitUsage;
  std::vector<RunRecord> history;
  if (!options.history.empty()) {
    auto records = read_first(read_history(options.history));
    if (!records) return kExitUsage;
    history = std::move(*records);
  }
  RunProgress progress;
  RunResult result;
  {
    RunOptions watched = run;
    watched.progress = &progress;
    const bool terminal = isatty(STDERR_FILENO) != 0;
    const ProgressDisplay::Mode mode = options.progress == "never" ? ProgressDisplay::Mode::none
                                       : options.progress == "always" || terminal
                                           ? ProgressDisplay::Mode::redraw
                                           : ProgressDisplay::Mode::status_lines;
    const ProgressDisplay display(progress, err, mode,
                                  std::chrono::duration<double>(options.status_interval));
    result = run_lint(registry, watched);
  }
  std::optional<int> diff_exit;
  if ((options.fix || options.diff) && result.fatal_error.empty())
    diff_exit = apply_or_show_fixes(options, result, out, err);
  if (!options.write_baseline.empty() && result.fatal_error.empty()) {
    std::ofstream file(options.write_baseline, std::ios::binary | std::ios::trunc);
    if (file) write_baseline(file, result);
    if (!file) {
      err << fmt::format("reflint: error: cannot write the baseline to {}\n", options.write_baseline);
      return kExitUsage;
    }
  }
  if (baseline) apply_baseline(*baseline, result);
  ReportOptions report;
  if (!options.history.empty() && result.fatal_error.empty()) {
    history.push_back(record_run(result, current_time()));
    if (!append_history(options.history, history.back()))
      err << fmt::format("reflint: warning: cannot append to the history {}\n", options.history);
    constexpr size_t kRunsShown = 30;
    if (history.size() > kRunsShown) history.erase(history.begin(), history.end() - kRunsShown);
    report.history = std::move(history);
  }
  report.fail_on = options.exit_zero ? Level::none : *parse_level(options.fail_on);
  report.exit_code = exit_code_for(result, report.fail_on);
  // A shard's findings are part of a run: the merge judges the whole, a shard fails only to run.
  if (run.shard && result.fatal_error.empty()) report.exit_code = kExitClean;

  const auto requests = output_requests(options);  // checked by run_options(): valid here
  for (const OutputRequest& request : std::get<std::vector<OutputRequest>>(requests)) {
    if (options.diff && request.file.empty()) continue;  // standard output has the diff
    ReportOptions written = report;
    written.color = wants_color(options, request);
    written.output_file = request.file;
    if (request.file.empty() && options.extraction_summary) {
      write_extraction_summary(out, result, request.format == OutputFormat::json);
    } else if (request.file.empty() && options.statistics && request.format == OutputFormat::text) {
      write_statistics(out, result);
    } else if (request.file.empty()) {
      write_report(request.format, out, result, written);
    } else {
      std::ofstream file(request.file, std::ios::binary | std::ios::trunc);
      if (file) write_report(request.format, file, result, written);
      if (!file) {
        err << fmt::format("reflint: error: cannot write the report to {}\n", request.file);
        return kExitUsage;
      }
    }
    if (request.format == OutputFormat::markdown) {
      if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY"); summary != nullptr && *summary != '\0') {
        std::ofstream step_summary(summary, std::ios::binary | std::ios::app);
        if (step_summary) write_report(OutputFormat::markdown, step_summary, result, written);
        if (!step_summary)
          err << fmt::format("reflint: warning: cannot append to GITHUB_STEP_SUMMARY {}\n", summary);
      }
    }
  }
  ReportOptions summary = report;
  summary.color =
      options.color == "always" ||
      (options.color == "auto" && std::getenv("NO_COLOR") == nullptr && isatty(STDERR_FILENO) != 0);
  summary.quiet = options.quiet;
  write_summary(err, result, summary);
  if (run.shard && result.fatal_error.empty()) {
    err << fmt::format(
        "reflint: shard {} of {}: {} linted, state written to {} (the findings across pages and the exit "
        "code come from 'reflint merge')\n",
        run.shard->index, run.shard->count, counted(result.files.size(), "file"), run.shard->state_file);
  }
  if (diff_exit && report.exit_code != kExitUsage && report.exit_code != kExitIncomplete) return *diff_exit;
  return report.exit_code;
}

/// " (did you mean --offline?)" for the first --option of the command line that the CLI does not
/// have, when one it has is a few edits away.
std::string option_suggestion(const CLI::App& app, int argc, const char* const* argv) {
  std::vector<std::string> names;
  for (const CLI::Option* option : app.get_options()) {
    for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
  }
  for (int i = 1; i < argc; ++i) {
    const std::string_view argument = argv[i];
    if (argument == "--") break;
    if (!argument.starts_with("--")) continue;
    const std::string_view name = argument.substr(0, argument.find('='));
    if (std::find(names.begin(), names.end(), name) != names.end()) continue;
    const std::string_view closest = closest_spelling(name, {names.begin(), names.end()});
    if (!closest.empty()) return fmt::format(" (did you mean {}?)", closest);
  }
  return "";
}

/// Parses a command line into `app`'s options: nullopt to go on, else the exit code after the help
/// or the error (naming `command` for its --help).
std::optional<int> parse_command_line(CLI::App& app, int argc, const char* const* argv,
                                      std::string_view command, std::ostream& out, std::ostream& err) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return kExitClean;
  } catch (const CLI::ParseError& error) {
    err << "reflint: error: " << error.what() << option_suggestion(app, argc, argv) << "\n"
        << fmt::format("Run '{} --help' for the options.\n", command);
    return kExitUsage;
  }
  return std::nullopt;
}

/// reflint merge STATE...: the shards' states combined into the whole run's reports and exit code.
int run_merge(int argc, const char* const* argv, const RuleRegistry& registry, std::ostream& out,
              std::ostream& err) {
  CliOptions options;
  CLI::App app{
      "reflint merge: combines the state files of every shard of a run (--shard K/N) into the reports and "
      "exit code of one run over all its inputs; pages of different shards are compared with each other",
      "reflint merge"};
  app.add_option("states", options.paths, "The state file each shard wrote (--shard-file)")->required();
  add_report_options(app, options);
  if (const std::optional<int> parsed = parse_command_line(app, argc, argv, "reflint merge", out, err))
    return *parsed;
  RunOptions run;
  run.merge_states = options.paths;
  run.tool_version = tool_version();
  const auto requests = output_requests(options);
  if (const auto* problem = std::get_if<std::string>(&requests)) {
    err << "reflint: error: " << *problem << '\n';
    return kExitUsage;
  }
  if (const std::string overwritten =
          overwritten_input(options, std::get<std::vector<OutputRequest>>(requests), std::nullopt);
      !overwritten.empty()) {
    err << fmt::format("reflint: error: {} is a shard's state; refusing to overwrite it\n", overwritten);
    return kExitUsage;
  }
  return lint_and_report(options, registry, run, out, err);
}

}  // namespace

int run_cli(int argc, const char* const* argv, const RuleRegistry& registry, std::istream& in,
            std::ostream& out, std::ostream& err) {
  if (argc > 1 && std::string_view(argv[1]) == "merge")
    return run_merge(argc - 1, argv + 1, registry, out, err);
  CliOptions options;
  CLI::App app{
      "reflint: checks the citations, references, DOIs, quotations and repeated paragraphs of article HTML",
      "reflint"};
  app.footer(
      "Also: reflint merge STATE... combines the states of a sharded run (docs/sharding.md); reflint lsp is "
      "the language server (docs/editors.md).");
  add_options(app, options);
  if (const std::optional<int> parsed = parse_command_line(app, argc, argv, "reflint", out, err))
    return *parsed;
  if (options.man_page) {
    out << man_page(app, registry, manual_facts());
    return kExitClean;
  }
  if (!options.completion.empty()) {
    out << shell_completion(options.completion, app, registry, manual_facts()).value_or("");
    return kExitClean;
  }
  if (!options.show_settings.empty()) return show_settings(options, registry, out, err);
  if (const std::optional<int> answered = answer_without_linting(options, registry, in, out, err))
    return *answered;
  const std::optional<RunOptions> run = run_options(options, registry, in, err);
  if (!run) return kExitUsage;
  return lint_and_report(options, registry, *run, out, err);
}

}  // namespace reflint
