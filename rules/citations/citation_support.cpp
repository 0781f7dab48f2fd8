#include "rules/citations/citation_support.h"

#include <fmt/format.h>

#include <algorithm>

namespace reflint {

uint32_t list_numbered_by(const CitationModel& model, const CitationMarker& marker) {
  return marker.target_missing ? model.main_list() : model.list_cited_by(marker);
}

std::vector<bool> entry_blocks(const Document& document, const CitationModel& model) {
  std::vector<bool> blocks(document.blocks().size(), false);
  for (const ReferenceEntry& entry : model.entries()) {
    if (entry.block != kNoIndex) blocks[entry.block] = true;
    // Every block of the entry's element: a note's second paragraph cites from inside the list too.
    if (entry.element == kNoIndex) continue;
    const Element& element = document.elements()[entry.element];
    for (uint32_t block = element.first_block; block < element.end_block && block < blocks.size(); ++block)
      blocks[block] = true;
  }
  return blocks;
}

std::string marker_name(const CitationMarker& marker) {
  if (marker.style == MarkerStyle::superscript && marker.label.find('[') == std::string::npos) {
    return fmt::format("^{}", marker.label);
  }
  return marker.label;
}

std::string number_ranges(std::vector<uint32_t> numbers) {
  std::sort(numbers.begin(), numbers.end());
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  std::string text;
  for (size_t i = 0; i < numbers.size();) {
    size_t j = i;
    while (j + 1 < numbers.size() && numbers[j + 1] == numbers[j] + 1) ++j;
    if (!text.empty()) text += ", ";
    text += j > i ? fmt::format("{}–{}", numbers[i], numbers[j]) : fmt::format("{}", numbers[i]);
    i = j + 1;
  }
  return text;
}

}  // namespace reflint
