#include "rules/register_all.h"

namespace reflint {

void register_all_rules(RuleRegistry& registry) {
  (void)registry;
}

}  // namespace reflint
