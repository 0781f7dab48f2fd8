#pragma once
// The command line: parses options, runs the linter, writes the report, returns the exit code
// (0: nothing at or above --fail-on; 1: findings at or above it; 2: usage, configuration or
// unreadable input; 3: incomplete, a rule failed on an input).

#include <iosfwd>

#include "lint/core/registry.h"

namespace reflint {

int run_cli(int argc, const char* const* argv, const RuleRegistry& registry, std::istream& in,
            std::ostream& out, std::ostream& err);

}  // namespace reflint
