#pragma once
// Normalised text of one block for duplicate detection: the words after Unicode NFKC and case
// folding, with quotes, apostrophes, dashes, other punctuation and citation markers ("(3)", "[3]",
// "[2, 5-7]", a numeric <sup>) removed and white space collapsed. Only word hashes are kept, each with
// the byte range of its text in the block, so findings point at the exact words.

#include <cstdint>
#include <span>
#include <vector>

#include "lint/model/document.h"

namespace reflint {

/// 16 bytes: a page's words are the largest thing the duplicate rules hold. Block texts are below
/// 2 GiB (--max-input-mb), so an offset fits in 31 bits.
struct PassageWord {
  uint64_t hash = 0;  // XXH3 of the normalised word
  uint32_t text_begin = 0;
  uint32_t text_end : 31 = 0;
  uint32_t quoted : 1 = 0;  // inside quotation marks (“…”, ‘…’, «…», "…"; a paragraph that opens a
                            // quotation and does not close it is quoted to its end)
};
static_assert(sizeof(PassageWord) == 16);

/// Shorter sentences are joined to their neighbour, so every sentence unit carries a few shingles.
inline constexpr uint32_t kMinSentenceWords = 4;

struct PassageText {
  uint32_t block = kNoIndex;  // index into Document::blocks()
  std::vector<PassageWord> words;
  std::vector<uint32_t> sentence_starts;  // word index where each sentence begins; the first is 0
  uint64_t exact_hash = 0;                // of the whole word sequence
  uint32_t letter_words = 0;              // words with a letter: numbers and dates do not make prose
  // The passage's shingle set once it was compared (passage_similarity's shingle_set()): a passage
  // that is a candidate for many others is not shingled again for each. A passage is read by one
  // thread at a time.
  mutable std::vector<uint64_t> shingle_cache;

  size_t sentence_count() const { return sentence_starts.size(); }
  std::span<const PassageWord> sentence(size_t i) const {
    const size_t end = i + 1 < sentence_starts.size() ? sentence_starts[i + 1] : words.size();
    return std::span(words).subspan(sentence_starts[i], end - sentence_starts[i]);
  }
};

/// The hash of a run of normalised words: equal words in equal order, equal hash.
uint64_t hash_words(std::span<const PassageWord> words);

/// Normalises block `block_index` of `document`.
PassageText normalise_passage(const Document& document, uint32_t block_index);

}  // namespace reflint
