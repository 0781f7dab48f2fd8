#include "rules/citations/reference_uncited.h"

#include <fmt/format.h>

#include "rules/citations/citation_support.h"

namespace reflint {
namespace {

constexpr std::string_view kHelp = R"md(## What it does

Finds entries of a numbered reference list that no citation marker in the page cites, neither by
number nor by a link to the entry. A list that no marker cites at all is a bibliography of further
reading and is left alone, and so are bulleted lists and lettered notes.

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
  for (uint32_t index = 0; index < model.entries().size(); ++index) {
    const ReferenceEntry& entry = model.entries()[index];
    if (cited[index] || !list_cited[entry.list] || entry.number == 0 ||
        model.lists()[entry.list].numbering == ListNumbering::none || entry.range.end == 0) {
      continue;
    }
    context.report(
        document, entry.range,
        fmt::format("reference {} is not cited in the text; expected a citation marker for it or no entry",
                    entry.number));
  }
}

}  // namespace reflint
