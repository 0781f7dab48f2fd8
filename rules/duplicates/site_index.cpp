#include "rules/duplicates/site_index.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "lint/core/serialize.h"
#include "lint/text/ascii.h"

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

// A text on more pages than this is boilerplate or a template, never what makes two pages copies.
constexpr size_t kMaxCopyBucket = 8;
// A page with fewer article words than this is not reported as a copy of another page.
constexpr uint32_t kMinCopyWords = 40;

uint32_t find_root(std::vector<uint32_t>& parent, uint32_t page) {
  while (parent[page] != page) page = parent[page] = parent[parent[page]];
  return page;
}

/// Per later page the earlier page it copies, if any: the same declared address, or the earlier
/// page holding the largest share of its article words.
void find_copies(SitePlan& plan, double copy_share) {
  const std::vector<PageSignatures>& pages = plan.pages;
  std::vector<PageCopy> copies;
  std::vector<uint32_t> total_words(pages.size(), 0);
  struct Entry {
    uint64_t hash;
    uint32_t page;
    uint32_t words;
    // NOLINTNEXTLINE(modernize-use-nullptr): the 0 of the synthesized <=> (clang-tidy < 18 bug, llvm #53961)
    auto operator<=>(const Entry&) const = default;
  };
  std::vector<Entry> entries;
  for (uint32_t page = 0; page < pages.size(); ++page) {
    for (const BlockSignature& block : pages[page].blocks) {
      if (plan.is_boilerplate(page, block.exact_hash)) continue;
      total_words[page] += block.words;
      entries.push_back({block.exact_hash, page, block.words});
    }
  }
  std::sort(entries.begin(), entries.end());
  std::map<std::pair<uint32_t, uint32_t>, uint32_t> shared_words;  // (later, earlier) -> words
  for (size_t start = 0; start < entries.size();) {
    size_t end = start + 1;
    while (end < entries.size() && entries[end].hash == entries[start].hash) ++end;
    std::vector<Entry> run;  // one entry per page, with that page's words in this text
    for (size_t i = start; i < end; ++i) {
      if (!run.empty() && run.back().page == entries[i].page) {
        run.back().words += entries[i].words;
      } else {
        run.push_back(entries[i]);
      }
    }
    if (run.size() >= 2 && run.size() <= kMaxCopyBucket) {
      for (size_t later = 1; later < run.size(); ++later) {
        for (size_t earlier = 0; earlier < later; ++earlier) {
          shared_words[{run[later].page, run[earlier].page}] += run[later].words;
          shared_words[{run[earlier].page, run[later].page}] += run[earlier].words;
        }
      }
    }
    start = end;
  }
  std::map<std::string_view, uint32_t> first_with_address;
  for (uint32_t page = 0; page < pages.size(); ++page) {
    std::optional<PageCopy> best;
    if (!pages[page].canonical.empty()) {
      const auto [found, added] = first_with_address.try_emplace(pages[page].canonical, page);
      if (!added) best = PageCopy{page, found->second, 1, true};
    }
    const bool declared = best.has_value();
    for (auto it = shared_words.lower_bound({page, 0});
         !declared && it != shared_words.end() && it->first.first == page && it->first.second < page; ++it) {
      if (total_words[page] < kMinCopyWords) break;
      const uint32_t earlier = it->first.second;
      const double share = static_cast<double>(it->second) / static_cast<double>(total_words[page]);
      // An excerpt of a longer page (an abstract page, a teaser) is not a copy of it: the shared
      // text must be a good part of the earlier page too.
      const double earlier_share = static_cast<double>(shared_words.at({earlier, page})) /
                                   static_cast<double>(std::max(1u, total_words[earlier]));
      if (share >= copy_share && earlier_share >= copy_share / 2 && (!best || share > best->share))
        best = PageCopy{page, earlier, share, false};
    }
    if (best) copies.push_back(*best);
  }
  // Pages one of which is mostly an excerpt of the other (an abstract page and the full text, a
  // digest quoting the first paragraph of an article) share their passages on purpose.
  for (const auto& [pair, words] : shared_words) {
    const auto [a, b] = pair;
    if (a <= b || total_words[a] < kMinCopyWords || total_words[b] < kMinCopyWords) continue;
    const double share_a = static_cast<double>(words) / static_cast<double>(total_words[a]);
    const double share_b = static_cast<double>(shared_words.at({b, a})) / static_cast<double>(total_words[b]);
    if (std::max(share_a, share_b) >= copy_share && std::min(share_a, share_b) < copy_share / 2)
      plan.excerpts.emplace_back(a, b);
  }
  plan.copies = std::move(copies);
}

/// Per site, the blocks on at least the rule's number and share of its pages (a group of copies
/// counts once).
void find_boilerplate(SitePlan& plan, const BoilerplateRule& rule) {
  plan.boilerplate.clear();
  const uint32_t sites =
      plan.site_of.empty() ? 0 : *std::max_element(plan.site_of.begin(), plan.site_of.end()) + 1;
  std::vector<std::set<uint32_t>> site_groups(sites);
  std::vector<std::tuple<uint32_t, uint64_t, uint32_t>> occurrences;  // (site, hash, group)
  for (uint32_t page = 0; page < plan.pages.size(); ++page) {
    site_groups[plan.site_of[page]].insert(plan.copy_group[page]);
    for (const BlockSignature& block : plan.pages[page].blocks)
      occurrences.emplace_back(plan.site_of[page], block.exact_hash, plan.copy_group[page]);
    for (const uint64_t hash : plan.pages[page].furniture_hashes)
      occurrences.emplace_back(plan.site_of[page], hash, plan.copy_group[page]);
  }
  std::sort(occurrences.begin(), occurrences.end());
  occurrences.erase(std::unique(occurrences.begin(), occurrences.end()), occurrences.end());
  for (size_t start = 0; start < occurrences.size();) {
    const auto [site, hash, group] = occurrences[start];
    size_t end = start + 1;
    while (end < occurrences.size() && std::get<0>(occurrences[end]) == site &&
           std::get<1>(occurrences[end]) == hash)
      ++end;
    const auto needed =
        std::max<double>(static_cast<double>(rule.min_pages),
                         std::ceil(rule.min_share * static_cast<double>(site_groups[site].size())));
    if (static_cast<double>(end - start) >= needed) plan.boilerplate.emplace_back(site, hash);
    start = end;
  }
}

}  // namespace

bool SitePlan::is_boilerplate(uint32_t page, uint64_t hash) const {
  return std::binary_search(boilerplate.begin(), boilerplate.end(), std::pair(site_of[page], hash));
}

std::pair<std::string, std::string> normalise_page_address(std::string_view url) {
  url = trim_ascii(url);
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, std::min(rest.find('#'), rest.size()));
  const size_t path_start = std::min(rest.find_first_of("/?"), rest.size());
  std::string host = lower_ascii(rest.substr(0, path_start));
  if (host.starts_with("www.")) host.erase(0, 4);
  if (host.empty()) return {};
  std::string path(rest.substr(path_start));
  // Tracking parameters name the visit, not the page.
  if (const size_t query = path.find('?'); query != std::string::npos) {
    std::string kept;
    std::string_view parameters = std::string_view(path).substr(query + 1);
    while (!parameters.empty()) {
      const size_t amp = std::min(parameters.find('&'), parameters.size());
      const std::string_view parameter = parameters.substr(0, amp);
      if (!parameter.empty() && !parameter.starts_with("utm_"))
        kept += (kept.empty() ? "?" : "&") + std::string(parameter);
      parameters.remove_prefix(std::min(amp + 1, parameters.size()));
    }
    path = path.substr(0, query) + kept;
  }
  while (path.ends_with('/')) path.pop_back();
  return {host + path, host};
}

void SiteIndex::add(PageSignatures page) {
  std::lock_guard lock(mutex_);
  pages_.push_back(std::move(page));
}

nlohmann::json SiteIndex::take() {
  using nlohmann::json;
  std::vector<PageSignatures> taken;
  {
    std::lock_guard lock(mutex_);
    taken.swap(pages_);
  }
  json pages = json::array();
  for (const PageSignatures& page : taken) {
    json blocks = json::array();
    for (const BlockSignature& block : page.blocks) {
      blocks.push_back({block.block, block.words, block.exact_hash, block.band_keys, block.first_sentence,
                        block.end_sentence});
    }
    json copies = json::array();
    for (const InPageCopy& copy : page.in_page_copies) {
      copies.push_back({copy.later_block, copy.later_hash, copy.earlier_hash, copy.location, copy.first_copy,
                        copy.message});
    }
    pages.push_back({{"path", page.path},
                     {"canonical", page.canonical},
                     {"site", page.site},
                     {"source_hash", page.source_hash},
                     {"title", page.title},
                     {"blocks", std::move(blocks)},
                     {"furniture", page.furniture_hashes},
                     {"sentences", page.sentence_hashes},
                     {"copies", std::move(copies)}});
  }
  return pages;
}

void SiteIndex::load(const nlohmann::json& state) {
  std::vector<PageSignatures> loaded;
  for (const nlohmann::json& saved : state) {
    PageSignatures page;
    saved.at("path").get_to(page.path);
    saved.at("canonical").get_to(page.canonical);
    saved.at("site").get_to(page.site);
    saved.at("source_hash").get_to(page.source_hash);
    saved.at("title").get_to(page.title);
    for (const nlohmann::json& block : saved.at("blocks")) {
      page.blocks.push_back({block.at(0).get<uint32_t>(), block.at(1).get<uint32_t>(),
                             block.at(2).get<uint64_t>(), block.at(3).get<BandKeys>(),
                             block.at(4).get<uint32_t>(), block.at(5).get<uint32_t>()});
    }
    saved.at("furniture").get_to(page.furniture_hashes);
    saved.at("sentences").get_to(page.sentence_hashes);
    for (const nlohmann::json& copy : saved.at("copies")) {
      page.in_page_copies.push_back({copy.at(0).get<uint32_t>(), copy.at(1).get<uint64_t>(),
                                     copy.at(2).get<uint64_t>(), copy.at(3).get<Location>(),
                                     copy.at(4).get<Location>(), copy.at(5).get<std::string>()});
    }
    for (const BlockSignature& block : page.blocks) {
      if (block.first_sentence > block.end_sentence || block.end_sentence > page.sentence_hashes.size())
        throw std::out_of_range("a block's sentences lie outside its page's");
    }
    loaded.push_back(std::move(page));
  }
  std::lock_guard lock(mutex_);
  std::move(loaded.begin(), loaded.end(), std::back_inserter(pages_));
}

SitePlan SiteIndex::plan(const BoilerplateRule& boilerplate, double copy_share) {
  SitePlan plan;
  {
    std::lock_guard lock(mutex_);
    plan.pages.swap(pages_);
  }
  std::sort(plan.pages.begin(), plan.pages.end(),
            [](const PageSignatures& a, const PageSignatures& b) { return a.path < b.path; });
  std::map<std::string_view, uint32_t> site_numbers;
  std::map<std::string_view, uint32_t> first_with_address;
  for (uint32_t page = 0; page < plan.pages.size(); ++page) {
    const PageSignatures& signatures = plan.pages[page];
    plan.site_of.push_back(
        site_numbers.try_emplace(signatures.site, static_cast<uint32_t>(site_numbers.size())).first->second);
    plan.copy_group.push_back(signatures.canonical.empty()
                                  ? page
                                  : first_with_address.try_emplace(signatures.canonical, page).first->second);
  }
  // Text on many pages of a site is boilerplate whatever the copies are, and must not make pages
  // copies of each other: found first with only the declared copies grouped and at least three
  // pages.
  find_boilerplate(plan, {std::max<int64_t>(boilerplate.min_pages, 3), boilerplate.min_share});
  find_copies(plan, copy_share);
  std::vector<uint32_t> parent(plan.pages.size());
  for (uint32_t page = 0; page < parent.size(); ++page) parent[page] = page;
  for (const PageCopy& copy : plan.copies) {
    const uint32_t a = find_root(parent, copy.later);
    const uint32_t b = find_root(parent, copy.earlier);
    parent[std::max(a, b)] = std::min(a, b);
  }
  for (uint32_t page = 0; page < parent.size(); ++page) plan.copy_group[page] = find_root(parent, page);
  find_boilerplate(plan, boilerplate);

  std::vector<HashedBlock<uint64_t>> exact;
  std::set<std::pair<uint32_t, uint64_t>> set_aside;
  for (uint32_t page = 0; page < plan.pages.size(); ++page) {
    for (const BlockSignature& block : plan.pages[page].blocks) {
      if (plan.is_boilerplate(page, block.exact_hash)) {
        ++plan.boilerplate_blocks;
        set_aside.emplace(plan.site_of[page], block.exact_hash);
      } else {
        exact.push_back({block.exact_hash, {page, block.block}});
      }
    }
  }
  plan.boilerplate_texts = set_aside.size();
  pair_with_first(exact, plan.candidates);
  std::vector<HashedBlock<uint64_t>> sentences;
  for (uint32_t page = 0; page < plan.pages.size(); ++page) {
    const PageSignatures& signatures = plan.pages[page];
    for (const BlockSignature& block : signatures.blocks) {
      if (plan.is_boilerplate(page, block.exact_hash)) continue;
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
        if (!plan.is_boilerplate(page, block.exact_hash))
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
  // Copies of one page are duplicate-page's concern, not one finding per paragraph; an excerpt
  // repeats its page on purpose.
  std::sort(plan.excerpts.begin(), plan.excerpts.end());
  std::erase_if(plan.candidates, [&](const CandidatePair& pair) {
    return plan.copy_group[pair.later.page] == plan.copy_group[pair.earlier.page] ||
           std::binary_search(plan.excerpts.begin(), plan.excerpts.end(),
                              std::pair(std::max(pair.later.page, pair.earlier.page),
                                        std::min(pair.later.page, pair.earlier.page)));
  });
  std::sort(plan.candidates.begin(), plan.candidates.end());
  plan.candidates.erase(std::unique(plan.candidates.begin(), plan.candidates.end()), plan.candidates.end());
  return plan;
}

}  // namespace reflint
