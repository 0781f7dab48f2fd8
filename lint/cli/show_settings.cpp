#include "lint/cli/show_settings.h"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>

namespace reflint {
namespace {

std::string literal(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}
std::string literal(const std::string& text) {
  return literal(std::string_view(text));
}
std::string literal(bool value) {
  return value ? "true" : "false";
}
std::string literal(int64_t value) {
  return fmt::format("{}", value);
}
std::string literal(int value) {
  return fmt::format("{}", value);
}
std::string literal(double value) {
  return fmt::format("{}", value);
}
std::string literal(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i > 0 ? ", " : "") + literal(items[i]);
  return out + "]";
}

/// "key = value", padded, then "# where it came from".
void line(std::ostream& out, std::string_view key, const std::string& value, const std::string& origin) {
  out << fmt::format("{:<40} # {}\n", fmt::format("{} = {}", key, value), origin);
}

std::string origin_of(const Config& config, const std::string& key) {
  const auto found = config.origins.find(key);
  return found == config.origins.end() ? "default" : found->second;
}

bool listed(const std::vector<std::string>& ids, std::string_view id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

void write_settings(std::ostream& out, const std::string& file, const Config& config, const Config& run,
                    const RuleRegistry& registry, const RuleOverrides& overrides) {
  out << fmt::format("# The settings reflint lints {} with (reflint --show-settings).\n", file);
  const auto name = [](const Config& of) {
    return of.file.empty() ? std::string("none (the defaults)") : of.file.generic_string();
  };
  out << fmt::format("# Its configuration: {}\n", name(config));
  out << fmt::format("# cross-page and [network] are the run's, from the current folder's: {}\n", name(run));
  line(out, "cross-page", literal(run.cross_page.value_or(true)), origin_of(run, "cross-page"));
  line(out, "exclude", literal(config.exclude),
       config.exclude.empty() ? "default"
                              : fmt::format("{} (relative to {})", origin_of(config, "exclude"),
                                            config.exclude_folder.generic_string()));
  out << "\n[citations]\n";
  for (const SectionKey& key : kCitationsKeys) {
    line(out, key.name, literal(config.analysis.citations.extra_heading_words),
         origin_of(config, fmt::format("citations.{}", key.name)));
  }
  out << "\n[network]\n";
  for (const NetworkKey& key : network_keys())
    line(out, key.name,
         std::visit([&](auto field) { return literal(run.settings.network.*field); }, key.field),
         origin_of(run, fmt::format("network.{}", key.name)));

  for (const RulePlan& plan : plan_rules(registry, config, overrides)) {
    const RuleMeta& meta = plan.rule->meta();
    const std::string prefix = fmt::format("rules.{}", meta.id);
    out << fmt::format("\n[{}]\n", prefix);
    line(out, "enabled", literal(plan.enabled),
         listed(overrides.enable, meta.id)    ? "command line (--enable)"
         : listed(overrides.disable, meta.id) ? "command line (--disable)"
                                              : origin_of(config, prefix + ".enabled"));
    const Level level = plan.configured_level.value_or(meta.default_level);
    line(out, "level", literal(level == Level::none ? "off" : to_string(level)),
         overrides.levels.contains(meta.id) ? "command line (--severity)"
                                            : origin_of(config, prefix + ".level"));
    for (const RuleOptionSpec& spec : meta.options) {
      const OptionValue& value = plan.options.get(spec.name);
      line(out, spec.name, std::visit([](const auto& held) { return literal(held); }, value),
           origin_of(config, fmt::format("{}.{}", prefix, spec.name)));
    }
  }
}

}  // namespace reflint
