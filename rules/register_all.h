#pragma once
#include "lint/core/registry.h"

namespace reflint {
/// Adds every rule reflint ships, in the order --list-rules shows them.
void register_all_rules(RuleRegistry& registry);
}  // namespace reflint
