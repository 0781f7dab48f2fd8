#include "lint/html/site_markup.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <climits>
#include <memory>

#include "lint/html/encoding.h"
#include "lint/text/ascii.h"

namespace reflint {
namespace {

std::string_view view(const xmlChar* text) {
  return text != nullptr ? std::string_view(reinterpret_cast<const char*>(text)) : std::string_view();
}

/// The value of attribute `name` among SAX `attributes` (name, value pairs, null-terminated).
std::string_view attribute(const xmlChar** attributes, std::string_view name) {
  for (const xmlChar** at = attributes; at != nullptr && at[0] != nullptr; at += 2) {
    if (view(at[0]) == name) return view(at[1]);
  }
  return {};
}

/// Whether the space-separated token list `tokens` (a rel or content attribute) holds `token`.
bool has_token(std::string_view tokens, std::string_view token) {
  size_t at = 0;
  while (at < tokens.size()) {
    while (at < tokens.size() && (is_html_space(tokens[at]) || tokens[at] == ',')) ++at;
    size_t end = at;
    while (end < tokens.size() && !is_html_space(tokens[end]) && tokens[end] != ',') ++end;
    if (end > at && lower_ascii(tokens.substr(at, end - at)) == token) return true;
    at = end;
  }
  return false;
}

void start_element(PageLinks& links, std::string_view name, const xmlChar** attributes) {
  if (name == "a" || name == "area") {
    const std::string_view href = attribute(attributes, "href");
    if (!href.empty() && !has_token(attribute(attributes, "rel"), "nofollow"))
      links.hrefs.emplace_back(trim_ascii(href));
  } else if (name == "base" && links.base.empty()) {
    links.base = trim_ascii(attribute(attributes, "href"));
  } else if (name == "link" && links.canonical.empty() &&
             has_token(attribute(attributes, "rel"), "canonical")) {
    links.canonical = trim_ascii(attribute(attributes, "href"));
  } else if (name == "meta" && lower_ascii(attribute(attributes, "name")) == "robots") {
    const std::string_view content = attribute(attributes, "content");
    links.nofollow = links.nofollow || has_token(content, "nofollow") || has_token(content, "none");
  }
}

struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

std::string element_text(const xmlNode* node) {
  std::string text;
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if ((child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) && child->content != nullptr)
      text += reinterpret_cast<const char*>(child->content);
  }
  return std::string(trim_ascii(text));
}

}  // namespace

PageLinks page_links(std::string_view html) {
  PageLinks links;
  const DecodedInput decoded = decode_html_bytes(html);
  if (decoded.text.size() > static_cast<size_t>(INT_MAX)) return links;
  htmlSAXHandler handler{};
  handler.startElement = [](void* self, const xmlChar* name, const xmlChar** attributes) {
    start_element(*static_cast<PageLinks*>(self), view(name), attributes);
  };
  htmlParserCtxtPtr parser =
      htmlCreatePushParserCtxt(&handler, &links, nullptr, 0, nullptr, XML_CHAR_ENCODING_UTF8);
  if (parser == nullptr) return links;
  htmlCtxtUseOptions(parser, HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                 HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE);
  htmlParseChunk(parser, decoded.text.data(), static_cast<int>(decoded.text.size()), 1);
  htmlFreeParserCtxt(parser);
  return links;
}

Sitemap read_sitemap(std::string_view xml) {
  Sitemap sitemap;
  if (xml.size() > static_cast<size_t>(INT_MAX)) return sitemap;
  // No XML_PARSE_NOENT and XML_PARSE_NONET: entities are never expanded from outside the text.
  const std::unique_ptr<xmlDoc, DocFree> doc(
      xmlReadMemory(xml.data(), static_cast<int>(xml.size()), nullptr, nullptr,
                    XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (root == nullptr) return sitemap;
  const std::string_view root_name = view(root->name);
  if (root_name != "urlset" && root_name != "sitemapindex") return sitemap;
  sitemap.kind = root_name == "urlset" ? Sitemap::Kind::urlset : Sitemap::Kind::index;
  const std::string_view item = root_name == "urlset" ? "url" : "sitemap";
  for (const xmlNode* node = root->children; node != nullptr; node = node->next) {
    if (node->type != XML_ELEMENT_NODE || view(node->name) != item) continue;
    SitemapEntry entry;
    for (const xmlNode* field = node->children; field != nullptr; field = field->next) {
      if (field->type != XML_ELEMENT_NODE) continue;
      if (view(field->name) == "loc") entry.location = element_text(field);
      if (view(field->name) == "lastmod") entry.lastmod = element_text(field);
    }
    if (!entry.location.empty()) sitemap.entries.push_back(std::move(entry));
  }
  return sitemap;
}

}  // namespace reflint
