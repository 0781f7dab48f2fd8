#include "lint/core/config.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

namespace reflint {
namespace {

/// The file as the user would name it: relative to the current folder when inside it.
std::string display_path(const std::filesystem::path& file) {
  std::error_code error;
  const auto relative = std::filesystem::proximate(file, error);
  return (error ? file : relative).generic_string();
}

std::string where(const std::filesystem::path& file, const toml::source_region& region) {
  return fmt::format("{}:{}:{}", display_path(file), region.begin.line, region.begin.column);
}

std::optional<OptionValue> to_option_value(const toml::node& node, OptionType type) {
  switch (type) {
    case OptionType::boolean:
      if (const auto value = node.value<bool>()) return *value;
      break;
    case OptionType::integer:
      if (node.is_integer()) return *node.value<int64_t>();
      break;
    case OptionType::number:
      if (node.is_number()) return *node.value<double>();
      break;
    case OptionType::string:
      if (const auto value = node.value<std::string>()) return *value;
      break;
    case OptionType::string_list:
      if (const toml::array* array = node.as_array()) {
        std::vector<std::string> items;
        for (const toml::node& item : *array) {
          const auto value = item.value<std::string>();
          if (!value) return std::nullopt;
          items.push_back(*value);
        }
        return items;
      }
      break;
  }
  return std::nullopt;
}

std::string_view type_name(OptionType type) {
  switch (type) {
    case OptionType::boolean:
      return "a boolean";
    case OptionType::integer:
      return "an integer";
    case OptionType::number:
      return "a number";
    case OptionType::string:
      return "a string";
    case OptionType::string_list:
      return "an array of strings";
  }
  return "a value";
}

/// Whether `value` is finite and within the spec's range, or among its choices.
bool is_accepted(const RuleOptionSpec& spec, const OptionValue& value) {
  const auto in_range = [&spec](double number) {
    return std::isfinite(number) && number >= spec.min && number <= spec.max;
  };
  const auto chosen = [&spec](std::string_view item) {
    if (spec.choices.empty()) return true;
    for (size_t begin = 0; begin <= spec.choices.size();) {
      const size_t comma = std::min(spec.choices.find(',', begin), spec.choices.size());
      std::string_view choice = spec.choices.substr(begin, comma - begin);
      while (choice.starts_with(' ')) choice.remove_prefix(1);
      if (choice == item) return true;
      begin = comma + 1;
    }
    return false;
  };
  if (const auto* integer = std::get_if<int64_t>(&value)) return in_range(static_cast<double>(*integer));
  if (const auto* number = std::get_if<double>(&value)) return in_range(*number);
  if (const auto* text = std::get_if<std::string>(&value)) return chosen(*text);
  if (const auto* list = std::get_if<std::vector<std::string>>(&value))
    return std::all_of(list->begin(), list->end(), chosen);
  return true;
}

// The longest chain of configuration files extending each other.
constexpr size_t kMaxExtendsDepth = 16;

ConfigResult load_config_chain(const std::filesystem::path& file, const RuleRegistry& registry,
                               std::vector<std::filesystem::path>& chain);

class ConfigReader {
 public:
  ConfigReader(const std::filesystem::path& file, const RuleRegistry& registry,
               std::vector<std::filesystem::path>& chain)
      : file_(file), registry_(registry), chain_(chain) {}

  ConfigResult read(const toml::table& root) {
    Config config;
    if (const toml::node* extends = root.get("extends")) {
      ConfigResult base = read_base(*extends);
      if (!base.config) return base;
      config = std::move(*base.config);
    }
    config.file = file_;
    for (const auto& [key, node] : root) {
      const std::string_view name = key.str();
      if (name == "extends") continue;
      if (name == "exclude") {
        config.exclude.clear();
        if (!read_string_list(node, config.exclude))
          return fail(node, "'exclude' must be an array of glob strings");
        config.exclude_folder = file_.parent_path();
        config.origins["exclude"] = where(file_, node.source());
      } else if (name == "cross-page") {
        if (!node.is_boolean()) return fail(node, "'cross-page' must be true or false");
        config.cross_page = *node.value<bool>();
        config.origins["cross-page"] = where(file_, node.source());
      } else if (name == "rules") {
        if (!node.is_table()) return fail(node, "'rules' must be a table of [rules.RULE-ID] tables");
        if (!read_rules(*node.as_table(), config)) return {std::nullopt, error_};
      } else if (name == "network") {
        if (!node.is_table()) return fail(node, "'network' must be a table");
        if (!read_network(*node.as_table(), config.settings.network, config.origins))
          return {std::nullopt, error_};
      } else if (name == "citations") {
        if (!node.is_table()) return fail(node, "'citations' must be a table");
        if (!read_citations(*node.as_table(), config.analysis.citations)) return {std::nullopt, error_};
        for (const auto& [citations_key, value] : *node.as_table())
          config.origins[fmt::format("citations.{}", citations_key.str())] = where(file_, value.source());
      } else {
        return fail(node, fmt::format("unknown key '{}' (expected extends, exclude, cross-page, [rules.ID], "
                                      "[citations] or [network])",
                                      name));
      }
    }
    return {std::move(config), ""};
  }

 private:
  /// The configuration `extends` names, read with what it extends in turn.
  ConfigResult read_base(const toml::node& extends) {
    const std::optional<std::string> name = extends.value<std::string>();
    if (!name || name->empty()) return fail(extends, "'extends' must be the path of a configuration file");
    std::error_code error;
    const std::filesystem::path base = std::filesystem::weakly_canonical(file_.parent_path() / *name, error);
    if (std::find(chain_.begin(), chain_.end(), base) != chain_.end())
      return fail(extends, fmt::format("'extends' makes a cycle: {} extends a file that extends it",
                                       display_path(base)));
    if (chain_.size() >= kMaxExtendsDepth)
      return fail(extends, fmt::format("'extends' goes more than {} files deep", kMaxExtendsDepth));
    ConfigResult loaded = load_config_chain(base, registry_, chain_);
    if (!loaded.config)
      return fail(extends, fmt::format("in the configuration it extends: {}", loaded.error));
    return loaded;
  }

  template <typename Located>  // a toml::node or a toml::key
  ConfigResult fail(const Located& item, const std::string& message) {
    error_ = fmt::format("{}: {}", where(file_, item.source()), message);
    return {std::nullopt, error_};
  }

  static bool read_string_list(const toml::node& node, std::vector<std::string>& out) {
    const toml::array* array = node.as_array();
    if (array == nullptr) return false;
    for (const toml::node& item : *array) {
      const auto value = item.value<std::string>();
      if (!value) return false;
      out.push_back(*value);
    }
    return true;
  }

  bool read_rules(const toml::table& rules, Config& config) {
    for (const auto& [key, node] : rules) {
      const std::string_view id = key.str();
      const Rule* rule = registry_.find(id);
      if (rule == nullptr)
        return fail(key, fmt::format("unknown rule '{}'{} (see reflint --list-rules)", id,
                                     registry_.did_you_mean(id))),
               false;
      const toml::table* table = node.as_table();
      if (table == nullptr) return fail(node, fmt::format("[rules.{}] must be a table", id)), false;
      RuleSetting setting = config.rules[std::string(id)];  // what an extended file set, if anything
      for (const auto& [option_key, value] : *table) {
        const std::string_view option = option_key.str();
        if (option == "enabled") {
          if (!value.is_boolean()) return fail(value, "'enabled' must be true or false"), false;
          setting.enabled = *value.value<bool>();
        } else if (option == "level") {
          const auto text = value.value<std::string>();
          const auto level = text ? parse_level(*text) : std::nullopt;
          if (!level)
            return fail(value, "'level' must be one of \"error\", \"warning\", \"note\", \"off\""), false;
          setting.level = *level;
        } else if (!read_rule_option(*rule, option_key, value, setting)) {
          return false;
        }
        config.origins[fmt::format("rules.{}.{}", id, option)] = where(file_, value.source());
      }
      config.rules[std::string(id)] = std::move(setting);
    }
    return true;
  }

  bool read_rule_option(const Rule& rule, const toml::key& key, const toml::node& value,
                        RuleSetting& setting) {
    const std::string_view option = key.str();
    for (const RuleOptionSpec& spec : rule.meta().options) {
      if (spec.name != option) continue;
      auto parsed = to_option_value(value, spec.type);
      if (!parsed) return fail(value, fmt::format("'{}' must be {}", option, type_name(spec.type))), false;
      if (!is_accepted(spec, *parsed)) {
        return fail(value, fmt::format("'{}' must be {}{}", option, type_name(spec.type),
                                       accepted_values(spec).empty() ? "" : ", " + accepted_values(spec))),
               false;
      }
      std::erase_if(setting.options, [&](const auto& set) { return set.first == option; });
      setting.options.emplace_back(std::string(option), std::move(*parsed));
      return true;
    }
    std::string known = "enabled, level";
    for (const RuleOptionSpec& spec : rule.meta().options) known += fmt::format(", {}", spec.name);
    return fail(value,
                fmt::format("unknown option '{}' for rule {} (known: {})", option, rule.meta().id, known)),
           false;
  }

  bool read_citations(const toml::table& table, CitationOptions& citations) {
    for (const auto& [key, value] : table) {
      if (key.str() != kCitationsKeys[0].name)
        return fail(key, fmt::format("unknown key '{}' in [citations] (known: {})", key.str(),
                                     kCitationsKeys[0].name)),
               false;
      citations.extra_heading_words.clear();  // a file's list replaces the one of the file it extends
      if (!read_string_list(value, citations.extra_heading_words))
        return fail(value, "'extra-heading-words' must be an array of strings"), false;
    }
    return true;
  }

  bool read_network(const toml::table& table, NetworkSettings& network,
                    std::map<std::string, std::string, std::less<>>& origins) {
    for (const auto& [key, value] : table) {
      const std::string_view name = key.str();
      const auto& keys = network_keys();
      const auto known =
          std::find_if(keys.begin(), keys.end(), [&](const NetworkKey& k) { return k.name == name; });
      if (known == keys.end()) return fail(key, fmt::format("unknown key '{}' in [network]", name)), false;
      if (!read_network_value(*known, value, network)) return false;
      origins[fmt::format("network.{}", name)] = where(file_, value.source());
    }
    return true;
  }

  bool read_network_value(const NetworkKey& key, const toml::node& value, NetworkSettings& network) {
    const auto need = [&](bool ok, std::string_view type) {
      if (!ok) fail(value, fmt::format("'{}' must be {}", key.name, type));
      return ok;
    };
    const auto text = value.value<std::string>();
    switch (key.kind) {
      case NetworkKey::Kind::url:
      case NetworkKey::Kind::text:
        if (!need(text.has_value(), "a string")) return false;
        if (key.kind == NetworkKey::Kind::url && !need(is_http_url(*text), "an http:// or https:// URL"))
          return false;
        network.*std::get<std::string NetworkSettings::*>(key.field) = *text;
        return true;
      case NetworkKey::Kind::file:
      case NetworkKey::Kind::file_or_folder: {
        if (!need(text.has_value() && !text->empty(), "a file name")) return false;
        // Relative to this configuration file's folder, as the exclude globs are.
        const std::filesystem::path path = file_.parent_path() / *text;
        std::error_code error;
        if (!std::filesystem::is_regular_file(path, error) &&
            !(key.kind == NetworkKey::Kind::file_or_folder && std::filesystem::is_directory(path, error)))
          return fail(value, fmt::format("'{}': no such file: {}", key.name, display_path(path))), false;
        network.*std::get<std::string NetworkSettings::*>(key.field) = path.string();
        return true;
      }
      case NetworkKey::Kind::flag:
        if (!need(value.is_boolean(), "true or false")) return false;
        network.*std::get<bool NetworkSettings::*>(key.field) = *value.value<bool>();
        return true;
      case NetworkKey::Kind::hosts: {
        std::vector<std::string>& hosts =
            network.*std::get<std::vector<std::string> NetworkSettings::*>(key.field);
        hosts.clear();  // a file's list replaces the one of the file it extends
        return need(read_string_list(value, hosts), "an array of host names or globs");
      }
      case NetworkKey::Kind::positive_number: {
        const double number = value.is_number() ? value.value<double>().value_or(0.0) : 0.0;
        if (!need(number > 0, "a positive number")) return false;
        network.*std::get<double NetworkSettings::*>(key.field) = number;
        return true;
      }
      case NetworkKey::Kind::count:
        if (!need(value.is_integer() && *value.value<int64_t>() >= 0, "a non-negative integer")) return false;
        network.*std::get<int NetworkSettings::*>(key.field) = static_cast<int>(*value.value<int64_t>());
        return true;
    }
    return false;
  }

  const std::filesystem::path& file_;
  const RuleRegistry& registry_;
  std::vector<std::filesystem::path>& chain_;  // the files being read, outermost first
  std::string error_;
};

ConfigResult parse_config_chain(std::string_view text, const std::filesystem::path& file,
                                const RuleRegistry& registry, std::vector<std::filesystem::path>& chain) {
  toml::table root;
  try {
    root = toml::parse(text, file.string());
  } catch (const toml::parse_error& error) {
    return {std::nullopt, fmt::format("{}: {}", where(file, error.source()), error.description())};
  }
  std::error_code ignored;
  chain.push_back(std::filesystem::weakly_canonical(file, ignored));
  ConfigResult result = ConfigReader(file, registry, chain).read(root);
  chain.pop_back();
  return result;
}

ConfigResult load_config_chain(const std::filesystem::path& file, const RuleRegistry& registry,
                               std::vector<std::filesystem::path>& chain) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {std::nullopt, fmt::format("{}: cannot read the configuration file", file.string())};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config_chain(text.str(), file, registry, chain);
}

}  // namespace

const std::vector<NetworkKey>& network_keys() {
  using Kind = NetworkKey::Kind;
  using S = NetworkSettings;
  static const std::vector<NetworkKey> kKeys = {
      {"doi-resolver", Kind::url, &S::doi_resolver},
      {"crossref-api", Kind::url, &S::crossref_api},
      {"datacite-api", Kind::url, &S::datacite_api},
      {"europepmc-api", Kind::url, &S::europepmc_api},
      {"mailto", Kind::text, &S::mailto},
      {"cache", Kind::text, &S::cache_path},
      {"sources", Kind::text, &S::sources_dir},
      {"ca-file", Kind::file, &S::ca_file},
      {"retraction-records", Kind::file_or_folder, &S::retraction_records},
      {"offline", Kind::flag, &S::offline},
      {"fetch-pages", Kind::flag, &S::fetch_pages},
      {"allow-unverified", Kind::flag, &S::allow_unverified},
      {"allow-hosts", Kind::hosts, &S::allow_hosts},
      {"deny-hosts", Kind::hosts, &S::deny_hosts},
      {"timeout-seconds", Kind::positive_number, &S::request_timeout_seconds},
      {"deadline-seconds", Kind::positive_number, &S::deadline_seconds},
      {"rate", Kind::positive_number, &S::per_host_rate},
      {"site-rate", Kind::positive_number, &S::site_rate},
      {"site-deadline-seconds", Kind::positive_number, &S::site_deadline_seconds},
      {"concurrency", Kind::count, &S::per_host_concurrency},
      {"retries", Kind::count, &S::max_retries},
      {"found-ttl-days", Kind::count, &S::found_ttl_days},
      {"not-found-ttl-days", Kind::count, &S::not_found_ttl_days},
      {"site-concurrency", Kind::count, &S::site_concurrency},
  };
  return kKeys;
}

ConfigResult parse_config(std::string_view text, const std::filesystem::path& file,
                          const RuleRegistry& registry) {
  std::vector<std::filesystem::path> chain;
  return parse_config_chain(text, file, registry, chain);
}

ConfigResult load_config(const std::filesystem::path& file, const RuleRegistry& registry) {
  std::vector<std::filesystem::path> chain;
  return load_config_chain(file, registry, chain);
}

std::optional<std::filesystem::path> find_config_upward(std::filesystem::path folder) {
  std::error_code error;
  folder = std::filesystem::absolute(folder, error).lexically_normal();
  if (!folder.has_filename() && folder.has_parent_path()) folder = folder.parent_path();
  while (!folder.empty()) {
    const auto candidate = folder / kConfigFileName;
    if (std::filesystem::is_regular_file(candidate, error)) return candidate;
    if (folder == folder.parent_path()) break;
    folder = folder.parent_path();
  }
  return std::nullopt;
}

OptionValue parse_option_default(const RuleOptionSpec& spec) {
  const toml::table table = toml::parse(fmt::format("value = {}", spec.default_value));
  auto value = to_option_value(*table.get("value"), spec.type);
  if (!value) throw std::logic_error(fmt::format("bad default for rule option '{}'", spec.name));
  return std::move(*value);
}

std::vector<RulePlan> plan_rules(const RuleRegistry& registry, const Config& config,
                                 const RuleOverrides& overrides) {
  std::vector<RulePlan> plans;
  for (const auto& rule : registry.rules()) {
    const std::string_view id = rule->meta().id;
    RulePlan plan;
    plan.rule = rule.get();
    std::vector<std::pair<std::string, OptionValue>> values;
    for (const RuleOptionSpec& spec : rule->meta().options)
      values.emplace_back(spec.name, parse_option_default(spec));
    if (const auto found = config.rules.find(id); found != config.rules.end()) {
      const RuleSetting& setting = found->second;
      if (setting.enabled) plan.enabled = *setting.enabled;
      if (setting.level) plan.configured_level = *setting.level;
      for (const auto& [name, value] : setting.options) {
        for (auto& entry : values) {
          if (entry.first == name) entry.second = value;
        }
      }
    }
    const auto listed = [id](const std::vector<std::string>& ids) {
      return std::find(ids.begin(), ids.end(), id) != ids.end();
    };
    if (listed(overrides.enable)) plan.enabled = true;
    if (listed(overrides.disable)) plan.enabled = false;
    if (const auto level = overrides.levels.find(id); level != overrides.levels.end())
      plan.configured_level = level->second;
    if (plan.configured_level == Level::none) plan.enabled = false;
    plan.options = RuleOptions(std::move(values));
    plans.push_back(std::move(plan));
  }
  return plans;
}

}  // namespace reflint
