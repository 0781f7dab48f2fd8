#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "lint/report/report.h"
#include "reflint/version.h"

namespace reflint {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kSchema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
constexpr const char* kSourceRoot = "%SRCROOT%";

std::string percent_encode_path(std::string_view path) {
  std::string out;
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    const bool plain = std::isalnum(byte) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~';
    out += plain ? std::string(1, c) : fmt::format("%{:02X}", byte);
  }
  return out;
}

/// A path relative to the current folder becomes a uri under %SRCROOT%; anything outside it an
/// absolute file: uri; a fetched page's URL stays as it is.
json artifact_location(const std::string& path) {
  if (is_http_url(path)) return {{"uri", path}};  // a fetched page
  std::error_code error;
  const fs::path root = fs::current_path(error);
  const fs::path absolute = fs::absolute(path, error).lexically_normal();
  const fs::path relative = absolute.lexically_relative(root);
  if (!relative.empty() && *relative.begin() != "..") {
    return {{"uri", percent_encode_path(relative.generic_string())}, {"uriBaseId", kSourceRoot}};
  }
  return {{"uri", "file://" + percent_encode_path(absolute.generic_string())}};
}

json region(const Location& location) {
  return {{"startLine", location.start.line},
          {"startColumn", location.start.column},
          {"endLine", location.end.line},
          {"endColumn", location.end.column}};
}

json physical_location(const Location& location) {
  return {{"artifactLocation", artifact_location(location.path)}, {"region", region(location)}};
}

std::string_view sarif_level(Level level) {
  return level == Level::error ? "error" : level == Level::warning ? "warning" : "note";
}

json rule_descriptor(const Rule& rule) {
  const RuleMeta& meta = rule.meta();
  json tags = json::array({std::string(meta.family), meta.needs_network ? "network" : "offline"});
  return {{"id", meta.id},
          {"name", rule_name(meta.id)},
          {"shortDescription", {{"text", meta.summary}}},
          {"fullDescription", {{"text", meta.description}}},
          {"help", {{"text", meta.help}, {"markdown", meta.help}}},
          {"helpUri", fmt::format("{}/blob/main/docs/rules/{}.md", kInformationUri, meta.id)},
          {"defaultConfiguration", {{"level", sarif_level(meta.default_level)}}},
          {"properties", {{"tags", tags}, {"precision", to_string(meta.precision)}}}};
}

/// Line hashes per file, computed from the file on disk as GitHub's upload action does.
class LineHashes {
 public:
  const std::string* find(const std::string& path, uint32_t line) {
    auto found = cache_.find(path);
    if (found == cache_.end()) {
      std::vector<std::string> hashes;
      std::ifstream in(path, std::ios::binary);
      if (in) {
        std::ostringstream bytes;
        bytes << in.rdbuf();
        hashes = line_hashes(bytes.str());
      }
      found = cache_.emplace(path, std::move(hashes)).first;
    }
    if (line == 0 || line > found->second.size() || found->second[line - 1].empty()) return nullptr;
    return &found->second[line - 1];
  }

 private:
  std::map<std::string, std::vector<std::string>> cache_;
};

std::string_view baseline_state(BaselineState state) {
  switch (state) {
    case BaselineState::added:
      return "new";
    case BaselineState::unchanged:
      return "unchanged";
    case BaselineState::absent:
      return "absent";
    case BaselineState::none:
      break;
  }
  return "";
}

}  // namespace

void write_sarif(std::ostream& out, const RunResult& result, const ReportOptions& options) {
  json rules = json::array();
  std::map<std::string_view, size_t> rule_index;
  for (const Rule* rule : result.enabled_rules) {
    rule_index[rule->meta().id] = rules.size();
    rules.push_back(rule_descriptor(*rule));
  }

  LineHashes hashes;
  json results = json::array();
  std::vector<const Finding*> reported;
  for (const std::vector<Finding>* group :
       {&result.findings, &result.baseline_unchanged, &result.baseline_absent}) {
    for (const Finding& finding : *group) reported.push_back(&finding);
  }
  for (const Finding* reported_finding : reported) {
    const Finding& finding = *reported_finding;
    json item = {{"ruleId", finding.rule_id},
                 {"level", sarif_level(finding.level)},
                 {"message", {{"text", finding.message}}},
                 {"locations", json::array({{{"physicalLocation", physical_location(finding.location)}}})}};
    if (const auto index = rule_index.find(finding.rule_id); index != rule_index.end())
      item["ruleIndex"] = index->second;
    json fingerprints = {{"reflint/content/v1", finding.fingerprint}};
    const bool gone = finding.baseline == BaselineState::absent;  // its line now holds other text
    if (const std::string* hash =
            gone ? nullptr : hashes.find(finding.location.path, finding.location.start.line)) {
      fingerprints["primaryLocationLineHash"] = *hash;
    }
    item["partialFingerprints"] = std::move(fingerprints);
    if (finding.baseline != BaselineState::none) item["baselineState"] = baseline_state(finding.baseline);
    if (!finding.related.empty()) {
      json related = json::array();
      for (const RelatedLocation& other : finding.related) {
        related.push_back({{"id", related.size() + 1},
                           {"physicalLocation", physical_location(other.location)},
                           {"message", {{"text", other.message}}}});
      }
      item["relatedLocations"] = std::move(related);
    }
    if (!finding.fixes.empty()) {
      json fixes = json::array();
      for (const Fix& fix : finding.fixes) {
        json& entry = fixes.emplace_back(json{
            {"description", {{"text", fix.description}}},
            {"artifactChanges",
             json::array(
                 {{{"artifactLocation", artifact_location(fix.location.path)},
                   {"replacements", json::array({{{"deletedRegion", region(fix.location)},
                                                  {"insertedContent", {{"text", fix.replacement}}}}})}}})}});
        if (!fix.safe)
          entry["properties"] = {{"reflint/suggestion", true}};  // applied only with --unsafe-fixes
      }
      item["fixes"] = std::move(fixes);
    }
    results.push_back(std::move(item));
  }

  json notifications = json::array();
  for (const Notice& notice : result.notices) {
    json item = {{"level", to_string(notice.level)}, {"message", {{"text", notice.message}}}};
    if (!notice.path.empty()) {
      json location = {{"artifactLocation", artifact_location(notice.path)}};
      if (notice.position.line > 0) {
        location["region"] = {{"startLine", notice.position.line}, {"startColumn", notice.position.column}};
      }
      item["locations"] = json::array({{{"physicalLocation", location}}});
    }
    if (!notice.rule_id.empty()) item["associatedRule"] = {{"id", notice.rule_id}};
    notifications.push_back(std::move(item));
  }
  if (!result.fatal_error.empty()) {
    notifications.push_back({{"level", "error"}, {"message", {{"text", result.fatal_error}}}});
  }

  std::error_code error;
  std::string root = fs::current_path(error).generic_string();
  if (!root.ends_with('/')) root += '/';
  json invocation = {{"executionSuccessful", result.fatal_error.empty() && result.unreadable_inputs == 0 &&
                                                 result.rule_failures == 0 && result.unverified_checks == 0},
                     {"exitCode", options.exit_code},
                     {"toolExecutionNotifications", std::move(notifications)}};
  json run = {{"tool",
               {{"driver",
                 {{"name", "reflint"},
                  {"version", kVersion},
                  {"semanticVersion", kVersion},
                  {"informationUri", kInformationUri},
                  {"rules", std::move(rules)}}}}},
              {"originalUriBaseIds", {{kSourceRoot, {{"uri", "file://" + percent_encode_path(root)}}}}},
              {"columnKind", "unicodeCodePoints"},
              {"invocations", json::array({std::move(invocation)})},
              {"results", std::move(results)}};
  const json log = {{"$schema", kSchema}, {"version", "2.1.0"}, {"runs", json::array({std::move(run)})}};
  out << log.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace reflint
