#pragma once
// Write access to a Document while the HTML parser builds it. Once parse_html() returns, the
// Document is only read.

#include <memory>

#include "lint/model/document.h"

namespace reflint {

class DocumentBuilder {
 public:
  DocumentBuilder(std::string path, std::string source, std::string encoding);

  Document& document() { return *document_; }
  std::vector<TextBlock>& blocks() { return document_->blocks_; }
  std::vector<Element>& elements() { return document_->elements_; }
  std::vector<Link>& links() { return document_->links_; }
  std::vector<Comment>& comments() { return document_->comments_; }
  std::vector<Notice>& notices() { return document_->notices_; }
  std::unordered_map<std::string, uint32_t>& ids() { return document_->ids_; }
  void set_lang(std::string lang) { document_->lang_ = std::move(lang); }
  void set_canonical_url(std::string url) { document_->canonical_url_ = std::move(url); }

  std::unique_ptr<Document> finish() { return std::move(document_); }

 private:
  std::unique_ptr<Document> document_;
};

}  // namespace reflint
