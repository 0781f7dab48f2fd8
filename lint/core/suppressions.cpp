#include "lint/core/suppressions.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace reflint {
namespace {

enum class Directive : uint8_t { disable, enable, disable_next };

struct ParsedDirective {
  Directive kind;
  std::vector<std::string> rules;
};

std::vector<std::string> split_rule_list(std::string_view text) {
  std::vector<std::string> rules;
  std::string current;
  for (const char c : text) {
    if (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!current.empty()) rules.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) rules.push_back(std::move(current));
  return rules;
}

std::optional<ParsedDirective> parse_directive(std::string_view comment) {
  const size_t start = comment.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return std::nullopt;
  comment.remove_prefix(start);
  // Longest keyword first: "reflint-disable-next" also starts with "reflint-disable".
  constexpr std::pair<std::string_view, Directive> kKeywords[] = {
      {"reflint-disable-next", Directive::disable_next},
      {"reflint-disable", Directive::disable},
      {"reflint-enable", Directive::enable},
  };
  for (const auto& [keyword, kind] : kKeywords) {
    if (!comment.starts_with(keyword)) continue;
    const std::string_view rest = comment.substr(keyword.size());
    if (!rest.empty() && rest[0] != ' ' && rest[0] != '\t' && rest[0] != '\n' && rest[0] != '\r')
      return std::nullopt;
    return ParsedDirective{kind, split_rule_list(rest)};
  }
  return std::nullopt;
}

bool names_rule(const std::vector<std::string>& rules, std::string_view id) {
  return rules.empty() || std::find(rules.begin(), rules.end(), id) != rules.end();
}

}  // namespace

Suppressions Suppressions::collect(const Document& document, const RuleRegistry& registry,
                                   std::vector<Notice>& notices) {
  Suppressions result;
  const auto check_names = [&](const std::vector<std::string>& rules, uint32_t offset) {
    for (const std::string& rule : rules) {
      if (registry.find(rule) == nullptr) {
        notices.push_back(
            Notice::warning(
                fmt::format("suppression names unknown rule '{}' (see reflint --list-rules)", rule),
                document.path())
                .at(document.position(offset)));
      }
    }
  };
  const auto end_of_source = static_cast<uint32_t>(document.source().size());

  struct Open {
    uint32_t begin;
    std::vector<std::string> rules;
  };
  std::vector<Open> open;
  for (const Comment& comment : document.comments()) {
    const auto directive = parse_directive(comment.text);
    if (!directive) continue;
    check_names(directive->rules, comment.range.begin);
    switch (directive->kind) {
      case Directive::disable:
        open.push_back({comment.range.end, directive->rules});
        break;
      case Directive::enable:
        // Closes the matching open ranges: all of them for a bare enable, else those it names.
        for (auto it = open.begin(); it != open.end();) {
          const bool closes = directive->rules.empty() || it->rules == directive->rules;
          if (closes) {
            result.ranges_.push_back({{it->begin, comment.range.begin}, it->rules});
            it = open.erase(it);
          } else {
            ++it;
          }
        }
        break;
      case Directive::disable_next: {
        const auto next =
            std::find_if(document.blocks().begin(), document.blocks().end(), [&](const TextBlock& block) {
              return !block.positions.empty() && block.source_range().begin >= comment.range.end;
            });
        if (next != document.blocks().end()) {
          const uint32_t block_end = next->source_range().end;
          const uint32_t element_end =
              next->element != kNoIndex ? document.elements()[next->element].end_offset : block_end;
          result.ranges_.push_back({{comment.range.end, std::max(block_end, element_end)}, directive->rules});
        }
        break;
      }
    }
  }
  for (Open& range : open) result.ranges_.push_back({{range.begin, end_of_source}, std::move(range.rules)});

  for (const Element& element : document.elements()) {
    const std::string* ignore = element.attribute("data-reflint-ignore");
    if (ignore == nullptr) continue;
    auto rules = split_rule_list(*ignore);
    check_names(rules, element.start_tag.begin);
    result.ranges_.push_back(
        {{element.start_tag.begin, std::max(element.end_offset, element.start_tag.end)}, std::move(rules)});
  }
  return result;
}

bool Suppressions::suppresses(std::string_view rule_id, uint32_t offset) const {
  return std::any_of(ranges_.begin(), ranges_.end(), [&](const Range& range) {
    return offset >= range.range.begin && offset < range.range.end && names_rule(range.rules, rule_id);
  });
}

nlohmann::json Suppressions::save() const {
  nlohmann::json saved = nlohmann::json::array();
  for (const Range& range : ranges_) saved.push_back({range.range.begin, range.range.end, range.rules});
  return saved;
}

Suppressions Suppressions::load(const nlohmann::json& saved) {
  Suppressions loaded;
  for (const nlohmann::json& range : saved) {
    loaded.ranges_.push_back({{range.at(0).get<uint32_t>(), range.at(1).get<uint32_t>()},
                              range.at(2).get<std::vector<std::string>>()});
  }
  return loaded;
}

}  // namespace reflint
