#pragma once
// What the quote rules share: which quotations are checked, against which source texts, and the
// verdict for each. A rule collects a page's quotations in check() (starting the network lookups)
// and judges them in finish(), when the texts have arrived; a rule cannot read another rule's
// results, so both compute the verdicts with the code here (the network answers are shared).

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/analysis/page_analyses.h"
#include "lint/core/rule.h"
#include "lint/core/settings.h"
#include "lint/model/document.h"
#include "rules/quotes/quote_match.h"

namespace reflint {

class NetworkServices;
class QuoteSources;
struct LoadedSource;
struct ReferenceEntry;

enum class QuoteVerdict : uint8_t {
  verified,              // in the attributed source
  from_other_reference,  // not in the attributed source, but in another reference's source
  not_found,             // in no available source of the article
  no_source_text,        // the attributed source's text could not be had
};

/// A source a quotation may come from, copied out of its page so that it can be looked up after
/// the page's Document is gone: a reference entry, or a DOI or address named by a cite attribute
/// or a link.
struct QuoteSource {
  std::string label;              // "[5]", "Smith 2019", "doi:10.1/x", an address
  std::optional<Location> entry;  // the reference entry, when it is one
  std::vector<std::string> dois;
  std::string title;
  std::string first_author;
  int year = 0;
  std::vector<std::string> urls;  // for local file names
  // Fetch urls.front() as a page: for an address named by a cite attribute or a link, never for
  // a reference entry's links (search engines, library catalogues).
  bool fetch_page = false;
};

struct PendingQuote {
  std::string text;
  Location location;
  std::optional<Location> attributed_at;  // the marker, link or author name that attributes it
  std::string claimed_label;
  std::vector<uint32_t> claimed;  // indexes into PendingQuotes::sources
};

/// The checked quotations of one page, with every source they may come from.
struct PendingQuotes {
  std::string path;
  std::vector<QuoteSource> sources;  // the page's reference entries first, in order
  std::vector<PendingQuote> quotes;
  MatchOptions match;  // the page's configured matching options
};

struct QuoteCheck {
  uint32_t quote = 0;  // index into PendingQuotes::quotes
  QuoteVerdict verdict = QuoteVerdict::no_source_text;
  std::vector<uint32_t> found_in;    // sources that hold it (from_other_reference)
  std::vector<std::string> checked;  // what was read for the attributed source: "local file x.txt"
  bool abstracts_only = false;       // every text read for it was an abstract
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

/// The checked quotations of the context's page and their possible sources. With a network layer
/// the attributed sources' lookups start now, so they run while other pages are parsed. None when
/// no source text can be had (offline without a cache, and no --sources): nothing is built for
/// checks that cannot be made.
PendingQuotes collect_quotes(const RuleContext& context, const QuoteCheckOptions& options);

/// The matching index of each source text of a run, built once whichever quote rule asks first
/// (both check the same quotations against the same texts); kept in the run memo.
class SourceIndexes {
 public:
  static std::shared_ptr<SourceIndexes> of_run(const RuleContext& context);
  /// The index of `text`; `key` names the text.
  std::shared_ptr<const SourceText> index(const std::string& key, std::string_view text);
  /// A note with the number of texts indexed, once per run, by whichever rule finishes first.
  void report_count(RuleContext& context);

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const SourceText>> indexes_;
  bool reported_ = false;
};

/// Texts of quotation sources: the --sources folder first, else Europe PMC (abstract and open-access
/// full text), the Crossref or DataCite abstract, or the fetched page. Waits for the network.
class SourceTextResolver {
 public:
  explicit SourceTextResolver(const RuleContext& context);
  ~SourceTextResolver();
  SourceTextResolver(const SourceTextResolver&) = delete;
  SourceTextResolver& operator=(const SourceTextResolver&) = delete;

  /// Every text found for `source` (quoted on page `path`); empty when none could be had.
  std::vector<LoadedSource> texts(const QuoteSource& source, const std::string& path);

 private:
  std::shared_ptr<SourceIndexes> indexes_;
  std::unique_ptr<QuoteSources> local_;
  NetworkServices* network_;
  std::string rule_;
};

/// The verdict for every quotation of `page`, in order.
std::vector<QuoteCheck> check_quotes(const PendingQuotes& page, SourceTextResolver& sources);

/// "[5]" for a numbered entry, else "Smith 2019", for messages.
std::string entry_label(const ReferenceEntry& entry);
/// The claimed source of `attribution` for messages: "[5]", "[3, 4]", "doi:10.1/x", an address.
std::string attribution_label(const CitationModel& citations, const QuoteAttribution& attribution);
/// The same identity for the same source on every page: its DOI, address, or author, year and title.
std::string attribution_identity(const CitationModel& citations, const QuoteAttribution& attribution);
/// The quotation's words, normalised, as a key for "the same quote".
std::string quote_key(const Quote& quote);

}  // namespace reflint
