#pragma once
// The passages of a page the duplicate rules compare, and the page's address and site for the
// cross-page part: shared by duplicate-paragraph and duplicate-page, so both judge the same text.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "lint/analysis/page_analyses.h"
#include "lint/core/rule.h"
#include "rules/duplicates/passage_text.h"
#include "rules/duplicates/site_index.h"

namespace reflint {

struct PassageFilter {
  uint32_t kinds = 0;                                           // bit per BlockKind compared
  uint16_t excluded_contexts = 0;                               // BlockContext flags never compared
  uint32_t roles = 1u << static_cast<int>(BlockRole::article);  // bit per BlockRole compared
  size_t min_words = 8;                                         // words with a letter
};

/// The normalised blocks of the page being checked, each made the first time a rule of the family
/// asks (duplicate-paragraph and duplicate-page read the same blocks) and kept with the page.
class NormalisedBlocks {
 public:
  explicit NormalisedBlocks(const Document& document);
  /// The page's instance, in the context's page memo.
  static NormalisedBlocks& of_page(const Document& document, const RuleContext& context);

  const Document& document() const { return document_; }
  const PassageText& of(uint32_t block);

 private:
  const Document& document_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<const PassageText>> passages_;  // by block index
};

/// The normalised passages of the page that pass `filter`, in block order. Reference entries are
/// never among them (entries written alike are not copies; a reference listed twice is
/// reference-duplicate's concern), nor are blocks that are mostly link text (menus, share
/// buttons, lists of related posts).
std::vector<const PassageText*> select_passages(NormalisedBlocks& blocks, const PageAnalyses& analyses,
                                                const PassageFilter& filter);

/// The exact hashes of the blocks of `filter`'s kinds that it leaves out as furniture or by
/// context, for learning a site's boilerplate from all its pages whatever the markup.
std::vector<uint64_t> furniture_hashes(NormalisedBlocks& blocks, const PageAnalyses& analyses,
                                       const PassageFilter& filter);

/// XXH3 of the page's decoded source: a page read again must have the same.
uint64_t source_hash(const Document& document);

/// The signatures of a page without its blocks: path, source hash, canonical address, site (the
/// address's host, else the folder of the path) and title location (its first h1, else its first
/// passage, else its start).
PageSignatures page_identity(const Document& document, const std::vector<const PassageText*>& passages);

}  // namespace reflint
