#include "rules/duplicates/site_index.h"

#include <algorithm>
#include <cmath>

namespace reflint {
namespace {

constexpr size_t kMinSharedBands = 2;

template <typename Hash>
struct HashedBlock {
  Hash hash = 0;  // exact hash or band key
  BlockRef ref;
  // NOLINTNEXTLINE(modernize-use-nullptr): the 0 of the synthesized <=> (clang-tidy < 18 bug, llvm #53961)
  friend auto operator<=>(const HashedBlock&, const HashedBlock&) = default;
};

/// Sorts `entries` and pairs every entry of a run of equal hashes with the run's first entry when
/// they lie on different pages (copies inside one page were found while the page was checked).
template <typename Hash>
void pair_with_first(std::vector<HashedBlock<Hash>>& entries, std::vector<CandidatePair>& candidates) {
  std::sort(entries.begin(), entries.end());
  entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
  const auto& sorted = entries;
  for (size_t start = 0; start < sorted.size();) {
    size_t end = start + 1;
    while (end < sorted.size() && sorted[end].hash == sorted[start].hash) ++end;
    for (size_t i = start + 1; i < end; ++i) {
      if (sorted[i].ref.page != sorted[start].ref.page)
        candidates.push_back({sorted[i].ref, sorted[start].ref});
    }
    start = end;
  }
}

std::vector<uint64_t> find_boilerplate(const std::vector<PageSignatures>& pages,
                                       const BoilerplateRule& rule) {
  std::vector<std::pair<uint64_t, uint32_t>> hash_pages;
  for (uint32_t page = 0; page < pages.size(); ++page) {
    for (const BlockSignature& block : pages[page].blocks) hash_pages.emplace_back(block.exact_hash, page);
  }
  std::sort(hash_pages.begin(), hash_pages.end());
  hash_pages.erase(std::unique(hash_pages.begin(), hash_pages.end()), hash_pages.end());
  const auto needed = std::max<double>(static_cast<double>(rule.min_pages),
                                       std::ceil(rule.min_share * static_cast<double>(pages.size())));
  std::vector<uint64_t> boilerplate;
  for (size_t start = 0; start < hash_pages.size();) {
    size_t end = start + 1;
    while (end < hash_pages.size() && hash_pages[end].first == hash_pages[start].first) ++end;
    if (static_cast<double>(end - start) >= needed) boilerplate.push_back(hash_pages[start].first);
    start = end;
  }
  return boilerplate;
}

}  // namespace

bool SitePlan::is_boilerplate(uint64_t hash) const {
  return std::binary_search(boilerplate.begin(), boilerplate.end(), hash);
}

void SiteIndex::add(PageSignatures page) {
  std::lock_guard lock(mutex_);
  pages_.push_back(std::move(page));
}

SitePlan SiteIndex::plan(const BoilerplateRule& boilerplate) {
  SitePlan plan;
  {
    std::lock_guard lock(mutex_);
    plan.pages.swap(pages_);
  }
  std::sort(plan.pages.begin(), plan.pages.end(),
            [](const PageSignatures& a, const PageSignatures& b) { return a.path < b.path; });
  plan.boilerplate = find_boilerplate(plan.pages, boilerplate);

  std::vector<HashedBlock<uint64_t>> exact;
  for (uint32_t page = 0; page < plan.pages.size(); ++page) {
    for (const BlockSignature& block : plan.pages[page].blocks) {
      if (plan.is_boilerplate(block.exact_hash)) {
        ++plan.boilerplate_blocks;
      } else {
        exact.push_back({block.exact_hash, {page, block.block}});
      }
    }
  }
  pair_with_first(exact, plan.candidates);
  std::vector<HashedBlock<uint64_t>> sentences;
  for (uint32_t page = 0; page < plan.pages.size(); ++page) {
    const PageSignatures& signatures = plan.pages[page];
    for (const BlockSignature& block : signatures.blocks) {
      if (plan.is_boilerplate(block.exact_hash)) continue;
      for (uint32_t sentence = block.first_sentence; sentence < block.end_sentence; ++sentence) {
        sentences.push_back({signatures.sentence_hashes[sentence], {page, block.block}});
      }
    }
  }
  pair_with_first(sentences, plan.candidates);
  // One band at a time keeps the transient buckets small.
  std::vector<CandidatePair> banded_pairs;
  std::vector<HashedBlock<uint32_t>> banded;
  for (size_t band = 0; band < kBands; ++band) {
    banded.clear();
    for (uint32_t page = 0; page < plan.pages.size(); ++page) {
      for (const BlockSignature& block : plan.pages[page].blocks) {
        if (!plan.is_boilerplate(block.exact_hash))
          banded.push_back({block.band_keys[band], {page, block.block}});
      }
    }
    pair_with_first(banded, banded_pairs);
  }
  // A pair met in a single band is most often a chance collision: a Jaccard similarity of 0.4 shares
  // two bands or more with probability 0.9, one of 0.05 with probability 0.002.
  std::sort(banded_pairs.begin(), banded_pairs.end());
  for (size_t start = 0; start < banded_pairs.size();) {
    size_t end = start + 1;
    while (end < banded_pairs.size() && banded_pairs[end] == banded_pairs[start]) ++end;
    if (end - start >= kMinSharedBands) plan.candidates.push_back(banded_pairs[start]);
    start = end;
  }
  std::sort(plan.candidates.begin(), plan.candidates.end());
  plan.candidates.erase(std::unique(plan.candidates.begin(), plan.candidates.end()), plan.candidates.end());
  return plan;
}

}  // namespace reflint
