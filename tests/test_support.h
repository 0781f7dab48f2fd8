#pragma once
// Helpers shared by the test files.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "lint/model/document.h"

namespace reflint::testing {

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
