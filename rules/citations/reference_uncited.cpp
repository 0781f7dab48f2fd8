#include "rules/citations/reference_uncited.h"

#include <fmt/format.h>

#include "rules/citations/citation_support.h"

namespace reflint {
namespace {

constexpr std::string_view kHelp = R"md(## What it does

Finds entries of a numbered reference list that no citation marker in the page cites, neither by
number nor by a link to the entry. A list that no marker cites at all is a bibliography of further
reading and is left alone, and so are bulleted lists and lettered notes. When at least 5 entries
and half of a list are uncited, the text is evidently incomplete (a preview of a paywalled article,
a partial copy) or cites in a form reflint does not read: the list gets one finding with the count
instead of one per entry.

## Why it matters

An uncited reference is usually the trace of an edit: the sentence that cited it was removed or
rewritten, or its marker points at a neighbouring number. Readers cannot tell which claim the source
supports.

## Example

```html
<p>Exercise helped (1). It did not help everyone (2).</p>
<p><strong>References:</strong></p>
<p>1 Bieler T, ... 2017.</p>
<p>2 Svege I, ... 2016.</p>
<p>3 Teirlinck CH, ... 2020.</p>   <!-- never cited -->
```
)md";

}  // namespace

const RuleMeta& ReferenceUncited::meta() const {
  static const RuleMeta kMeta{
      .id = "reference-uncited",
      .family = "citations",
      .summary = "A reference entry is not cited anywhere in the text.",
      .description =
          "Reports each entry of a numbered reference list that no in-text citation marker cites, by number "
          "or by a "
          "link to the entry. Lists that no marker cites at all (further reading) are not checked.",
      .help = kHelp,
      .default_level = Level::warning,
      .needs_network = false,
      .precision = Precision::high,
      .options = {},
  };
  return kMeta;
}

namespace {

// At least this many uncited entries, and this share of their list, make one finding for the list.
constexpr size_t kMostlyUncitedEntries = 5;
constexpr double kMostlyUncitedShare = 0.5;

}  // namespace

void ReferenceUncited::check(const Document& document, RuleContext& context) {
  const CitationModel& model = context.citations();
  std::vector<bool> cited(model.entries().size(), false);
  std::vector<bool> list_cited(model.lists().size(), false);
  for (const CitationMarker& marker : model.markers()) {
    const uint32_t list = list_cited_by(model, marker);
    if (list == kNoIndex) continue;
    list_cited[list] = true;
    if (marker.target_entry != kNoIndex) cited[marker.target_entry] = true;
    // A link's own numbers count too: "<a>1</a>–<a>3</a>" cites 2 through its second link.
    for (const uint32_t number : marker.numbers) {
      const uint32_t entry = model.entry_by_number(list, number);
      if (entry != kNoIndex) cited[entry] = true;
    }
  }
  std::vector<uint32_t> uncited;
  std::vector<size_t> list_entries(model.lists().size(), 0);
  for (uint32_t index = 0; index < model.entries().size(); ++index) {
    const ReferenceEntry& entry = model.entries()[index];
    if (!list_cited[entry.list] || entry.number == 0 ||
        model.lists()[entry.list].numbering == ListNumbering::none || entry.range.end == 0) {
      continue;
    }
    ++list_entries[entry.list];
    if (!cited[index]) uncited.push_back(index);
  }
  // Most of a list uncited: the text is a preview or a partial copy, or its citations are of a
  // form not recognised; one finding says so instead of one per entry.
  std::vector<size_t> uncited_in_list(model.lists().size(), 0);
  for (const uint32_t index : uncited) ++uncited_in_list[model.entries()[index].list];
  std::vector<bool> reported_list(model.lists().size(), false);
  for (const uint32_t index : uncited) {
    const ReferenceEntry& entry = model.entries()[index];
    const size_t missing = uncited_in_list[entry.list];
    if (missing >= kMostlyUncitedEntries &&
        static_cast<double>(missing) >= kMostlyUncitedShare * static_cast<double>(list_entries[entry.list])) {
      if (reported_list[entry.list]) continue;
      reported_list[entry.list] = true;
      context
          .report(document, entry.range,
                  fmt::format("{} of the {} references of this list are not cited in the text; expected the "
                              "whole text (it looks like a preview or a partial copy) or citations of a form "
                              "reflint recognises",
                              missing, list_entries[entry.list]))
          .fingerprint_key("mostly-uncited");
      continue;
    }
    context.report(
        document, entry.range,
        fmt::format("reference {} is not cited in the text; expected a citation marker for it or no entry",
                    entry.number));
  }
}

}  // namespace reflint
