#pragma once
// Quotations in a page and the source each one claims (Document::quotes()), found once per
// Document for the quote rules.
//
// Quotations: <blockquote>, <q>, and running text between “ ”, „ “, « », ‘ ’ or straight double
// quotes, outside code, navigation and page chrome. Every quotation of at least kMinQuoteWords
// words is kept; the rules apply their own minimum. An opening “, „ or « that is never closed runs
// to the end of its paragraph (the convention for a quotation that continues into the next one).
//
// Attribution, strongest first: the cite attribute of <blockquote>/<q> (a DOI or URL); a
// citation marker inside the quotation or right after it in the same sentence; a lead-in that
// cites a reference just before it, in the paragraph or up to two blocks back ("... in BMC
// Musculoskeletal Disorders (5). Here is what the researchers said:"), for an inline quotation
// only with words that report a study ("the study concluded:", "according to the researchers,");
// a link in the same sentence; an author named in the lead-in who is the first author of exactly
// one reference; last, a quotation introduced that way right after an attributed one (the sample's
// "Conclusions: “...”" after the paper's blockquote) continues its attribution (method lead_in).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lint/model/document.h"

namespace reflint {

class CitationModel;

inline constexpr uint32_t kMinQuoteWords = 3;

enum class QuoteKind : uint8_t { blockquote, q_element, inline_marks };
std::string_view to_string(QuoteKind kind);

enum class AttributionMethod : uint8_t { none, cite_attribute, marker, lead_in, link, author };
std::string_view to_string(AttributionMethod method);

/// The source a quotation claims, and how the claim was read.
struct QuoteAttribution {
  AttributionMethod method = AttributionMethod::none;
  std::vector<uint32_t> entries;       // reference entries (CitationModel::entries) it names
  std::string doi;                     // a DOI named by a cite attribute or a link
  std::string url;                     // a URL named by a cite attribute or a link (not a DOI)
  uint32_t evidence_block = kNoIndex;  // where the evidence is: marker, link or author name
  uint32_t evidence_begin = 0;
  uint32_t evidence_end = 0;
};

struct Quote {
  QuoteKind kind = QuoteKind::inline_marks;
  uint32_t element = kNoIndex;  // the blockquote or q element
  uint32_t block = kNoIndex;    // blocks [block, end_block) hold the quotation
  uint32_t end_block = kNoIndex;
  uint32_t text_begin = 0;  // in `block`'s text
  uint32_t text_end = 0;    // in the text of block end_block - 1
  std::string text;         // without the quotation marks; blocks joined by a line break
  SourceRange range;        // the first quoted character to just past the last
  uint32_t words = 0;
  QuoteAttribution attribution;
};

class QuoteModel {
 public:
  QuoteModel() = default;
  explicit QuoteModel(std::vector<Quote> quotes) : quotes_(std::move(quotes)) {}
  const std::vector<Quote>& all() const { return quotes_; }

 private:
  std::vector<Quote> quotes_;
};

/// Every quotation of `document` in source order, attributed with `citations`.
std::vector<Quote> find_quotes(const Document& document, const CitationModel& citations);

/// Words as a reader counts them: runs of letters or digits.
uint32_t count_words(std::string_view text);

}  // namespace reflint
