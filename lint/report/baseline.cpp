#include "lint/report/baseline.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <tuple>

namespace reflint {
namespace {

using json = nlohmann::json;
constexpr int kBaselineVersion = 1;

using Key = std::tuple<std::string, std::string, std::string>;  // path, rule, fingerprint

Key key_of(const Finding& finding) {
  return {finding.location.path, finding.rule_id, finding.fingerprint};
}

}  // namespace

void write_baseline(std::ostream& out, const RunResult& result) {
  json entries = json::array();
  for (const Finding& finding : result.findings) {
    entries.push_back({{"path", finding.location.path},
                       {"rule", finding.rule_id},
                       {"fingerprint", finding.fingerprint},
                       {"level", std::string(to_string(finding.level))},
                       {"line", finding.location.start.line},
                       {"column", finding.location.start.column},
                       {"message", finding.message}});
  }
  out << json{{"reflint_baseline", kBaselineVersion}, {"findings", std::move(entries)}}.dump(1) << '\n';
}

std::variant<Baseline, std::string> read_baseline(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fmt::format("--baseline {}: cannot read the file", path);
  const json document = json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return fmt::format("--baseline {}: not JSON", path);
  if (!document.is_object() || document.value("reflint_baseline", json()) != kBaselineVersion ||
      !document.contains("findings") || !document["findings"].is_array()) {
    return fmt::format("--baseline {}: not a reflint baseline (version {}, written by --write-baseline)",
                       path, kBaselineVersion);
  }
  Baseline baseline;
  for (const json& entry : document["findings"]) {
    const auto text = [&](const char* name) -> std::optional<std::string> {
      if (!entry.is_object() || !entry.contains(name) || !entry[name].is_string()) return std::nullopt;
      return entry[name].get<std::string>();
    };
    const auto number = [&](const char* name) -> uint32_t {
      if (!entry.is_object() || !entry.contains(name) || !entry[name].is_number_unsigned()) return 0;
      return static_cast<uint32_t>(std::min<uint64_t>(entry[name].get<uint64_t>(), UINT32_MAX));
    };
    const auto path_value = text("path");
    const auto rule = text("rule");
    const auto fingerprint = text("fingerprint");
    if (!path_value || !rule || !fingerprint) {
      return fmt::format("--baseline {}: entry {} lacks its path, rule or fingerprint", path,
                         baseline.size() + 1);
    }
    Finding finding;
    finding.location.path = *path_value;
    finding.rule_id = *rule;
    finding.fingerprint = *fingerprint;
    finding.level = parse_level(text("level").value_or("")).value_or(Level::warning);
    finding.location.start = {std::max(1u, number("line")), std::max(1u, number("column"))};
    finding.location.end = finding.location.start;
    finding.message = text("message").value_or("");
    finding.baseline = BaselineState::absent;
    baseline.push_back(std::move(finding));
  }
  return baseline;
}

void apply_baseline(const Baseline& baseline, RunResult& result) {
  std::map<Key, std::vector<const Finding*>> held;  // the entries of each key, in file order
  for (const Finding& entry : baseline) held[key_of(entry)].push_back(&entry);
  std::map<Key, size_t> used;
  std::vector<Finding> unchanged;
  std::vector<Finding> added;
  for (Finding& finding : result.findings) {
    const Key key = key_of(finding);
    const auto entries = held.find(key);
    size_t& taken = used[key];
    if (entries != held.end() && taken < entries->second.size()) {
      ++taken;
      finding.baseline = BaselineState::unchanged;
      unchanged.push_back(std::move(finding));
    } else {
      finding.baseline = BaselineState::added;
      added.push_back(std::move(finding));
    }
  }
  result.findings = std::move(added);
  result.baseline_absent.clear();
  for (const auto& [key, entries] : held) {
    const size_t taken = used.contains(key) ? used.at(key) : 0;
    for (size_t i = taken; i < entries.size(); ++i) result.baseline_absent.push_back(*entries[i]);
  }
  std::stable_sort(result.baseline_absent.begin(), result.baseline_absent.end());  // count-aware: no dedup
  result.baseline_applied = true;
  result.baseline_unchanged = std::move(unchanged);
}

}  // namespace reflint
