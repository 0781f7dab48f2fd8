#include <nlohmann/json.hpp>
#include <ostream>

#include "lint/report/report.h"

namespace reflint {
namespace {

nlohmann::json location_json(const Location& location) {
  return {{"path", location.path},
          {"line", location.start.line},
          {"column", location.start.column},
          {"end_line", location.end.line},
          {"end_column", location.end.column}};
}

}  // namespace

void write_json_lines(std::ostream& out, const RunResult& result) {
  for (const Finding& finding : result.findings) {
    nlohmann::json line = location_json(finding.location);
    line["rule"] = finding.rule_id;
    line["level"] = to_string(finding.level);
    line["message"] = finding.message;
    line["fingerprint"] = finding.fingerprint;
    line["related"] = nlohmann::json::array();
    for (const RelatedLocation& related : finding.related) {
      nlohmann::json entry = location_json(related.location);
      entry["message"] = related.message;
      line["related"].push_back(std::move(entry));
    }
    if (!finding.fixes.empty()) {
      line["fixes"] = nlohmann::json::array();
      for (const Fix& fix : finding.fixes) {
        nlohmann::json entry = location_json(fix.location);
        entry["replacement"] = fix.replacement;
        entry["description"] = fix.description;
        entry["safe"] = fix.safe;
        line["fixes"].push_back(std::move(entry));
      }
    }
    out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
}

}  // namespace reflint
