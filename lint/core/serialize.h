#pragma once
// Findings, locations and notices as JSON and back, losslessly (byte offsets, positions, excerpts),
// for the state a shard writes (--shard) and `reflint merge` reads.

#include <nlohmann/json.hpp>

#include "lint/core/finding.h"

namespace reflint {

/// A level as its name ("error", "off" read as "none"); an unknown name throws.
void to_json(nlohmann::json& out, Level level);
void from_json(const nlohmann::json& in, Level& level);
void to_json(nlohmann::json& out, const Location& location);
void from_json(const nlohmann::json& in, Location& location);
void to_json(nlohmann::json& out, const Finding& finding);
void from_json(const nlohmann::json& in, Finding& finding);
void to_json(nlohmann::json& out, const Notice& notice);
void from_json(const nlohmann::json& in, Notice& notice);

}  // namespace reflint
