#pragma once
// The cross-page part of duplicate-paragraph. While pages are checked (concurrently), each adds its
// compact signatures, never the text: per eligible block the hash of its normalised words, the
// MinHash band keys of the block and a hash per sentence (for a passage repeated inside a longer
// paragraph). After the run, the pages are ordered by path, blocks found on
// many pages are set aside as site boilerplate, and candidate pairs are drawn from equal hashes and
// shared band keys in time linear in the number of blocks (each block is paired with the earliest
// block of its bucket only, so a bucket never costs all pairs).

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "lint/core/finding.h"
#include "rules/duplicates/passage_similarity.h"

namespace reflint {

struct BlockSignature {
  uint32_t block = 0;  // index into Document::blocks()
  uint64_t exact_hash = 0;
  BandKeys band_keys{};         // MinHash bands of the whole block
  uint32_t first_sentence = 0;  // its sentences' hashes: PageSignatures::sentence_hashes[first, end)
  uint32_t end_sentence = 0;
};

/// A copy found inside one page; reported after the run unless one of its blocks is boilerplate.
struct InPageCopy {
  uint32_t later_block = 0;
  uint64_t later_hash = 0;
  uint64_t earlier_hash = 0;
  Location location;
  Location first_copy;
  std::string message;
};

struct PageSignatures {
  std::string path;
  uint64_t source_hash = 0;  // to notice a file that changed before it is re-read
  std::vector<BlockSignature> blocks;
  std::vector<uint64_t> sentence_hashes;
  std::vector<InPageCopy> in_page_copies;
};

struct BoilerplateRule {
  int64_t min_pages = 3;
  double min_share = 0.2;
};

struct BlockRef {
  uint32_t page = 0;  // index into the path-ordered pages
  uint32_t block = 0;
  // NOLINTNEXTLINE(modernize-use-nullptr): the 0 of the synthesized <=> (clang-tidy < 18 bug, llvm #53961)
  friend auto operator<=>(const BlockRef&, const BlockRef&) = default;
};

struct CandidatePair {
  BlockRef later;
  BlockRef earlier;
  // NOLINTNEXTLINE(modernize-use-nullptr): the 0 of the synthesized <=> (clang-tidy < 18 bug, llvm #53961)
  friend auto operator<=>(const CandidatePair&, const CandidatePair&) = default;
};

struct SitePlan {
  std::vector<PageSignatures> pages;      // ordered by path
  std::vector<uint64_t> boilerplate;      // sorted hashes of blocks treated as site boilerplate
  size_t boilerplate_blocks = 0;          // blocks (occurrences) set aside as boilerplate
  std::vector<CandidatePair> candidates;  // across pages, sorted by later block, then earlier

  bool is_boilerplate(uint64_t hash) const;
};

/// Collects the signatures of every page of a run; safe to call from several threads.
class SiteIndex {
 public:
  void add(PageSignatures page);
  /// Orders the collected pages, finds the boilerplate and the candidate pairs, and empties the
  /// index for the next run.
  SitePlan plan(const BoilerplateRule& boilerplate);

 private:
  std::mutex mutex_;
  std::vector<PageSignatures> pages_;
};

}  // namespace reflint
