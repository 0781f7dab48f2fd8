#include "rules/duplicates/duplicate_paragraph.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>

#include "lint/analysis/citations.h"
#include "lint/core/settings.h"
#include "rules/duplicates/passage_similarity.h"
#include "rules/duplicates/passage_text.h"

namespace reflint {
namespace {

constexpr std::string_view kHelp = R"md(## What it does

Finds paragraphs that repeat other paragraphs, in the same page or, when several files are linted in
one run, in another page. It reports three kinds of copies, always on the later copy, with a
related location at the first:

- **exact copy**: the same words after normalisation;
- **near copy**: a few words changed, added or reordered (the similarity is the Jaccard index of the
  two paragraphs' word 3-shingles, reported in the message; default threshold `similarity = 0.5`,
  which a 40-word paragraph with four words changed still reaches);
- **contained**: a paragraph swallowed by a longer one, or repeated inside a longer one. This is
  judged per sentence: every sentence of the shorter paragraph must have at least `containment`
  (default 0.7) of its 3-shingles in the longer one, so two paragraphs that merely quote the same
  long passage are not copies.

Before comparing, text is normalised: Unicode NFKC and case folding, apostrophes dropped inside
words, quotes, dashes and all other punctuation removed, numbered citation markers ("(3)", "[3]",
"[2, 5-7]", numeric superscripts) removed, white space collapsed.

Only body text is compared: by default `p`, `li`, `blockquote` and `dd` blocks (`block-kinds`)
outside navigation, header, footer, aside, figures, tables, code and forms (`excluded-contexts`).
Headings, table cells and figure captions are not compared unless added to `block-kinds`. Reference
entries are skipped (entries alike in form are not copies; a reference listed twice is
`reference-duplicate`'s concern), and so are blocks that are mostly link text (menus, share buttons,
related posts). Exact copies need `min-words` words with a letter (default 8, so "Read more" or
"Share this article" never fire; numbers and dates do not count); near and contained copies need
`min-words-near` (default 15) in the shorter passage, because short lines that follow a template
("Drafting of the article: ...", "Final approval of the article: ...") are alike without being
copies.

Across pages, a block found on at least `boilerplate-min-pages` pages (default 3) and on at least
`boilerplate-min-share` of the pages linted (default 0.2) is site boilerplate: it is never reported,
and the run summary says how many blocks were treated so. Only compact signatures are kept per
block: the hash of its words (exact copies), MinHash keys of 24 bands of 2 rows (near copies: two
shared bands make a candidate) and a hash per sentence (repeated passages). Candidates alone are
compared exactly, after their pages are read again, so the cost grows linearly with the number of
blocks. Across pages a repeated passage is found when its sentences are copied whole; a reworded
sentence inside a longer paragraph is found within one page only.

## Why it matters

Articles assembled from drafts, CMS blocks and copy-paste repeat themselves: a paragraph pasted twice,
an old and a reworded version both left in, the same text published on two pages of a site. Readers
notice, and search engines treat copied text as duplicate content.

## Example

```html
<p>The results were somewhat surprising, the treatments did not show any significant differences.</p>
<p>The results were somewhat surprising, the treatments did not show any significant differences.</p>
```

The second paragraph is reported as an exact copy of the first. Delete one of them, or merge the two
versions into one.
)md";

struct Settings {
  size_t min_words = 8;
  uint32_t kinds = 0;  // bit per BlockKind
  uint16_t excluded_contexts = 0;
  CopyThresholds thresholds;
  BoilerplateRule boilerplate;
};

// Upper bounds of the count options: far above any real use, low enough that no count overflows.
constexpr double kMaxWords = 100000;
constexpr double kMaxPages = 1e9;

constexpr std::pair<std::string_view, uint16_t> kContextNames[] = {
    {"nav", kInNav},       {"header", kInHeader},         {"footer", kInFooter}, {"aside", kInAside},
    {"figure", kInFigure}, {"table", kInTable},           {"list", kInList},     {"code", kInCode},
    {"form", kInForm},     {"blockquote", kInBlockquote},
};

Settings read_settings(const RuleOptions& options) {
  Settings settings;
  settings.min_words = static_cast<size_t>(options.get_int("min-words"));
  const std::vector<std::string>& kinds = options.get_string_list("block-kinds");
  for (auto kind = static_cast<int>(BlockKind::paragraph); kind <= static_cast<int>(BlockKind::bare_text);
       ++kind) {
    if (std::find(kinds.begin(), kinds.end(), to_string(static_cast<BlockKind>(kind))) != kinds.end()) {
      settings.kinds |= 1u << kind;
    }
  }
  for (const std::string& name : options.get_string_list("excluded-contexts")) {
    for (const auto& [context_name, flag] : kContextNames) {
      if (name == context_name) settings.excluded_contexts |= flag;
    }
  }
  settings.thresholds = {options.get_number("similarity"), options.get_number("containment"),
                         static_cast<uint32_t>(options.get_int("min-words-near"))};
  settings.boilerplate = {options.get_int("boilerplate-min-pages"),
                          options.get_number("boilerplate-min-share")};
  return settings;
}

/// Blocks of reference entries: entries written alike ("Smith, J. (2009). Title. Journal.") are not
/// copies, and a reference listed twice is reference-duplicate's concern.
std::vector<bool> reference_entry_blocks(const Document& document, const CitationModel& citations) {
  std::vector<bool> in_entry(document.blocks().size(), false);
  for (const ReferenceEntry& entry : citations.entries()) {
    if (entry.element >= document.elements().size()) continue;
    const Element& element = document.elements()[entry.element];
    std::fill(in_entry.begin() + element.first_block, in_entry.begin() + element.end_block, true);
  }
  return in_entry;
}

/// Blocks that are mostly link text: menus, share buttons and lists of related posts, which repeat
/// by design.
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

std::vector<PassageText> eligible_passages(const Document& document, const CitationModel& citations,
                                           const Settings& settings) {
  const std::vector<bool> in_reference_entry = reference_entry_blocks(document, citations);
  const std::vector<bool> mostly_links = link_dominated_blocks(document);
  std::vector<PassageText> passages;
  for (uint32_t i = 0; i < document.blocks().size(); ++i) {
    const TextBlock& block = document.blocks()[i];
    if ((settings.kinds & (1u << static_cast<int>(block.kind))) == 0 ||
        block.in(settings.excluded_contexts) || in_reference_entry[i] || mostly_links[i]) {
      continue;
    }
    PassageText passage = normalise_passage(document, i);
    if (passage.letter_words >= settings.min_words) passages.push_back(std::move(passage));
  }
  return passages;
}

std::vector<BandKeys> sentence_band_keys(const PassageText& passage) {
  std::vector<BandKeys> keys;
  keys.reserve(passage.sentence_count());
  for (size_t i = 0; i < passage.sentence_count(); ++i)
    keys.push_back(band_keys(shingles(passage.sentence(i))));
  return keys;
}

std::string_view block_noun(BlockKind kind) {
  switch (kind) {
    case BlockKind::paragraph:
      return "paragraph";
    case BlockKind::list_item:
      return "list item";
    case BlockKind::blockquote:
      return "block quotation";
    case BlockKind::definition_description:
      return "definition";
    default:
      return "block";
  }
}

/// `where` names the first copy: "line 12" in the same page, "line 12 of other.html" in another.
std::string describe_copy(const CopyMatch& match, BlockKind first_kind, std::string_view where) {
  const std::string_view noun = block_noun(first_kind);
  switch (match.kind) {
    case CopyKind::exact:
      return fmt::format("exact copy of the {} at {}; keep only one copy", noun, where);
    case CopyKind::near:
      return fmt::format("near copy (similarity {:.2f}) of the {} at {}; keep only one version",
                         match.similarity, noun, where);
    case CopyKind::contained:
      return fmt::format("contained in the longer {} at {} (containment {:.2f}); remove the repeated text",
                         noun, where, match.similarity);
    case CopyKind::repeats_inside:
      return fmt::format(
          "repeats the {} at {} inside a longer one (containment {:.2f}); remove the repeated text", noun,
          where, match.similarity);
  }
  return {};
}

struct CopyReport {
  Location location;
  Location first_copy;
  std::string message;
};

/// Describes a copy between two blocks whose documents are alive.
CopyReport make_report(const Document& earlier_document, const PassageText& earlier,
                       const Document& later_document, const PassageText& later, const CopyMatch& match) {
  const TextBlock& earlier_block = earlier_document.blocks()[earlier.block];
  const TextBlock& later_block = later_document.blocks()[later.block];
  CopyReport report{
      Location::in(later_document, later_block.source_range(match.later.begin, match.later.end)),
      Location::in(earlier_document, earlier_block.source_range(match.earlier.begin, match.earlier.end)),
      {}};
  const std::string where =
      &earlier_document == &later_document
          ? fmt::format("line {}", report.first_copy.start.line)
          : fmt::format("line {} of {}", report.first_copy.start.line, earlier_document.path());
  report.message = describe_copy(match, earlier_block.kind, where);
  return report;
}

void submit(RuleContext& context, CopyReport report) {
  context.report(std::move(report.location), std::move(report.message))
      .related(std::move(report.first_copy), "first copy");
}

uint64_t source_hash(const Document& document) {
  return XXH3_64bits(document.source().data(), document.source().size());
}

/// Re-reads pages after the run to verify cross-page candidates: only signatures were kept, so the
/// text of a candidate comes from its file again (a file that changed meanwhile is skipped).
class PageReader {
 public:
  struct Page {
    std::unique_ptr<Document> document;
    std::unordered_map<uint32_t, PassageText> passages;
  };

  PageReader(const std::vector<PageSignatures>& pages, RuleContext& context)
      : pages_(pages), context_(context) {}

  /// The page, or nullptr when it cannot be read again unchanged.
  std::shared_ptr<Page> page(uint32_t index) {
    if (const auto found = loaded_.find(index); found != loaded_.end()) return found->second;
    if (failed_.contains(index)) return nullptr;
    const std::string& path = pages_[index].path;
    auto page = std::make_shared<Page>();
    page->document = context_.reload(path);
    if (!page->document || source_hash(*page->document) != pages_[index].source_hash) {
      failed_.insert(index);
      context_.notify(
          Notice::warning("the file could not be read again unchanged to compare it with other pages", path));
      return nullptr;
    }
    if (loaded_.size() >= kCachedPages) loaded_.clear();
    loaded_.emplace(index, page);
    return page;
  }

  static const PassageText& passage(Page& page, uint32_t block) {
    auto found = page.passages.find(block);
    if (found == page.passages.end())
      found = page.passages.emplace(block, normalise_passage(*page.document, block)).first;
    return found->second;
  }

 private:
  static constexpr size_t kCachedPages = 64;
  const std::vector<PageSignatures>& pages_;
  RuleContext& context_;
  std::map<uint32_t, std::shared_ptr<Page>> loaded_;
  std::set<uint32_t> failed_;
};

}  // namespace

const RuleMeta& DuplicateParagraph::meta() const {
  static const RuleMeta kMeta{
      .id = "duplicate-paragraph",
      .family = "duplicates",
      .summary = "A paragraph repeats another one, exactly, nearly, or inside a longer paragraph",
      .description =
          "Body paragraphs are normalised (NFKC, case folding, punctuation and citation markers "
          "removed) and compared within each page and across the pages of a run: exact copies by "
          "hashing, near copies by MinHash candidates checked with shingle Jaccard similarity, and "
          "passages repeated inside longer paragraphs per sentence. The later copy is reported, "
          "with the first as a related location; site boilerplate is ignored.",
      .help = kHelp,
      .default_level = Level::warning,
      .needs_network = false,
      .precision = Precision::high,
      .options =
          {
              {"min-words", OptionType::integer, "8",
               "Blocks with fewer words containing a letter (numbers and dates do not count) are not "
               "compared",
               1, kMaxWords},
              {"block-kinds", OptionType::string_list, R"(["p", "li", "blockquote", "dd"])",
               "Block kinds compared", -kNoBound, kNoBound,
               "p, li, dt, dd, td, th, blockquote, heading, figcaption, pre, text"},
              {"excluded-contexts", OptionType::string_list,
               R"(["nav", "header", "footer", "aside", "figure", "table", "code", "form"])",
               "Blocks inside these are never compared", -kNoBound, kNoBound,
               "nav, header, footer, aside, figure, table, list, code, form, blockquote"},
              {"min-words-near", OptionType::integer, "15",
               "Near and contained copies need this many words with a letter in the shorter passage", 1,
               kMaxWords},
              {"similarity", OptionType::number, "0.5",
               "Least Jaccard similarity of word 3-shingles for a near copy", 0, 1},
              {"containment", OptionType::number, "0.7",
               "Least share of each sentence's 3-shingles found in the longer paragraph for a contained "
               "copy",
               0, 1},
              {"boilerplate-min-pages", OptionType::integer, "3",
               "A block on at least this many pages (and boilerplate-min-share of them) is site boilerplate",
               1, kMaxPages},
              {"boilerplate-min-share", OptionType::number, "0.2",
               "A block on at least this share of the pages linted (and boilerplate-min-pages) is site "
               "boilerplate",
               0, 1},
          },
  };
  return kMeta;
}

void DuplicateParagraph::check(const Document& document, RuleContext& context) {
  const Settings settings = read_settings(context.options());
  const bool cross_page = context.settings().cross_page;
  const std::vector<PassageText> passages = eligible_passages(document, context.references(), settings);

  PageSignatures page{document.path(), source_hash(document), {}, {}, {}};
  // Earliest passage of each exact hash and band key: a later passage is compared with those only.
  std::unordered_map<uint64_t, uint32_t> first_with_hash;
  std::unordered_map<uint32_t, uint32_t> first_with_key;
  for (uint32_t i = 0; i < passages.size(); ++i) {
    const PassageText& passage = passages[i];
    std::vector<uint32_t> candidates;
    if (const auto [found, added] = first_with_hash.try_emplace(passage.exact_hash, i); !added) {
      candidates.push_back(found->second);
    }
    const std::vector<BandKeys> units = sentence_band_keys(passage);
    for (const BandKeys& keys : units) {
      for (const uint32_t key : keys) {
        const auto [found, added] = first_with_key.try_emplace(key, i);
        if (!added && found->second != i) candidates.push_back(found->second);
      }
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    // The strongest copy wins (exact before near before contained), then the earliest.
    std::optional<CopyMatch> best;
    uint32_t best_earlier = 0;
    for (const uint32_t earlier : candidates) {
      const auto match = compare_passages(passages[earlier], passage, settings.thresholds);
      if (match && (!best || copy_rank(match->kind) < copy_rank(best->kind))) {
        best = match;
        best_earlier = earlier;
      }
    }
    if (best) {
      CopyReport report = make_report(document, passages[best_earlier], document, passage, *best);
      if (cross_page) {
        page.in_page_copies.push_back({passage.block, passage.exact_hash, passages[best_earlier].exact_hash,
                                       std::move(report.location), std::move(report.first_copy),
                                       std::move(report.message)});
      } else {
        submit(context, std::move(report));
      }
    }
    if (!cross_page) continue;
    BlockSignature signature{passage.block, passage.exact_hash, band_keys(shingles(passage.words)),
                             static_cast<uint32_t>(page.sentence_hashes.size()), 0};
    for (size_t sentence = 0; sentence < passage.sentence_count(); ++sentence) {
      page.sentence_hashes.push_back(hash_words(passage.sentence(sentence)));
    }
    signature.end_sentence = static_cast<uint32_t>(page.sentence_hashes.size());
    page.blocks.push_back(signature);
  }
  if (cross_page) site_.add(std::move(page));
}

void DuplicateParagraph::finish(RuleContext& context) {
  const Settings settings = read_settings(context.options());
  const SitePlan plan = site_.plan(settings.boilerplate);
  if (plan.pages.empty()) return;
  if (plan.boilerplate_blocks > 0) {
    context.notify(Notice::note(fmt::format(
        "{} blocks ({} distinct texts) were treated as site boilerplate: each appears on at least {} pages "
        "and {:.0f}% of the {} pages linted",
        plan.boilerplate_blocks, plan.boilerplate.size(), settings.boilerplate.min_pages,
        settings.boilerplate.min_share * 100, plan.pages.size())));
  }

  std::set<BlockRef> reported;
  for (uint32_t page = 0; page < plan.pages.size(); ++page) {
    for (const InPageCopy& copy : plan.pages[page].in_page_copies) {
      if (plan.is_boilerplate(copy.later_hash) || plan.is_boilerplate(copy.earlier_hash)) continue;
      context.report(copy.location, copy.message).related(copy.first_copy, "first copy");
      reported.insert({page, copy.later_block});
    }
  }

  PageReader reader(plan.pages, context);
  for (auto candidate = plan.candidates.begin(); candidate != plan.candidates.end();) {
    const BlockRef later = candidate->later;
    const auto end = std::find_if(candidate, plan.candidates.end(),
                                  [&](const CandidatePair& pair) { return pair.later != later; });
    const auto later_page = reported.contains(later) ? nullptr : reader.page(later.page);
    std::optional<CopyMatch> best;
    std::shared_ptr<PageReader::Page> best_page;
    const PassageText* best_passage = nullptr;
    for (; later_page && candidate != end; ++candidate) {
      auto earlier_page = reader.page(candidate->earlier.page);
      if (!earlier_page) continue;
      const PassageText& earlier_passage = PageReader::passage(*earlier_page, candidate->earlier.block);
      const auto match = compare_passages(earlier_passage, PageReader::passage(*later_page, later.block),
                                          settings.thresholds);
      if (match && (!best || copy_rank(match->kind) < copy_rank(best->kind))) {
        best = match;
        best_page = std::move(earlier_page);
        best_passage = &earlier_passage;
      }
    }
    if (best) {
      submit(context, make_report(*best_page->document, *best_passage, *later_page->document,
                                  PageReader::passage(*later_page, later.block), *best));
    }
    candidate = end;
  }
}

}  // namespace reflint
