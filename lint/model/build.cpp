#include "lint/model/build.h"

#include "lint/html/parse.h"

namespace reflint {

std::unique_ptr<Document> build_document(std::string path, std::string_view bytes) {
  return parse_html(std::move(path), bytes);
}

}  // namespace reflint
