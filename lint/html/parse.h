#pragma once
// The only user of libxml2: turns the bytes of one HTML page into a Document whose every text
// character knows its exact source position.

#include <memory>
#include <string>
#include <string_view>

#include "lint/model/document.h"

namespace reflint {

struct ParseOptions {
  std::string encoding_override;  // empty: BOM, then <meta charset>, then UTF-8
};

/// Decodes and parses `bytes`. Never throws for bad input: problems become Document::notices().
std::unique_ptr<Document> parse_html(std::string path, std::string_view bytes,
                                     const ParseOptions& options = {});
/// The same, taking the bytes: a page already in UTF-8 is parsed without a copy of it.
std::unique_ptr<Document> parse_owned_html(std::string path, std::string&& bytes,
                                           const ParseOptions& options = {});

}  // namespace reflint
