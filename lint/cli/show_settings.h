#pragma once
// --show-settings FILE: the configuration a file is linted with, as TOML that could be a
// .reflint.toml of its own, each value followed by where it came from: a configuration file's line,
// the command line, or the default.

#include <iosfwd>
#include <string>

#include "lint/core/config.h"

namespace reflint {

/// `config` is the file's (its rules, exclude and [citations]); `run` the configuration of the
/// folder reflint runs in, which gives a run's cross-page and [network].
void write_settings(std::ostream& out, const std::string& file, const Config& config, const Config& run,
                    const RuleRegistry& registry, const RuleOverrides& overrides);

}  // namespace reflint
