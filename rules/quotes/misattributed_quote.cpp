#include "rules/quotes/misattributed_quote.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_map>

#include "lint/analysis/citations.h"
#include "lint/analysis/quotes.h"
#include "lint/core/settings.h"
#include "rules/quotes/quote_verification.h"

namespace reflint {
namespace {

constexpr std::string_view kHelp = R"md(## What it does

Reports a quotation attributed to one source that comes from another:

- the quotation is not in the text of its attributed reference but is in the text of another
  reference of the same article ("quote attributed to [5] is from [3]");
- the same quotation is attributed to different sources within one article, or on different pages
  of one run. This check needs no source text and works offline.

Quotations, their attribution and the comparison are described in `reflint --explain
unverified-quote`.

Source texts come from Europe PMC, Crossref and DataCite (abstracts, open-access full texts) and
cited pages, as `reflint --explain unverified-quote` describes, or from the folder given with
`--sources DIR`, which wins. Name each file after the source (the first that exists wins; `.txt`
is plain text, `.html` a page whose main text is used):

- a DOI in lower case with `/` replaced by `_`: `10.1186_s12891-019-2668-z.txt`;
- a web address without scheme and `www.`, in lower case, other characters than letters, digits,
  `.` and `-` replaced by `_`: `example.org_papers_smith_id_2.html`;
- a reference without DOI or address: first author's surname and year, `teirlinck-2020.txt`.

## Why it matters

A quotation credited to the wrong paper sends readers to a source that does not say it, and lends
one study's authority to another study's words.

## Example

```html
<p>Another paper (5) reported: “Exercise therapy is an important part of the conservative
treatment of patients with hip osteoarthritis.”</p>
```

The sentence is from reference 3, not reference 5.
)md";

}  // namespace

const RuleMeta& MisattributedQuote::meta() const {
  static const RuleMeta kMeta{
      .id = "misattributed-quote",
      .family = "quotes",
      .summary = "A quotation is attributed to a source it does not come from.",
      .description =
          "Reports a quotation that is not in its attributed reference's text but is in another reference's "
          "text "
          "of the same article, and the same quotation attributed to different sources within one article or "
          "one "
          "run (offline too).",
      .help = kHelp,
      .default_level = Level::error,
      .needs_network = true,
      .precision = Precision::high,
      .options = quote_option_specs(),
  };
  return kMeta;
}

void MisattributedQuote::check(const Document& document, RuleContext& context) {
  const QuoteCheckOptions options = read_quote_options(context.options());
  const std::vector<Quote>& quotes = context.quotes().all();
  PendingQuotes page = collect_quotes(context, options);

  // The same quotation with different claimed sources.
  std::unordered_map<std::string, uint32_t> first_by_key;
  std::vector<Seen> seen;
  for (uint32_t index = 0; index < quotes.size(); ++index) {
    const Quote& quote = quotes[index];
    if (!is_checked_quote(quote, options.min_words)) continue;
    const std::string identity = attribution_identity(context.citations(), quote.attribution);
    if (identity.empty()) continue;
    std::string key = quote_key(quote);
    const auto [first, inserted] = first_by_key.try_emplace(key, index);
    if (!inserted) {
      const Quote& earlier = quotes[first->second];
      if (attribution_identity(context.citations(), earlier.attribution) != identity) {
        const Location earlier_location = Location::in(document, earlier.range);
        context
            .report(document, quote.range,
                    fmt::format("the same quote is attributed to {} here and to {} on line {}",
                                attribution_label(context.citations(), quote.attribution),
                                attribution_label(context.citations(), earlier.attribution),
                                earlier_location.start.line))
            .related(earlier_location, "the same quote, attributed differently");
      }
    }
    seen.push_back({std::move(key), identity, attribution_label(context.citations(), quote.attribution),
                    Location::in(document, quote.range)});
  }
  std::lock_guard lock(mutex_);
  if (!page.quotes.empty()) pending_.push_back(std::move(page));
  if (context.settings().cross_page) std::move(seen.begin(), seen.end(), std::back_inserter(seen_));
}

void MisattributedQuote::report_other_sources(RuleContext& context, const std::vector<PendingQuotes>& pages) {
  SourceTextResolver sources(context);
  for (const PendingQuotes& page : pages) {
    for (const QuoteCheck& check : check_quotes(page, sources)) {
      if (check.verdict != QuoteVerdict::from_other_reference) continue;
      const PendingQuote& quote = page.quotes[check.quote];
      std::vector<std::string> found_in;
      for (const uint32_t source : check.found_in) found_in.push_back(page.sources[source].label);
      auto finding = context.report(
          quote.location,
          fmt::format("quote attributed to {} is from {}", quote.claimed_label, fmt::join(found_in, ", ")));
      for (const uint32_t source : check.found_in) {
        finding.related(
            *page.sources[source].entry,
            fmt::format("reference {}, whose source has the quotation", page.sources[source].label));
      }
    }
  }
  SourceIndexes::of_run(context)->report_count(context);
}

void MisattributedQuote::finish(RuleContext& context) {
  std::vector<Seen> seen;
  std::vector<PendingQuotes> pages;
  {
    std::lock_guard lock(mutex_);
    seen.swap(seen_);
    pages.swap(pending_);
  }
  report_other_sources(context, pages);
  // Pages are checked in any order: compare in path order so the later page is the one reported.
  std::stable_sort(seen.begin(), seen.end(), [](const Seen& a, const Seen& b) {
    return std::tie(a.location.path, a.location.range.begin) <
           std::tie(b.location.path, b.location.range.begin);
  });
  std::map<std::string, const Seen*> first_by_key;
  for (const Seen& quote : seen) {
    const auto [first, inserted] = first_by_key.try_emplace(quote.key, &quote);
    if (inserted || first->second->location.path == quote.location.path)
      continue;  // same page: check() did it
    if (first->second->identity == quote.identity) continue;
    context
        .report(quote.location, fmt::format("the same quote is attributed to {} here and to {} in {}",
                                            quote.label, first->second->label, first->second->location.path))
        .related(first->second->location, "the same quote, attributed differently");
  }
}

}  // namespace reflint
