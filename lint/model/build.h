#pragma once
// The one entry point that turns input bytes into a complete Document: parse, then every analysis
// the rule families share (citation markers, reference entries, DOIs, quotes).

#include <memory>
#include <string>
#include <string_view>

#include "lint/model/document.h"

namespace reflint {

std::unique_ptr<Document> build_document(std::string path, std::string_view bytes);

/// The readable text of a page: its blocks outside navigation, headers, footers, asides and code,
/// one per line. What quotations from a web page are checked against.
std::string readable_text(std::string path, std::string_view html);

}  // namespace reflint
