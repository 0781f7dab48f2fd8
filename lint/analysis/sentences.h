#pragma once
// Sentence boundaries in a block's text, for rules that judge a finding by its sentence (citation
// context, quotes, DOIs). A citation marker that follows the full stop ("... Monitor. (8)",
// "... in dogs.[12][13]") belongs to the sentence it follows.

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lint/model/document.h"

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

/// The sentence of `sentences` (split_sentences' answer) that holds `offset`, as sentence_at says,
/// in O(log n).
Sentence sentence_holding(const std::vector<Sentence>& sentences, uint32_t offset);

/// The sentences of a document's blocks, each block split the first time it is asked about: a
/// page with many quotations or DOIs in one long paragraph splits it once, not once per lookup.
class BlockSentences {
 public:
  explicit BlockSentences(const std::vector<TextBlock>& blocks) : blocks_(blocks) {}
  /// The sentence of block `block` that holds byte `offset`.
  Sentence at(uint32_t block, uint32_t offset) const { return sentence_holding(of(block), offset); }
  const std::vector<Sentence>& of(uint32_t block) const;

 private:
  const std::vector<TextBlock>& blocks_;
  mutable std::unordered_map<uint32_t, std::vector<Sentence>> split_;
};

}  // namespace reflint
