#pragma once
// reflint lsp: the language server (LSP 3.17 over standard input and output). Lints the open HTML
// documents off the main loop: offline on every change (after a short pause in typing; DOIs and
// sources answered from the cache), with the network on open and save; the open documents are
// compared with each other as the pages of one run. Offers the findings' fixes as quick fixes and
// each rule's documentation on hover.

#include <functional>
#include <iosfwd>

#include "lint/core/registry.h"

namespace reflint {

/// `reflint lsp [--stdio]`: serves one client until it says exit or its input ends, and returns the
/// exit code LSP asks for (0 after shutdown, else 1; 2 for a bad command line). `register_rules`
/// fills a fresh registry for each lint, since rules keep what they gather across one run's pages.
int run_language_server(int argc, const char* const* argv,
                        const std::function<void(RuleRegistry&)>& register_rules, std::istream& in,
                        std::ostream& out, std::ostream& err);

}  // namespace reflint
