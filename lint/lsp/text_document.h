#pragma once
// An open document's text as the language server holds it, and the conversions between byte
// offsets, reflint's positions (code points) and LSP positions (in the negotiated encoding's units:
// UTF-16 code units unless the client offered UTF-8 or UTF-32).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lint/model/document.h"

namespace reflint::lsp {

enum class PositionEncoding : uint8_t { utf8, utf16, utf32 };
/// "utf-8", "utf-16", "utf-32", as LSP 3.17 spells them.
std::string_view to_string(PositionEncoding encoding);

/// 0-based line and character, as LSP counts them.
struct LspPosition {
  uint32_t line = 0;
  uint32_t character = 0;
  friend bool operator==(const LspPosition&, const LspPosition&) = default;
};

class TextDocument {
 public:
  explicit TextDocument(std::string text);

  const std::string& text() const { return text_; }
  /// The byte offset of reflint's Position (1-based line, 1-based code-point column), clamped to
  /// the end of its line and of the text.
  size_t offset_of(Position position) const;
  /// The byte offset of an LSP position, clamped to the end of its line and of the text (a
  /// character inside a UTF-16 surrogate pair or a UTF-8 sequence means the character's start).
  size_t offset_of(LspPosition position, PositionEncoding encoding) const;
  LspPosition position_of(size_t offset, PositionEncoding encoding) const;
  /// Replaces the bytes [begin, end) with `replacement` (an edit of the editor's).
  void replace(size_t begin, size_t end, std::string_view replacement);

 private:
  void index_lines();
  /// The end of line `line`'s text, before its line break.
  size_t line_end(size_t line) const;

  std::string text_;
  std::vector<size_t> line_starts_;  // CRLF, LF and a lone CR each end a line, as LSP says
};

}  // namespace reflint::lsp
