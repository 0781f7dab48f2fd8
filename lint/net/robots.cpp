#include "lint/net/robots.h"

#include <cstdlib>

#include "lint/text/ascii.h"

namespace reflint {
namespace {

/// Whether `pattern` (with `*` and a final `$`) matches a prefix of `path` (or all of it, with `$`).
bool pattern_matches(std::string_view pattern, std::string_view path) {
  const bool anchored = pattern.ends_with('$');
  if (anchored) pattern.remove_suffix(1);
  // Greedy matching with backtracking to the last `*`: linear in practice, never recursive.
  size_t p = 0;
  size_t s = 0;
  size_t star = std::string_view::npos;
  size_t resume = 0;
  while (true) {
    if (p == pattern.size()) {
      if (!anchored || s == path.size()) return true;
    } else if (pattern[p] == '*') {
      star = p++;
      resume = s;
      continue;
    } else if (s < path.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
      continue;
    }
    if (star == std::string_view::npos || resume >= path.size()) return false;
    p = star + 1;
    s = ++resume;
  }
}

/// Percent-encoded octets of unreserved characters decoded and hex digits upper-cased, so that a
/// rule and a path that write one character differently compare equal.
std::string normalise_encoding(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      const char decoded = static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      if (is_ascii_alnum(decoded) || decoded == '-' || decoded == '.' || decoded == '_' || decoded == '~') {
        out += decoded;
      } else {
        out += '%';
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(text[i + 1])));
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(text[i + 2])));
      }
      i += 2;
      continue;
    }
    out += text[i];
  }
  return out;
}

}  // namespace

RobotsRules RobotsRules::disallow_all() {
  RobotsRules rules;
  rules.rules_.push_back({false, "/"});
  return rules;
}

RobotsRules RobotsRules::parse(std::string_view text, std::string_view agent) {
  const std::string wanted = lower_ascii(agent);
  RobotsRules mine;  // the groups naming `agent`
  RobotsRules any;   // the `*` groups
  bool named = false;
  // Consecutive user-agent lines open one group; the first rule line ends its list of agents.
  bool in_agents = false;
  bool group_mine = false;
  bool group_any = false;
  size_t at = 0;
  while (at <= text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    if (const size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string key = lower_ascii(trim_ascii(line.substr(0, colon)));
    const std::string_view value = trim_ascii(line.substr(colon + 1));
    if (key == "sitemap") {
      if (!value.empty()) mine.sitemaps_.emplace_back(value);
      continue;
    }
    if (key == "user-agent") {
      if (!in_agents) group_mine = group_any = false;
      in_agents = true;
      const std::string token = lower_ascii(value);
      if (token == "*") group_any = true;
      if (token == wanted || token.starts_with(wanted + "/")) group_mine = named = true;
      continue;
    }
    in_agents = false;
    if (key != "allow" && key != "disallow" && key != "crawl-delay") continue;
    for (RobotsRules* target : {group_mine ? &mine : nullptr, group_any ? &any : nullptr}) {
      if (target == nullptr) continue;
      if (key == "crawl-delay") {
        char* stop = nullptr;
        const std::string number(value);
        const double seconds = std::strtod(number.c_str(), &stop);
        if (stop != number.c_str() && seconds > 0) target->crawl_delay_ = seconds;
      } else if (!value.empty()) {  // an empty Disallow allows everything: no rule
        target->rules_.push_back({key == "allow", normalise_encoding(value)});
      }
    }
  }
  if (!named) {
    any.sitemaps_ = std::move(mine.sitemaps_);
    return any;
  }
  return mine;
}

bool RobotsRules::allows(std::string_view path_and_query) const {
  if (rules_.empty()) return true;
  const std::string path = normalise_encoding(path_and_query.empty() ? "/" : path_and_query);
  size_t longest = 0;
  bool allowed = true;
  bool matched = false;
  for (const Rule& rule : rules_) {
    if (!pattern_matches(rule.pattern, path)) continue;
    const size_t length = rule.pattern.size();
    if (!matched || length > longest || (length == longest && rule.allow)) {
      allowed = rule.allow;
      longest = length;
      matched = true;
    }
  }
  return allowed;
}

}  // namespace reflint
