#include "rules/duplicates/page_passages.h"

#include <xxhash.h>

#include <algorithm>
#include <filesystem>

namespace reflint {
namespace {

std::vector<bool> link_dominated_blocks(const Document& document) {
  std::vector<size_t> link_bytes(document.blocks().size(), 0);
  for (const Link& link : document.links()) {
    if (link.block < link_bytes.size()) link_bytes[link.block] += link.text_end - link.text_begin;
  }
  std::vector<bool> dominated(document.blocks().size(), false);
  for (size_t i = 0; i < dominated.size(); ++i)
    dominated[i] = link_bytes[i] * 2 >= document.blocks()[i].text.size();
  return dominated;
}

/// Blocks in the filter's excluded contexts; "blockquote" means quotations, not the blockquotes
/// a page indents all its text with.
bool left_out_by_context(const TextBlock& block, const ContentModel& content, const PassageFilter& filter) {
  const bool quotation_excluded = (filter.excluded_contexts & kInBlockquote) != 0;
  return block.in(filter.excluded_contexts & ~kInBlockquote) ||
         (quotation_excluded && content.in_quotation(block));
}

}  // namespace

NormalisedBlocks::NormalisedBlocks(const Document& document)
    : document_(document), passages_(document.blocks().size()) {}

NormalisedBlocks& NormalisedBlocks::of_page(const Document& document, const RuleContext& context) {
  return *context.page_memo().get<NormalisedBlocks>(
      "normalised blocks", [&] { return std::make_shared<NormalisedBlocks>(document); });
}

const PassageText& NormalisedBlocks::of(uint32_t block) {
  std::lock_guard lock(mutex_);
  std::unique_ptr<const PassageText>& passage = passages_.at(block);
  if (!passage) passage = std::make_unique<const PassageText>(normalise_passage(document_, block));
  return *passage;
}

std::vector<const PassageText*> select_passages(NormalisedBlocks& blocks, const PageAnalyses& analyses,
                                                const PassageFilter& filter) {
  const Document& document = blocks.document();
  const std::vector<bool>& in_reference_entry = analyses.reference_entry_blocks();
  const ContentModel& content = analyses.content();
  const std::vector<bool> mostly_links = link_dominated_blocks(document);
  std::vector<const PassageText*> passages;
  passages.reserve(document.blocks().size());  // at most one a block: no regrowing on long pages
  for (uint32_t i = 0; i < document.blocks().size(); ++i) {
    const TextBlock& block = document.blocks()[i];
    if ((filter.kinds & (1u << static_cast<int>(block.kind))) == 0 ||
        left_out_by_context(block, content, filter) || in_reference_entry[i] || mostly_links[i] ||
        (filter.roles & (1u << static_cast<int>(content.role(i)))) == 0) {
      continue;
    }
    const PassageText& passage = blocks.of(i);
    if (passage.letter_words >= filter.min_words) passages.push_back(&passage);
  }
  return passages;
}

std::vector<uint64_t> furniture_hashes(NormalisedBlocks& blocks, const PageAnalyses& analyses,
                                       const PassageFilter& filter) {
  const Document& document = blocks.document();
  const ContentModel& content = analyses.content();
  std::vector<uint64_t> hashes;
  for (uint32_t i = 0; i < document.blocks().size(); ++i) {
    const TextBlock& block = document.blocks()[i];
    const bool left_out =
        block.in(filter.excluded_contexts) || (filter.roles & (1u << static_cast<int>(content.role(i)))) == 0;
    if ((filter.kinds & (1u << static_cast<int>(block.kind))) == 0 || !left_out) continue;
    const PassageText& passage = blocks.of(i);
    if (passage.letter_words >= filter.min_words) hashes.push_back(passage.exact_hash);
  }
  return hashes;
}

uint64_t source_hash(const Document& document) {
  return XXH3_64bits(document.source().data(), document.source().size());
}

PageSignatures page_identity(const Document& document, const std::vector<const PassageText*>& passages) {
  PageSignatures page;
  page.path = document.path();
  page.source_hash = source_hash(document);
  const std::vector<TextBlock>& blocks = document.blocks();
  const auto title = std::find_if(blocks.begin(), blocks.end(), [](const TextBlock& block) {
    return block.kind == BlockKind::heading && block.heading_level == 1 && !block.text.empty();
  });
  if (title != blocks.end()) {
    page.title = Location::in(document, title->source_range());
  } else if (!passages.empty()) {
    page.title = Location::in(document, blocks[passages.front()->block].source_range());
  } else {
    page.title = Location::in(document, SourceRange{0, 0});
  }
  auto [canonical, host] = normalise_page_address(document.canonical_url());
  page.canonical = std::move(canonical);
  page.site = host.empty() ? std::filesystem::path(document.path()).parent_path().string() : std::move(host);
  return page;
}

}  // namespace reflint
