#pragma once
// Helpers shared by the test files.

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "lint/analysis/page_analyses.h"
#include "lint/cli/app.h"
#include "lint/core/registry.h"
#include "lint/html/parse.h"
#include "lint/model/document.h"

namespace reflint::testing {

struct CliRun {
  int exit_code = 0;
  std::string out;
  std::string err;
};

/// Runs the command line in process: `args` without the program name, `input` as standard input.
inline CliRun run_reflint(const RuleRegistry& registry, const std::vector<std::string>& args,
                          const std::string& input = "") {
  std::vector<const char*> argv = {"reflint"};
  argv.reserve(args.size() + 1);
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  std::istringstream in(input);
  std::ostringstream out;
  std::ostringstream err;
  const int code = run_cli(static_cast<int>(argv.size()), argv.data(), registry, in, out, err);
  return {code, out.str(), err.str()};
}

/// Runs `command` in a shell; its exit status (-1 when it did not exit), with its standard output
/// and error in `output`.
inline int run_command(const std::string& command, std::string& output) {
  output.clear();
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[4096];
  while (size_t read = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, read);
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

inline std::filesystem::path source_dir() {
  return REFLINT_SOURCE_DIR;
}
inline std::filesystem::path shared_dir() {
  return source_dir().parent_path() / "shared";
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

/// A parsed page with its analyses, as the runner gives them to rules.
class AnalysedPage {
 public:
  AnalysedPage(std::string path, std::string_view html)
      : document_(parse_html(std::move(path), html)), analyses_(*document_) {}
  const Document& document() const { return *document_; }
  const PageAnalyses& analyses() const { return analyses_; }
  const CitationModel& citations() const { return analyses_.citations(); }
  const std::vector<DoiMention>& dois() const { return analyses_.dois(); }
  const QuoteModel& quotes() const { return analyses_.quotes(); }
  const std::vector<TextBlock>& blocks() const { return document_->blocks(); }
  const std::string& source() const { return document_->source(); }
  Position position(uint32_t offset) const { return document_->position(offset); }

 private:
  std::unique_ptr<Document> document_;
  PageAnalyses analyses_;
};

inline std::unique_ptr<AnalysedPage> analyse(std::string path, std::string_view html) {
  return std::make_unique<AnalysedPage>(std::move(path), html);
}

struct Span {
  Position start;
  Position end;
};

/// Where the first block text containing `probe` places it in the source (start, exclusive end).
/// Fails the test when no block contains it.
inline Span find_text(const Document& document, std::string_view probe) {
  for (const TextBlock& block : document.blocks()) {
    const size_t at = block.text.find(probe);
    if (at == std::string::npos) continue;
    const SourceRange range = block.source_range(at, at + probe.size());
    return {document.position(range.begin), document.position(range.end)};
  }
  ADD_FAILURE() << "no block contains '" << probe << "'";
  return {};
}

}  // namespace reflint::testing
