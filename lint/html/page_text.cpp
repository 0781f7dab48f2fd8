#include "lint/html/page_text.h"

#include <memory>

#include "lint/html/parse.h"

namespace reflint {

std::string readable_text(std::string path, std::string_view html) {
  const std::unique_ptr<Document> page = parse_html(std::move(path), html);
  std::string text;
  for (const TextBlock& block : page->blocks()) {
    if (block.in(kPageChrome | kInCode)) continue;
    text += block.text;
    text += '\n';
  }
  return text;
}

}  // namespace reflint
