#include "rules/citations/citation_link_mismatch.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "lint/text/ascii.h"
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

When three or more markers disagree with their links by the same amount (every citation from
reference 11 on links one entry lower), an entry was removed from or added to the list: that is
reported once, at the entry where the shift begins, not at each marker.

## Example

```html
<p>Exercise helped.<sup><a href="#ref4">3</a></sup></p>
<ol><li id="ref1">...</li><li id="ref2">...</li><li id="ref3">...</li><li id="ref4">...</li></ol>
```

## Fix

Where the link points at an entry's own element and the label's entry has an id, the finding
suggests linking the label's entry (`#ref3` here). Whether the label or the link is wrong only the
author knows, so it is a suggestion: `reflint --fix --unsafe-fixes` applies it, editors offer it.
)md";

/// The one number a link shows: "[12]", or "55" of "<a>53</a>–<a>55</a>" (which cites 54 and 55);
/// 0 for a label of several ("1-3").
uint32_t shown_number(const CitationMarker& marker) {
  if (marker.numbers.size() == 1) return marker.numbers.front();
  std::string_view label = marker.label;
  while (!label.empty() && (label.front() == '[' || label.front() == '(')) label.remove_prefix(1);
  while (!label.empty() && (label.back() == ']' || label.back() == ')')) label.remove_suffix(1);
  if (label.empty() || label.size() > 4 || !std::all_of(label.begin(), label.end(), is_ascii_digit)) return 0;
  return static_cast<uint32_t>(std::stoul(std::string(label)));
}

// Fewer disagreeing links by one amount are separate mistakes, reported one by one.
constexpr size_t kMinShiftedCitations = 3;

/// Where a marker's link names its target, and the id of the entry its label shows, for the
/// suggestion to link the label's entry: the fragment written once, plainly, in the link's start
/// tag, when the link points at an entry's own element and the label's entry has an id. (Which of
/// label and link is wrong only the author knows: a suggestion, never a certain fix.)
struct Relink {
  SourceRange fragment;
  std::string id;
};
std::optional<Relink> relink_to_label(const Document& document, const CitationModel& model,
                                      const CitationMarker& marker, const ReferenceEntry& linked) {
  const uint32_t shown = shown_number(marker);
  if (shown == 0 || marker.link == kNoIndex || marker.target_element != linked.element) return std::nullopt;
  const uint32_t wanted = model.entry_by_number(linked.list, shown);
  if (wanted == kNoIndex || model.entries()[wanted].element == kNoIndex) return std::nullopt;
  const std::string* old_id = document.elements()[linked.element].attribute("id");
  const std::string* new_id = document.elements()[model.entries()[wanted].element].attribute("id");
  const uint32_t anchor = document.links()[marker.link].element;
  if (old_id == nullptr || new_id == nullptr || anchor == kNoIndex) return std::nullopt;
  const SourceRange tag = document.elements()[anchor].start_tag;
  const std::string_view source = std::string_view(document.source()).substr(tag.begin, tag.end - tag.begin);
  const std::string fragment = "#" + *old_id;
  const size_t at = source.find(fragment);
  const size_t end = at + fragment.size();
  if (at == std::string_view::npos || source.find(fragment, at + 1) != std::string_view::npos ||
      end >= source.size() || (source[end] != '"' && source[end] != '\''))
    return std::nullopt;
  const auto begin = static_cast<uint32_t>(tag.begin + at + 1);
  return Relink{{begin, static_cast<uint32_t>(begin + old_id->size())}, *new_id};
}

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
  struct Mismatch {
    const CitationMarker* marker;
    const ReferenceEntry* entry;
  };
  std::vector<Mismatch> mismatches;
  // One entry removed from (or added to) a list numbered by position moves every later entry by
  // one: the markers after it disagree with their links by the same amount. That is one fault.
  std::map<std::pair<uint32_t, int64_t>, std::vector<size_t>> shifted;  // (list, offset) -> mismatches
  for (const CitationMarker& marker : model.markers()) {
    if (marker.target_entry == kNoIndex || marker.numbers.empty()) continue;
    const ReferenceEntry& entry = model.entries()[marker.target_entry];
    if (entry.number == 0 || model.lists()[entry.list].numbering == ListNumbering::none) continue;
    const uint32_t shown = shown_number(marker);
    if (shown != 0
            ? shown == entry.number
            : std::find(marker.numbers.begin(), marker.numbers.end(), entry.number) != marker.numbers.end())
      continue;
    if (shown != 0)
      shifted[{entry.list, int64_t{shown} - int64_t{entry.number}}].push_back(mismatches.size());
    mismatches.push_back({&marker, &entry});
  }
  // How far the links to each entry are off: one amount for all of them, or kMixed.
  constexpr int64_t kMixed = std::numeric_limits<int64_t>::min();
  std::map<std::pair<uint32_t, uint32_t>, int64_t> offset_of_entry;  // (list, entry number) -> offset
  for (const CitationMarker& marker : model.markers()) {
    const uint32_t shown = shown_number(marker);
    if (marker.target_entry == kNoIndex || shown == 0) continue;
    const ReferenceEntry& entry = model.entries()[marker.target_entry];
    if (entry.number == 0) continue;
    const int64_t offset = int64_t{shown} - int64_t{entry.number};
    auto [slot, inserted] = offset_of_entry.emplace(std::pair{entry.list, entry.number}, offset);
    if (!inserted && slot->second != offset) slot->second = kMixed;
  }
  // The numbers that links to missing notes show: "[4]" links nowhere when entry 4 was removed.
  std::unordered_set<uint32_t> shown_by_missing;
  for (const CitationMarker& marker : model.markers()) {
    if (marker.target_missing) shown_by_missing.insert(marker.numbers.begin(), marker.numbers.end());
  }
  std::vector<bool> reported(mismatches.size(), false);
  for (const auto& [key, group] : shifted) {
    const auto [list, offset] = key;
    // A group too small to be a shift on its own needs a missing note to be one.
    if (group.size() < kMinShiftedCitations && (offset <= 0 || shown_by_missing.empty())) continue;
    // The shift runs from some entry to the end of the list: the lowest entry from which every
    // single-number marker that links to the list disagrees by this amount.
    uint32_t shift_start = std::numeric_limits<uint32_t>::max();
    const auto end = offset_of_entry.upper_bound({list, std::numeric_limits<uint32_t>::max()});
    for (auto at = std::make_reverse_iterator(end); at != offset_of_entry.rend() && at->first.first == list;
         ++at) {
      if (at->second != offset) break;
      shift_start = at->first.second;
    }
    std::vector<size_t> members;
    for (const size_t member : group) {
      if (mismatches[member].entry->number >= shift_start) members.push_back(member);
    }
    // Fewer shifted links say the same when the entry they skip is cited by a link to a missing
    // note: [4] links nowhere, [5] links to the entry now fourth.
    const bool removed_entry_cited = offset > 0 && shown_by_missing.count(shift_start) != 0;
    if (members.empty() || (members.size() < kMinShiftedCitations && !removed_entry_cited)) continue;
    const ReferenceEntry* first_entry = nullptr;
    for (const size_t member : members) {
      reported[member] = true;
      const ReferenceEntry* entry = mismatches[member].entry;
      if (first_entry == nullptr || entry->number < first_entry->number) first_entry = entry;
    }
    const Mismatch& first = mismatches[members.front()];
    const SourceRange at = first_entry->range.end > 0 ? first_entry->range : first.marker->range;
    auto finding = context.report(
        document, at,
        fmt::format(
            "{} {} {} the number {}, from reference {} on (citation {} links to reference {}); expected "
            "each to link to the reference it numbers: an entry is probably {} the list here, or the list "
            "was renumbered",
            members.size() == 1 ? std::string("1 citation links")
                                : fmt::format("{} citations link", members.size()),
            std::abs(offset) == 1 ? "one entry" : fmt::format("{} entries", std::abs(offset)),
            offset > 0 ? "below" : "above", members.size() == 1 ? "it shows" : "they show",
            first_entry->number, marker_name(*first.marker), first.entry->number,
            offset > 0 ? "missing from" : "added to"));
    finding.related(Location::in(document, first.marker->range),
                    fmt::format("citation {}, the first of them", marker_name(*first.marker)));
  }
  for (size_t index = 0; index < mismatches.size(); ++index) {
    if (reported[index]) continue;
    const auto& [marker, entry] = mismatches[index];
    auto finding =
        context.report(document, marker->range,
                       fmt::format("citation {} links to reference {}; expected a link to reference {}",
                                   marker_name(*marker), entry->number, number_ranges(marker->numbers)));
    if (entry->range.end > 0)
      finding.related(Location::in(document, entry->range), fmt::format("reference {}", entry->number));
    if (const std::optional<Relink> relink = relink_to_label(document, model, *marker, *entry)) {
      finding.unsafe_fix(
          Location::in(document, relink->fragment), relink->id,
          fmt::format("link reference {} (#{}), as the label says", shown_number(*marker), relink->id));
    }
  }
}

}  // namespace reflint
