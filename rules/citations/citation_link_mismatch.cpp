#include "rules/citations/citation_link_mismatch.h"

#include <fmt/format.h>

#include <algorithm>

#include "rules/citations/citation_support.h"

namespace reflint {
namespace {

constexpr std::string_view kHelp = R"md(## What it does

Finds citation markers whose label and link disagree: the marker reads `[3]` but its link goes to
the fourth entry of the reference list. Entries are numbered as the list shows them (`<ol>`
position, `start` and `value`, or the number typed in the entry).

## Why it matters

Readers who click the marker land on a different source than readers who look the number up.
This happens when references are inserted or deleted by hand and the labels or anchors are not
renumbered.

## Example

```html
<p>Exercise helped.<sup><a href="#ref4">3</a></sup></p>
<ol><li id="ref1">...</li><li id="ref2">...</li><li id="ref3">...</li><li id="ref4">...</li></ol>
```
)md";

}  // namespace

const RuleMeta& CitationLinkMismatch::meta() const {
  static const RuleMeta kMeta{
      .id = "citation-link-mismatch",
      .family = "citations",
      .summary = "A citation marker's label says n but its link points at reference m.",
      .description =
          "Reports linked citation markers whose label number differs from the number of the reference "
          "entry their link points at.",
      .help = kHelp,
      .default_level = Level::error,
      .needs_network = false,
      .precision = Precision::very_high,
      .options = {},
  };
  return kMeta;
}

void CitationLinkMismatch::check(const Document& document, RuleContext& context) {
  const CitationModel& model = context.citations();
  for (const CitationMarker& marker : model.markers()) {
    if (marker.target_entry == kNoIndex || marker.numbers.empty()) continue;
    const ReferenceEntry& entry = model.entries()[marker.target_entry];
    if (entry.number == 0 || model.lists()[entry.list].numbering == ListNumbering::none) continue;
    if (std::find(marker.numbers.begin(), marker.numbers.end(), entry.number) != marker.numbers.end())
      continue;
    auto finding =
        context.report(document, marker.range,
                       fmt::format("citation {} links to reference {}; expected a link to reference {}",
                                   marker_name(marker), entry.number, number_ranges(marker.numbers)));
    if (entry.range.end > 0)
      finding.related(Location::in(document, entry.range), fmt::format("reference {}", entry.number));
  }
}

}  // namespace reflint
