#pragma once
// The one interface every rule implements. A rule declares its metadata once (it feeds
// --list-rules, --explain and SARIF tool.driver.rules) and reports through its RuleContext.

#include <functional>
#include <limits>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "lint/analysis/page_analyses.h"
#include "lint/core/finding.h"
#include "lint/core/run_memo.h"
#include "lint/model/document.h"

namespace reflint {

class NetworkServices;
struct RunSettings;

enum class OptionType : uint8_t { boolean, integer, number, string, string_list };

inline constexpr double kNoBound = std::numeric_limits<double>::infinity();

struct RuleOptionSpec {
  constexpr RuleOptionSpec(std::string_view option_name, OptionType option_type,
                           std::string_view default_toml, std::string_view text, double lowest = -kNoBound,
                           double highest = kNoBound, std::string_view accepted = {})
      : name(option_name),
        type(option_type),
        default_value(default_toml),
        description(text),
        min(lowest),
        max(highest),
        choices(accepted) {}

  std::string_view name;
  OptionType type = OptionType::boolean;
  std::string_view default_value;  // as a TOML value: true, 8, 0.8, "x", ["a", "b"]
  std::string_view description;
  // The values a configuration may give, checked when it is loaded: integer and number options
  // lie in [min, max] (and are finite); string and string-list ones are among `choices` (a comma
  // separated list; empty: any).
  double min = -kNoBound;
  double max = kNoBound;
  std::string_view choices;
};

/// "from 1 to 100", "at least 1", "one of p, li": what a spec accepts, for messages; empty when
/// anything of its type is.
std::string accepted_values(const RuleOptionSpec& spec);

/// How often a rule's findings are right: SARIF's rule property "precision".
enum class Precision : uint8_t { very_high, high, medium, low };
std::string_view to_string(Precision precision);

struct RuleMeta {
  std::string_view id;           // stable public id, e.g. "citation-undefined"
  std::string_view family;       // "citations", "doi", "duplicates", "quotes"
  std::string_view summary;      // one line: SARIF shortDescription, --list-rules
  std::string_view description;  // a paragraph: SARIF fullDescription
  std::string_view help;         // Markdown: what it does, why it matters, example; --explain
  Level default_level = Level::warning;
  bool needs_network = false;
  Precision precision = Precision::high;
  std::vector<RuleOptionSpec> options;
};

/// The rule's PascalCase name (SARIF rule.name), from its id: "citation-undefined" -> "CitationUndefined".
std::string rule_name(std::string_view id);

using OptionValue = std::variant<bool, int64_t, double, std::string, std::vector<std::string>>;

/// A rule's options for one document: configured values over the declared defaults, already
/// validated against the RuleOptionSpecs when the configuration was loaded.
class RuleOptions {
 public:
  RuleOptions() = default;
  explicit RuleOptions(std::vector<std::pair<std::string, OptionValue>> values)
      : values_(std::move(values)) {}
  bool get_bool(std::string_view name) const;
  int64_t get_int(std::string_view name) const;
  double get_number(std::string_view name) const;
  const std::string& get_string(std::string_view name) const;
  const std::vector<std::string>& get_string_list(std::string_view name) const;
  /// The value whatever its type (--show-settings lists them all).
  const OptionValue& get(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, OptionValue>> values_;
};

/// Builds one finding; it is submitted when the builder goes out of scope.
class FindingBuilder {
 public:
  FindingBuilder(Finding finding, std::function<void(Finding&&)> sink)
      : finding_(std::move(finding)), sink_(std::move(sink)) {}
  FindingBuilder(const FindingBuilder&) = delete;
  FindingBuilder& operator=(const FindingBuilder&) = delete;
  ~FindingBuilder() { sink_(std::move(finding_)); }

  FindingBuilder& related(Location location, std::string message) {
    finding_.related.push_back({std::move(location), std::move(message)});
    return *this;
  }
  /// A level other than the rule's default for this one finding (e.g. a note for an expression of
  /// concern); a level the user configured still wins.
  FindingBuilder& level(Level level) {
    finding_.level = level;
    return *this;
  }
  /// A fix: the source text at `location` replaced by `replacement`, where the right text is
  /// certain (reflint --fix applies it).
  FindingBuilder& fix(Location location, std::string replacement, std::string description) {
    finding_.fixes.push_back({std::move(description), std::move(location), std::move(replacement), true});
    return *this;
  }
  /// A suggestion: a fix whose text is likely but not certain (reflint --fix --unsafe-fixes
  /// applies it; editors offer it, never as the preferred action).
  FindingBuilder& unsafe_fix(Location location, std::string replacement, std::string description) {
    finding_.fixes.push_back({std::move(description), std::move(location), std::move(replacement), false});
    return *this;
  }
  /// Part of the fingerprint besides the rule id and the snippet, for findings that share a span.
  FindingBuilder& fingerprint_key(std::string key) {
    finding_.fingerprint = std::move(key);
    return *this;
  }

 private:
  Finding finding_;
  std::function<void(Finding&&)> sink_;
};

class RuleContext {
 public:
  virtual ~RuleContext() = default;
  /// The id of the rule this context is for.
  virtual std::string_view rule_id() const = 0;
  virtual const RuleOptions& options() const = 0;
  virtual const RunSettings& settings() const = 0;
  /// The run's network layer (lint/net/network.h; with --offline it answers from the cache only),
  /// or nullptr when no enabled rule needs the network.
  virtual NetworkServices* network() const = 0;
  /// The analyses of the page being checked, each computed the first time a rule asks for it.
  /// Only in Rule::check(): finish() has no page (it throws std::logic_error there).
  virtual const PageAnalyses& analyses() const = 0;
  const CitationModel& references() const { return analyses().references(); }
  const CitationModel& citations() const { return analyses().citations(); }
  const std::vector<DoiMention>& dois() const { return analyses().dois(); }
  const QuoteModel& quotes() const { return analyses().quotes(); }
  const ContentModel& content() const { return analyses().content(); }
  /// Values shared by the rules of this run.
  virtual RunMemo& run_memo() const = 0;
  /// Values shared by the rules of the page being checked, dropped with the page: what two rules
  /// of a family derive alike and no other family needs. Only in Rule::check(), like analyses().
  virtual RunMemo& page_memo() const = 0;
  /// An input of this run parsed again, for rules that compare pages in finish() and keep only
  /// signatures meanwhile; nullptr when it cannot be read again (stdin, a file that went away).
  virtual std::unique_ptr<Document> reload(const std::string& path) const = 0;
  /// Reports a finding at `location`; `message` starts lower-case and has no final period.
  virtual FindingBuilder report(Location location, std::string message) = 0;
  FindingBuilder report(const Document& document, SourceRange range, std::string message) {
    return report(Location::in(document, range), std::move(message));
  }
  virtual void notify(Notice notice) = 0;
};

class Rule {
 public:
  virtual ~Rule() = default;
  virtual const RuleMeta& meta() const = 0;
  /// Checks one document. Called concurrently for different documents: keep per-document state
  /// local, and guard any state shared across documents.
  virtual void check(const Document& document, RuleContext& context) = 0;
  /// Called once after every document was checked, for findings that span files.
  virtual void finish(RuleContext& context) { (void)context; }

  /// True for a rule whose finish() compares the pages of a run from what check() kept of each. A
  /// shard (--shard) takes that state (the rule drops it) instead of finishing, and `reflint merge`
  /// loads every shard's before it finishes, so that the pages of all shards are compared as in one
  /// run.
  virtual bool compares_pages() const { return false; }
  virtual nlohmann::json take_pages();
  /// Adds a state take_pages() gave (throws std::exception on one it cannot read).
  virtual void load_pages(const nlohmann::json& state);
};

}  // namespace reflint
