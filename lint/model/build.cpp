#include "lint/model/build.h"

#include "lint/html/parse.h"
#include "lint/model/citations.h"
#include "lint/model/document_builder.h"
#include "lint/model/doi.h"
#include "lint/model/quotes.h"

namespace reflint {

std::unique_ptr<Document> build_document(std::string path, std::string_view bytes) {
  DocumentBuilder builder(parse_html(std::move(path), bytes));
  builder.dois() = find_dois(builder.document());
  builder.set_citations(std::make_shared<const CitationModel>(extract_citations(builder.document())));
  link_dois_to_reference_entries(builder.document(), builder.dois());
  builder.set_quotes(
      std::make_shared<const QuoteModel>(find_quotes(builder.document(), builder.document().citations())));
  return builder.finish();
}

std::string readable_text(std::string path, std::string_view html) {
  const std::unique_ptr<Document> page = build_document(std::move(path), html);
  std::string text;
  for (const TextBlock& block : page->blocks()) {
    if (block.in(kPageChrome | kInCode)) continue;
    text += block.text;
    text += '\n';
  }
  return text;
}

}  // namespace reflint
