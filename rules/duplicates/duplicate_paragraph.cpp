#include "rules/duplicates/duplicate_paragraph.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>

#include "lint/core/settings.h"
#include "lint/text/ascii.h"
#include "rules/duplicates/first_index.h"
#include "rules/duplicates/page_passages.h"
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

Only the article's own text is compared: by default `p`, `li` and `dd` blocks (`block-kinds`)
outside navigation, header, footer, aside, figures, tables, code, forms and block quotations
(`excluded-contexts`), and never page furniture. Block quotations are left out because a quotation
given twice is quoted on purpose and a pull quote repeats the article by design (a page that
indents most of its text with `<blockquote>` is compared as usual); for the same
reason a near or contained copy whose text is mostly inside quotation marks is not reported, nor
an exact one across pages or when it recurs three times or more in a page (a refrain). The content model (see `--dump-model`, each
block's `role`) tells the article from the furniture: reader comments, author, affiliation and
contribution blocks, declarations (competing interests, funding, licence and copyright templates),
figure and table captions and legends, pull quotes, related-story teasers, share bars, cookie,
newsletter, subscription and advertising boxes, dialogs, and blocks outside the element that holds
the article's prose. It reads tags, ARIA roles, schema.org microdata, class and id words
(`comment-body`, `c-article-author-list`, `related-posts`) and section headings ("Competing
interests", "12 Comments"). `compared-furniture` compares some furniture as well: `["comment"]`
finds a reader comment posted twice.

A passage repeated in two sections whose headings are alike ("Plan A › Breakfast" and "Plan B ›
Breakfast", "Experiment 1" and "Experiment 2") is a parallel structure, not a copy; so are near and contained copies between items of one list
("Change in X in stage I patients", "Change in X in stage III patients"), and a line shorter than
`min-words-near` given again in another section (a template instruction). Headings, table cells and figure captions are not
compared unless added to `block-kinds`. Reference
entries are skipped (entries alike in form are not copies; a reference listed twice is
`reference-duplicate`'s concern), and so are blocks that are mostly link text (menus, share buttons,
related posts). Exact copies need `min-words` words with a letter (default 8, so "Read more" or
"Share this article" never fire; numbers and dates do not count); near and contained copies need
`min-words-near` (default 15) in the shorter passage, because short lines that follow a template
("Drafting of the article: ...", "Final approval of the article: ...") are alike without being
copies.

Across pages, a block found on at least `boilerplate-min-pages` pages (default 2) of one site and on
at least `boilerplate-min-share` of that site's pages (default 0.5) is site boilerplate: it is never
reported, and the run summary says how many blocks were treated so. A page's site is the host of
the canonical address it declares (`<link rel=canonical>`, `og:url`), else its folder. Copies of one
page (they declare the same canonical address, or at least `copied-page-share` of the later page's
article words are in the earlier one) are not compared paragraph by paragraph: `duplicate-page`
reports them once, and they count as one page of their site. Nor are a page and its excerpt (one
page's article text is mostly in the other, but not the other way round: a landing page with the
abstract of a full text, a digest quoting an article's first paragraph). Only compact signatures are kept per
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

constexpr uint32_t kRefrain = 3;

struct Settings {
  PassageFilter filter;
  CopyThresholds thresholds;
  BoilerplateRule boilerplate;
  double copied_page_share = 0.6;
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
  settings.filter.min_words = static_cast<size_t>(options.get_int("min-words"));
  const std::vector<std::string>& kinds = options.get_string_list("block-kinds");
  for (auto kind = static_cast<int>(BlockKind::paragraph); kind <= static_cast<int>(BlockKind::bare_text);
       ++kind) {
    if (std::find(kinds.begin(), kinds.end(), to_string(static_cast<BlockKind>(kind))) != kinds.end()) {
      settings.filter.kinds |= 1u << kind;
    }
  }
  for (const std::string& name : options.get_string_list("excluded-contexts")) {
    for (const auto& [context_name, flag] : kContextNames) {
      if (name == context_name) settings.filter.excluded_contexts |= flag;
    }
  }
  for (const std::string& name : options.get_string_list("compared-furniture")) {
    for (auto role = static_cast<int>(BlockRole::article);
         role <= static_cast<int>(BlockRole::outside_article); ++role) {
      if (name == to_string(static_cast<BlockRole>(role))) settings.filter.roles |= 1u << role;
    }
  }
  settings.thresholds = {options.get_number("similarity"), options.get_number("containment"),
                         static_cast<uint32_t>(options.get_int("min-words-near"))};
  settings.boilerplate = {options.get_int("boilerplate-min-pages"),
                          options.get_number("boilerplate-min-share")};
  settings.copied_page_share = options.get_number("copied-page-share");
  return settings;
}

/// The heading each block follows. A passage repeated in two different sections is a parallel
/// structure, not a copy, when the sections' headings are alike ("Plan A › Breakfast" and "Plan B ›
/// Breakfast", "Experiment 1" and "Experiment 2", "Description of X sp. nov." and "Description of Y
/// sp. nov."): equal but for their numbers, or of two words or more differing in one word or at
/// most a third of them.
class SectionHeadings {
 public:
  /// Only the article's headings open sections: a heading inside furniture (an embed's consent
  /// box, a sidebar) repeats wherever the furniture does.
  SectionHeadings(NormalisedBlocks& blocks, const ContentModel& content)
      : heading_of_(blocks.document().blocks().size(), kNoIndex) {
    const Document& document = blocks.document();
    uint32_t current = kNoIndex;
    for (uint32_t i = 0; i < document.blocks().size(); ++i) {
      if (document.blocks()[i].kind == BlockKind::heading && content.is_article(i)) {
        current = i;
        // Numbering ("2.1", "Experiment 2") does not make headings differ.
        const std::string& text = document.blocks()[i].text;
        std::vector<uint64_t> words;
        for (const PassageWord& word : blocks.of(i).words) {
          const std::string_view spelled(text.data() + word.text_begin, word.text_end - word.text_begin);
          if (!std::all_of(spelled.begin(), spelled.end(), is_ascii_digit)) words.push_back(word.hash);
        }
        words_.emplace(i, std::move(words));
      }
      heading_of_[i] = current;
    }
  }

  bool same_section(uint32_t a, uint32_t b) const { return heading_of_[a] == heading_of_[b]; }

  bool parallel(uint32_t a, uint32_t b) const {
    const uint32_t first = heading_of_[a];
    const uint32_t second = heading_of_[b];
    if (first == second || first == kNoIndex || second == kNoIndex) return false;
    const std::vector<uint64_t>& x = words_.at(first);
    const std::vector<uint64_t>& y = words_.at(second);
    if (x == y) return !x.empty();
    if (x.size() != y.size() || x.size() < 2) return false;
    size_t differing = 0;
    for (size_t i = 0; i < x.size(); ++i) differing += x[i] != y[i] ? 1 : 0;
    return differing == 1 || differing * 3 <= x.size();
  }

 private:
  std::vector<uint32_t> heading_of_;
  std::unordered_map<uint32_t, std::vector<uint64_t>> words_;
};

/// True when most words of `range` in `passage` are inside quotation marks.
bool mostly_quoted(const PassageText& passage, TextRange range) {
  size_t words = 0;
  size_t quoted = 0;
  for (const PassageWord& word : passage.words) {
    if (word.text_begin < range.begin || word.text_end > range.end) continue;
    ++words;
    quoted += word.quoted ? 1 : 0;
  }
  return words > 0 && quoted * 2 > words;
}

/// The copy of `earlier` in `later` this rule reports. A quotation given again (a live blog, a
/// retelling, two articles quoting one source) is quoted on purpose: a near or contained copy
/// whose text is mostly inside quotation marks is not reported, nor is an exact one unless
/// `exact_quotations` (within one page, where a quoted paragraph pasted twice is still a paste
/// error, unless it recurs as a refrain).
std::optional<CopyMatch> find_copy(const PassageText& earlier, const PassageText& later,
                                   const CopyThresholds& thresholds, bool exact_quotations) {
  std::optional<CopyMatch> match = compare_passages(earlier, later, thresholds);
  if (match && (match->kind != CopyKind::exact || !exact_quotations) &&
      (mostly_quoted(earlier, match->earlier) || mostly_quoted(later, match->later))) {
    return std::nullopt;
  }
  return match;
}

/// Items of one list are parallel by design ("Change in X in stage I patients", "Change in X in
/// stage III patients"): between them only exact copies count.
bool same_list(const Document& document, uint32_t a, uint32_t b) {
  const TextBlock& first = document.blocks()[a];
  const TextBlock& second = document.blocks()[b];
  return first.kind == BlockKind::list_item && second.kind == BlockKind::list_item &&
         first.element != kNoIndex && second.element != kNoIndex &&
         document.elements()[first.element].parent == document.elements()[second.element].parent;
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
              {"block-kinds", OptionType::string_list, R"(["p", "li", "dd"])", "Block kinds compared",
               -kNoBound, kNoBound, "p, li, dt, dd, td, th, blockquote, heading, figcaption, pre, text"},
              {"excluded-contexts", OptionType::string_list,
               R"(["nav", "header", "footer", "aside", "figure", "table", "code", "form", "blockquote"])",
               "Blocks inside these are never compared", -kNoBound, kNoBound,
               "nav, header, footer, aside, figure, table, list, code, form, blockquote"},
              {"compared-furniture", OptionType::string_list, "[]",
               "Page furniture compared as if it were article text (e.g. [\"comment\"] to find a reader "
               "comment posted twice)",
               -kNoBound, kNoBound,
               "navigation, page-header, page-footer, sidebar, comment, byline, declaration, caption, "
               "pull-quote, embed, peer-review, related, share, promo, outside-article"},
              {"min-words-near", OptionType::integer, "15",
               "Near and contained copies need this many words with a letter in the shorter passage", 1,
               kMaxWords},
              {"similarity", OptionType::number, "0.5",
               "Least Jaccard similarity of word 3-shingles for a near copy", 0, 1},
              {"containment", OptionType::number, "0.7",
               "Least share of each sentence's 3-shingles found in the longer paragraph for a contained "
               "copy",
               0, 1},
              {"boilerplate-min-pages", OptionType::integer, "2",
               "A block on at least this many pages of a site (and boilerplate-min-share of them) is that "
               "site's boilerplate",
               2, kMaxPages},
              {"boilerplate-min-share", OptionType::number, "0.5",
               "A block on at least this share of a site's pages (and boilerplate-min-pages) is that site's "
               "boilerplate",
               0, 1},
              {"copied-page-share", OptionType::number, "0.6",
               "Pages sharing at least this share of the later page's article words are copies of one page, "
               "left to duplicate-page (keep it equal to duplicate-page's min-share)",
               0, 1},
          },
  };
  return kMeta;
}

void DuplicateParagraph::check(const Document& document, RuleContext& context) {
  const Settings settings = read_settings(context.options());
  const bool cross_page = context.settings().cross_page;
  NormalisedBlocks& blocks = NormalisedBlocks::of_page(document, context);
  const std::vector<const PassageText*> passages =
      select_passages(blocks, context.analyses(), settings.filter);

  const SectionHeadings sections(blocks, context.content());
  // Sorted hashes count a text's occurrences without a map node per passage.
  std::vector<uint64_t> occurrences;
  occurrences.reserve(passages.size());
  for (const PassageText* passage : passages) occurrences.push_back(passage->exact_hash);
  std::sort(occurrences.begin(), occurrences.end());
  PageSignatures page = page_identity(document, passages);
  // Earliest passage of each exact hash and band key: a later passage is compared with those only.
  FirstIndex<uint64_t> first_with_hash(passages.size());
  FirstIndex<uint32_t> first_with_key(passages.size() * kBands);
  for (uint32_t i = 0; i < passages.size(); ++i) {
    const PassageText& passage = *passages[i];
    std::vector<uint32_t> candidates;
    if (const uint32_t first = first_with_hash.first_or_add(passage.exact_hash, i); first != i) {
      candidates.push_back(first);
    }
    const std::vector<BandKeys> units = sentence_band_keys(passage);
    for (const BandKeys& keys : units) {
      for (const uint32_t key : keys) {
        if (const uint32_t first = first_with_key.first_or_add(key, i); first != i)
          candidates.push_back(first);
      }
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    std::erase_if(candidates, [&](uint32_t earlier) {
      return sections.parallel(passages[earlier]->block, passage.block);
    });
    // The strongest copy wins (exact before near before contained), then the earliest.
    std::optional<CopyMatch> best;
    uint32_t best_earlier = 0;
    // A text given three times or more is a refrain: quoted, it is not a paste error.
    const auto [first_copy, after_copies] =
        std::equal_range(occurrences.begin(), occurrences.end(), passage.exact_hash);
    const bool exact_quotations = after_copies - first_copy < static_cast<std::ptrdiff_t>(kRefrain);
    for (const uint32_t earlier : candidates) {
      const PassageText& candidate = *passages[earlier];
      const auto match = find_copy(candidate, passage, settings.thresholds, exact_quotations);
      if (match && match->kind != CopyKind::exact && same_list(document, candidate.block, passage.block))
        continue;
      // A short line given again in another section is a template ("Follow the same steps as in
      // the section on the library"); within one section it is a paste.
      if (match && !sections.same_section(candidate.block, passage.block) &&
          std::min(candidate.letter_words, passage.letter_words) < settings.thresholds.min_words_near) {
        continue;
      }
      if (match && (!best || copy_rank(match->kind) < copy_rank(best->kind))) {
        best = match;
        best_earlier = earlier;
      }
    }
    if (best) {
      CopyReport report = make_report(document, *passages[best_earlier], document, passage, *best);
      if (cross_page) {
        page.in_page_copies.push_back({passage.block, passage.exact_hash, passages[best_earlier]->exact_hash,
                                       std::move(report.location), std::move(report.first_copy),
                                       std::move(report.message)});
      } else {
        submit(context, std::move(report));
      }
    }
    if (!cross_page) continue;
    BlockSignature signature{passage.block,
                             passage.letter_words,
                             passage.exact_hash,
                             band_keys(shingles(passage.words)),
                             static_cast<uint32_t>(page.sentence_hashes.size()),
                             0};
    for (size_t sentence = 0; sentence < passage.sentence_count(); ++sentence) {
      page.sentence_hashes.push_back(hash_words(passage.sentence(sentence)));
    }
    signature.end_sentence = static_cast<uint32_t>(page.sentence_hashes.size());
    page.blocks.push_back(signature);
  }
  if (cross_page) {
    page.furniture_hashes = furniture_hashes(blocks, context.analyses(), settings.filter);
    site_.add(std::move(page));
  }
}

void DuplicateParagraph::finish(RuleContext& context) {
  const Settings settings = read_settings(context.options());
  const SitePlan plan = site_.plan(settings.boilerplate, settings.copied_page_share);
  if (plan.pages.empty()) return;
  if (plan.boilerplate_blocks > 0) {
    context.notify(
        Notice::note(fmt::format("{} blocks ({} distinct texts) were treated as site boilerplate: each "
                                 "appears on at least {} pages "
                                 "and {:.0f}% of the pages of its site",
                                 plan.boilerplate_blocks, plan.boilerplate_texts,
                                 settings.boilerplate.min_pages, settings.boilerplate.min_share * 100))
            .for_rule("duplicate-paragraph"));
  }

  std::set<BlockRef> reported;
  for (uint32_t page = 0; page < plan.pages.size(); ++page) {
    for (const InPageCopy& copy : plan.pages[page].in_page_copies) {
      if (plan.is_boilerplate(page, copy.later_hash) || plan.is_boilerplate(page, copy.earlier_hash))
        continue;
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
      const auto match = find_copy(earlier_passage, PageReader::passage(*later_page, later.block),
                                   settings.thresholds, false);
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
