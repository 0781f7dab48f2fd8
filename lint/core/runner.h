#pragma once
// Lints a set of inputs: expands folders, finds each file's configuration, parses and checks the
// files in parallel, applies levels and suppressions, and returns the findings in a fixed order
// whatever the number of threads.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lint/analysis/extraction_summary.h"
#include "lint/core/config.h"
#include "lint/core/finding.h"
#include "lint/core/registry.h"
#include "lint/core/settings.h"
#include "lint/net/network.h"
#include "lint/net/site.h"

namespace reflint {

/// Live counts of a run for a progress display: written by the run, read from any thread.
struct RunProgress {
  SiteProgress site;                // pages found and fetched
  LookupProgress lookups;           // DOIs and quotation sources asked for and answered
  std::atomic<uint64_t> inputs{0};  // pages to lint, once known
  std::atomic<uint64_t> linted{0};
  std::atomic<uint64_t> findings{0};  // before levels, suppressions and baselines
};

/// --shard K/N: this run lints the share K (from 1) of N of the inputs, chosen by a stable hash of
/// each file's path, and writes `state_file`: its findings and notices and what the rules that
/// compare pages kept of each page, for `reflint merge`.
struct ShardSpec {
  uint32_t index = 1;
  uint32_t count = 1;
  std::string state_file;
};

struct RunOptions {
  std::vector<std::string> paths;  // files, folders, or "-" for standard input
  SiteSources site;                // pages to fetch: URLs, sitemaps, crawls
  RunProgress* progress = nullptr;
  std::string stdin_filename = "<stdin>";
  std::istream* stdin_stream = nullptr;
  std::optional<std::filesystem::path> config_file;  // --config: used for every input
  RuleOverrides overrides;
  unsigned jobs = 0;  // 0: all cores
  // Command-line settings, applied over the configuration's network and site settings.
  std::function<void(RunSettings&)> adjust_settings;
  std::optional<ShardSpec> shard;
  // reflint merge: the state files of every shard of one sharded run, combined (their pages
  // compared with each other) instead of linting anything.
  std::vector<std::string> merge_states;
  std::string tool_version;  // written to shard states; a merge refuses another version's
  // Files whose text is an editor's (the language server's open documents), read from here instead
  // of the disk, as UTF-8 whatever they declare: the editor has decoded them already.
  std::map<std::string, std::shared_ptr<const std::string>> editor_buffers;
  // Set by another thread when the result is no longer wanted: the run stops before the next page
  // or rule and returns with `cancelled` set.
  const std::atomic<bool>* cancel = nullptr;
  // --extraction-summary: each page's citation and DOI extraction counted in RunResult::extraction.
  bool summarise_extraction = false;
};

struct PageExtraction {
  std::string path;
  ExtractionSummary summary;
};

struct RunResult {
  std::vector<Finding> findings;
  std::vector<Notice> notices;
  std::vector<const Rule*> enabled_rules;  // on for at least one input, in registry order
  std::vector<std::string> files;          // linted, in order
  size_t unreadable_inputs = 0;
  size_t rule_failures = 0;  // a rule that threw on a page or in finish(): the lint is incomplete
  // DOIs and quotation sources that could not be verified (not --offline skips): incomplete too.
  uint64_t unverified_checks = 0;
  uint64_t lookups = 0;     // DOIs and quotation sources asked for (from the cache or the network)
  std::string fatal_error;  // a configuration error: nothing was linted
  bool cancelled = false;   // RunOptions::cancel was set: the result is incomplete
  // With a baseline (--baseline): `findings` are the new ones; the ones it held, which only SARIF
  // reports (baselineState "unchanged"), and its entries that no finding matched ("absent").
  bool baseline_applied = false;
  std::vector<Finding> baseline_unchanged;
  std::vector<Finding> baseline_absent;
  std::optional<SiteSummary> site;         // when pages were fetched
  std::vector<PageExtraction> extraction;  // with RunOptions::summarise_extraction, in input order
  RunSettings settings;
};

RunResult run_lint(const RuleRegistry& registry, const RunOptions& options);

/// Every rule's final level for this plan: the user's choice, else the finding's, else the default.
Level effective_level(const RulePlan& plan, Level requested);

/// Whether a folder's file is linted: .html, .htm or .xhtml.
bool is_html_file(const std::filesystem::path& path);

/// The stable content fingerprint of a finding (rule id, normalised snippet, rule-provided key).
std::string content_fingerprint(const Finding& finding);

}  // namespace reflint
