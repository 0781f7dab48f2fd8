#include <iostream>

#include "lint/cli/app.h"
#include "rules/register_all.h"

int main(int argc, char** argv) {
  reflint::RuleRegistry registry;
  reflint::register_all_rules(registry);
  return reflint::run_cli(argc, argv, registry, std::cin, std::cout, std::cerr);
}
