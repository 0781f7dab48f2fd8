#include "rules/citations/citation_undefined.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "lint/text/unicode.h"
#include "rules/citations/citation_support.h"

namespace reflint {
namespace {

constexpr std::string_view kHelp = R"md(## What it does

Finds citation markers that cite a number the reference list does not have: `[9]` when the list
has entries 1–8, or a range such as `(6–9)` that runs past the list. One finding per marker.

Markers are `(3)`, `[3]`, `<sup>3</sup>`, lists and ranges (`[1, 3–5]`, `<sup>1-3,7</sup>`),
`ref. 5` / `refs. 3, 4`, and links to an element of the reference list. Years, statistics
(`n = 14`), enumerations, figure and table numbers, exponents, prices and telephone numbers are
not markers. A linked marker whose target is not in the page is reported too. When the page has
no reference list at all (only a lazy-load placeholder, or a fragment of an article), or its list is
evidently cut short or partly loaded (at least 5 markers, and half of the linked or of the plain
ones, point at notes the page lacks or past the list), the page gets one finding for all such
markers rather than one per marker: the list is what needs fixing.

## Why it matters

A reader who follows the number finds no source, or the wrong one: the claim is unsupported as
published. It usually means a reference was deleted or the list was cut short.

## Example

```html
<p>Strength training helped in one trial (9).</p>
<h2>References</h2>
<ol><li>Bieler T, ... 2017.</li> ... <li>Gül D, ... 2020.</li></ol>  <!-- 8 entries -->
```

`(9)` cites reference 9, but the list ends at 8.
)md";

}  // namespace

const RuleMeta& CitationUndefined::meta() const {
  static const RuleMeta kMeta{
      .id = "citation-undefined",
      .family = "citations",
      .summary = "A citation marker cites a number that has no entry in the reference list.",
      .description =
          "Reports each in-text citation marker ((3), [3], superscript 3, ranges, ref. 5, links to the "
          "reference "
          "list) whose number has no reference entry, and links to citation targets that are not in the "
          "page; a "
          "page whose reference list is missing entirely gets one finding.",
      .help = kHelp,
      .default_level = Level::error,
      .needs_network = false,
      .precision = Precision::high,
      .options = {},
  };
  return kMeta;
}

namespace {

// When at least this many markers, and this share of them, point past the list or at notes the
// page lacks, the list is missing, a placeholder or cut short: one finding says so.
constexpr size_t kTruncatedMarkers = 5;
constexpr double kTruncatedShare = 0.5;

bool evidently_truncated(size_t pointing_nowhere, size_t markers) {
  return pointing_nowhere >= kTruncatedMarkers &&
         static_cast<double>(pointing_nowhere) >= kTruncatedShare * static_cast<double>(markers);
}

/// The numbers of `marker` that its list does not have.
std::vector<uint32_t> missing_numbers(const CitationModel& model, const CitationMarker& marker) {
  std::vector<uint32_t> missing;
  if (marker.target_missing || marker.style == MarkerStyle::link) return missing;
  const uint32_t list = model.list_cited_by(marker);
  if (list == kNoIndex) return missing;
  for (const uint32_t number : marker.numbers) {
    if (model.entry_by_number(list, number) == kNoIndex) missing.push_back(number);
  }
  return missing;
}

/// "(Okafor et al., 2019)" with no entry by Okafor from 2019; names the years the list has for
/// that author, if any.
void report_author_year(const Document& document, RuleContext& context, const CitationModel& model,
                        const CitationMarker& marker) {
  std::vector<int> years;
  const std::string wanted = fold_for_comparison(marker.cited_author);
  for (const ReferenceEntry& entry : model.entries()) {
    if (!entry.first_author.empty() && fold_for_comparison(entry.first_author) == wanted && entry.year != 0)
      years.push_back(entry.year);
  }
  std::sort(years.begin(), years.end());
  years.erase(std::unique(years.begin(), years.end()), years.end());
  std::string hint = "expected an entry by that author from that year";
  if (!years.empty()) {
    hint = fmt::format("the list has {} from {}", marker.cited_author, fmt::join(years, ", "));
  }
  context.report(document, marker.range,
                 fmt::format("citation ({}) has no entry by {} from {} in the reference list; {}",
                             marker.label, marker.cited_author, marker.cited_year, hint));
}

}  // namespace

void CitationUndefined::check(const Document& document, RuleContext& context) {
  const CitationModel& model = context.citations();

  size_t linked = 0;
  size_t missing_targets = 0;
  size_t numbered = 0;
  size_t past_the_list = 0;
  const CitationMarker* first_nowhere = nullptr;
  for (const CitationMarker& marker : model.markers()) {
    if (marker.style == MarkerStyle::author_year) continue;
    const bool nowhere = marker.target_missing || !missing_numbers(model, marker).empty();
    if (marker.link != kNoIndex) {
      ++linked;
      missing_targets += marker.target_missing ? 1 : 0;
    } else {
      ++numbered;
      past_the_list += nowhere ? 1 : 0;
    }
    if (nowhere && first_nowhere == nullptr) first_nowhere = &marker;
  }
  if (first_nowhere != nullptr && (model.entries().empty() || evidently_truncated(missing_targets, linked) ||
                                   evidently_truncated(past_the_list, numbered))) {
    // A lazy-loaded, missing or cut-off list: one finding for the page, not one per marker.
    const size_t nowhere = missing_targets + past_the_list;
    context
        .report(document, first_nowhere->range,
                model.entries().empty()
                    ? fmt::format("{} citation markers link to notes that are not in the page; expected a "
                                  "reference list (it is missing or only a placeholder)",
                                  nowhere)
                    : fmt::format("{} of {} citation markers cite notes or numbers the reference list ({} "
                                  "entries) does not have; expected the whole list (it looks cut short, only "
                                  "partly loaded, or its anchors are broken)",
                                  nowhere, linked + numbered, model.entries().size()))
        .fingerprint_key("missing-list");
    return;
  }

  for (const CitationMarker& marker : model.markers()) {
    if (marker.style == MarkerStyle::author_year) {
      if (marker.target_entry == kNoIndex) report_author_year(document, context, model, marker);
      continue;
    }
    if (marker.target_missing) {
      // A link opened by a script (href="javascript:...") names its note in the script.
      const std::string& href = document.links()[marker.link].href;
      const size_t hash = href.find('#');
      context.report(
          document, marker.range,
          fmt::format("citation {} links to {}, which is not in the page; expected a link to an entry "
                      "of the reference list",
                      marker_name(marker),
                      hash == std::string::npos ? "a note its script opens" : href.substr(hash)));
      continue;
    }
    const std::vector<uint32_t> missing = missing_numbers(model, marker);
    if (missing.empty()) continue;
    const uint32_t list = model.list_cited_by(marker);
    std::vector<uint32_t> present;
    const ReferenceList& cited = model.lists()[list];
    for (uint32_t entry = cited.first_entry; entry < cited.end_entry; ++entry) {
      if (model.entries()[entry].number != 0) present.push_back(model.entries()[entry].number);
    }
    context.report(
        document, marker.range,
        fmt::format("citation {} cites {} {}, which the reference list does not have; expected a number "
                    "among its entries ({})",
                    marker_name(marker), missing.size() == 1 ? "reference" : "references",
                    number_ranges(missing), number_ranges(present)));
  }
}

}  // namespace reflint
