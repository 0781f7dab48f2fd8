#include "lint/model/dump.h"

namespace reflint {
namespace {
using nlohmann::json;

json position_json(const Document& document, uint32_t offset) {
  const Position position = document.position(offset);
  return {{"line", position.line}, {"column", position.column}};
}

json context_json(uint16_t context) {
  constexpr std::pair<uint16_t, const char*> kNames[] = {
      {kInNav, "nav"},       {kInHeader, "header"}, {kInFooter, "footer"},         {kInAside, "aside"},
      {kInFigure, "figure"}, {kInTable, "table"},   {kInBlockquote, "blockquote"}, {kInList, "list"},
      {kInCode, "code"},     {kInForm, "form"},
  };
  json names = json::array();
  for (const auto& [flag, name] : kNames) {
    if ((context & flag) != 0) names.push_back(name);
  }
  return names;
}

json range_json(const Document& document, SourceRange range) {
  return {{"start", position_json(document, range.begin)}, {"end", position_json(document, range.end)}};
}

}  // namespace

json dump_document(const Document& document) {
  json blocks = json::array();
  for (const TextBlock& block : document.blocks()) {
    json item = range_json(document, block.source_range());
    item["index"] = blocks.size();
    item["kind"] = to_string(block.kind);
    if (block.heading_level > 0) item["heading_level"] = block.heading_level;
    item["element"] = block.element != kNoIndex ? document.elements()[block.element].tag : "";
    item["context"] = context_json(block.context);
    item["text"] = block.text;
    json spans = json::array();
    for (const InlineSpan& span : block.spans) {
      json entry = range_json(document, block.source_range(span.text_begin, span.text_end));
      entry["tag"] = document.elements()[span.element].tag;
      entry["text"] = block.text.substr(span.text_begin, span.text_end - span.text_begin);
      spans.push_back(std::move(entry));
    }
    if (!spans.empty()) item["spans"] = std::move(spans);
    blocks.push_back(std::move(item));
  }
  json links = json::array();
  for (const Link& link : document.links()) {
    json item = {{"href", link.href}};
    if (link.block != kNoIndex) {
      const TextBlock& block = document.blocks()[link.block];
      item["block"] = link.block;
      item["text"] = block.text.substr(link.text_begin, link.text_end - link.text_begin);
      item.update(range_json(document, block.source_range(link.text_begin, link.text_end)));
    }
    links.push_back(std::move(item));
  }
  json notices = json::array();
  for (const Notice& notice : document.notices()) notices.push_back(notice.message);
  return {{"path", document.path()},        {"encoding", document.encoding()}, {"lang", document.lang()},
          {"lines", document.line_count()}, {"blocks", std::move(blocks)},     {"links", std::move(links)},
          {"notices", std::move(notices)}};
}

}  // namespace reflint
