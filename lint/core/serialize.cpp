#include "lint/core/serialize.h"

#include <stdexcept>

namespace reflint {
namespace {

using nlohmann::json;

NoticeLevel notice_level_of(const std::string& name) {
  const std::optional<NoticeLevel> level = parse_notice_level(name);
  if (!level) throw std::invalid_argument("unknown notice level '" + name + "'");
  return *level;
}

}  // namespace

void to_json(json& out, Level level) {
  out = to_string(level);
}

void from_json(const json& in, Level& level) {
  const std::optional<Level> read = parse_level(in.get<std::string>());
  if (!read) throw std::invalid_argument("unknown level '" + in.get<std::string>() + "'");
  level = *read;
}

void to_json(json& out, const Location& location) {
  out = {{"path", location.path},
         {"range", {location.range.begin, location.range.end}},
         {"start", {location.start.line, location.start.column}},
         {"end", {location.end.line, location.end.column}},
         {"snippet", location.snippet},
         {"excerpt", location.line_excerpt},
         {"excerpt_column", location.excerpt_column},
         {"continues", location.line_continues}};
}

void from_json(const json& in, Location& location) {
  in.at("path").get_to(location.path);
  location.range = {in.at("range").at(0).get<uint32_t>(), in.at("range").at(1).get<uint32_t>()};
  location.start = {in.at("start").at(0).get<uint32_t>(), in.at("start").at(1).get<uint32_t>()};
  location.end = {in.at("end").at(0).get<uint32_t>(), in.at("end").at(1).get<uint32_t>()};
  in.at("snippet").get_to(location.snippet);
  in.at("excerpt").get_to(location.line_excerpt);
  in.at("excerpt_column").get_to(location.excerpt_column);
  in.at("continues").get_to(location.line_continues);
}

void to_json(json& out, const Finding& finding) {
  json related = json::array();
  for (const RelatedLocation& other : finding.related)
    related.push_back({{"location", other.location}, {"message", other.message}});
  json fixes = json::array();
  for (const Fix& fix : finding.fixes) {
    fixes.push_back({{"description", fix.description},
                     {"location", fix.location},
                     {"replacement", fix.replacement},
                     {"safe", fix.safe}});
  }
  out = {{"rule", finding.rule_id},       {"level", finding.level},
         {"message", finding.message},    {"location", finding.location},
         {"related", std::move(related)}, {"fingerprint", finding.fingerprint},
         {"fixes", std::move(fixes)}};
}

void from_json(const json& in, Finding& finding) {
  in.at("rule").get_to(finding.rule_id);
  in.at("level").get_to(finding.level);
  in.at("message").get_to(finding.message);
  in.at("location").get_to(finding.location);
  for (const json& other : in.at("related"))
    finding.related.push_back({other.at("location").get<Location>(), other.at("message").get<std::string>()});
  in.at("fingerprint").get_to(finding.fingerprint);
  for (const json& fix : in.at("fixes")) {
    finding.fixes.push_back({fix.at("description").get<std::string>(), fix.at("location").get<Location>(),
                             fix.at("replacement").get<std::string>(), fix.at("safe").get<bool>()});
  }
}

void to_json(json& out, const Notice& notice) {
  out = {{"level", to_string(notice.level)},
         {"message", notice.message},
         {"path", notice.path},
         {"position", {notice.position.line, notice.position.column}},
         {"rule", notice.rule_id},
         {"unverified", notice.unverified}};
}

void from_json(const json& in, Notice& notice) {
  notice.level = notice_level_of(in.at("level").get<std::string>());
  in.at("message").get_to(notice.message);
  in.at("path").get_to(notice.path);
  notice.position = {in.at("position").at(0).get<uint32_t>(), in.at("position").at(1).get<uint32_t>()};
  in.at("rule").get_to(notice.rule_id);
  in.at("unverified").get_to(notice.unverified);
}

}  // namespace reflint
