#pragma once
// DOI extraction: every DOI of a page, in block text, in href/src/cite attributes and in the
// citation_doi / dc.identifier meta tags, in all the forms people write them (bare "10.1234/x",
// "doi:" prefixes, doi.org and dx.doi.org URLs, "urn:doi:", percent-encoding). Text that is evidently
// meant as a DOI but is broken is kept too, with its DoiProblem, so doi-malformed can report it.

#include <string>
#include <string_view>
#include <vector>

#include "lint/model/document.h"

namespace reflint {

/// All DOIs of `document` in source order. Blocks in code (pre, code, kbd, samp) and <script> are
/// skipped: a DOI shown as code is an example, not a reference.
std::vector<DoiMention> find_dois(const Document& document);

/// Sets DoiMention::reference_entry for the DOIs inside a reference entry of `document`'s
/// citation model (computed after the DOIs, so this is a second step).
void link_dois_to_reference_entries(const Document& document, std::vector<DoiMention>& dois);

/// The DOIs in one plain text, with text_begin/text_end set (range, block and element are not).
/// In a URL (`is_url`), '?' and '#' end a DOI and characters that need percent-encoding are a
/// problem.
std::vector<DoiMention> find_dois_in_text(std::string_view text, bool is_url);

/// Case-folds a DOI for comparison (DOIs are case-insensitive).
std::string doi_key(std::string_view doi);

/// A DOI as the path part of a URL: characters outside RFC 3986's unreserved set and '/' are
/// percent-encoded ("10.1002/(SICI)..." keeps its parentheses encoded as %28 and %29).
std::string percent_encode_doi(std::string_view doi);

std::string_view to_string(DoiProblem problem);

}  // namespace reflint
