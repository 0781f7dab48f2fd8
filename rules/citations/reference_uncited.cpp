#include "rules/citations/reference_uncited.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "lint/text/ascii.h"
#include "lint/text/unicode.h"
#include "rules/citations/citation_support.h"

namespace reflint {
namespace {

constexpr std::string_view kHelp = R"md(## What it does

Finds entries of a numbered reference list that no citation marker in the page cites, neither by
number nor by a link to the entry. A list that no marker cites at all is a bibliography of further
reading and is left alone, and so are bulleted lists and lettered notes, unless the page cites them
by author and year ("(Smith et al., 2019)"): then an entry no citation names is reported by its
author and year. When at least 5 entries
and half of a list are uncited, the text is evidently incomplete (a preview of a paywalled article,
a partial copy) or cites in a form reflint does not read: the list gets one finding with the count
instead of one per entry.

## Why it matters

An uncited reference is usually the trace of an edit: the sentence that cited it was removed or
rewritten, or its marker points at a neighbouring number. Readers cannot tell which claim the source
supports.

## Example

```html
<p>Exercise helped (1). It did not help everyone (2).</p>
<p><strong>References:</strong></p>
<p>1 Bieler T, ... 2017.</p>
<p>2 Svege I, ... 2016.</p>
<p>3 Teirlinck CH, ... 2020.</p>   <!-- never cited -->
```
)md";

}  // namespace

const RuleMeta& ReferenceUncited::meta() const {
  static const RuleMeta kMeta{
      .id = "reference-uncited",
      .family = "citations",
      .summary = "A reference entry is not cited anywhere in the text.",
      .description =
          "Reports each entry of a numbered reference list that no in-text citation marker cites, by number "
          "or by a "
          "link to the entry. Lists that no marker cites at all (further reading) are not checked.",
      .help = kHelp,
      .default_level = Level::warning,
      .needs_network = false,
      .precision = Precision::high,
      .options = {},
  };
  return kMeta;
}

namespace {

/// The first authors the article's text names outside its reference lists and outside its
/// citations ("Fabens' method"), folded (not its byline: the page's own authors cite nothing); and the author
/// and year of each citation by name, for entries that one citation cannot tell apart.
class NamesInText {
 public:
  NamesInText(const Document& document, const CitationModel& model, const ContentModel& content) {
    std::vector<bool> in_entry(document.blocks().size(), false);
    for (const ReferenceEntry& entry : model.entries()) {
      if (entry.block != kNoIndex) in_entry[entry.block] = true;
    }
    // A name inside a citation of another work ("Schmidt & Hunter, 2015") does not cite this one.
    std::vector<std::vector<std::pair<uint32_t, uint32_t>>> cited_spans(document.blocks().size());
    for (const CitationMarker& marker : model.markers()) {
      cited_spans[marker.block].emplace_back(marker.text_begin, marker.text_end);
      if (marker.style == MarkerStyle::author_year)
        cited_years_.insert(fold_for_comparison(marker.cited_author) + ' ' + marker.cited_year.substr(0, 4));
      if (marker.target_entry != kNoIndex)
        cited_years_.insert(author_year_key(model.entries()[marker.target_entry]));
    }
    for (uint32_t block = 0; block < document.blocks().size(); ++block) {
      if (in_entry[block] || !content.is_article(block)) continue;
      std::string text = document.blocks()[block].text;
      for (const auto& [begin, end] : cited_spans[block]) {
        if (begin < end && end <= text.size()) std::fill(text.begin() + begin, text.begin() + end, ' ');
      }
      text_ += " " + fold_for_comparison(text) + " ";
    }
  }
  /// A citation names the entry's first author and year, as it does another entry's: two entries of
  /// one author and year cannot be told apart.
  bool cited_as_twin(const ReferenceEntry& entry) const {
    return !entry.first_author.empty() && entry.year != 0 && cited_years_.count(author_year_key(entry)) != 0;
  }
  bool names(const ReferenceEntry& entry) const {
    // The first author as parsed, else the entry's first word ("PLOS. 2018.", "Fabens AJ:").
    std::string_view author = entry.first_author;
    if (author.empty()) {
      const std::string_view text = trim_ascii(entry.text);
      author = text.substr(0, std::min(text.find_first_of(" ,.:;"), text.size()));
    }
    if (author.size() < 3) return false;
    const std::string name = fold_for_comparison(author);
    for (size_t at = text_.find(name); at != std::string::npos; at = text_.find(name, at + 1)) {
      const bool starts = at == 0 || !is_ascii_alpha(text_[at - 1]);
      const bool ends = at + name.size() >= text_.size() || !is_ascii_alpha(text_[at + name.size()]);
      if (starts && ends) return true;
    }
    return false;
  }

 private:
  static std::string author_year_key(const ReferenceEntry& entry) {
    return fold_for_comparison(entry.first_author) + ' ' + std::to_string(entry.year);
  }

  std::string text_;
  std::unordered_set<std::string> cited_years_;  // "smith 2019"
};

/// "reference 12", or for an unnumbered entry cited by author and year "the reference Smith 2019".
std::string entry_name(const ReferenceEntry& entry) {
  if (entry.number != 0) return fmt::format("reference {}", entry.number);
  if (!entry.first_author.empty() && entry.year != 0)
    return fmt::format("the reference {} {}", entry.first_author, entry.year);
  size_t cut = std::min<size_t>(entry.text.size(), 40);
  while (cut < entry.text.size() && (static_cast<unsigned char>(entry.text[cut]) & 0xC0) == 0x80) ++cut;
  return fmt::format("the reference \"{}\"", entry.text.substr(0, cut));
}

// At least this many uncited entries, and this share of their list, make one finding for the list.
constexpr size_t kMostlyUncitedEntries = 5;
constexpr size_t kMinNameLinks = 3;
constexpr double kMostlyUncitedShare = 0.5;

}  // namespace

void ReferenceUncited::check(const Document& document, RuleContext& context) {
  const CitationModel& model = context.citations();
  std::vector<bool> cited(model.entries().size(), false);
  std::vector<bool> list_cited(model.lists().size(), false);
  std::vector<bool> cited_by_name(model.lists().size(), false);  // by author-year citations
  const std::vector<bool> in_entry = entry_blocks(document, model);
  const auto number_key = [](uint32_t list, uint32_t number) { return (uint64_t{list} << 32) | number; };
  std::unordered_map<uint64_t, std::vector<uint32_t>> entries_by_number;
  for (uint32_t index = 0; index < model.entries().size(); ++index) {
    const ReferenceEntry& entry = model.entries()[index];
    if (entry.number != 0) entries_by_number[number_key(entry.list, entry.number)].push_back(index);
  }
  std::vector<size_t> name_links(model.lists().size(), 0);
  size_t numbered_markers = 0;
  for (const CitationMarker& marker : model.markers()) {
    const uint32_t list = list_numbered_by(model, marker);
    if (list == kNoIndex) continue;
    if (marker.style == MarkerStyle::author_year) {
      if (marker.target_entry == kNoIndex) continue;
      cited_by_name[list] = true;
    }
    if (marker.link != kNoIndex && marker.numbers.empty() && marker.target_entry != kNoIndex &&
        model.lists()[list].numbering == ListNumbering::none && !in_entry[marker.block])
      ++name_links[list];
    if (!marker.numbers.empty() && !in_entry[marker.block]) ++numbered_markers;
    list_cited[list] = true;
    if (marker.target_entry != kNoIndex) cited[marker.target_entry] = true;
    // A link's own numbers count too: "<a>1</a>–<a>3</a>" cites 2 through its second link. A
    // number two entries share cites both (reference-numbering reports the repeat).
    for (const uint32_t number : marker.numbers) {
      const auto found = entries_by_number.find(number_key(list, number));
      if (found == entries_by_number.end()) continue;
      for (const uint32_t entry : found->second) cited[entry] = true;
    }
  }
  // Links labelled with names ("Reiners & Basri 2007") from the text into a list without numbers
  // cite by author and year too, when they are how the page cites. A few beside numbered notes, or
  // links from the notes ("Alley 2008, p. 5"), make the list a bibliography, which may hold works
  // consulted but never cited.
  for (uint32_t list = 0; list < model.lists().size(); ++list) {
    if (name_links[list] >= kMinNameLinks && name_links[list] > numbered_markers) cited_by_name[list] = true;
  }
  std::optional<NamesInText> named;  // built only for a page that cites by author and year
  if (std::find(cited_by_name.begin(), cited_by_name.end(), true) != cited_by_name.end())
    named.emplace(document, model, context.content());
  std::vector<uint32_t> uncited;
  std::vector<size_t> list_entries(model.lists().size(), 0);
  for (uint32_t index = 0; index < model.entries().size(); ++index) {
    const ReferenceEntry& entry = model.entries()[index];
    const bool numbered = entry.number != 0 && model.lists()[entry.list].numbering != ListNumbering::none;
    if (!list_cited[entry.list] || !(numbered || cited_by_name[entry.list]) || entry.range.end == 0) continue;
    ++list_entries[entry.list];
    // Cited by author and year, an entry is cited when a citation names its first author and
    // year (two entries of one author and year cannot be told apart) or the text names its author
    // ("Fabens' method" names its work).
    if (!cited[index] && !(!numbered && named && (named->cited_as_twin(entry) || named->names(entry))))
      uncited.push_back(index);
  }
  // Most of a list uncited: the text is a preview or a partial copy, or its citations are of a
  // form not recognised; one finding says so instead of one per entry.
  std::vector<size_t> uncited_in_list(model.lists().size(), 0);
  for (const uint32_t index : uncited) ++uncited_in_list[model.entries()[index].list];
  std::vector<bool> reported_list(model.lists().size(), false);
  for (const uint32_t index : uncited) {
    const ReferenceEntry& entry = model.entries()[index];
    const size_t missing = uncited_in_list[entry.list];
    if (missing >= kMostlyUncitedEntries &&
        static_cast<double>(missing) >= kMostlyUncitedShare * static_cast<double>(list_entries[entry.list])) {
      if (reported_list[entry.list]) continue;
      reported_list[entry.list] = true;
      context
          .report(document, entry.range,
                  fmt::format("{} of the {} references of this list are not cited in the text; expected the "
                              "whole text (it looks like a preview or a partial copy) or citations of a form "
                              "reflint recognises",
                              missing, list_entries[entry.list]))
          .fingerprint_key("mostly-uncited");
      continue;
    }
    context.report(document, entry.range,
                   fmt::format("{} is not cited in the text; expected a citation marker for it or no entry",
                               entry_name(entry)));
  }
}

}  // namespace reflint
