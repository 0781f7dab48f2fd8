#include "lint/html/parse.h"

#include <fmt/format.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "lint/html/encoding.h"
#include "lint/model/document_builder.h"
#include "lint/text/ascii.h"

namespace reflint {
namespace {

enum class ElementRole : uint8_t { inline_element, block, container, ignored };

struct TagInfo {
  ElementRole role;
  BlockKind kind = BlockKind::bare_text;
  uint8_t heading_level = 0;
};

/// How each known tag takes part in text blocks; a tag not listed is an inline element.
const TagInfo* find_tag(std::string_view tag) {
  static const std::unordered_map<std::string_view, TagInfo> kTags = [] {
    std::unordered_map<std::string_view, TagInfo> tags;
    const std::pair<std::string_view, BlockKind> blocks[] = {
        {"p", BlockKind::paragraph},           {"li", BlockKind::list_item},
        {"dt", BlockKind::definition_term},    {"dd", BlockKind::definition_description},
        {"td", BlockKind::table_cell},         {"th", BlockKind::table_header},
        {"blockquote", BlockKind::blockquote}, {"figcaption", BlockKind::figcaption},
        {"caption", BlockKind::figcaption},    {"pre", BlockKind::preformatted},
    };
    for (const auto& [name, kind] : blocks) tags[name] = {ElementRole::block, kind, 0};
    constexpr std::string_view kHeadings[] = {"h1", "h2", "h3", "h4", "h5", "h6"};
    for (uint8_t level = 1; level <= 6; ++level)
      tags[kHeadings[level - 1]] = {ElementRole::block, BlockKind::heading, level};
    // Elements whose content is never article text.
    for (const std::string_view name :
         {"script", "style", "template", "noscript", "svg", "math", "head", "title", "iframe", "object",
          "select", "option", "textarea", "button", "canvas"}) {
      tags[name] = {ElementRole::ignored};
    }
    // Elements that break text into separate blocks without being text blocks themselves.
    for (const std::string_view name :
         {"html", "body",   "div",    "section", "article",  "main",    "header",   "footer",
          "nav",  "aside",  "figure", "form",    "fieldset", "address", "details",  "summary",
          "ul",   "ol",     "dl",     "table",   "thead",    "tbody",   "tfoot",    "tr",
          "hr",   "center", "hgroup", "menu",    "legend",   "dialog",  "frameset", "search"}) {
      tags[name] = {ElementRole::container};
    }
    return tags;
  }();
  const auto found = kTags.find(tag);
  return found == kTags.end() ? nullptr : &found->second;
}

/// `wraps_page`: a <form> that is a child of <body> holds the whole page (ASP.NET Web Forms, D-Lib's
/// search form around the article), not a form's fields.
uint16_t context_of(std::string_view tag, const Element& element, uint16_t parent_context, bool in_article,
                    bool wraps_page) {
  uint16_t context = parent_context;
  const std::string* role = element.attribute("role");
  const std::string_view role_value = role != nullptr ? std::string_view(*role) : std::string_view();
  if (tag == "nav" || role_value == "navigation") context |= kInNav;
  // A header or footer inside an article is the article's own, not page chrome.
  if ((tag == "header" && !in_article) || role_value == "banner") context |= kInHeader;
  if ((tag == "footer" && !in_article) || role_value == "contentinfo") context |= kInFooter;
  if (tag == "aside" || role_value == "complementary") context |= kInAside;
  if (tag == "figure") context |= kInFigure;
  if (tag == "table") context |= kInTable;
  if (tag == "blockquote") context |= kInBlockquote;
  if (tag == "ul" || tag == "ol" || tag == "dl") context |= kInList;
  if (tag == "pre" || tag == "code" || tag == "kbd" || tag == "samp") context |= kInCode;
  if (tag == "form" && !wraps_page) context |= kInForm;
  return context;
}

bool is_hidden(const Element& element) {
  if (element.attribute("hidden") != nullptr) return true;
  const std::string* aria = element.attribute("aria-hidden");
  return aria != nullptr && *aria == "true";
}

/// Attributes no rule reads and that can be large (inline styles, responsive image lists,
/// Parsoid's JSON, event handlers) are not kept in the Document. A link's short onclick is: some
/// publishers open a citation's reference with a script (ACS: showRef(event, 'ref54')).
bool is_kept_attribute(std::string_view tag, std::string_view name, std::string_view value) {
  constexpr size_t kLongestKeptScript = 200;
  if (name == "onclick") return tag == "a" && value.size() <= kLongestKeptScript;
  return name != "style" && name != "srcset" && name != "sizes" && name != "data-mw" &&
         name != "data-parsoid" && !name.starts_with("on");
}

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

/// Builds a Document from libxml2's SAX events. Every text chunk is mapped back onto the source
/// bytes that produced it, from the parser's byte position at the end of the chunk.
class SaxBuilder {
 public:
  explicit SaxBuilder(DocumentBuilder& builder) : builder_(builder), source_(builder.document().source()) {}

  void parse() {
    htmlSAXHandler handler{};
    handler.startElement = [](void* self, const xmlChar* name, const xmlChar** attributes) {
      static_cast<SaxBuilder*>(self)->start_element(name, attributes);
    };
    handler.endElement = [](void* self, const xmlChar* name) {
      static_cast<SaxBuilder*>(self)->end_element(name);
    };
    handler.characters = [](void* self, const xmlChar* text, int length) {
      static_cast<SaxBuilder*>(self)->characters(text, length);
    };
    handler.ignorableWhitespace = handler.characters;
    handler.comment = [](void* self, const xmlChar* text) { static_cast<SaxBuilder*>(self)->comment(text); };
    // Raw text of script and style arrives as CDATA blocks; it is never article text.
    handler.cdataBlock = [](void* self, const xmlChar*, int) {
      static_cast<SaxBuilder*>(self)->skip_event();
    };

    parser_ = htmlCreatePushParserCtxt(&handler, this, nullptr, 0, nullptr, XML_CHAR_ENCODING_UTF8);
    if (parser_ == nullptr) {
      builder_.notices().push_back(Notice::error("could not create the HTML parser"));
      return;
    }
    htmlCtxtUseOptions(parser_, HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                    HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT |
                                    XML_PARSE_HUGE);
    push({kNoIndex, ElementRole::container, 0, 0, 0, false});
    // Every element starts with '<' and a letter: a cheap upper bound that spares the vectors
    // regrowing (end tags, counted too, would double it).
    size_t tags = 0;
    for (size_t at = source_.find('<'); at != std::string::npos && at + 1 < source_.size();
         at = source_.find('<', at + 1)) {
      tags += is_ascii_alpha(source_[at + 1]) ? 1 : 0;
    }
    builder_.elements().reserve(tags);
    builder_.ids().reserve(tags / 16);
    // Feed in slices so no single chunk exceeds libxml2's int length.
    constexpr size_t kSlice = 1 << 20;
    const char* data = source_.data();
    size_t remaining = source_.size();
    do {
      const size_t slice = std::min(remaining, kSlice);
      htmlParseChunk(parser_, data, static_cast<int>(slice), slice == remaining ? 1 : 0);
      data += slice;
      remaining -= slice;
    } while (remaining > 0);
    last_offset_ = static_cast<uint32_t>(source_.size());
    while (stack_.size() > 1) close_top();
    flush_text();
    // <a name="ref-1"> is a fragment's target when no element has that id (HTML's "indicated
    // part of the document").
    for (auto& [anchor, element] : anchor_names_) builder_.ids().emplace(std::move(anchor), element);
    htmlFreeParserCtxt(parser_);
    parser_ = nullptr;
  }

 private:
  struct OpenElement {
    uint32_t element;
    ElementRole role;
    uint16_t context;
    uint32_t text_begin;       // for inline elements: where their text starts in the pending block text
    uint32_t generation;       // pending-text generation the inline element opened in (an older one:
                               // it continues from the start of the current block)
    bool ignored;              // inside an ignored or hidden subtree
    uint32_t link = kNoIndex;  // for <a href>: its index in Document::links()
    uint32_t owner = 0;        // stack index of the innermost open element that is not inline
    bool raw_text = false;     // script, style, textarea, ...: its content is never markup
    uint32_t serial = 0;       // which of libxml2's open elements this is
  };

  /// Opens `open`, noting the owner of the text inside it (kept per element, so that finding it
  /// costs nothing however deep the nesting).
  void push(OpenElement open) {
    open.owner = open.role != ElementRole::inline_element || stack_.empty()
                     ? static_cast<uint32_t>(stack_.size())
                     : stack_.back().owner;
    open.serial = static_cast<uint32_t>(serial_open_.size());
    serial_open_.push_back(true);
    parser_stack_.push_back(open.serial);
    stack_.push_back(open);
  }

  // libxml2's HTML parser predates HTML5: an end tag is dropped when an element it ranks higher
  // is open inside (</section>, </article>, </li> while a <div> is unclosed), so the rest of the
  // page would nest inside the element. Browsers close the element and everything open inside it
  // (the HTML5 tree builder's rule for these end tags), and so does reflint: the source between
  // two parser events is scanned for end tags the parser did not report.
  static bool closes_open_elements(std::string_view tag) {
    static constexpr std::string_view kTags[] = {
        "address", "article", "aside", "blockquote", "center",     "details", "dialog",  "dir",    "div",
        "dl",      "dd",      "dt",    "fieldset",   "figcaption", "figure",  "footer",  "header", "hgroup",
        "li",      "main",    "menu",  "nav",        "ol",         "section", "summary", "ul",
    };
    return std::find(std::begin(kTags), std::end(kTags), tag) != std::end(kTags);
  }

  /// Elements an end tag never closes across (the HTML5 "scope" boundaries).
  static bool bounds_scope(std::string_view tag, std::string_view closing) {
    if (tag == "table" || tag == "td" || tag == "th" || tag == "caption" || tag == "html" ||
        tag == "template" || tag == "object" || tag == "applet" || tag == "marquee") {
      return true;
    }
    return closing == "li" && (tag == "ol" || tag == "ul");
  }

  /// Closes the innermost open `tag` and everything open inside it, unless a scope boundary or an
  /// ignored subtree lies in between.
  void close_dropped_end_tag(std::string_view tag) {
    for (size_t depth = stack_.size(); depth-- > 1;) {
      const OpenElement& open = stack_[depth];
      if (open.element == kNoIndex) return;
      const std::string& open_tag = builder_.elements()[open.element].tag;
      if (open_tag == tag) {
        while (stack_.size() > depth) close_top();
        return;
      }
      if (bounds_scope(open_tag, tag)) return;
    }
  }

  /// Scans the source from the last scan to `now` for end tags the parser dropped; `reported` is
  /// the name of the end tag the current event reports (it is not dropped).
  void catch_up(uint32_t now, std::string_view reported = {}) {
    if (now <= scanned_to_) return;
    if (stack_.back().raw_text) {
      scanned_to_ = now;
      return;
    }
    const std::string_view source = source_;
    dropped_.clear();
    size_t at = scanned_to_;
    while (at < now) {
      at = source.find('<', at);
      if (at == std::string_view::npos || at >= now) break;
      if (source.compare(at, 4, "<!--") == 0) {
        const size_t close = source.find("-->", at + 4);
        at = close == std::string_view::npos ? source.size() : close + 3;
      } else if (source.compare(at, 9, "<![CDATA[") == 0) {
        const size_t close = source.find("]]>", at + 9);
        at = close == std::string_view::npos ? source.size() : close + 3;
      } else if (at + 2 < source.size() && source[at + 1] == '/' && is_ascii_alpha(source[at + 2])) {
        size_t end = at + 2;
        while (end < source.size() && is_ascii_alnum(source[end])) ++end;
        dropped_.push_back(lower_ascii(source.substr(at + 2, end - at - 2)));
        at = end;
      } else if (at + 1 < source.size() && is_ascii_alpha(source[at + 1])) {
        at = skip_start_tag(at);  // attribute values may hold "</"
      } else {
        ++at;
      }
    }
    scanned_to_ = std::max<uint32_t>(now, static_cast<uint32_t>(std::min(at, source.size())));
    if (!reported.empty() && !dropped_.empty() && dropped_.back() == reported) dropped_.pop_back();
    for (const std::string& tag : dropped_) {
      if (closes_open_elements(tag)) close_dropped_end_tag(tag);
    }
  }

  /// Just past the '>' of the start tag at `at`, quoted attribute values skipped.
  size_t skip_start_tag(size_t at) const {
    const std::string_view source = source_;
    char quote = 0;
    for (size_t i = at + 1; i < source.size(); ++i) {
      const char c = source[i];
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        if (i > 0 && source[i - 1] == '=') quote = c;
      } else if (c == '>') {
        return i + 1;
      }
    }
    return source.size();
  }

  uint32_t consumed() const {
    const long offset = xmlByteConsumed(parser_);
    return static_cast<uint32_t>(std::clamp<long>(offset, 0, static_cast<long>(source_.size())));
  }

  void skip_event() {
    const uint32_t now = consumed();
    catch_up(now);
    last_offset_ = std::max(last_offset_, now);
  }

  bool ignoring() const { return stack_.back().ignored; }

  /// The innermost open block or container: the owner of the text being collected.
  const OpenElement& text_owner() const { return stack_[stack_.back().owner]; }

  void start_element(const xmlChar* raw_name, const xmlChar** raw_attributes) {
    const uint32_t now = consumed();
    const std::string_view name(reinterpret_cast<const char*>(raw_name));
    catch_up(now);
    if (name == "link" || name == "meta") note_page_address(name, raw_attributes);
    const bool raw_text = name == "script" || name == "style" || name == "textarea" || name == "title" ||
                          name == "xmp" || name == "iframe" || name == "noembed" || name == "noframes" ||
                          name == "plaintext";
    if (ignoring()) {
      OpenElement open{kNoIndex, ElementRole::ignored, stack_.back().context, 0, 0, true};
      open.raw_text = raw_text;
      push(open);
      last_offset_ = now;
      return;
    }
    Element element;
    element.tag = name;  // libxml2's HTML parser lower-cases element and attribute names
    element.parent = stack_.back().element;
    element.depth = static_cast<uint32_t>(stack_.size() - 1);
    element.start_tag = find_start_tag(element.tag, now);
    size_t attribute_count = 0;
    while (raw_attributes != nullptr && raw_attributes[2 * attribute_count] != nullptr) ++attribute_count;
    element.attributes.reserve(attribute_count);
    for (size_t i = 0; i < attribute_count; ++i) {
      const std::string_view attribute_name(reinterpret_cast<const char*>(raw_attributes[2 * i]));
      const xmlChar* value = raw_attributes[2 * i + 1];
      const std::string_view attribute_value = value != nullptr ? reinterpret_cast<const char*>(value) : "";
      if (is_kept_attribute(element.tag, attribute_name, attribute_value)) {
        element.attributes.push_back({std::string(attribute_name), std::string(attribute_value)});
      }
    }
    last_offset_ = now;

    const std::string& tag = element.tag;
    const TagInfo* info = find_tag(tag);
    const bool hidden = (info != nullptr && info->role == ElementRole::ignored) || is_hidden(element);
    const ElementRole role = hidden            ? ElementRole::ignored
                             : info != nullptr ? info->role
                                               : ElementRole::inline_element;
    if (role == ElementRole::block || role == ElementRole::container) flush_text();

    if (tag == "html" && builder_.document().lang().empty()) {
      if (const std::string* lang = element.attribute("lang")) builder_.set_lang(*lang);
    }
    if (tag == "article" || tag == "main") ++article_depth_;
    const bool wraps_page =
        tag == "form" && element.parent != kNoIndex && builder_.elements()[element.parent].tag == "body";
    const uint16_t context = context_of(tag, element, stack_.back().context,
                                        article_depth_ > 0 && tag != "article" && tag != "main", wraps_page);
    element.first_block = static_cast<uint32_t>(builder_.blocks().size());

    const auto index = static_cast<uint32_t>(builder_.elements().size());
    if (const std::string* id = element.attribute("id"); id != nullptr && !id->empty()) {
      builder_.ids().emplace(*id, index);
    }
    if (tag == "a") {
      if (const std::string* anchor = element.attribute("name"); anchor != nullptr && !anchor->empty())
        anchor_names_.emplace_back(*anchor, index);
    }
    uint32_t link = kNoIndex;
    if (tag == "a" && !hidden) {
      if (const std::string* href = element.attribute("href")) {
        link = static_cast<uint32_t>(builder_.links().size());
        builder_.links().push_back({*href, index, kNoIndex, 0, 0});
      }
    }
    const bool is_line_break = tag == "br";
    builder_.elements().push_back(std::move(element));
    OpenElement open{index,       role,   context, static_cast<uint32_t>(pending_.text.size()),
                     generation_, hidden, link};
    open.raw_text = raw_text;
    push(open);
    if (is_line_break) pending_space(builder_.elements()[index].start_tag.begin);
  }

  /// <link rel=canonical href> wins over <meta property=og:url content>; the first of each counts.
  void note_page_address(std::string_view tag, const xmlChar** raw_attributes) {
    std::string_view rel, href, property, content;
    for (size_t i = 0; raw_attributes != nullptr && raw_attributes[i] != nullptr; i += 2) {
      const std::string_view attribute(reinterpret_cast<const char*>(raw_attributes[i]));
      const std::string_view value =
          raw_attributes[i + 1] != nullptr ? reinterpret_cast<const char*>(raw_attributes[i + 1]) : "";
      if (attribute == "rel") rel = value;
      if (attribute == "href") href = value;
      if (attribute == "property") property = value;
      if (attribute == "content") content = value;
    }
    if (tag == "link" && !href.empty() && !saw_canonical_ &&
        lower_ascii(rel).find("canonical") != std::string::npos) {
      saw_canonical_ = true;
      builder_.set_canonical_url(std::string(trim_ascii(href)));
    } else if (tag == "meta" && !content.empty() && !saw_canonical_ &&
               builder_.document().canonical_url().empty() && property == "og:url") {
      builder_.set_canonical_url(std::string(trim_ascii(content)));
    }
  }

  void end_element(const xmlChar* raw_name) {
    const uint32_t now = consumed();
    last_offset_ = std::max(last_offset_, now);
    const std::string name = lower_ascii(reinterpret_cast<const char*>(raw_name));
    catch_up(now, name);
    // libxml2's events nest: each end closes its innermost open element, unless a dropped end tag
    // closed that one already.
    if (parser_stack_.size() <= 1) return;
    const uint32_t serial = parser_stack_.back();
    parser_stack_.pop_back();
    if (!serial_open_[serial]) return;
    while (stack_.size() > 1 && stack_.back().serial != serial) close_top();
    if (stack_.size() > 1) close_top();
  }

  void close_top() {
    const OpenElement open = stack_.back();
    if (open.element != kNoIndex) {
      Element& element = builder_.elements()[open.element];
      if (open.role == ElementRole::block || open.role == ElementRole::container) flush_text();
      if (open.role == ElementRole::inline_element && !open.ignored) {
        // Opened in an earlier block, it continues in this one from its start.
        uint32_t begin = open.generation == generation_ ? open.text_begin : 0;
        const auto end = static_cast<uint32_t>(pending_.text.size());
        if (begin < end && pending_.text[begin] == ' ') ++begin;
        if (begin < end) {
          pending_.spans.push_back({open.element, begin, end});
          if (open.link != kNoIndex) {
            builder_.links()[open.link].text_begin = begin;
            builder_.links()[open.link].text_end = end;
            pending_.links.push_back(open.link);
          }
        }
      }
      element.end_offset = last_offset_;
      element.end_block = static_cast<uint32_t>(builder_.blocks().size());
      if (element.tag == "article" || element.tag == "main") --article_depth_;
    }
    serial_open_[open.serial] = false;
    stack_.pop_back();
  }

  /// Finds the '<' of the start tag the parser has just read: the first "<tag" after the previous
  /// event (start tags can be long, so searching forward from the last event is the short way).
  /// Elements the parser implied have no tag in the source and get an empty range at `now`.
  SourceRange find_start_tag(std::string_view tag, uint32_t now) const {
    const std::string_view source = source_;
    const size_t limit = std::min<size_t>(now, source.size());
    for (size_t at = source.find('<', last_offset_); at != std::string_view::npos && at < limit;
         at = source.find('<', at + 1)) {
      const size_t after = at + 1 + tag.size();
      if (after > source.size()) break;
      bool same = true;
      for (size_t i = 0; i < tag.size() && same; ++i) {
        same = std::tolower(static_cast<unsigned char>(source[at + 1 + i])) == tag[i];
      }
      if (!same || (after < source.size() && !is_html_space(source[after]) && source[after] != '>' &&
                    source[after] != '/')) {
        continue;
      }
      const size_t close = source.find('>', after);
      return {static_cast<uint32_t>(at),
              static_cast<uint32_t>(close == std::string_view::npos ? source.size() : close + 1)};
    }
    return {now, now};
  }

  void characters(const xmlChar* raw_text, int length) {
    const std::string_view chunk(reinterpret_cast<const char*>(raw_text), static_cast<size_t>(length));
    const uint32_t end = chunk_end(chunk);
    catch_up(end);
    // Indentation between blocks is the most common chunk and never reaches a block's text.
    const bool leading_space_only =
        pending_.text.empty() && std::all_of(chunk.begin(), chunk.end(), is_html_space);
    if (ignoring() || chunk.empty() || leading_space_only) {
      last_offset_ = std::max(last_offset_, end);
      return;
    }
    const uint32_t chunk_start = end >= chunk.size() ? end - static_cast<uint32_t>(chunk.size()) : 0;
    const bool verbatim = chunk_start >= last_offset_ && end - chunk_start == chunk.size() &&
                          std::memcmp(source_.data() + chunk_start, chunk.data(), chunk.size()) == 0 &&
                          !is_single_entity_tail(chunk, chunk_start, end);
    if (verbatim) {
      append_verbatim(chunk, chunk_start);
    } else {
      map_chunk(chunk, end);
      append_mapped(chunk);
    }
    last_offset_ = std::max(last_offset_, end);
  }

  /// Where the chunk ends in the source. libxml2 hands over a full text buffer (1000 bytes and
  /// more) before it steps past the last character it copied, so the parser's position then lags
  /// by that one character.
  uint32_t chunk_end(std::string_view chunk) const {
    const uint32_t reported = consumed();
    constexpr size_t kFullTextBuffer = 1000;  // libxml2's HTML_PARSER_BIG_BUFFER_SIZE
    if (chunk.size() < kFullTextBuffer) return reported;
    size_t last = chunk.size() - 1;
    while (last > 0 && is_continuation(chunk[last])) --last;
    const std::string_view last_character = chunk.substr(last);
    const bool lags = std::string_view(source_).substr(reported, last_character.size()) == last_character;
    return lags ? reported + static_cast<uint32_t>(last_character.size()) : reported;
  }

  /// The common case: the chunk is a copy of the source bytes starting at `offset`.
  void append_verbatim(std::string_view chunk, uint32_t offset) {
    for (size_t i = 0; i < chunk.size();) {
      const auto byte = static_cast<unsigned char>(chunk[i]);
      if (byte < 0x80 && !is_html_space(static_cast<char>(byte))) {
        size_t run_end = i + 1;
        while (run_end < chunk.size() && static_cast<unsigned char>(chunk[run_end]) < 0x80 &&
               !is_html_space(chunk[run_end])) {
          ++run_end;
        }
        append_ascii_run(chunk.substr(i, run_end - i), offset + static_cast<uint32_t>(i));
        i = run_end;
        continue;
      }
      size_t length = 1;
      while (i + length < chunk.size() && is_continuation(chunk[i + length])) ++length;
      const uint32_t begin = offset + static_cast<uint32_t>(i);
      append_character(chunk.substr(i, length), begin, begin + static_cast<uint32_t>(length));
      i += length;
    }
  }

  void append_ascii_run(std::string_view run, uint32_t offset) {
    flush_pending_space();
    const size_t at = pending_.text.size();
    pending_.text.append(run);
    pending_.positions.append_copied(static_cast<uint32_t>(at), offset, static_cast<uint32_t>(run.size()));
  }

  /// A chunk whose bytes differ from the source (references, normalised line breaks), mapped
  /// byte by byte by map_chunk().
  void append_mapped(std::string_view chunk) {
    for (size_t i = 0; i < chunk.size();) {
      size_t length = 1;
      while (i + length < chunk.size() && is_continuation(chunk[i + length])) ++length;
      append_character(chunk.substr(i, length), chunk_begin_[i], chunk_end_[i + length - 1]);
      i += length;
    }
  }

  void append_character(std::string_view character, uint32_t begin, uint32_t end) {
    // U+00A0 no-break space collapses like white space in the block text.
    if ((character.size() == 1 && is_html_space(character[0])) || character == "\xC2\xA0") {
      pending_space(begin);
      return;
    }
    flush_pending_space();
    const auto at = static_cast<uint32_t>(pending_.text.size());
    pending_.text.append(character);
    // A character as long as its source range maps byte for byte, whatever the bytes.
    if (end - begin == character.size()) {
      pending_.positions.append_copied(at, begin, end - begin);
    } else {
      pending_.positions.append_replaced(at, {begin, end});
    }
  }

  void flush_pending_space() {
    if (!pending_.space) return;
    pending_.space = false;
    pending_.positions.append_copied(static_cast<uint32_t>(pending_.text.size()), pending_.space_at, 1);
    pending_.text.push_back(' ');
  }

  /// Fills chunk_begin_/chunk_end_ with the source range of each byte of `chunk`, which the parser
  /// delivered ending at source offset `end`: byte by byte where the source differs only in line
  /// breaks, else (an entity or character reference) the whole reference for every byte.
  void map_chunk(std::string_view chunk, uint32_t end) {
    chunk_begin_.assign(chunk.size(), end);
    chunk_end_.assign(chunk.size(), end);
    const std::string_view source = source_;
    size_t i = chunk.size();
    uint32_t at = end;
    while (i > 0 && at > last_offset_) {
      const char c = chunk[i - 1];
      uint32_t width = 0;
      if (source[at - 1] == c) {
        // A CRLF in the source can arrive as a lone line feed.
        const bool crlf = c == '\n' && at >= 2 && source[at - 2] == '\r' && (i < 2 || chunk[i - 2] != '\r');
        width = crlf ? 2 : 1;
      } else if (c == '\n' && source[at - 1] == '\r') {
        width = 1;  // a lone CR arrives as a line feed
      } else {
        break;
      }
      chunk_begin_[i - 1] = at - width;
      chunk_end_[i - 1] = at;
      at -= width;
      --i;
    }
    const bool verbatim = i == 0 && !is_single_entity_tail(chunk, at, end);
    if (!verbatim) {
      // The decoded text of one entity or character reference: all of it maps onto the reference.
      const uint32_t reference_begin = find_reference_start(end);
      std::fill(chunk_begin_.begin(), chunk_begin_.end(), reference_begin);
      std::fill(chunk_end_.begin(), chunk_end_.end(), end);
    }
  }

  /// A one-character chunk such as ";" can match the last byte of "&#59;" by accident.
  bool is_single_entity_tail(std::string_view chunk, uint32_t begin, uint32_t end) const {
    if (chunk.size() != 1 || end - begin != 1 || begin == 0) return false;
    const std::string_view source = source_;
    if (source[end - 1] != ';') return false;
    uint32_t at = end - 1;
    while (at > last_offset_ &&
           (std::isalnum(static_cast<unsigned char>(source[at - 1])) || source[at - 1] == '#'))
      --at;
    return at > last_offset_ && source[at - 1] == '&' && at < end - 1;
  }

  uint32_t find_reference_start(uint32_t end) const {
    const std::string_view source = source_;
    constexpr uint32_t kLongestReference = 40;
    for (uint32_t at = end; at > last_offset_ && end - at < kLongestReference;) {
      --at;
      if (source[at] == '&') return at;
    }
    return last_offset_ < end ? last_offset_ : end;
  }

  void pending_space(uint32_t at) {
    if (!pending_.text.empty() && !pending_.space) {
      pending_.space = true;
      pending_.space_at = at;
    }
  }

  /// Ends the text collected so far as one block of the innermost block or container element.
  void flush_text() {
    if (!pending_.text.empty()) {
      const OpenElement& owner = text_owner();
      TextBlock block;
      block.kind = BlockKind::bare_text;
      block.element = owner.element;
      block.context = owner.context;
      if (owner.element != kNoIndex && owner.role == ElementRole::block) {
        const TagInfo* tag = find_tag(builder_.elements()[owner.element].tag);
        block.kind = tag->kind;
        block.heading_level = tag->heading_level;
      }
      block.text = std::move(pending_.text);
      // The text grew by doubling: a block kept with half its buffer empty is most of a page's slack.
      if (block.text.capacity() > block.text.size() + block.text.size() / 4) block.text.shrink_to_fit();
      block.positions = std::move(pending_.positions);
      block.positions.shrink_to_fit();
      block.spans = std::move(pending_.spans);
      std::sort(block.spans.begin(), block.spans.end(),
                [](const InlineSpan& a, const InlineSpan& b) { return a.text_begin < b.text_begin; });
      const auto block_index = static_cast<uint32_t>(builder_.blocks().size());
      for (const uint32_t link : pending_.links) builder_.links()[link].block = block_index;
      builder_.blocks().push_back(std::move(block));
    }
    pending_ = {};
    ++generation_;  // inline elements still open continue in the next block from its start
  }

  void comment(const xmlChar* raw_text) {
    const uint32_t end = consumed();
    catch_up(end);
    const std::string_view text(reinterpret_cast<const char*>(raw_text));
    // Only reflint's own directives are kept: comments can be a large part of a page.
    if (text.find("reflint") != std::string_view::npos) {
      const size_t open = std::string_view(source_).rfind("<!--", end > 0 ? end - 1 : 0);
      const uint32_t begin =
          open == std::string_view::npos || open < last_offset_ ? last_offset_ : static_cast<uint32_t>(open);
      builder_.comments().push_back({std::string(text), {begin, end}});
    }
    last_offset_ = std::max(last_offset_, end);
  }

  struct PendingText {
    std::string text;
    TextPositions positions;
    std::vector<InlineSpan> spans;
    std::vector<uint32_t> links;  // links whose text lies in this block
    bool space = false;
    uint32_t space_at = 0;
  };

  DocumentBuilder& builder_;
  const std::string& source_;
  htmlParserCtxtPtr parser_ = nullptr;
  std::vector<OpenElement> stack_;      // the elements open in the document being built
  std::vector<uint32_t> parser_stack_;  // serials of the elements open in libxml2's view
  std::vector<bool> serial_open_;       // per serial: still in stack_
  uint32_t scanned_to_ = 0;             // the source before this was scanned for dropped end tags
  std::vector<std::string> dropped_;    // end tags found by the last scan
  std::vector<std::pair<std::string, uint32_t>> anchor_names_;  // <a name> values and their elements
  PendingText pending_;
  bool saw_canonical_ = false;
  uint32_t generation_ = 0;
  uint32_t last_offset_ = 0;
  int article_depth_ = 0;
  std::vector<uint32_t> chunk_begin_;
  std::vector<uint32_t> chunk_end_;
};

}  // namespace

namespace {

std::unique_ptr<Document> parse_decoded(std::string path, DecodedInput decoded, bool had_bytes) {
  DocumentBuilder builder(std::move(path), std::move(decoded.text), decoded.encoding);
  const std::string& page = builder.document().path();
  if (!decoded.problem.empty()) {
    builder.notices().push_back(Notice::warning(decoded.problem, page));
  }
  if (decoded.replaced > 0) {
    builder.notices().push_back(
        Notice::warning(fmt::format("{} byte sequence{} invalid in {} replaced by U+FFFD (first at byte {})",
                                    decoded.replaced, decoded.replaced == 1 ? "" : "s", decoded.encoding,
                                    decoded.first_invalid_offset),
                        page));
  }
  SaxBuilder(builder).parse();
  if (builder.blocks().empty() && had_bytes) {
    builder.notices().push_back(Notice::note("the page has no text to check", page));
  }
  return builder.finish();
}

}  // namespace

std::unique_ptr<Document> parse_html(std::string path, std::string_view bytes, const ParseOptions& options) {
  return parse_decoded(std::move(path), decode_html_bytes(bytes, options.encoding_override), !bytes.empty());
}

std::unique_ptr<Document> parse_owned_html(std::string path, std::string&& bytes,
                                           const ParseOptions& options) {
  const bool had_bytes = !bytes.empty();
  return parse_decoded(std::move(path), decode_owned_html_bytes(std::move(bytes), options.encoding_override),
                       had_bytes);
}

}  // namespace reflint
