#include "lint/html/markup_text.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <array>
#include <memory>

namespace reflint {
namespace {

struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

std::string_view local_name(const xmlNode* node) {
  return node->name != nullptr ? std::string_view(reinterpret_cast<const char*>(node->name)) : "";
}

bool is_one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  for (const std::string_view candidate : names) {
    if (name == candidate) return true;
  }
  return false;
}

/// Elements whose text is a paragraph of its own.
bool is_block(std::string_view name) {
  return is_one_of(name, {"p",          "sec",        "title",      "article-title",
                          "abstract",   "list-item",  "li",         "div",
                          "h1",         "h2",         "h3",         "h4",
                          "h5",         "h6",         "caption",    "fig",
                          "disp-quote", "blockquote", "br",         "label",
                          "statement",  "boxed-text", "table-wrap", "tr",
                          "td",         "th"});
}

/// Elements whose text is not part of the work's prose.
bool is_skipped(std::string_view name) {
  return is_one_of(name, {"ref-list", "back", "front", "object-id", "table-wrap-foot", "fn-group", "script",
                          "style", "alternatives", "tex-math", "supplementary-material"});
}

void newline(std::string& text) {
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (!text.empty() && text.back() != '\n') text += '\n';
}

void append_text(const xmlNode* node, std::string& text) {
  for (const xmlNode* child = node; child != nullptr; child = child->next) {
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
      if (child->content != nullptr) text += reinterpret_cast<const char*>(child->content);
      continue;
    }
    if (child->type != XML_ELEMENT_NODE) continue;
    const std::string_view name = local_name(child);
    if (is_skipped(name)) continue;
    const bool block = is_block(name);
    if (block) newline(text);
    append_text(child->children, text);
    if (block) newline(text);
  }
}

/// Collapses runs of spaces and tabs, and of blank lines, left by the markup's indentation.
std::string tidy(const std::string& raw) {
  std::string text;
  text.reserve(raw.size());
  for (const char c : raw) {
    const char normal = c == '\t' || c == '\r' ? ' ' : c;
    if (normal == ' ' && (text.empty() || text.back() == ' ' || text.back() == '\n')) continue;
    if (normal == '\n') {
      while (!text.empty() && text.back() == ' ') text.pop_back();
      if (text.empty() || text.back() == '\n') continue;
    }
    text += normal;
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
  return text;
}

constexpr int kXmlOptions =
    XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
constexpr int kHtmlOptions =
    HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NOIMPLIED;

DocPtr parse_xml(std::string_view xml) {
  return DocPtr(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), nullptr, "UTF-8", kXmlOptions));
}

const xmlNode* find_element(const xmlNode* node, std::string_view name) {
  for (const xmlNode* child = node; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    if (local_name(child) == name) return child;
    if (const xmlNode* found = find_element(child->children, name)) return found;
  }
  return nullptr;
}

}  // namespace

std::string jats_fragment_text(std::string_view fragment) {
  // Crossref leaves the jats (and mml, xlink) prefixes undeclared: declare them on a wrapper.
  std::string xml =
      "<fragment xmlns:jats=\"http://www.ncbi.nlm.nih.gov/JATS1\" "
      "xmlns:mml=\"http://www.w3.org/1998/Math/MathML\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">";
  xml.append(fragment);
  xml += "</fragment>";
  const DocPtr doc = parse_xml(xml);
  if (!doc) return {};
  std::string text;
  append_text(xmlDocGetRootElement(doc.get())->children, text);
  return tidy(text);
}

std::string html_fragment_text(std::string_view fragment) {
  const std::string html = "<div>" + std::string(fragment) + "</div>";
  const DocPtr doc(
      htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8", kHtmlOptions));
  if (!doc) return {};
  std::string text;
  append_text(xmlDocGetRootElement(doc.get()), text);
  return tidy(text);
}

std::string jats_article_text(std::string_view xml) {
  const DocPtr doc = parse_xml(xml);
  if (!doc) return {};
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr || local_name(root) != "article") return {};
  std::string text;
  // The front matter is skipped but for its abstract; the body follows.
  for (const std::string_view part : std::array<std::string_view, 2>{"abstract", "body"}) {
    if (const xmlNode* element = find_element(root->children, part)) {
      newline(text);
      append_text(element->children, text);
    }
  }
  return tidy(text);
}

}  // namespace reflint
