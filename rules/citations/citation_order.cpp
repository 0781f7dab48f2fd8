#include "rules/citations/citation_order.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "rules/citations/citation_support.h"

namespace reflint {
namespace {

constexpr std::string_view kHelp = R"md(## What it does

In a reference list numbered by first citation (Vancouver style, used by most medical and many
science journals), the first citation of each reference must come after the first citations of
all lower numbers: the text cites 1, then 2 or 1 again, then 3, and so on. The rule reports the
first marker that cites a number while a lower number has not been cited yet.

The rule turns itself off on pages that are evidently not in that style: lists in alphabetical
(author–year) order, where citations jump around. Set `auto-detect = false` to check every
numbered list regardless.

Markers inside the reference list (notes that cite references) are not counted. Markers in figure
and table captions, legends and supplementary-file notes count as citations but are never
reported: a legend printed after the text is numbered where its figure is called out.

## Why it matters

Out-of-order numbers in a Vancouver list usually mean a reference was inserted or moved without
renumbering, and often that other markers now point at the wrong entry.

## Example

```html
<p>Exercise helped (1). Strength did not improve (3). Walking did (2).</p>
```

`(3)` is cited before reference 2.
)md";

constexpr RuleOptionSpec kAutoDetectOption{"auto-detect", OptionType::boolean, "true",
                                           "check only lists whose citations are evidently in order of first "
                                           "appearance; false checks every numbered list"};

struct FirstCitation {
  const CitationMarker* marker;
  uint32_t number;
  uint32_t lowest_uncited;  // the lowest number not yet cited when it was first cited
};

}  // namespace

const RuleMeta& CitationOrder::meta() const {
  static const RuleMeta kMeta{
      .id = "citation-order",
      .family = "citations",
      .summary =
          "In a list numbered by first citation, a marker cites a number before all lower numbers were "
          "cited.",
      .description =
          "In a Vancouver-style reference list (numbered by order of first citation), reports the first "
          "marker that cites a number while a lower number has not been cited yet. Off for pages whose "
          "citations are evidently not in that order.",
      .help = kHelp,
      .default_level = Level::warning,
      .needs_network = false,
      .precision = Precision::medium,
      .options = {kAutoDetectOption},
  };
  return kMeta;
}

void CitationOrder::check(const Document& document, RuleContext& context) {
  const CitationModel& model = context.citations();
  const bool auto_detect = context.options().get_bool(kAutoDetectOption.name);
  const std::vector<bool> in_entry = entry_blocks(document, model);
  // The first citation of each number of `list`, in text order. A legend printed after the text
  // (supplementary files, figures at the end) is numbered where its figure is called out: with
  // `content`, its first citations are counted but not listed.
  const auto first_citations = [&](uint32_t list, const ContentModel* content) {
    const ReferenceList& cited_list = model.lists()[list];
    const size_t slots = cited_list.end_entry - cited_list.first_entry + 2;
    // The numbers each marker of `list` cites, in text order.
    std::vector<std::pair<const CitationMarker*, std::vector<uint32_t>>> citing;
    std::vector<bool> ever_cited(slots, false);
    // A reference cited inside an explanatory note is numbered where the note is called, which
    // the notes list does not tell: it counts as cited before any other.
    std::vector<bool> cited(slots, false);
    for (const CitationMarker& marker : model.markers()) {
      // Author-year citations say nothing about an order of numbers.
      if (marker.style == MarkerStyle::author_year) continue;
      if (list_numbered_by(model, marker) != list) continue;
      std::vector<uint32_t> numbers = marker.numbers;
      if (marker.target_entry != kNoIndex && numbers.empty())
        numbers = {model.entries()[marker.target_entry].number};
      if (in_entry[marker.block]) {
        for (const uint32_t number : numbers) {
          if (number < slots) cited[number] = true;
        }
        continue;
      }
      std::sort(numbers.begin(), numbers.end());
      for (const uint32_t number : numbers) {
        if (number < slots) ever_cited[number] = true;
      }
      citing.emplace_back(&marker, std::move(numbers));
    }
    // A number the text never cites is reference-uncited's finding; it does not put every later
    // first citation out of order.
    uint32_t lowest_uncited = 1;
    const auto advance = [&] {
      while (lowest_uncited < slots && (cited[lowest_uncited] || !ever_cited[lowest_uncited]))
        ++lowest_uncited;
    };
    advance();
    std::vector<FirstCitation> firsts;
    for (const auto& [marker, numbers] : citing) {
      const bool in_caption = content != nullptr && content->role(marker->block) == BlockRole::caption;
      for (const uint32_t number : numbers) {
        if (number == 0 || number >= slots || cited[number]) continue;
        if (!in_caption) firsts.push_back({marker, number, lowest_uncited});
        cited[number] = true;
        advance();
      }
    }
    return firsts;
  };
  for (uint32_t list = 0; list < model.lists().size(); ++list) {
    if (model.lists()[list].numbering == ListNumbering::none) continue;
    const auto violation = [](const FirstCitation& first) { return first.number > first.lowest_uncited; };
    // Leaving legends out only removes first citations: a list in order with them is in order
    // without them, and needs no content model (most pages).
    std::vector<FirstCitation> firsts = first_citations(list, nullptr);
    if (std::none_of(firsts.begin(), firsts.end(), violation)) continue;
    firsts = first_citations(list, &context.content());
    const auto violations = static_cast<size_t>(std::count_if(firsts.begin(), firsts.end(), violation));
    if (violations == 0) continue;
    // Vancouver style: at least four references, the first citation is 1, and one first citation
    // (or one in ten) jumps ahead. Anything else is a list in another order.
    constexpr size_t kMinFirsts = 4;
    const bool vancouver = firsts.size() >= kMinFirsts && firsts.front().number == 1 &&
                           violations <= std::max<size_t>(1, firsts.size() / 10);
    if (auto_detect && !vancouver) continue;
    const FirstCitation& first = *std::find_if(firsts.begin(), firsts.end(), violation);
    context.report(
        document, first.marker->range,
        fmt::format("citation {} cites reference {} before reference {} has been cited; expected references "
                    "numbered in order of first citation",
                    marker_name(*first.marker), first.number, first.lowest_uncited));
  }
}

}  // namespace reflint
