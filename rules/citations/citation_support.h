#pragma once
// What the citation rules share: the questions every rule asks of the citation model (which list a
// marker cites, how a marker is named in a message).

#include <string>

#include "lint/analysis/citations.h"
#include "lint/core/rule.h"

namespace reflint {

/// The list whose numbers a marker's label names: CitationModel::list_cited_by, and the main list for a link
/// to a note the page lacks (its label still says which numbers the text cites).
uint32_t list_numbered_by(const CitationModel& model, const CitationMarker& marker);

/// The blocks that hold reference entries (every block of each entry's element), to tell markers in
/// notes from markers in the text.
std::vector<bool> entry_blocks(const Document& document, const CitationModel& model);

/// "[12]", "(3)", "ref. 5": how the marker is written, for messages.
std::string marker_name(const CitationMarker& marker);

/// "1–8", "1–5, 7": the numbers a list has, for messages.
std::string number_ranges(std::vector<uint32_t> numbers);

}  // namespace reflint
