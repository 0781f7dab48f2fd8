#include <iostream>
#include <string_view>

#include "lint/cli/app.h"
#include "lint/lsp/server.h"
#include "rules/register_all.h"

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "lsp")
    return reflint::run_language_server(argc - 1, argv + 1, reflint::register_all_rules, std::cin, std::cout,
                                        std::cerr);
  reflint::RuleRegistry registry;
  reflint::register_all_rules(registry);
  return reflint::run_cli(argc, argv, registry, std::cin, std::cout, std::cerr);
}
