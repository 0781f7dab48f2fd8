#include "rules/duplicates/passage_similarity.h"

#include <algorithm>

namespace reflint {
namespace {

constexpr uint64_t rotate_left(uint64_t value, int bits) {
  return (value << bits) | (value >> (64 - bits));
}

// splitmix64's finaliser: a cheap, well-mixing 64-bit permutation.
constexpr uint64_t mix(uint64_t value) {
  value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ULL;
  value = (value ^ (value >> 27)) * 0x94D049BB133111EBULL;
  return value ^ (value >> 31);
}

constexpr size_t kHashFunctions = kBands * kRowsPerBand;

struct MinHashFunction {
  uint64_t multiplier = 0;  // odd
  uint64_t offset = 0;
};

constexpr std::array<MinHashFunction, kHashFunctions> make_hash_functions() {
  std::array<MinHashFunction, kHashFunctions> functions{};
  uint64_t state = 0x5DEECE66DULL;
  for (MinHashFunction& function : functions) {
    function.multiplier = mix(state += 0x9E3779B97F4A7C15ULL) | 1;
    function.offset = mix(state += 0x9E3779B97F4A7C15ULL);
  }
  return functions;
}
constexpr std::array<MinHashFunction, kHashFunctions> kHashFunctionTable = make_hash_functions();

uint64_t shingle_at(std::span<const PassageWord> words, size_t i) {
  return mix(words[i].hash ^ rotate_left(words[i + 1].hash, 21) ^ rotate_left(words[i + 2].hash, 42));
}

size_t intersection_size(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  // A set much smaller than the other is looked up in it: a short passage against a page-long one
  // costs its own length, not the long one's.
  constexpr size_t kLookupRatio = 16;
  if (a.size() * kLookupRatio < b.size() || b.size() * kLookupRatio < a.size()) {
    const auto& small = a.size() < b.size() ? a : b;
    const auto& large = a.size() < b.size() ? b : a;
    return static_cast<size_t>(std::count_if(small.begin(), small.end(), [&](uint64_t shingle) {
      return std::binary_search(large.begin(), large.end(), shingle);
    }));
  }
  size_t common = 0;
  for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++common, ++i, ++j;
    }
  }
  return common;
}

TextRange whole(const PassageText& passage) {
  return {passage.words.front().text_begin, passage.words.back().text_end};
}

/// Text range of the words of `passage` whose shingles lie in `copied`.
TextRange copied_range(const PassageText& passage, const std::vector<uint64_t>& copied) {
  const std::span<const PassageWord> words(passage.words);
  if (words.size() < kShingleWords) return whole(passage);
  size_t first = words.size();
  size_t last = 0;
  for (size_t i = 0; i + kShingleWords <= words.size(); ++i) {
    if (!std::binary_search(copied.begin(), copied.end(), shingle_at(words, i))) continue;
    first = std::min(first, i);
    last = i + kShingleWords - 1;
  }
  if (first == words.size()) return whole(passage);
  return {words[first].text_begin, words[last].text_end};
}

}  // namespace

std::vector<uint64_t> shingles(std::span<const PassageWord> words) {
  std::vector<uint64_t> set;
  if (words.empty()) return set;
  if (words.size() < kShingleWords) {
    uint64_t combined = 0;
    for (const PassageWord& word : words) combined = mix(rotate_left(combined, 21) ^ word.hash);
    set.push_back(combined);
    return set;
  }
  set.reserve(words.size() - kShingleWords + 1);
  for (size_t i = 0; i + kShingleWords <= words.size(); ++i) set.push_back(shingle_at(words, i));
  std::sort(set.begin(), set.end());
  set.erase(std::unique(set.begin(), set.end()), set.end());
  return set;
}

const std::vector<uint64_t>& shingle_set(const PassageText& passage) {
  if (passage.shingle_cache.empty()) passage.shingle_cache = shingles(passage.words);
  return passage.shingle_cache;
}

double jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.empty() || b.empty()) return 0;
  const size_t common = intersection_size(a, b);
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

double containment(const std::vector<uint64_t>& part, const std::vector<uint64_t>& whole) {
  if (part.empty()) return 0;
  return static_cast<double>(intersection_size(part, whole)) / static_cast<double>(part.size());
}

BandKeys band_keys(const std::vector<uint64_t>& shingle_set) {
  std::array<uint32_t, kHashFunctions> minimum;
  minimum.fill(UINT32_MAX);
  for (const uint64_t shingle : shingle_set) {
    for (size_t f = 0; f < kHashFunctions; ++f) {
      const auto value = static_cast<uint32_t>(
          (shingle * kHashFunctionTable[f].multiplier + kHashFunctionTable[f].offset) >> 32);
      minimum[f] = std::min(minimum[f], value);
    }
  }
  BandKeys keys{};
  for (size_t band = 0; band < kBands; ++band) {
    uint64_t key = band;
    for (size_t row = 0; row < kRowsPerBand; ++row) key = mix(key ^ minimum[band * kRowsPerBand + row]) + row;
    keys[band] = static_cast<uint32_t>(key);
  }
  return keys;
}

std::optional<CopyMatch> compare_passages(const PassageText& earlier, const PassageText& later,
                                          const CopyThresholds& thresholds) {
  if (earlier.words.empty() || later.words.empty()) return std::nullopt;
  if (earlier.exact_hash == later.exact_hash) {
    return CopyMatch{CopyKind::exact, 1, whole(earlier), whole(later)};
  }
  if (std::min(earlier.letter_words, later.letter_words) < thresholds.min_words_near) return std::nullopt;
  const std::vector<uint64_t>& earlier_set = shingle_set(earlier);
  const std::vector<uint64_t>& later_set = shingle_set(later);
  const double similarity = jaccard(earlier_set, later_set);
  const CopyMatch near{CopyKind::near, similarity, whole(earlier), whole(later)};

  const bool later_is_shorter = later.words.size() < earlier.words.size();
  const PassageText& shorter = later_is_shorter ? later : earlier;
  const PassageText& longer = later_is_shorter ? earlier : later;
  // Of about the same length, a similar passage is a near copy; a much shorter one inside a longer
  // one is a contained copy, even when its Jaccard similarity is high too.
  const bool similar_length = shorter.words.size() * 5 >= longer.words.size() * 4;
  if (similarity >= thresholds.similarity && similar_length) return near;
  const std::optional<CopyMatch> no_containment =
      similarity >= thresholds.similarity ? std::optional(near) : std::nullopt;
  if (shorter.words.size() == longer.words.size()) return no_containment;

  const std::vector<uint64_t>& shorter_set = later_is_shorter ? later_set : earlier_set;
  const std::vector<uint64_t>& longer_set = later_is_shorter ? earlier_set : later_set;
  for (size_t i = 0; i < shorter.sentence_count(); ++i) {
    if (containment(shingles(shorter.sentence(i)), longer_set) < thresholds.containment)
      return no_containment;
  }
  const double contained = containment(shorter_set, longer_set);
  const TextRange passage = copied_range(longer, shorter_set);
  if (later_is_shorter) return CopyMatch{CopyKind::contained, contained, passage, whole(later)};
  return CopyMatch{CopyKind::repeats_inside, contained, whole(earlier), passage};
}

}  // namespace reflint
