#pragma once
// The man page and the shell completions, generated from the command line's own options and the
// rules' metadata, so that neither can drift from `reflint --help` and `reflint --list-rules`.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/core/registry.h"

namespace reflint {

struct ExitStatus {
  int code;
  std::string_view meaning;
};

/// What the generated texts describe besides the options and the rules.
struct ManualFacts {
  std::string_view version;
  std::vector<std::string_view> formats;  // --format's values
  std::vector<ExitStatus> exit_statuses;
};

/// reflint(1) in roff (man(7) macros).
std::string man_page(const CLI::App& app, const RuleRegistry& registry, const ManualFacts& facts);

/// The completion script for "bash", "zsh" or "fish"; nullopt for another shell.
std::optional<std::string> shell_completion(std::string_view shell, const CLI::App& app,
                                            const RuleRegistry& registry, const ManualFacts& facts);

}  // namespace reflint
