#include "rules/quotes/unverified_quote.h"

#include <fmt/format.h>

#include "lint/analysis/quotes.h"
#include "lint/core/settings.h"
#include "rules/quotes/quote_verification.h"

namespace reflint {
namespace {

constexpr std::string_view kHelp = R"md(## What it does

Checks each quotation that names its source against that source's text, and reports a quotation
found in neither its attributed source nor any other source of the article. Quotations are
`<blockquote>`, `<q>`, and running text of at least `min-words` words between quotation marks; the
claimed source is read from the `cite` attribute, a citation marker in or right after the
quotation, a lead-in that cites a reference, a link in the same sentence, or an author named in
the lead-in.

The comparison ignores typography: case, curly or straight quotes, dashes, punctuation, line
breaks and hyphenation. Ellipses (`...`, `…`, `[...]`, `. . .`) may leave out text, `[bracketed]`
words may stand for a few words of the source, `[sic]` is ignored, and up to `max-edit-ratio` of
the words may differ. Abbreviations the source defines ("hip osteoarthritis (OA)") match their
long form.

Source texts, in this order: a local file from the folder given with `--sources` (see the file
naming in `reflint --explain misattributed-quote`); for a reference with a DOI, or else with a
title, its Europe PMC record: the abstract and, for open-access papers, the full text; the
abstract in the DOI's Crossref or DataCite record; for a `cite` attribute or a link, the page's
readable text. Answers are cached like DOI lookups; `--offline` uses the cache and `--sources`
only. The message says what was read: a quotation from a paper's body is not in its abstract, so a
quotation checked against abstracts only is reported as a note, not a warning. A quotation whose
source text is not available gives no finding; the run summary counts it.

## Why it matters

Studies of the medical literature find that about one quotation in six misrepresents its source.
A quotation the source does not contain was reworded, paraphrased as if verbatim, or invented.

## Example

```html
<p>The authors concluded: “exercise cured every patient within a week” (5).</p>
```

Reference 5's abstract says nothing of the kind.
)md";

}  // namespace

const RuleMeta& UnverifiedQuote::meta() const {
  static const RuleMeta kMeta{
      .id = "unverified-quote",
      .family = "quotes",
      .summary = "A quotation is not in its attributed source nor in any other source of the article.",
      .description =
          "Compares each attributed quotation with the text of its source (a local file from --sources, the "
          "abstract or open-access full text from Europe PMC, Crossref or DataCite, or the cited page) after "
          "normalising typography, allowing ellipses, bracketed insertions and a small share of changed "
          "words, and "
          "reports quotations found in no available source of the article. The message says what was "
          "checked.",
      .help = kHelp,
      .default_level = Level::warning,
      .needs_network = true,
      .precision = Precision::medium,
      .options = quote_option_specs(),
  };
  return kMeta;
}

void UnverifiedQuote::check(const Document& /*document*/, RuleContext& context) {
  PendingQuotes page = collect_quotes(context, read_quote_options(context.options()));
  if (page.quotes.empty()) return;
  std::lock_guard lock(mutex_);
  pending_.push_back(std::move(page));
}

void UnverifiedQuote::finish(RuleContext& context) {
  std::vector<PendingQuotes> pages;
  {
    std::lock_guard lock(mutex_);
    pages.swap(pending_);
  }
  const bool offline = context.settings().network.offline;
  SourceTextResolver sources(context);
  for (const PendingQuotes& page : pages) {
    size_t without_text = 0;
    for (const QuoteCheck& check : check_quotes(page, sources)) {
      if (check.verdict == QuoteVerdict::no_source_text) ++without_text;
      if (check.verdict != QuoteVerdict::not_found) continue;
      const PendingQuote& quote = page.quotes[check.quote];
      const bool abstracts_only = check.abstracts_only;
      auto finding = context.report(
          quote.location,
          fmt::format(
              "quotation not found in its attributed source {} (checked: {}{}) nor in any "
              "other source of the article",
              quote.claimed_label, fmt::join(check.checked, ", "),
              abstracts_only ? " only; a quotation from the body of a paper is not in its abstract" : ""));
      // Missing from an abstract is weak evidence: the paper's body may well hold the quotation.
      if (abstracts_only) finding.level(Level::note);
      if (quote.attributed_at) finding.related(*quote.attributed_at, "the quotation is attributed here");
    }
    if (without_text > 0) {
      context.notify(
          Notice::note(fmt::format("{} attributed quotation(s) not checked: the text of their source "
                                   "is not available{} (--sources DIR gives local source texts)",
                                   without_text, offline ? " offline" : ""),
                       page.path));
    }
  }
  SourceIndexes::of_run(context)->report_count(context);
}

}  // namespace reflint
