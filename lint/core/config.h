#pragma once
// .reflint.toml: rules on/off, levels, per-rule options, exclude globs, the analyses' settings
// ([citations]), network settings.
// Loaded and validated in full against the registered rules, so a typo fails at load time with
// the file and line, never silently at run time.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "lint/core/registry.h"
#include "lint/core/settings.h"

namespace reflint {

inline constexpr const char* kConfigFileName = ".reflint.toml";

/// The [citations] keys, read by every rule that uses the citation analysis (--explain lists them).
struct SectionKey {
  std::string_view name;
  std::string_view default_value;  // as a TOML value
  std::string_view description;
};
inline constexpr SectionKey kCitationsKeys[] = {
    {"extra-heading-words", "[]",
     "headings that introduce a reference list besides the built-in ones (References, Bibliography, Notes, "
     "Literatur, Références, Referencias, 参考文献, ...)"},
};

struct RuleSetting {
  std::optional<bool> enabled;
  std::optional<Level> level;
  std::vector<std::pair<std::string, OptionValue>> options;
};

/// A key of [network] and the setting it writes: one list for reading the configuration and for
/// --show-settings.
struct NetworkKey {
  enum class Kind : uint8_t { url, text, file, file_or_folder, flag, hosts, positive_number, count };
  std::string_view name;
  Kind kind;
  std::variant<std::string NetworkSettings::*, bool NetworkSettings::*, double NetworkSettings::*,
               int NetworkSettings::*, std::vector<std::string> NetworkSettings::*>
      field;
};
const std::vector<NetworkKey>& network_keys();

/// A configuration file's settings, over those of the file it extends (`extends = "../base.toml"`,
/// relative to its folder), if any, and the built-in defaults.
struct Config {
  std::filesystem::path file;  // empty for the built-in defaults
  std::map<std::string, RuleSetting, std::less<>> rules;
  std::vector<std::string> exclude;      // globs, relative to exclude_folder
  std::filesystem::path exclude_folder;  // the folder of the file that set `exclude`
  std::optional<bool> cross_page;
  AnalysisSettings analysis;  // [citations]: read by every rule that uses the citation analysis
  RunSettings settings;       // network keys of the file over the defaults
  // Where each value set by a file was written ("base.toml:4:9"), by its key: "cross-page",
  // "exclude", "rules.ID.level", "rules.ID.OPTION", "citations.KEY", "network.KEY".
  std::map<std::string, std::string, std::less<>> origins;
};

struct ConfigResult {
  std::optional<Config> config;
  std::string error;  // "FILE:LINE:COL: what is wrong", when config is empty
};

ConfigResult load_config(const std::filesystem::path& file, const RuleRegistry& registry);
ConfigResult parse_config(std::string_view text, const std::filesystem::path& file,
                          const RuleRegistry& registry);

/// The nearest .reflint.toml in `folder` or above it, if any.
std::optional<std::filesystem::path> find_config_upward(std::filesystem::path folder);

/// A rule option's declared default (a TOML literal) as a value.
OptionValue parse_option_default(const RuleOptionSpec& spec);

/// Command-line overrides, applied over whatever configuration file applies.
struct RuleOverrides {
  std::vector<std::string> enable;
  std::vector<std::string> disable;
  std::map<std::string, Level, std::less<>> levels;
};

/// What runs on one document: each registered rule, whether it is on, at which level, with which
/// options.
struct RulePlan {
  Rule* rule = nullptr;
  bool enabled = true;
  std::optional<Level> configured_level;  // set by the user; wins over the rule's own choice
  RuleOptions options;
};

std::vector<RulePlan> plan_rules(const RuleRegistry& registry, const Config& config,
                                 const RuleOverrides& overrides);

}  // namespace reflint
