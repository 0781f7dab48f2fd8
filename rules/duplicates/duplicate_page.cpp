#include "rules/duplicates/duplicate_page.h"

#include <fmt/format.h>

#include "lint/core/settings.h"
#include "rules/duplicates/page_passages.h"

namespace reflint {
namespace {

constexpr std::string_view kHelp = R"md(## What it does

When several pages are linted in one run, finds a page whose article text is mostly another page's:
the same article saved under two addresses, a page republished with a new title, an article copied
into another section. It reports once, at the later page's title (pages are ordered by path), with
the earlier page as a related location and the share of the later page's article words found in
blocks of the earlier one, instead of one `duplicate-paragraph` finding per paragraph.

Only the article's own text counts (the content model of `duplicate-paragraph`: comments,
navigation, teasers, captions and other page furniture do not), and only blocks of at least
`min-words` words with a letter. A page is a copy when at least `min-share` (default 0.6) of its
article words lie in blocks the earlier page has too. Pages with fewer than 40 article words are
never reported.

Pages that declare the same canonical address (`<link rel="canonical">`, else `og:url`) are copies
by intent — an AMP or print version pointing at its original, an article saved twice — and are not
reported; neither rule compares them paragraph by paragraph.

## Why it matters

Search engines pick one of two copies and drop the other, readers find the same article twice, and
the copies drift apart when only one is corrected.

## Example

`news/2024/flood-report.html` and `archive/flood-report.html` hold the same article and neither
names the other as canonical: the second is reported once, "92% of the article text (310 words)
repeats news/2024/flood-report.html". Remove one copy, redirect it, or declare the original with
`<link rel="canonical" href="…">` in both.
)md";

}  // namespace

const RuleMeta& DuplicatePage::meta() const {
  static const RuleMeta kMeta{
      .id = "duplicate-page",
      .family = "duplicates",
      .summary = "Most of a page's article text repeats another page of the run",
      .description =
          "Across the pages of a run, a page whose article text (page furniture excluded) lies mostly in "
          "blocks of an earlier page is reported once, with that page and the share of words in the "
          "message. Pages declaring the same canonical address are not reported.",
      .help = kHelp,
      .default_level = Level::warning,
      .needs_network = false,
      .precision = Precision::high,
      .options =
          {
              {"min-share", OptionType::number, "0.6",
               "Least share of the later page's article words found in the earlier page", 0, 1},
              {"min-words", OptionType::integer, "8",
               "Blocks with fewer words containing a letter do not count", 1, 100000},
          },
  };
  return kMeta;
}

void DuplicatePage::check(const Document& document, RuleContext& context) {
  if (!context.settings().cross_page) return;
  PassageFilter filter;
  for (const BlockKind kind : {BlockKind::paragraph, BlockKind::list_item, BlockKind::blockquote,
                               BlockKind::definition_description}) {
    filter.kinds |= 1u << static_cast<int>(kind);
  }
  filter.excluded_contexts = kPageChrome | kInFigure | kInForm;
  filter.min_words = static_cast<size_t>(context.options().get_int("min-words"));
  const std::vector<const PassageText*> passages =
      select_passages(NormalisedBlocks::of_page(document, context), context.analyses(), filter);
  PageSignatures page = page_identity(document, passages);
  for (const PassageText* passage : passages)
    page.blocks.push_back({passage->block, passage->letter_words, passage->exact_hash, {}, 0, 0});
  site_.add(std::move(page));
}

void DuplicatePage::finish(RuleContext& context) {
  const SitePlan plan = site_.plan(BoilerplateRule{}, context.options().get_number("min-share"));
  for (const PageCopy& copy : plan.copies) {
    if (copy.declared) continue;
    const PageSignatures& later = plan.pages[copy.later];
    const PageSignatures& earlier = plan.pages[copy.earlier];
    uint32_t words = 0;
    for (const BlockSignature& block : later.blocks) words += block.words;
    context
        .report(
            later.title,
            fmt::format("{:.0f}% of the article text ({} words) repeats {}; remove one copy, or declare the "
                        "original with <link rel=\"canonical\">",
                        copy.share * 100, words, earlier.path))
        .related(earlier.title, "the page it repeats");
  }
}

}  // namespace reflint
