#pragma once
// The parsed article: text blocks whose every character maps back to an exact source position,
// the element tree they came from, links, ids and comments. Built once by parse_html() and
// immutable afterwards; every rule reads the same instance, possibly from several threads. What is
// derived from it (citations, DOIs, quotations) is lint/analysis, computed when a rule asks.

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace reflint {

inline constexpr uint32_t kNoIndex = std::numeric_limits<uint32_t>::max();

/// 1-based line and column; the column counts Unicode code points (SARIF columnKind
/// "unicodeCodePoints"). CRLF, LF and a lone CR each end one line.
struct Position {
  uint32_t line = 0;
  uint32_t column = 0;
  friend bool operator==(const Position&, const Position&) = default;
  // NOLINTNEXTLINE(modernize-use-nullptr): the 0 of the synthesized <=> (clang-tidy < 18 bug, llvm #53961)
  friend auto operator<=>(const Position&, const Position&) = default;
};

/// A half-open byte range [begin, end) of Document::source().
struct SourceRange {
  uint32_t begin = 0;
  uint32_t end = 0;
  friend bool operator==(const SourceRange&, const SourceRange&) = default;
};

enum class BlockKind : uint8_t {
  paragraph,
  list_item,
  definition_term,
  definition_description,
  table_cell,
  table_header,
  blockquote,
  heading,
  figcaption,
  preformatted,
  bare_text,  // text directly inside div, section, article, main, body, ...
};
std::string_view to_string(BlockKind kind);

/// Where a block sits; several flags can hold at once.
enum BlockContext : uint16_t {
  kInNav = 1u << 0,
  kInHeader = 1u << 1,
  kInFooter = 1u << 2,
  kInAside = 1u << 3,
  kInFigure = 1u << 4,
  kInTable = 1u << 5,
  kInBlockquote = 1u << 6,
  kInList = 1u << 7,
  kInCode = 1u << 8,  // code, pre, kbd, samp
  kInForm = 1u << 9,
  kPageChrome = kInNav | kInHeader | kInFooter | kInAside,
};

struct Attribute {
  std::string name;  // lower-case
  std::string value;
};

struct Element {
  std::string tag;  // lower-case
  uint32_t parent = kNoIndex;
  uint32_t depth = 0;
  SourceRange start_tag;     // from '<' to just past '>' (empty for tags the parser implied)
  uint32_t end_offset = 0;   // just past the end tag, or where the parser closed the element
  uint32_t first_block = 0;  // blocks [first_block, end_block) were emitted while it was open
  uint32_t end_block = 0;
  std::vector<Attribute> attributes;

  /// The attribute's value, or nullptr when absent.
  const std::string* attribute(std::string_view name) const;
  bool has_class(std::string_view class_name) const;
};

/// An inline element (a, sup, sub, q, cite, em, code, ...) inside a block, as a range of the
/// block's text.
struct InlineSpan {
  uint32_t element = kNoIndex;
  uint32_t text_begin = 0;
  uint32_t text_end = 0;
};

/// Where each byte of a block's text came from, kept as runs: a byte maps onto the source range of
/// the character it belongs to. In a copied run the text repeats the source's layout byte for
/// byte (character boundaries are read from the text); in a replaced run every byte maps onto one
/// source range (an entity onto the whole "&amp;", a collapsed run of white space onto its first
/// character). Most blocks are a few runs, so positions cost a few bytes per block, not eight per
/// byte.
class TextPositions {
 public:
  /// Text bytes [text_at, text_at + length) copy the source from `source_at` on.
  void append_copied(uint32_t text_at, uint32_t source_at, uint32_t length);
  /// The text bytes from `text_at` on, up to the next append, all come from `source`.
  void append_replaced(uint32_t text_at, SourceRange source);
  /// The source range of the character holding byte `at` of `text` (the block's text).
  SourceRange character(std::string_view text, size_t at) const;
  bool empty() const { return runs_.empty(); }
  size_t run_count() const { return runs_.size(); }
  void shrink_to_fit() { runs_.shrink_to_fit(); }

 private:
  static constexpr uint32_t kCopied = std::numeric_limits<uint32_t>::max();
  struct Run {
    uint32_t text_begin = 0;
    uint32_t source_begin = 0;
    uint32_t source_end = kCopied;  // kCopied for a copied run
  };
  std::vector<Run> runs_;
};

struct TextBlock {
  BlockKind kind = BlockKind::paragraph;
  uint8_t heading_level = 0;    // 1..6 for headings
  uint16_t context = 0;         // BlockContext flags
  uint32_t element = kNoIndex;  // the block element, or the container of bare text
  std::string text;             // inline markup flattened, whitespace collapsed, trimmed
  TextPositions positions;      // the source range of each byte of `text`
  std::vector<InlineSpan> spans;

  bool in(uint16_t flags) const { return (context & flags) != 0; }
  /// Source range covered by text bytes [text_begin, text_end) (text_end > text_begin).
  SourceRange source_range(size_t text_begin, size_t text_end) const;
  SourceRange source_range() const { return source_range(0, text.size()); }
};

struct Link {
  std::string href;
  uint32_t element = kNoIndex;
  uint32_t block = kNoIndex;  // kNoIndex when the link has no text in any block
  uint32_t text_begin = 0;
  uint32_t text_end = 0;
};

struct Comment {
  std::string text;  // without "<!--" and "-->"
  SourceRange range;
};

enum class NoticeLevel : uint8_t { note, warning, error };

/// Something the tool could not do as asked (encoding problems, a rule that failed, a lookup that
/// could not be made); reported as a SARIF toolExecutionNotification and in the summary.
struct Notice {
  NoticeLevel level = NoticeLevel::warning;
  std::string message;
  std::string path;         // empty when not about one file
  Position position;        // line 0 when unknown
  std::string rule_id;      // empty when not about one rule
  bool unverified = false;  // a check that could not be made (a lookup that failed)
  friend bool operator==(const Notice&, const Notice&) = default;

  static Notice error(std::string message, std::string path = {}) {
    return {NoticeLevel::error, std::move(message), std::move(path), {}, {}};
  }
  static Notice warning(std::string message, std::string path = {}) {
    return {NoticeLevel::warning, std::move(message), std::move(path), {}, {}};
  }
  static Notice note(std::string message, std::string path = {}) {
    return {NoticeLevel::note, std::move(message), std::move(path), {}, {}};
  }
  Notice&& at(Position where) && {
    position = where;
    return std::move(*this);
  }
  Notice&& for_rule(std::string_view id) && {
    rule_id = id;
    return std::move(*this);
  }
};

class Document {
 public:
  /// The display path (as given on the command line, or --stdin-filename).
  const std::string& path() const { return path_; }
  /// The input decoded to UTF-8 (invalid bytes replaced by U+FFFD); every offset refers to it.
  const std::string& source() const { return source_; }
  const std::string& encoding() const { return encoding_; }
  const std::string& lang() const { return lang_; }
  /// The page's address as it declares it: <link rel=canonical>, else <meta property=og:url>;
  /// empty when it declares none. Copies and AMP or print versions name their original here.
  const std::string& canonical_url() const { return canonical_url_; }

  const std::vector<TextBlock>& blocks() const { return blocks_; }
  const std::vector<Element>& elements() const { return elements_; }
  const std::vector<Link>& links() const { return links_; }
  const std::vector<Comment>& comments() const { return comments_; }
  const std::vector<Notice>& notices() const { return notices_; }

  /// The element whose id attribute is `id` (else the <a> whose name is `id`), or kNoIndex.
  uint32_t element_by_id(std::string_view id) const;
  /// True when `element` is `ancestor` or lies inside it.
  bool is_inside(uint32_t element, uint32_t ancestor) const;

  Position position(uint32_t offset) const;
  /// Text of the given 1-based line, without its line break.
  std::string_view line_text(uint32_t line) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }

 private:
  friend class DocumentBuilder;
  std::string path_;
  std::string source_;
  std::string encoding_;
  std::string lang_;
  std::string canonical_url_;
  std::vector<TextBlock> blocks_;
  std::vector<Element> elements_;
  std::vector<Link> links_;
  std::vector<Comment> comments_;
  std::vector<Notice> notices_;
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<uint32_t> line_starts_;
  // Code points before every kCodePointStride-th byte, so a column costs O(stride), not O(line).
  std::vector<uint32_t> code_points_before_;
};

inline constexpr uint32_t kCodePointStride = 256;

}  // namespace reflint
