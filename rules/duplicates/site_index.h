#pragma once
// The cross-page part of the duplicate rules. While pages are checked (concurrently), each adds its
// compact signatures, never the text: per eligible block the hash of its normalised words, the
// MinHash band keys of the block and a hash per sentence (for a passage repeated inside a longer
// paragraph). After the run, the pages are ordered by path and grouped into copies of one page
// (they declare the same canonical address, or most of one's article text is the other's); blocks
// found on a good share of a site's pages are set aside as that site's boilerplate, and candidate
// pairs are drawn from equal hashes and shared band keys in time linear in the number of blocks
// (each block is paired with the earliest block of its bucket only, so a bucket never costs all
// pairs).

#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "lint/core/finding.h"
#include "rules/duplicates/passage_similarity.h"

namespace reflint {

struct BlockSignature {
  uint32_t block = 0;  // index into Document::blocks()
  uint32_t words = 0;  // words with a letter
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
  std::string canonical;     // the canonical address it declares, normalised; empty when none
  std::string site;          // the host of that address, else the folder of the path
  uint64_t source_hash = 0;  // to notice a file that changed before it is re-read
  Location title;            // where a finding about the whole page points: its first heading or block
  std::vector<BlockSignature> blocks;
  std::vector<uint64_t> furniture_hashes;  // of its furniture blocks: they count for boilerplate only
  std::vector<uint64_t> sentence_hashes;
  std::vector<InPageCopy> in_page_copies;
};

/// A block on at least `min_pages` pages of one site and on `min_share` of that site's pages is
/// boilerplate there (copies of one page count once).
struct BoilerplateRule {
  int64_t min_pages = 2;
  double min_share = 0.5;
};

/// Page `later` repeats page `earlier`: they declare the same canonical address, or `share` of
/// the later page's article words lie in blocks the earlier one has too.
struct PageCopy {
  uint32_t later = 0;  // indices into the path-ordered pages
  uint32_t earlier = 0;
  double share = 0;
  bool declared = false;
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
  std::vector<PageSignatures> pages;  // ordered by path
  std::vector<PageCopy> copies;       // per later page its first copy, in page order
  std::vector<uint32_t> copy_group;   // per page: the first page of its group of copies
  // (later, earlier) pages one of which is mostly an excerpt of the other, sorted.
  std::vector<std::pair<uint32_t, uint32_t>> excerpts;
  // Sorted (site, hash) pairs of blocks treated as boilerplate of that site.
  std::vector<std::pair<uint32_t, uint64_t>> boilerplate;
  std::vector<uint32_t> site_of;          // per page: its site's number
  size_t boilerplate_blocks = 0;          // blocks (occurrences) set aside as boilerplate
  size_t boilerplate_texts = 0;           // distinct texts (per site) among them
  std::vector<CandidatePair> candidates;  // across pages that are not copies of each other, sorted
                                          // by later block, then earlier

  bool is_boilerplate(uint32_t page, uint64_t hash) const;
};

/// Collects the signatures of every page of a run; safe to call from several threads.
/// The canonical address `url` normalised for comparison (scheme, "www.", a final "/", the query's
/// tracking parameters and the fragment do not count), and its host; both empty for no address.
std::pair<std::string, std::string> normalise_page_address(std::string_view url);

class SiteIndex {
 public:
  void add(PageSignatures page);
  /// The pages collected so far, handed over for a shard to write (Rule::take_pages) and dropped
  /// from the index; load() adds such a state.
  nlohmann::json take();
  void load(const nlohmann::json& state);
  /// Orders the collected pages, groups the copies of one page (`copy_share` of the later page's
  /// article words), finds the boilerplate and the candidate pairs, and empties the index for
  /// the next run.
  SitePlan plan(const BoilerplateRule& boilerplate, double copy_share);

 private:
  std::mutex mutex_;
  std::vector<PageSignatures> pages_;
};

}  // namespace reflint
