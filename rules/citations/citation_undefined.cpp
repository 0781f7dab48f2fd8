#include "rules/citations/citation_undefined.h"

#include <fmt/format.h>

#include "rules/citations/citation_support.h"

namespace reflint {
namespace {

constexpr std::string_view kHelp = R"md(## What it does

Finds citation markers that cite a number the reference list does not have: `[9]` when the list
has entries 1–8, or a range such as `(6–9)` that runs past the list. One finding per marker.

Markers are `(3)`, `[3]`, `<sup>3</sup>`, lists and ranges (`[1, 3–5]`, `<sup>1-3,7</sup>`),
`ref. 5` / `refs. 3, 4`, and links to an element of the reference list. Years, statistics
(`n = 14`), enumerations, figure and table numbers, exponents, prices and telephone numbers are
not markers. A linked marker whose target is not in the page is reported too; when the page has
no reference list at all (only a lazy-load placeholder, or a fragment of an article), the page gets
one finding for all such markers rather than one per marker.

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

void CitationUndefined::check(const Document& document, RuleContext& context) {
  const CitationModel& model = context.citations();

  size_t missing_targets = 0;
  const CitationMarker* first_missing = nullptr;
  for (const CitationMarker& marker : model.markers()) {
    if (!marker.target_missing) continue;
    ++missing_targets;
    if (first_missing == nullptr) first_missing = &marker;
  }
  if (first_missing != nullptr && model.entries().empty()) {
    // A lazy-loaded or cut-off list: one finding for the page, not one per marker.
    context
        .report(
            document, first_missing->range,
            fmt::format("{} citation markers link to notes that are not in the page; expected a reference "
                        "list (it is missing or only a placeholder)",
                        missing_targets))
        .fingerprint_key("missing-list");
    return;
  }

  for (const CitationMarker& marker : model.markers()) {
    if (marker.target_missing) {
      const std::string& href = document.links()[marker.link].href;
      context.report(
          document, marker.range,
          fmt::format("citation {} links to {}, which is not in the page; expected a link to an entry "
                      "of the reference list",
                      marker_name(marker), href.substr(href.find('#'))));
      continue;
    }
    if (marker.style == MarkerStyle::link)
      continue;  // a link to an entry: citation-link-mismatch checks its label
    const uint32_t list = list_cited_by(model, marker);
    if (list == kNoIndex) continue;
    std::vector<uint32_t> missing;
    for (const uint32_t number : marker.numbers) {
      if (model.entry_by_number(list, number) == kNoIndex) missing.push_back(number);
    }
    if (missing.empty()) continue;
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
