#include "lint/cli/manual.h"

#include <fmt/format.h>

#include <algorithm>

namespace reflint {
namespace {

bool is_flag(const CLI::Option& option) {
  return option.get_expected_max() == 0;
}

/// The options of the man page and the completions: every named one, --help included.
std::vector<const CLI::Option*> named_options(const CLI::App& app) {
  return app.get_options([](const CLI::Option* option) { return !option->get_positional(); });
}

/// "-o, --output" style names, with their dashes.
std::vector<std::string> dashed_names(const CLI::Option& option) {
  std::vector<std::string> names;
  for (const std::string& name : option.get_snames()) names.push_back("-" + name);
  for (const std::string& name : option.get_lnames()) names.push_back("--" + name);
  return names;
}

/// The values an option takes, where they are a known set: formats, rule ids, a check's members.
std::vector<std::string> known_values(const CLI::Option& option, const RuleRegistry& registry,
                                      const ManualFacts& facts) {
  const std::vector<std::string>& long_names = option.get_lnames();
  const std::string name = long_names.empty() ? std::string() : long_names.front();
  std::vector<std::string> values;
  if (name == "format") {
    values.assign(facts.formats.begin(), facts.formats.end());
  } else if (name == "enable" || name == "disable" || name == "explain") {
    for (const auto& rule : registry.rules()) values.emplace_back(rule->meta().id);
  } else if (name == "severity") {
    for (const auto& rule : registry.rules()) {
      for (const char* level : {"error", "warning", "note", "off"})
        values.push_back(fmt::format("{}={}", rule->meta().id, level));
    }
  }
  // CLI::IsMember describes itself as "TEXT:{a,b,c}".
  const std::string type = option.get_type_name();
  const size_t open = type.find(":{");
  if (values.empty() && open != std::string::npos && type.back() == '}') {
    std::string_view members = std::string_view(type).substr(open + 2, type.size() - open - 3);
    while (!members.empty()) {
      const size_t comma = members.find(',');
      values.emplace_back(members.substr(0, comma));
      members = comma == std::string_view::npos ? std::string_view() : members.substr(comma + 1);
    }
  }
  return values;
}

/// Whether an option's value is a path: text without a known set of values, or a checked file,
/// folder or path (CLI11's "TEXT:FILE", "TEXT:DIR", "TEXT:PATH(existing)"), not a URL or a number.
bool takes_path(const CLI::Option& option, const std::vector<std::string>& values) {
  const std::string type = option.get_type_name();
  return !is_flag(option) && values.empty() &&
         (type == "TEXT" || type.ends_with(":FILE") || type.ends_with(":DIR") ||
          type.find(":PATH") != std::string::npos);
}

std::string joined(const std::vector<std::string>& words, std::string_view separator) {
  std::string text;
  for (const std::string& word : words) {
    if (!text.empty()) text += separator;
    text += word;
  }
  return text;
}

/// Text for a roff line: backslashes escaped, and a line that would start with a control character
/// protected.
std::string roff(std::string_view text) {
  std::string escaped;
  for (const char c : text) {
    if (c == '\\') {
      escaped += "\\e";
    } else {
      escaped += c;
    }
  }
  std::string protected_lines;
  bool line_start = true;
  for (const char c : escaped) {
    if (line_start && (c == '.' || c == '\'')) protected_lines += "\\&";
    protected_lines += c;
    line_start = c == '\n';
  }
  return protected_lines;
}

/// An option's or a command's name in roff: bold, its dashes as minus signs.
std::string roff_name(std::string_view name) {
  std::string text = "\\fB";
  for (const char c : name) text += c == '-' ? std::string("\\-") : std::string(1, c);
  return text + "\\fR";
}

std::string bash_completion(const CLI::App& app, const RuleRegistry& registry, const ManualFacts& facts) {
  std::string cases;
  std::vector<std::string> all_names;
  std::vector<std::string> path_options;
  std::vector<std::string> other_valued;
  for (const CLI::Option* option : named_options(app)) {
    const std::vector<std::string> names = dashed_names(*option);
    all_names.insert(all_names.end(), names.begin(), names.end());
    if (is_flag(*option)) continue;
    const std::vector<std::string> values = known_values(*option, registry, facts);
    if (!values.empty()) {
      cases += fmt::format("    {}) COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")); return ;;\n",
                           joined(names, "|"), joined(values, " "));
    } else if (takes_path(*option, values)) {
      path_options.insert(path_options.end(), names.begin(), names.end());
    } else {
      other_valued.insert(other_valued.end(), names.begin(), names.end());
    }
  }
  if (!path_options.empty())
    cases +=
        fmt::format("    {}) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n", joined(path_options, "|"));
  if (!other_valued.empty())
    cases += fmt::format("    {}) COMPREPLY=(); return ;;  # a number, a URL, a glob\n",
                         joined(other_valued, "|"));
  return fmt::format(
      "# bash completion for reflint {0} (generated by reflint --completion bash; do not edit)\n"
      "_reflint() {{\n"
      "  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}}\n"
      "  case $prev in\n"
      "{1}"
      "  esac\n"
      "  if [[ $cur == -* ]]; then\n"
      "    COMPREPLY=($(compgen -W \"{2}\" -- \"$cur\"))\n"
      "  elif ((COMP_CWORD == 1)); then\n"
      "    COMPREPLY=($(compgen -W \"merge lsp\" -- \"$cur\") $(compgen -f -- \"$cur\"))\n"
      "  else\n"
      "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
      "  fi\n"
      "}}\n"
      "complete -o filenames -o bashdefault -F _reflint reflint\n",
      facts.version, cases, joined(all_names, " "));
}

/// A description for zsh's _arguments (inside [...]) or fish's -d '...': its first clause, quoted.
std::string short_description(const CLI::Option& option) {
  std::string text = option.get_description();
  text = text.substr(0, text.find_first_of(";(\n"));
  while (!text.empty() && text.back() == ' ') text.pop_back();
  std::string quoted;
  for (const char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else if (c == '[' || c == ']' || c == ':') {
      quoted += ' ';
    } else {
      quoted += c;
    }
  }
  return quoted;
}

std::string zsh_completion(const CLI::App& app, const RuleRegistry& registry, const ManualFacts& facts) {
  std::string specs;
  for (const CLI::Option* option : named_options(app)) {
    const std::vector<std::string> names = dashed_names(*option);
    const std::vector<std::string> values = known_values(*option, registry, facts);
    std::string action;
    if (!is_flag(*option)) {
      action = !values.empty()               ? fmt::format(":value:({})", joined(values, " "))
               : takes_path(*option, values) ? std::string(":file:_files")
                                             : std::string(":value: ");
    }
    const std::string repeat =
        option->get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll ? "*" : "";
    if (names.size() == 1) {
      specs +=
          fmt::format("    '{}{}[{}]{}' \\\n", repeat, names.front(), short_description(*option), action);
    } else {
      specs += fmt::format("    '{}({})'{{{}}}'[{}]{}' \\\n", repeat, joined(names, " "), joined(names, ","),
                           short_description(*option), action);
    }
  }
  return fmt::format(
      "#compdef reflint\n"
      "# zsh completion for reflint {0} (generated by reflint --completion zsh; do not edit)\n"
      "_reflint() {{\n"
      "  _arguments -s \\\n"
      "{1}"
      "    '*:path:_files'\n"
      "}}\n"
      "_reflint \"$@\"\n",
      facts.version, specs);
}

std::string fish_completion(const CLI::App& app, const RuleRegistry& registry, const ManualFacts& facts) {
  std::string lines = fmt::format(
      "# fish completion for reflint {} (generated by reflint --completion fish; do not edit)\n"
      "complete -c reflint -n __fish_use_subcommand -a 'merge lsp'\n",
      facts.version);
  for (const CLI::Option* option : named_options(app)) {
    std::string line = "complete -c reflint";
    for (const std::string& name : option->get_snames()) line += " -s " + name;
    for (const std::string& name : option->get_lnames()) line += " -l " + name;
    line += fmt::format(" -d '{}'", short_description(*option));
    const std::vector<std::string> values = known_values(*option, registry, facts);
    if (!values.empty()) {
      line += fmt::format(" -x -a '{}'", joined(values, " "));
    } else if (takes_path(*option, values)) {
      line += " -r -F";
    } else if (!is_flag(*option)) {
      line += " -x";
    }
    lines += line + '\n';
  }
  return lines;
}

}  // namespace

std::string man_page(const CLI::App& app, const RuleRegistry& registry, const ManualFacts& facts) {
  std::string page = fmt::format(".TH REFLINT 1 \"\" \"reflint {}\" \"User Commands\"\n", facts.version);
  page += ".SH NAME\nreflint \\- reference integrity of article HTML\n";
  page += ".SH SYNOPSIS\n";
  page += fmt::format("{} [\\fIOPTIONS\\fR] [\\fIpaths\\fR...]\n.br\n", roff_name("reflint"));
  page += fmt::format("{} {} \\fISTATE\\fR... [\\fIOPTIONS\\fR]\n.br\n", roff_name("reflint"),
                      roff_name("merge"));
  page += fmt::format("{} {} [{}]\n", roff_name("reflint"), roff_name("lsp"), roff_name("--stdio"));
  page += ".SH DESCRIPTION\n" + roff(app.get_description()) + ".\n.PP\n";
  for (const CLI::Option* option : app.get_options([](const CLI::Option* o) { return o->get_positional(); }))
    page += fmt::format("\\fI{}\\fR: {}.\n", option->get_name(), roff(option->get_description()));
  if (!app.get_footer().empty()) page += ".PP\n" + roff(app.get_footer()) + "\n";
  page += ".SH OPTIONS\n";
  for (const CLI::Option* option : named_options(app)) {
    std::vector<std::string> names;
    for (const std::string& name : dashed_names(*option)) names.push_back(roff_name(name));
    page += ".TP\n" + joined(names, ", ");
    if (!is_flag(*option)) page += fmt::format(" \\fI{}\\fR", roff(option->get_type_name()));
    page += "\n" + roff(option->get_description()) + "\n";
  }
  page +=
      ".SH RULES\nEach rule's documentation, with an example, is \\fBreflint \\-\\-explain\\fR "
      "\\fIRULE\\fR.\n";
  for (const auto& rule : registry.rules()) {
    const RuleMeta& meta = rule->meta();
    page += fmt::format(".TP\n\\fB{}\\fR ({}, {}, {})\n{}\n", meta.id, to_string(meta.default_level),
                        meta.family, meta.needs_network ? "network" : "offline", roff(meta.description));
  }
  page += ".SH EXIT STATUS\n";
  for (const ExitStatus& status : facts.exit_statuses)
    page += fmt::format(".TP\n\\fB{}\\fR\n{}\n", status.code, roff(status.meaning));
  page +=
      ".SH FILES\n"
      ".TP\n\\fB.reflint.toml\\fR\n"
      "The nearest one above each input configures it (\\fB\\-\\-config\\fR overrides).\n"
      ".TP\n\\fB$XDG_CACHE_HOME/reflint/cache.sqlite\\fR\n"
      "The cache of registry answers and fetched pages (\\fB\\-\\-cache\\fR, \\fB\\-\\-no\\-cache\\fR).\n"
      ".SH ENVIRONMENT\n"
      ".TP\n\\fBNO_COLOR\\fR\nNo colour in the text report.\n"
      ".TP\n\\fBREFLINT_MAILTO\\fR\nThe contact address sent to the registries (\\fB\\-\\-mailto\\fR).\n"
      ".TP\n\\fBXDG_CACHE_HOME\\fR\nWhere the cache lives (default ~/.cache).\n";
  return page;
}

std::optional<std::string> shell_completion(std::string_view shell, const CLI::App& app,
                                            const RuleRegistry& registry, const ManualFacts& facts) {
  if (shell == "bash") return bash_completion(app, registry, facts);
  if (shell == "zsh") return zsh_completion(app, registry, facts);
  if (shell == "fish") return fish_completion(app, registry, facts);
  return std::nullopt;
}

}  // namespace reflint
