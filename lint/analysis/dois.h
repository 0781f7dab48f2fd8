#pragma once
// DOI extraction: every DOI of a page, in block text, in href/src/cite attributes and in the
// citation_doi / dc.identifier meta tags, in all the forms people write them (bare "10.1234/x",
// "doi:" prefixes, doi.org and dx.doi.org URLs, "urn:doi:", percent-encoding). Text that is evidently
// meant as a DOI but is broken is kept too, with its DoiProblem, so doi-malformed can report it.

#include <string>
#include <string_view>
#include <vector>

#include "lint/model/document.h"
#include "lint/text/doi_text.h"

namespace reflint {

class CitationModel;

/// What is wrong with text that is evidently meant as a DOI.
enum class DoiProblem : uint8_t {
  none,
  unicode_dash,         // U+2010..U+2015 or U+2212 where a hyphen-minus belongs
  dash_for_slash,       // such a dash where the slash after the prefix belongs
  space,                // white space inside the DOI
  no_slash,             // no '/' between the prefix and the suffix
  short_registrant,     // a registrant code of fewer than 4 digits
  doubled_resolver,     // https://doi.org/https://doi.org/10..., doi.org/doi:10...
  unencoded_character,  // a character a URL must percent-encode
};

enum class DoiOrigin : uint8_t { text, attribute, meta };

/// One DOI as written in the page: in text, in an href/src/cite attribute, or in a meta tag.
struct DoiMention {
  std::string doi;      // without "doi:" or resolver, percent-decoded; for a malformed one the intended
                        // DOI, or empty when that is unclear
  std::string key;      // `doi` case-folded: DOIs compare case-insensitively
  std::string written;  // as written, prefix or resolver included
  SourceRange range;    // of `written` in the source
  DoiOrigin origin = DoiOrigin::text;
  DoiProblem problem = DoiProblem::none;
  uint32_t element = kNoIndex;  // the element whose attribute holds it (attribute, meta)
  uint32_t block = kNoIndex;    // the block it sits in (for a link's href: the link's block)
  uint32_t text_begin = 0;      // its text in the block (for a link's href: the link text)
  uint32_t text_end = 0;
  uint32_t sentence_begin = 0;  // the sentence of the block around it
  uint32_t sentence_end = 0;
  uint32_t reference_entry = kNoIndex;  // the CitationModel entry it sits in, if any

  bool valid() const { return problem == DoiProblem::none; }
};

class CitationModel;  // lint/model/citations.h
class QuoteModel;     // lint/model/quotes.h

/// All DOIs of `document` in source order. Blocks in code (pre, code, kbd, samp) and <script> are
/// skipped: a DOI shown as code is an example, not a reference.
std::vector<DoiMention> find_dois(const Document& document);

/// Sets DoiMention::reference_entry for the DOIs inside a reference entry of `citations`.
void link_dois_to_reference_entries(const Document& document, const CitationModel& citations,
                                    std::vector<DoiMention>& dois);

/// The DOIs in one plain text, with text_begin/text_end set (range, block and element are not).
/// In a URL (`is_url`), '?' and '#' end a DOI and characters that need percent-encoding are a
/// problem.
std::vector<DoiMention> find_dois_in_text(std::string_view text, bool is_url);

std::string_view to_string(DoiProblem problem);

}  // namespace reflint
