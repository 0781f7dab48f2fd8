#pragma once
// What the citation rules share: the model read with the rule's options, and the questions every
// rule asks of it (which list a marker cites, how a marker is named in a message).

#include <optional>
#include <string>

#include "lint/analysis/citations.h"
#include "lint/core/rule.h"

namespace reflint {

/// The option every citation rule has: headings besides the built-in ones that introduce a
/// reference list.
inline constexpr RuleOptionSpec kExtraHeadingWordsOption{
    "extra-heading-words", OptionType::string_list, "[]",
    "headings that introduce a reference list besides the built-in ones (References, Bibliography, Notes, "
    "Literatur, Références, Referencias, 参考文献, ...)"};

/// The document's citation model, or one re-read with the configured extra headings (kept in `storage`).
const CitationModel& citations_for(const Document& document, const RuleContext& context,
                                   std::optional<CitationModel>& storage);

/// The list a marker cites: its link target's list, or the main list for an unlinked number.
uint32_t list_cited_by(const CitationModel& model, const CitationMarker& marker);

/// The blocks that hold reference entries, to tell markers in notes from markers in the text.
std::vector<bool> entry_blocks(const Document& document, const CitationModel& model);

/// "[12]", "(3)", "ref. 5": how the marker is written, for messages.
std::string marker_name(const CitationMarker& marker);

/// "1–8", "1–5, 7": the numbers a list has, for messages.
std::string number_ranges(std::vector<uint32_t> numbers);

}  // namespace reflint
