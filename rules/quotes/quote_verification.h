#pragma once
// What the quote rules share: which quotations are checked, against which source texts, and the
// verdict for each. Both rules compute it for the document they check (a rule cannot read another
// rule's results), so the verdict logic lives here once.

#include <cstdint>
#include <string>
#include <vector>

#include "lint/core/rule.h"
#include "lint/model/document.h"
#include "lint/model/quote_match.h"
#include "lint/model/quotes.h"

namespace reflint {

struct ReferenceEntry;

enum class QuoteVerdict : uint8_t {
  verified,              // in the attributed source
  from_other_reference,  // not in the attributed source, but in another reference's source
  not_found,             // in no available source of the article
  no_source_text,        // the attributed source's text could not be had
};

struct QuoteCheck {
  uint32_t quote = 0;  // index into document.quotes().all()
  QuoteVerdict verdict = QuoteVerdict::no_source_text;
  std::vector<uint32_t> found_in;    // reference entries whose source holds it (from_other_reference)
  std::vector<std::string> checked;  // what was read for the attributed source: "local file x.txt"
};

struct QuoteCheckOptions {
  uint32_t min_words = 6;
  MatchOptions match;
};

/// The options both quote rules declare, and their values for one document.
std::vector<RuleOptionSpec> quote_option_specs();
QuoteCheckOptions read_quote_options(const RuleOptions& options);

/// True for a quotation the rules check: attributed, and long enough to be more than a title or
/// scare quotes (inline quotation marks only; <q> and <blockquote> say they quote).
bool is_checked_quote(const Quote& quote, uint32_t min_words);

/// The verdict for every checked quotation of `document`, in order, with texts from `sources_dir`.
std::vector<QuoteCheck> check_quotes(const Document& document, const std::string& sources_dir,
                                     const QuoteCheckOptions& options);

/// "[5]" for a numbered entry, else "Smith 2019", for messages.
std::string entry_label(const ReferenceEntry& entry);
/// The claimed source of `attribution` for messages: "[5]", "[3, 4]", "doi:10.1/x", an address.
std::string attribution_label(const Document& document, const QuoteAttribution& attribution);
/// The same identity for the same source on every page: its DOI, address, or author, year and title.
std::string attribution_identity(const Document& document, const QuoteAttribution& attribution);
/// The quotation's words, normalised, as a key for "the same quote".
std::string quote_key(const Quote& quote);

}  // namespace reflint
