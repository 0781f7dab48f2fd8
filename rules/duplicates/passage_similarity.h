#pragma once
// Similarity of normalised passages: sets of word 3-shingles compared exactly (Jaccard and
// containment), and MinHash band keys for locality-sensitive candidate generation, so only passages
// that share a band key are ever compared.

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "rules/duplicates/passage_text.h"

namespace reflint {

inline constexpr size_t kShingleWords = 3;
// 24 bands of 2 rows. Two passages with Jaccard similarity J share a band with probability
// 1 - (1 - J²)^24: 0.985 at J = 0.4, 0.21 at 0.1. Across pages two shared bands are required: 0.92 at
// J = 0.4, 0.99 at 0.5, 0.25 at 0.2, 0.02 at 0.1, so chance collisions rarely cost a comparison.
inline constexpr size_t kBands = 24;
inline constexpr size_t kRowsPerBand = 2;
using BandKeys = std::array<uint32_t, kBands>;

/// The sorted, distinct shingle hashes of `words` (one shingle when there are fewer words than a
/// shingle).
std::vector<uint64_t> shingles(std::span<const PassageWord> words);

/// |a ∩ b| / |a ∪ b| of two sorted sets.
/// shingles(passage.words), computed once per passage.
const std::vector<uint64_t>& shingle_set(const PassageText& passage);

double jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b);
/// |part ∩ whole| / |part| of two sorted sets.
double containment(const std::vector<uint64_t>& part, const std::vector<uint64_t>& whole);

/// MinHash band keys of a shingle set; each key also encodes its band number.
BandKeys band_keys(const std::vector<uint64_t>& shingle_set);

enum class CopyKind : uint8_t {
  exact,          // the same words after normalisation
  near,           // shingle Jaccard at or above the similarity threshold
  contained,      // the later passage is (nearly) all inside the earlier, longer one
  repeats_inside  // the later, longer passage repeats the earlier one inside it
};

/// Exact copies rank before near copies, near copies before contained ones.
inline int copy_rank(CopyKind kind) {
  return std::min(static_cast<int>(kind), static_cast<int>(CopyKind::contained));
}

struct CopyThresholds {
  double similarity = 0.5;
  double containment = 0.7;
  // Near and contained copies need this many words with a letter in the shorter passage: short lines
  // that follow a template ("Drafting of the article: ...", "Final approval of the article: ...")
  // are alike without being copies.
  uint32_t min_words_near = 15;
};

struct TextRange {
  uint32_t begin = 0;  // bytes of TextBlock::text
  uint32_t end = 0;
};

struct CopyMatch {
  CopyKind kind = CopyKind::exact;
  double similarity = 1;  // Jaccard for near copies, containment of the shorter passage otherwise
  // The copied text inside each block: the whole block, or the repeated part of the longer one.
  TextRange earlier;
  TextRange later;
};

/// How `later` copies `earlier`, or nothing when it does not. Containment is judged per sentence:
/// every sentence of the shorter passage must reach the containment threshold, so two paragraphs that
/// merely share a long quotation are not copies.
std::optional<CopyMatch> compare_passages(const PassageText& earlier, const PassageText& later,
                                          const CopyThresholds& thresholds);

}  // namespace reflint
