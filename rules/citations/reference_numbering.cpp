#include "rules/citations/reference_numbering.h"

#include <fmt/format.h>

#include "rules/citations/citation_support.h"

namespace reflint {
namespace {

constexpr std::string_view kHelp = R"md(## What it does

Checks that a numbered reference list runs 1, 2, 3, ... N: reports a gap (1, 2, 3, 5), a repeated
number (1, 2, 2, 3), a number that goes backwards, and a typed list that does not start at 1. The
finding is at the offending entry. Numbers come from the entries' text ("1 ", "1.", "[1]", "1)"),
from `<ol start>` and `<li value>`, or from ids such as `ref5`.

## Why it matters

Citations point at numbers. When the list skips or repeats one, every citation after the break
points at the wrong source, or at two.

## Example

```html
<p>1 Bieler T, ... 2017.</p>
<p>2 Svege I, ... 2016.</p>
<p>4 Loureiro A, ... 2018.</p>   <!-- 3 is missing -->
```
)md";

}  // namespace

const RuleMeta& ReferenceNumbering::meta() const {
  static const RuleMeta kMeta{
      .id = "reference-numbering",
      .family = "citations",
      .summary = "The reference list's numbers break 1..N (a gap or a repeat).",
      .description =
          "Reports the entry at which a numbered reference list skips a number, repeats one, goes "
          "backwards, or (for numbers typed in the text) does not start at 1.",
      .help = kHelp,
      .default_level = Level::error,
      .needs_network = false,
      .precision = Precision::very_high,
      .options = {},
  };
  return kMeta;
}

void ReferenceNumbering::check(const Document& document, RuleContext& context) {
  const CitationModel& model = context.citations();
  for (const ReferenceList& list : model.lists()) {
    if (list.numbering == ListNumbering::none) continue;
    uint32_t previous = 0;
    for (uint32_t index = list.first_entry; index < list.end_entry; ++index) {
      const ReferenceEntry& entry = model.entries()[index];
      if (entry.number == 0 || entry.range.end == 0) continue;
      const SourceRange at = entry.number_range.end > 0 ? entry.number_range : entry.range;
      if (previous == 0) {
        // An <ol start> may continue an earlier list; typed numbers and ids must start at 1.
        if (entry.number != 1 && list.numbering != ListNumbering::ordered) {
          context.report(document, at,
                         fmt::format("the reference list starts at {}; expected 1", entry.number));
        }
      } else if (entry.number == previous) {
        context.report(
            document, at,
            fmt::format("reference number {} is used twice; expected {}", entry.number, previous + 1));
      } else if (entry.number < previous) {
        context.report(
            document, at,
            fmt::format("reference {} follows {}; expected {}", entry.number, previous, previous + 1));
      } else if (entry.number > previous + 1) {
        context.report(document, at,
                       fmt::format("reference {} follows {}; expected {} ({} missing)", entry.number,
                                   previous, previous + 1,
                                   entry.number == previous + 2
                                       ? fmt::format("number {} is", previous + 1)
                                       : fmt::format("numbers {}–{} are", previous + 1, entry.number - 1)));
      }
      previous = entry.number;
    }
  }
}

}  // namespace reflint
