#include "lint/analysis/dump.h"

#include "lint/analysis/citations.h"
#include "lint/analysis/dois.h"
#include "lint/analysis/extraction_summary.h"
#include "lint/analysis/quotes.h"

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

json citations_json(const Document& document, const CitationModel& model) {
  constexpr const char* kNumberings[] = {"ordered", "typed", "anchored", "none"};
  json lists = json::array();
  for (const ReferenceList& list : model.lists()) {
    json item = {{"numbering", kNumberings[static_cast<int>(list.numbering)]},
                 {"entries", list.end_entry - list.first_entry}};
    if (list.element != kNoIndex) item["element"] = document.elements()[list.element].tag;
    if (list.heading_block != kNoIndex) item["heading"] = document.blocks()[list.heading_block].text;
    lists.push_back(std::move(item));
  }
  json entries = json::array();
  for (const ReferenceEntry& entry : model.entries()) {
    json item = range_json(document, entry.range);
    if (entry.element < document.elements().size()) {
      // The whole element (start tag to end tag), for tools that copy or remove an entry.
      const Element& element = document.elements()[entry.element];
      if (element.start_tag.end > element.start_tag.begin)
        item["element"] = range_json(document, {element.start_tag.begin, element.end_offset});
    }
    item.update({{"list", entry.list},
                 {"number", entry.number},
                 {"first_author", entry.first_author},
                 {"year", entry.year},
                 {"container", entry.container},
                 {"title", entry.title},
                 {"dois", entry.dois},
                 {"urls", entry.urls},
                 {"pmid", entry.pmid},
                 {"text", entry.text}});
    entries.push_back(std::move(item));
  }
  json markers = json::array();
  for (const CitationMarker& marker : model.markers()) {
    const TextBlock& block = document.blocks()[marker.block];
    json item = range_json(document, marker.range);
    item.update({{"style", to_string(marker.style)},
                 {"label", marker.label},
                 {"numbers", marker.numbers},
                 {"block", marker.block},
                 {"sentence",
                  block.text.substr(marker.sentence_begin, marker.sentence_end - marker.sentence_begin)}});
    if (marker.target_entry != kNoIndex) item["target_entry"] = marker.target_entry;
    if (marker.target_missing) item["target_missing"] = true;
    if (marker.link != kNoIndex) item["href"] = document.links()[marker.link].href;
    if (marker.style == MarkerStyle::author_year) {
      item["cited_author"] = marker.cited_author;
      item["cited_year"] = marker.cited_year;
    }
    markers.push_back(std::move(item));
  }
  json result = {
      {"lists", std::move(lists)}, {"entries", std::move(entries)}, {"markers", std::move(markers)}};
  if (model.main_list() != kNoIndex) result["main_list"] = model.main_list();
  return result;
}

/// Each quotation with its claimed source and how that claim was read.
json quotes_json(const PageAnalyses& analyses) {
  const Document& document = analyses.document();
  json quotes = json::array();
  for (const Quote& quote : analyses.quotes().all()) {
    const QuoteAttribution& attribution = quote.attribution;
    json source = {{"method", to_string(attribution.method)}, {"entries", json::array()}};
    for (const uint32_t entry : attribution.entries) {
      source["entries"].push_back(
          {{"index", entry}, {"number", analyses.citations().entries()[entry].number}});
    }
    if (!attribution.doi.empty()) source["doi"] = attribution.doi;
    if (!attribution.url.empty()) source["url"] = attribution.url;
    if (attribution.evidence_block != kNoIndex) {
      const TextBlock& block = document.blocks()[attribution.evidence_block];
      source["evidence"] = block.text.substr(attribution.evidence_begin,
                                             attribution.evidence_end - attribution.evidence_begin);
      source.update(
          range_json(document, block.source_range(attribution.evidence_begin, attribution.evidence_end)));
    }
    json item = range_json(document, quote.range);
    item.update({{"kind", to_string(quote.kind)},
                 {"block", quote.block},
                 {"words", quote.words},
                 {"text", quote.text},
                 {"source", std::move(source)}});
    quotes.push_back(std::move(item));
  }
  return quotes;
}

}  // namespace

json dump_document(const PageAnalyses& analyses) {
  const Document& document = analyses.document();
  const ContentModel& content = analyses.content();
  json blocks = json::array();
  for (const TextBlock& block : document.blocks()) {
    const auto index = static_cast<uint32_t>(blocks.size());
    json item = range_json(document, block.source_range());
    item["index"] = index;
    item["kind"] = to_string(block.kind);
    if (block.heading_level > 0) item["heading_level"] = block.heading_level;
    item["element"] = block.element != kNoIndex ? document.elements()[block.element].tag : "";
    item["context"] = context_json(block.context);
    item["role"] = to_string(content.role(index));
    if (!content.is_article(index)) item["role_source"] = describe_role_source(document, content, index);
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
  json dois = json::array();
  for (const DoiMention& mention : analyses.dois()) {
    constexpr const char* kOrigins[] = {"text", "attribute", "meta"};
    json item = range_json(document, mention.range);
    item.update({{"doi", mention.doi},
                 {"written", mention.written},
                 {"origin", kOrigins[static_cast<int>(mention.origin)]},
                 {"problem", to_string(mention.problem)}});
    if (mention.block != kNoIndex) item["block"] = mention.block;
    if (mention.reference_entry != kNoIndex) item["reference_entry"] = mention.reference_entry;
    dois.push_back(std::move(item));
  }
  json notices = json::array();
  for (const Notice& notice : document.notices()) notices.push_back(notice.message);
  return {
      {"path", document.path()},
      {"encoding", document.encoding()},
      {"lang", document.lang()},
      {"lines", document.line_count()},
      {"summary", to_json(summarise_extraction(analyses))},
      {"article_element", content.article_root() != kNoIndex
                              ? range_json(document, document.elements()[content.article_root()].start_tag)
                              : json()},
      {"blocks", std::move(blocks)},
      {"links", std::move(links)},
      {"dois", std::move(dois)},
      {"citations", citations_json(document, analyses.citations())},
      {"quotes", quotes_json(analyses)},
      {"notices", std::move(notices)}};
}

}  // namespace reflint
