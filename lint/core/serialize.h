#pragma once
// Findings, locations and notices as JSON and back, losslessly (byte offsets, positions, excerpts),
// for the state a shard writes (--shard) and `reflint merge` reads.

#include <nlohmann/json.hpp>

#include "lint/core/finding.h"

namespace reflint {

void to_json(nlohmann::json& out, const Location& location);
void from_json(const nlohmann::json& in, Location& location);
void to_json(nlohmann::json& out, const Finding& finding);
void from_json(const nlohmann::json& in, Finding& finding);
void to_json(nlohmann::json& out, const Notice& notice);
void from_json(const nlohmann::json& in, Notice& notice);

}  // namespace reflint
