#pragma once
// The readable text of a fetched or local web page, for checking quotations against it.

#include <string>
#include <string_view>

namespace reflint {

/// The readable text of a page: its blocks outside navigation, headers, footers, asides and code,
/// one per line. What quotations from a web page are checked against.
std::string readable_text(std::string path, std::string_view html);

}  // namespace reflint
