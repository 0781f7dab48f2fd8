#pragma once
// Sentence boundaries in a block's text, for rules that judge a finding by its sentence (citation
// context, quotes, DOIs). A citation marker that follows the full stop ("... Monitor. (8)",
// "... in dogs.[12][13]") belongs to the sentence it follows.

#include <cstdint>
#include <string_view>
#include <vector>

namespace reflint {

/// A half-open byte range [begin, end) of a block's text, without surrounding white space.
struct Sentence {
  uint32_t begin = 0;
  uint32_t end = 0;
};

/// The sentences of `text` in order; together they cover every non-space byte of it.
std::vector<Sentence> split_sentences(std::string_view text);

/// The sentence of `text` that holds byte `offset` (the last one when `offset` is at the end).
Sentence sentence_at(std::string_view text, uint32_t offset);

}  // namespace reflint
