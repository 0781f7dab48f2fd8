#include "rules/doi/doi_retracted.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string_view>

#include "lint/analysis/citations.h"
#include "lint/analysis/dois.h"

namespace reflint {
namespace {

constexpr std::string_view kHelp = R"md(## What it does

Reports DOIs of works that were retracted: their Crossref record carries an `updated-by` notice of
type `retraction` (or `partial_retraction`, `withdrawal`, `removal`; Crossref includes the
Retraction Watch database, so retractions the publisher never registered are found too). The message names the retraction notice and, when the data comes
from Retraction Watch, its record id. An expression of concern is reported at note level.

A citation that already says the work was retracted is not reported: a word such as "retracted"
or "Retraction in:" in the reference entry that holds the DOI (or, outside a reference list, in
the DOI's paragraph), not counting the words of DOIs and links.

A list of Open Retractions records (`--retractions FILE`, or `retraction-records` in `[network]`:
one JSON record, an array of them or one a line, or a folder of such files) adds its notices to
those of every DOI looked up, including DOIs of agencies whose records carry no notices here.
A correction or a new version never counts as a retraction, and a later correction does not hide
one. DOIs that could not be looked up are listed in the run summary, not reported.

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

/// Whether `text` says that a work was retracted ("Retracted", "[RETRACTED]", "Retraction in:"),
/// outside DOIs and links ("withdrawn" is not enough: titles speak of drug withdrawal):
/// "doi:10.5555/x.retracted-1" names a DOI, not a retraction.
bool says_retracted(std::string_view text) {
  for (size_t at = 0; at < text.size();) {
    const size_t end = std::min(text.find_first_of(" \t\r\n", at), text.size());
    const std::string_view token = text.substr(at, end - at);
    at = end + 1;
    if (token.find('/') != std::string_view::npos) continue;  // a DOI or a URL
    std::string word;
    for (const char c : token) {
      if (std::isalpha(static_cast<unsigned char>(c))) word += static_cast<char>(std::tolower(c));
    }
    if (word.starts_with("retract")) return true;
  }
  return false;
}

}  // namespace

const RuleMeta& DoiRetracted::meta() const {
  static const RuleMeta kMeta{
      .id = "doi-retracted",
      .family = "doi",
      .summary = "The cited work was retracted.",
      .description =
          "Reports DOIs whose Crossref record carries an updated-by notice of type retraction (Crossref "
          "includes Retraction Watch data); an expression of concern is reported at note level.",
      .help = kHelp,
      .default_level = Level::warning,
      .needs_network = true,
      .precision = Precision::very_high,
      .options = {},
  };
  return kMeta;
}

void DoiRetracted::check(const Document& document, RuleContext& context) {
  DoiLookupRule::check(document, context);
  if (context.network() == nullptr) return;
  std::set<std::pair<std::string, std::string>> acknowledged;
  for (const DoiMention& mention : context.dois()) {
    if (!mention.valid()) continue;
    const std::string_view text =
        mention.reference_entry != kNoIndex
            ? std::string_view(context.references().entries()[mention.reference_entry].text)
        : mention.block != kNoIndex ? std::string_view(document.blocks()[mention.block].text)
                                    : std::string_view();
    if (says_retracted(text)) acknowledged.emplace(document.path(), doi_key(mention.doi));
  }
  if (acknowledged.empty()) return;
  std::lock_guard lock(mutex_);
  acknowledged_.merge(acknowledged);
}

void DoiRetracted::finish(RuleContext& context) {
  {
    std::lock_guard lock(mutex_);
    judging_acknowledged_.swap(acknowledged_);  // acknowledged_ is empty for the next run
  }
  DoiLookupRule::finish(context);
  judging_acknowledged_.clear();
}

void DoiRetracted::judge(const QueuedDoiLookups::Queued& queued, RuleContext& context) {
  const DoiRecord& record = queued.record.get();
  if (!record.metadata) return;
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
  // Crossref's update types that take a work back, and how the message says so.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kWithdrawals{{
      {"retraction", "retracted"},
      {"partial_retraction", "partly retracted"},
      {"withdrawal", "withdrawn"},
      {"removal", "removed"},
  }};
  std::optional<WorkUpdate> withdrawal;
  std::string_view what;
  for (const auto& [type, participle] : kWithdrawals) {
    if ((withdrawal = find_notice(type))) {
      what = participle;
      break;
    }
  }
  if (withdrawal) {
    // The citation already says so: what the message asks for.
    if (judging_acknowledged_.contains({queued.location.path, doi_key(queued.doi)})) return;
    context.report(queued.location, fmt::format("the work cited as DOI {} was {} ({}); expected a "
                                                "work that stands, or a citation that says it was {}",
                                                queued.doi, what, describe(*withdrawal), what));
  } else if (const auto concern = find_notice("expression_of_concern")) {
    context
        .report(queued.location, fmt::format("the work cited as DOI {} has an expression of concern ({})",
                                             queued.doi, describe(*concern)))
        .level(Level::note);
  }
}

}  // namespace reflint
