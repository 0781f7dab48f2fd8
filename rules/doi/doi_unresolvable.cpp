#include "rules/doi/doi_unresolvable.h"

#include <fmt/format.h>

namespace reflint {
namespace {

constexpr std::string_view kHelp = R"md(## What it does

Asks the DOI registry whether each well-formed DOI of the page exists, and reports the DOIs it
does not know. Only a definite answer counts: the DOI handle API (`GET {resolver}/api/handles/{doi}`)
answering `responseCode` 100 ("handle not found"). Everything else (timeouts, DNS or TLS failures,
403, 429, 5xx, malformed answers, the run's network deadline) means the DOI *could not be verified*:
it is retried, then listed in the run summary and in SARIF `toolExecutionNotifications`, and never
reported as a finding.

Lookups go through reflint's network layer: each unique DOI is looked up once per run, politely
(per-host concurrency and rate caps, a `User-Agent` naming reflint), and answers are cached
(found for 30 days, not found for 1 day). With `--offline`, only cached answers are used.

## Why it matters

A DOI that does not exist is a dead reference: a typo in the suffix, a DOI announced before it
was registered, or one copied from a preprint that was never assigned. Link checkers cannot tell:
publishers answer bots with 403 and 429, so their users exclude whole DOI prefixes instead.

## Example

```html
<p>Loureiro A, et al. BMC Musculoskelet Disord. 2018;19(1):303. doi:10.1186/s12891-018-2230-44</p>
```

The registry has no DOI `10.1186/s12891-018-2230-44` (one digit too many).
)md";

}  // namespace

const RuleMeta& DoiUnresolvable::meta() const {
  static const RuleMeta kMeta{
      .id = "doi-unresolvable",
      .family = "doi",
      .summary = "The DOI registry says this DOI does not exist.",
      .description =
          "Reports DOIs for which the DOI handle API answers responseCode 100 (not found). Timeouts, "
          "HTTP errors and other failures only make the DOI unverified: a notice, never a finding.",
      .help = kHelp,
      .default_level = Level::error,
      .needs_network = true,
      .precision = Precision::very_high,
      .options = {},
  };
  return kMeta;
}

void DoiUnresolvable::judge(const QueuedDoiLookups::Queued& queued, RuleContext& context) {
  if (queued.record.get().status != DoiStatus::not_found) return;
  context.report(queued.location,
                 fmt::format("unknown DOI {}: the DOI registry answered responseCode 100 (not found); "
                             "expected a registered DOI",
                             queued.doi));
}

}  // namespace reflint
