#pragma once
// DOIs as strings: the comparison key and the URL path form. Finding DOIs in a page is
// lint/analysis/dois.h; these are what every layer that compares or requests DOIs shares.

#include <string>
#include <string_view>

namespace reflint {

/// Characters a URL cannot carry unencoded (RFC 3986) that still occur in DOIs (SICI DOIs have
/// '<' and '>').
inline bool needs_percent_encoding(char c) {
  return std::string_view("\"<>\\^`{|}").find(c) != std::string_view::npos;
}

/// Case-folds a DOI for comparison (DOIs are case-insensitive).
std::string doi_key(std::string_view doi);

/// A DOI as the path part of a URL: characters outside RFC 3986's unreserved set and '/' are
/// percent-encoded ("10.1002/(SICI)..." keeps its parentheses encoded as %28 and %29), and so are
/// the dots of "." and ".." segments, so that no DOI changes the path it is sent to.
std::string percent_encode_doi(std::string_view doi);

}  // namespace reflint
