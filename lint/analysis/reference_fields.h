#pragma once
// The bibliographic fields of one reference entry, read from its text and from the links and
// italic spans of its blocks: years, first author, title, journal or book, DOIs, PMID, addresses.
// Best effort: a field that cannot be read stays empty.

#include <cstdint>
#include <string_view>
#include <vector>

#include "lint/analysis/citations.h"
#include "lint/model/document.h"

namespace reflint {

/// Fills the fields of `entry` from entry.text and the blocks `entry_blocks` it was read from;
/// `links_by_block` lists each block's links (indexes into Document::links()).
void read_reference_fields(const Document& document, const std::vector<uint32_t>& entry_blocks,
                           const std::vector<std::vector<uint32_t>>& links_by_block, ReferenceEntry& entry);

/// The entry's authors as written: its text up to its first year, or its first 300 bytes.
std::string_view entry_author_part(const ReferenceEntry& entry);

}  // namespace reflint
