#pragma once
// Write access to a Document while it is being built (by the HTML parser and the analyses that
// derive citations, references, DOIs and quotes from it). Once build_document() returns, the
// Document is only read.

#include <memory>

#include "lint/model/document.h"

namespace reflint {

class DocumentBuilder {
 public:
  DocumentBuilder(std::string path, std::string source, std::string encoding);
  /// Continues building a parsed Document (the analyses that run after parsing).
  explicit DocumentBuilder(std::unique_ptr<Document> document) : document_(std::move(document)) {}

  Document& document() { return *document_; }
  std::vector<TextBlock>& blocks() { return document_->blocks_; }
  std::vector<Element>& elements() { return document_->elements_; }
  std::vector<Link>& links() { return document_->links_; }
  std::vector<Comment>& comments() { return document_->comments_; }
  std::vector<Notice>& notices() { return document_->notices_; }
  std::vector<DoiMention>& dois() { return document_->dois_; }
  void set_quotes(std::shared_ptr<const QuoteModel> quotes) { document_->quotes_ = std::move(quotes); }
  void set_citations(std::shared_ptr<const CitationModel> citations) {
    document_->citations_ = std::move(citations);
  }
  std::unordered_map<std::string, uint32_t>& ids() { return document_->ids_; }
  void set_lang(std::string lang) { document_->lang_ = std::move(lang); }

  std::unique_ptr<Document> finish() { return std::move(document_); }

 private:
  std::unique_ptr<Document> document_;
};

}  // namespace reflint
