#include "rules/doi/doi_retracted.h"

#include <fmt/format.h>

#include <optional>

namespace reflint {
namespace {

constexpr std::string_view kHelp = R"md(## What it does

Reports DOIs of works that were retracted: their Crossref record carries an `updated-by` notice of
type `retraction` (Crossref includes the Retraction Watch database, so retractions the publisher
never registered are found too). The message names the retraction notice and, when the data comes
from Retraction Watch, its record id. An expression of concern is reported at note level.

Works registered with other agencies have no update notices here and are not judged. DOIs that
could not be looked up are listed in the run summary, not reported.

## Why it matters

Citing a retracted paper as if it stood spreads findings that were withdrawn, often for
misconduct or serious error. Retractions are easy to miss: the cited copy of the paper rarely
changes, and many readers never see the notice.

## Example

```html
<p>Wakefield AJ, et al. Lancet. 1998;351(9103):637-41. doi:10.1016/S0140-6736(97)11096-0</p>
```

The Lancet retracted this paper in 2010; the citation should say so, or go.
)md";

std::string describe(const WorkUpdate& update) {
  std::string notice = update.doi.empty() ? update.label : fmt::format("notice {}", update.doi);
  if (!update.record_id.empty()) notice += fmt::format(", Retraction Watch record {}", update.record_id);
  return notice;
}

}  // namespace

const RuleMeta& DoiRetracted::meta() const {
  static const RuleMeta kMeta{
      .id = "doi-retracted",
      .name = "DoiRetracted",
      .family = "doi",
      .summary = "The cited work was retracted.",
      .description =
          "Reports DOIs whose Crossref record carries an updated-by notice of type retraction (Crossref "
          "includes Retraction Watch data); an expression of concern is reported at note level.",
      .help = kHelp,
      .default_level = Level::warning,
      .needs_network = true,
      .precision = "very-high",
      .options = {},
  };
  return kMeta;
}

void DoiRetracted::check(const Document& document, RuleContext& context) {
  lookups_.queue(document, context, QueuedDoiLookups::Scope::per_page);
}

void DoiRetracted::finish(RuleContext& context) {
  for (const QueuedDoiLookups::Queued& queued : lookups_.take()) {
    const DoiRecord& record = queued.record.get();
    if (!record.metadata) continue;
    const std::vector<WorkUpdate>& updates = record.metadata->updated_by;
    // The publisher's notice and Retraction Watch's often describe the same retraction: one finding
    // naming the publisher's notice, with the Retraction Watch record when there is one.
    const auto find_notice = [&updates](std::string_view type) -> std::optional<WorkUpdate> {
      std::optional<WorkUpdate> found;
      for (const WorkUpdate& update : updates) {
        if (update.type != type) continue;
        if (!found) found = update;
        if (found->record_id.empty()) found->record_id = update.record_id;
        if (update.source == "publisher") found->doi = update.doi;
      }
      return found;
    };
    if (const auto retraction = find_notice("retraction")) {
      context.report(queued.location,
                     fmt::format("the work cited as DOI {} was retracted ({}); expected a "
                                 "work that stands, or a citation that says it was retracted",
                                 queued.doi, describe(*retraction)));
    } else if (const auto concern = find_notice("expression_of_concern")) {
      context
          .report(queued.location, fmt::format("the work cited as DOI {} has an expression of concern ({})",
                                               queued.doi, describe(*concern)))
          .level(Level::note);
    }
  }
}

}  // namespace reflint
