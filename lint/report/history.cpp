#include "lint/report/history.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

namespace reflint {
namespace {

using json = nlohmann::json;

std::map<std::string, size_t> counts_of(const json& value) {
  std::map<std::string, size_t> counts;
  if (!value.is_object()) return counts;
  for (const auto& [key, count] : value.items()) {
    if (count.is_number_unsigned()) counts[key] = count.get<size_t>();
  }
  return counts;
}

size_t count_of(const json& record, const char* key) {
  const auto found = record.find(key);
  return found != record.end() && found->is_number_unsigned() ? found->get<size_t>() : 0;
}

}  // namespace

RunRecord record_run(const RunResult& result, std::string time) {
  RunRecord record;
  record.time = std::move(time);
  record.pages = result.files.size() - result.unreadable_inputs;
  record.findings = result.findings.size();
  for (const Finding& finding : result.findings) {
    ++record.levels[std::string(to_string(finding.level))];
    ++record.rules[finding.rule_id];
  }
  record.lookups = result.lookups;
  return record;
}

std::string current_time() {
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
    char* end = nullptr;
    const long long seconds = std::strtoll(epoch, &end, 10);
    if (end != nullptr && *end == '\0')
      now = std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
  }
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(now));
}

std::variant<std::vector<RunRecord>, std::string> read_history(const std::string& path) {
  std::vector<RunRecord> records;
  std::ifstream in(path, std::ios::binary);
  if (!in) return records;  // the first run of a history
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    const json record = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!record.is_object() || !record.contains("time") || !record["time"].is_string()) {
      return fmt::format("--history {}:{}: not a run record (written by --history)", path, number);
    }
    records.push_back({record["time"].get<std::string>(), count_of(record, "pages"),
                       count_of(record, "findings"), counts_of(record.value("levels", json())),
                       counts_of(record.value("rules", json())), count_of(record, "lookups")});
  }
  return records;
}

bool append_history(const std::string& path, const RunRecord& record) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << json{{"time", record.time},     {"pages", record.pages}, {"findings", record.findings},
              {"levels", record.levels}, {"rules", record.rules}, {"lookups", record.lookups}}
             .dump()
      << '\n';
  return static_cast<bool>(out);
}

std::string change_since(const RunRecord& previous, const RunRecord& current) {
  std::map<std::string, long long> delta;
  for (const auto& [rule, count] : current.rules) delta[rule] += static_cast<long long>(count);
  for (const auto& [rule, count] : previous.rules) delta[rule] -= static_cast<long long>(count);
  std::vector<std::string> changes;
  for (const auto& [rule, change] : delta) {
    if (change != 0) changes.push_back(fmt::format("{:+} {}", change, rule));
  }
  if (changes.empty()) return fmt::format("since the last run ({}): no change", previous.time);
  const long long total =
      static_cast<long long>(current.findings) - static_cast<long long>(previous.findings);
  const std::string overall = total == 0  ? "as many findings"
                              : total > 0 ? fmt::format("{} more finding{}", total, total == 1 ? "" : "s")
                                          : fmt::format("{} fewer finding{}", -total, total == -1 ? "" : "s");
  return fmt::format("since the last run ({}): {} ({})", previous.time, overall, fmt::join(changes, ", "));
}

}  // namespace reflint
