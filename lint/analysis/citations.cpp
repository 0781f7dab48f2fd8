#include "lint/analysis/citations.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <map>
#include <optional>
#include <span>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "lint/analysis/dois.h"
#include "lint/analysis/reference_fields.h"
#include "lint/analysis/sentences.h"
#include "lint/text/ascii.h"
#include "lint/text/unicode.h"

namespace reflint {
namespace {

constexpr uint32_t kMaxRangeSpan = 100;              // "1–100" is a range of citations; "1–5000" is not
constexpr size_t kMaxLinkLabelBytes = 24;            // "[12]", "[lower-alpha 3]", "Smith 2001"
constexpr size_t kMaxAuthorYearLinkLabelBytes = 80;  // "Reiners, Basri & Browning 2009"
// A page's citation anchors share a prefix ("pone.0081898-") when enough links agree on it.
constexpr size_t kMinLinksForAnchorPrefix = 3;
constexpr size_t kMinAnchorPrefixBytes = 3;
// A page with at least this many citation links cites by links: typed numbers beside them count
// only in the links' own form.
constexpr size_t kMinCitingLinks = 3;
constexpr size_t kMinSiblingEntries = 3;  // sibling elements of one reference class that make a list
constexpr size_t kMinEntries = 3;         // a list found by its shape or as paragraphs under its heading
constexpr size_t kEntryBlocksRead = 4;    // blocks of such an element read to tell a reference
constexpr int kAncestorLevels = 5;        // how far up an author block or a "Cited by" section is looked for

/// The numbers of a marker label such as "[1, 3–5]", "1-3,7" or "12"; empty when the label is not
/// only numbers (a lettered note, a page number ":35", a year range).
std::vector<uint32_t> parse_numbers(std::string_view label) {
  // The common case, "[12]" or "12", without regular expressions.
  std::string_view bare = label;
  if (bare.size() >= 2 && bare.front() == '[' && bare.back() == ']') bare = bare.substr(1, bare.size() - 2);
  if (!bare.empty() && bare.size() <= 4 && std::all_of(bare.begin(), bare.end(), is_ascii_digit)) {
    uint32_t number = 0;
    for (const char c : bare) number = number * 10 + static_cast<uint32_t>(c - '0');
    return number == 0 ? std::vector<uint32_t>{} : std::vector<uint32_t>{number};
  }
  static const RE2 kNumberList(R"(\s*[\[(]?\s*(\d{1,4}(?:\s*(?:,|;|-|–|—|−)\s*\d{1,4})*)\s*[\])]?\s*)");
  static const RE2 kItem(R"((\d{1,4})(?:\s*(?:-|–|—|−)\s*(\d{1,4}))?)");
  re2::StringPiece list;
  if (!RE2::FullMatch(label, kNumberList, &list)) return {};
  std::vector<uint32_t> numbers;
  re2::StringPiece rest = list;
  std::string first;
  std::string last;
  while (RE2::FindAndConsume(&rest, kItem, &first, &last)) {
    const auto low = static_cast<uint32_t>(std::stoul(first));
    const uint32_t high = last.empty() ? low : static_cast<uint32_t>(std::stoul(last));
    if (low == 0 || high < low || high - low > kMaxRangeSpan) return {};
    for (uint32_t number = low; number <= high; ++number) numbers.push_back(number);
  }
  return numbers;
}

/// A class or id as it is compared: lower case, without '-' and '_' ("referenceList", "ref_list"
/// and "ref-list" are one name).
std::string class_token_key(std::string_view token) {
  std::string key;
  key.reserve(token.size());
  for (const char c : token) {
    if (c != '-' && c != '_') key += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return key;
}

bool has_reference_token(const Element& element) {
  static constexpr std::array<std::string_view, 8> kTokens = {
      "references",   "reflist",   "referencelist",      "referenceslist",
      "bibliography", "footnotes", "carticlereferences", "citationlist"};
  // Every token holds one of these; most elements' classes hold none, and are not split.
  auto may_hold_token = [](std::string_view value) {
    return value.find("ref") != std::string_view::npos || value.find("bib") != std::string_view::npos ||
           value.find("foot") != std::string_view::npos || value.find("cit") != std::string_view::npos;
  };
  const std::string* classes = element.attribute("class");
  if (classes != nullptr && may_hold_token(*classes)) {
    const std::string_view all = *classes;
    for (size_t begin = all.find_first_not_of(" \t\n"); begin != std::string_view::npos;) {
      const size_t end = std::min(all.find_first_of(" \t\n", begin), all.size());
      if (std::find(kTokens.begin(), kTokens.end(), class_token_key(all.substr(begin, end - begin))) !=
          kTokens.end())
        return true;
      begin = all.find_first_not_of(" \t\n", end);
    }
  }
  const std::string* id = element.attribute("id");
  if (id == nullptr || id->size() > 24) return false;
  const std::string key = class_token_key(*id);
  return may_hold_token(key) && std::find(kTokens.begin(), kTokens.end(), key) != kTokens.end();
}

/// Lists of lettered or grouped notes ("[a]", "[n 1]"): their items are not numbered references.
bool is_lettered(const Document& document, uint32_t list_element) {
  uint32_t element = list_element;
  for (int level = 0; level < 3 && element != kNoIndex; ++level) {
    const Element& current = document.elements()[element];
    const std::string* type = current.attribute("type");
    if (level == 0 && type != nullptr && *type != "1") return true;
    const std::string* group = current.attribute("data-mw-group");
    if (group != nullptr && !group->empty()) return true;
    if (const std::string* style = current.attribute("style"); style != nullptr) {
      for (const std::string_view kind : {"alpha", "roman", "greek"}) {
        if (style->find(kind) != std::string::npos) return true;
      }
    }
    element = current.parent;
  }
  return false;
}

enum class HeadingKind : uint8_t { none, references, notes };

// Headings that introduce a reference list, in the languages reflint has met; compared folded.
constexpr std::string_view kReferenceHeadings[] = {
    "references",
    "reference",
    "reference list",
    "list of references",
    "bibliography",
    "sources",
    "works cited",
    "literature",
    "literature cited",
    "cited literature",
    "citations",
    "notes and references",
    "references and notes",
    "sources cited",
    "cited works",
    "literatur",
    "literaturverzeichnis",
    "quellen",
    "einzelnachweise",
    "quellenangaben",
    "belege",
    "références",
    "bibliographie",
    "notes et références",
    "références et notes",
    "referencias",
    "bibliografía",
    "notas y referencias",
    "fuentes",
    "参考文献",
    "参考资料",
    "參考文獻",
    "參考資料",
    "出典",
    "出处",
    "來源",
    "来源",
    "参考文献・注釈",
    "引用文献",
};
// Headings of a notes list: it holds explanatory notes as often as references, so it must look
// bibliographic too.
constexpr std::string_view kNotesHeadings[] = {
    "notes", "footnotes", "endnotes", "anmerkungen", "fußnoten", "notas",
    "注释",  "註釋",      "脚注",     "腳註",        "注釈",     "注",
};

std::unordered_set<std::string> folded_set(std::span<const std::string_view> words) {
  std::unordered_set<std::string> folded;
  for (const std::string_view word : words) folded.insert(fold_for_comparison(word));
  return folded;
}

/// What a heading introduces: a reference list, a notes list, or neither.
HeadingKind heading_kind(std::string_view text, const std::vector<std::string>& extra_words) {
  static const std::unordered_set<std::string> kReferenceWords = folded_set(kReferenceHeadings);
  static const std::unordered_set<std::string> kNotesWords = folded_set(kNotesHeadings);
  if (text.size() > 80) return HeadingKind::none;
  std::string folded = fold_for_comparison(text);
  // "References [edit]", "References:", "References (79)" (a count, ScienceDirect), "1. References".
  static const RE2 kDecoration(R"((\s*\[\s*edit\s*\])|(\s*\(\d{1,4}\)\s*$)|(\s*[:：.]\s*$))");
  RE2::GlobalReplace(&folded, kDecoration, "");
  if (kReferenceWords.count(folded) != 0) return HeadingKind::references;
  for (const std::string& word : extra_words) {
    if (fold_for_comparison(word) == folded) return HeadingKind::references;
  }
  return kNotesWords.count(folded) != 0 ? HeadingKind::notes : HeadingKind::none;
}

struct TypedNumber {
  uint32_t number = 0;
  uint32_t begin = 0;  // the number as written ("[1]", "1.") in the text
  uint32_t end = 0;
  uint32_t text_begin = 0;  // where the entry's own text starts
};

/// "1 Bieler T...", "1. Smith", "[1] Smith", "1) Smith", and PMC's label glued to the name
/// ("3.Kaminuma E"): the number an entry is typed with.
std::optional<TypedNumber> typed_number(std::string_view text) {
  static const RE2 kTyped(R"(\s*((?:\[(\d{1,3})\])|(?:(\d{1,3})[.)]?))\s+)");
  static const RE2 kGlued(R"(\s*((\d{1,3})\.)\p{Lu})");
  re2::StringPiece input(text);
  re2::StringPiece written;
  std::string bracketed;
  std::string plain;
  if (!RE2::Consume(&input, kTyped, &written, &bracketed, &plain) || input.empty()) {
    re2::StringPiece glued(text);
    bracketed.clear();
    if (!RE2::Consume(&glued, kGlued, &written, &plain)) return std::nullopt;
    const size_t after_label = static_cast<size_t>(written.data() - text.data()) + written.size();
    input = re2::StringPiece(text.data() + after_label, text.size() - after_label);
  }
  const auto number = static_cast<uint32_t>(std::stoul(bracketed.empty() ? plain : bracketed));
  if (number == 0) return std::nullopt;
  const auto begin = static_cast<uint32_t>(written.data() - text.data());
  return TypedNumber{number, begin, begin + static_cast<uint32_t>(written.size()),
                     static_cast<uint32_t>(input.data() - text.data())};
}

/// "[21]", "21.", "21": a block that is only an entry's label.
std::optional<TypedNumber> label_only_number(std::string_view text) {
  static const RE2 kLabel(R"(\s*(\[(\d{1,3})\]|(\d{1,3})[.)]?)\s*)");
  std::string bracketed;
  std::string plain;
  if (!RE2::FullMatch(text, kLabel, nullptr, &bracketed, &plain)) return std::nullopt;
  const auto number = static_cast<uint32_t>(std::stoul(bracketed.empty() ? plain : bracketed));
  if (number == 0) return std::nullopt;
  const size_t begin = text.find_first_not_of(' ');
  const size_t end = text.find_last_not_of(' ') + 1;
  return TypedNumber{number, static_cast<uint32_t>(begin), static_cast<uint32_t>(end),
                     static_cast<uint32_t>(end)};
}

/// "2008", "2019a": a link label that is a publication year.
bool is_year_label(std::string_view label) {
  static const RE2 kYear(R"(\(?(?:1[5-9]|20)\d\d[a-z]?\)?)");
  return RE2::FullMatch(label, kYear);
}

bool has_year(std::string_view text) {
  static const RE2 kYear(R"(\b(?:1[5-9]\d\d|20\d\d)[a-z]?\b)");
  return RE2::PartialMatch(text, kYear);
}

/// Text shaped like a bibliographic reference: a year and an author list (surname first, or
/// initials first as IEEE writes them: "J. P. Dodley,"), a DOI, a URL or a volume(issue):pages.
bool looks_bibliographic(std::string_view text) {
  static const RE2 kShape(
      R"((?:\bet al\b)|(?:10\.\d{4,9}/)|(?:https?://)|(?:\d+\s?\(\d+\)\s?:\s?\d+)|(?:^\s*(?:\[?\d{1,3}[\].)]?\s+)?\p{Lu}[\p{L}'’-]+,?\s+(?:\p{Lu}\.?\s?){1,3}[,.])|(?:^\s*(?:\[?\d{1,3}[\].)]?\s+)?(?:\p{Lu}\.\s?){1,3}\p{Lu}[\p{L}'’-]+,)|(?:\bpp?\.\s?\d)|(?:\b[Jj]ournal\b))");
  return has_year(text) && RE2::PartialMatch(text, kShape);
}

/// A paragraph of a bibliography: bibliographic, or opening with its authors and year as an
/// author–year list writes them ("Philip E. Agre, 1997.", "Okafor, N. (2019).", "Ward. 2005.").
bool reads_as_entry(std::string_view text) {
  static const RE2 kAuthorsAndYear(R"(^\s*\p{Lu}[^\n]{0,300}?[,.]\s*\(?(?:1[5-9]\d\d|20\d\d)[a-z]?\)?[,.:])");
  return looks_bibliographic(text) || RE2::PartialMatch(text, kAuthorsAndYear);
}

bool is_cite_anchor(std::string_view fragment) {
  static const RE2 kAnchor(
      R"((?i)(?:cite[_-]?note|ref|refs|bib|b|cr|r|fn|note|endnote|footnote|en|cit)[-_:.]?.*\d.*)");
  return RE2::FullMatch(fragment, kAnchor);
}

/// Numbers from an entry's id ("ref5", "B5", "CR5", "bib5", "cite_note-5").
uint32_t anchored_number(const Element& element) {
  static const RE2 kAnchored(
      R"((?i)(?:ref|bib|b|cr|r|cite_note-?|fn|note|endnote|footnote|en|c)[-_]?(\d{1,4}))");
  const std::string* id = element.attribute("id");
  std::string digits;
  if (id == nullptr || !RE2::FullMatch(*id, kAnchored, &digits)) return 0;
  return static_cast<uint32_t>(std::stoul(digits));
}

/// Words that make the number after them a figure, table, page, step... rather than a citation.
bool is_numbering_word(std::string_view word) {
  static const std::unordered_set<std::string_view> kWords = {
      "figure",    "figures",   "fig",         "figs",       "table", "tables",   "tab",       "chapter",
      "chap",      "section",   "sec",         "eq",         "eqn",   "equation", "equations", "step",
      "steps",     "part",      "appendix",    "no",         "nos",   "number",   "page",      "pages",
      "p",         "pp",        "vol",         "volume",     "issue", "line",     "lines",     "article",
      "art",       "paragraph", "para",        "version",    "box",   "panel",    "scheme",    "example",
      "lemma",     "theorem",   "proposition", "definition", "note",  "notes",    "footnote",  "abb",
      "abbildung", "tabelle",   "seite",       "kapitel"};
  return kWords.count(lower_ascii(word)) != 0;
}

/// Units and symbols that a superscript 2 or 3 raises to a power (km², m³, x²).
bool is_exponent_base(std::string_view word) {
  static const std::unordered_set<std::string_view> kUnits = {
      "m",  "km", "cm", "mm", "nm", "µm", "ft", "in", "mi", "yd", "s", "kg", "g", "mg",  "l",   "ml", "dm",
      "ha", "sq", "r",  "x",  "y",  "z",  "n",  "e",  "a",  "b",  "c", "t",  "k", "mph", "kpa", "pa"};
  return kUnits.count(lower_ascii(word)) != 0;
}

/// The word before `at`, skipping white space and "." ("Fig. 2", "pp. 3").
std::string_view word_before(std::string_view text, size_t at) {
  size_t end = at;
  while (end > 0 && is_ascii_space(text[end - 1])) --end;
  if (end > 0 && text[end - 1] == '.') --end;
  return word_ending_at(text, end);
}

}  // namespace

std::string_view to_string(MarkerStyle style) {
  switch (style) {
    case MarkerStyle::link:
      return "link";
    case MarkerStyle::superscript:
      return "superscript";
    case MarkerStyle::bracket:
      return "bracket";
    case MarkerStyle::parenthesis:
      return "parenthesis";
    case MarkerStyle::ref_word:
      return "ref-word";
    case MarkerStyle::author_year:
      return "author-year";
  }
  return "unknown";
}

uint32_t CitationModel::list_cited_by(const CitationMarker& marker) const {
  if (marker.target_entry != kNoIndex) return entries_[marker.target_entry].list;
  if (marker.style == MarkerStyle::link) return kNoIndex;
  return main_list_;
}

uint32_t CitationModel::entry_by_number(uint32_t list, uint32_t number) const {
  if (list >= lists_.size()) return kNoIndex;
  for (uint32_t entry = lists_[list].first_entry; entry < lists_[list].end_entry; ++entry) {
    if (entries_[entry].number == number) return entry;
  }
  return kNoIndex;
}

/// Builds one CitationModel: reference lists first (by class, heading, shape), then the markers
/// that cite them.
class CitationExtractor {
 public:
  CitationExtractor(const Document& document, const CitationOptions& options)
      : document_(document),
        options_(options),
        block_entry_(document.blocks().size(), kNoIndex),
        links_by_block_(document.blocks().size()),
        in_peer_review_(document.blocks().size(), false) {
    for (uint32_t link = 0; link < document.links().size(); ++link) {
      const uint32_t block = document.links()[link].block;
      if (block != kNoIndex) links_by_block_[block].push_back(link);
    }
    mark_peer_review();
  }

  /// The reference lists and their entries (the model has no markers yet).
  const CitationModel& find_lists() {
    find_class_lists();
    find_sibling_entry_lists();
    find_heading_lists();
    find_shaped_lists();
    drop_copied_lists();
    choose_main_list();
    return model_;
  }

  /// A list two in three entries of which a longer or later list has too is a copy of it (IEEE's
  /// hidden "at a glance" panel before the references): only the other one is the page's list. Entries are
  /// compared by the start of their text, as the copies' link rows differ.
  void drop_copied_lists() {
    constexpr size_t kComparedBytes = 80;
    const auto start_of = [](const ReferenceEntry& entry) {
      return fold_for_comparison(std::string_view(entry.text).substr(0, kComparedBytes));
    };
    if (model_.lists_.size() < 2) return;
    std::vector<std::string> starts;
    starts.reserve(model_.entries_.size());
    for (const ReferenceEntry& entry : model_.entries_) starts.push_back(start_of(entry));
    std::unordered_map<std::string_view, std::vector<uint32_t>> lists_with;
    for (uint32_t entry = 0; entry < starts.size(); ++entry)
      lists_with[starts[entry]].push_back(model_.entries_[entry].list);
    const auto size_of = [&](uint32_t list) {
      return model_.lists_[list].end_entry - model_.lists_[list].first_entry;
    };
    std::vector<bool> copy(model_.lists_.size(), false);
    bool any = false;
    for (uint32_t list = 0; list < model_.lists_.size(); ++list) {
      const ReferenceList& shorter = model_.lists_[list];
      // A short list whose works the references hold too (Wikipedia's "Bibliography" of one book)
      // is a list of its own; a preview copies several.
      if (size_of(list) < kMinEntries) continue;
      // How many of this list's entries each other list has too.
      std::map<uint32_t, size_t> shared_with;
      for (uint32_t entry = shorter.first_entry; entry < shorter.end_entry; ++entry) {
        std::vector<uint32_t> having = lists_with[starts[entry]];
        std::sort(having.begin(), having.end());
        having.erase(std::unique(having.begin(), having.end()), having.end());
        for (const uint32_t other : having) ++shared_with[other];
      }
      for (const auto& [longer, shared] : shared_with) {
        // Of two equal lists the later is kept: the earlier is the preview.
        if (longer == list || size_of(longer) < size_of(list) ||
            (size_of(longer) == size_of(list) && longer < list))
          continue;
        // Two in three: the page may have lost an entry of its list that the copy still has.
        if (shared * 3 >= size_t{size_of(list)} * 2) {
          copy[list] = any = true;
          break;
        }
      }
    }
    if (!any) return;
    std::vector<uint32_t> new_entry(model_.entries_.size(), kNoIndex);
    std::vector<ReferenceEntry> entries;
    std::vector<ReferenceList> lists;
    for (uint32_t list = 0; list < model_.lists_.size(); ++list) {
      if (copy[list]) continue;
      ReferenceList kept = model_.lists_[list];
      kept.first_entry = static_cast<uint32_t>(entries.size());
      for (uint32_t entry = model_.lists_[list].first_entry; entry < model_.lists_[list].end_entry; ++entry) {
        new_entry[entry] = static_cast<uint32_t>(entries.size());
        entries.push_back(std::move(model_.entries_[entry]));
        entries.back().list = static_cast<uint32_t>(lists.size());
      }
      kept.end_entry = static_cast<uint32_t>(entries.size());
      lists.push_back(kept);
    }
    for (uint32_t& entry : block_entry_) entry = entry == kNoIndex ? kNoIndex : new_entry[entry];
    std::erase_if(entry_of_element_, [&](const auto& item) { return new_entry[item.second] == kNoIndex; });
    for (auto& [element, entry] : entry_of_element_) entry = new_entry[entry];
    for (uint32_t list = 0; list < model_.lists_.size(); ++list) {
      if (copy[list] && model_.lists_[list].element != kNoIndex)
        list_elements_.erase(model_.lists_[list].element);
    }
    model_.entries_ = std::move(entries);
    model_.lists_ = std::move(lists);
  }

  /// After find_lists(): the markers that cite the lists. The extractor is spent afterwards.
  CitationModel find_markers() {
    find_link_markers();
    find_text_markers();
    find_author_year_markers();
    std::sort(model_.markers_.begin(), model_.markers_.end(),
              [](const CitationMarker& a, const CitationMarker& b) {
                return a.block != b.block ? a.block < b.block : a.text_begin < b.text_begin;
              });
    assign_sentences();
    return std::move(model_);
  }

 private:
  struct Candidate {
    uint32_t element = kNoIndex;
    std::vector<uint32_t> blocks;  // the entry's blocks
    std::optional<TypedNumber> typed;
  };

  const std::vector<TextBlock>& blocks() const { return document_.blocks(); }
  const std::vector<Element>& elements() const { return document_.elements(); }

  /// Page chrome, code, a form's fields, or a referee's report: nothing there cites the article's
  /// references, and no list there is the article's.
  bool in_chrome(uint32_t block) const {
    return blocks()[block].in(kPageChrome | kInCode | kInForm) || in_peer_review_[block];
  }

  /// The blocks of referee reports, decision letters and author responses published beside the
  /// article (F1000's div.referee-report-content, eLife's decision letter): their "[3]" cite the
  /// article's references as the referee read them, not where the article does.
  void mark_peer_review() {
    static constexpr std::string_view kWords[] = {"referee",         "peer-review",     "peerreview",
                                                  "decision-letter", "author-response", "reviewer-report"};
    std::vector<bool> element_in_review(elements().size(), false);
    for (uint32_t index = 0; index < elements().size(); ++index) {
      const Element& element = elements()[index];
      bool in_review = element.parent != kNoIndex && element_in_review[element.parent];
      // Reports are sections of the page; a name on an element holding most of the page
      // ("body.referee-enabled") is a setting.
      const bool part_of_page =
          (element.tag == "div" || element.tag == "section" || element.tag == "aside") &&
          size_t{element.end_block - element.first_block} * 2 < blocks().size();
      for (const char* name : {"class", "id"}) {
        const std::string* value = in_review || !part_of_page ? nullptr : element.attribute(name);
        if (value == nullptr) continue;
        in_review = std::any_of(std::begin(kWords), std::end(kWords),
                                [&](std::string_view word) { return contains_ascii_nocase(*value, word); });
      }
      element_in_review[index] = in_review;
    }
    for (uint32_t block = 0; block < blocks().size(); ++block) {
      const uint32_t element = blocks()[block].element;
      in_peer_review_[block] = element != kNoIndex && element_in_review[element];
    }
  }

  bool inside_accepted_list(uint32_t element) const {
    for (uint32_t current = element; current != kNoIndex; current = elements()[current].parent) {
      if (list_elements_.count(current) != 0) return true;
    }
    return false;
  }

  /// The list items directly inside `list_element` that hold text.
  std::vector<Candidate> items_of(uint32_t list_element) const {
    std::vector<Candidate> items;
    const Element& list = elements()[list_element];
    for (uint32_t child = list_element + 1; child < elements().size() && elements()[child].depth > list.depth;
         ++child) {
      const Element& item = elements()[child];
      if (item.parent != list_element || item.tag != "li" || item.first_block == item.end_block) continue;
      Candidate candidate{child, {}, std::nullopt};
      for (uint32_t block = item.first_block; block < item.end_block; ++block)
        candidate.blocks.push_back(block);
      candidate.typed = typed_number(blocks()[item.first_block].text);
      // "<li><ul><li class=label>[21]</li><li>Bishop CM ...": the label is a block of its own.
      if (!candidate.typed && item.end_block > item.first_block + 1)
        candidate.typed = label_only_number(blocks()[item.first_block].text);
      items.push_back(std::move(candidate));
    }
    return items;
  }

  static size_t count_typed(const std::vector<Candidate>& items) {
    return static_cast<size_t>(std::count_if(items.begin(), items.end(),
                                             [](const Candidate& item) { return item.typed.has_value(); }));
  }

  bool mostly_bibliographic(const std::vector<Candidate>& items) const {
    size_t bibliographic = 0;
    for (const Candidate& item : items)
      bibliographic += looks_bibliographic(blocks()[item.blocks.front()].text);
    return bibliographic * 2 >= items.size();
  }

  /// Tab panes, menu items, or items of a few words each and none bibliographic: the tabs or links
  /// of a menu under the heading ("Figures", "References", "Related", "Details" and their panes on
  /// Atypon's pages), not a list of references.
  bool is_menu(const std::vector<Candidate>& items) const {
    constexpr size_t kMaxMenuWords = 3;
    // Tab panes and menu items say so (ARIA roles), whatever they hold.
    const auto has_widget_role = [&](const Candidate& item) {
      const std::string* role = elements()[item.element].attribute("role");
      return role != nullptr && (*role == "tabpanel" || *role == "tab" || *role == "menuitem");
    };
    if (std::any_of(items.begin(), items.end(), has_widget_role)) return true;
    return std::all_of(items.begin(), items.end(), [&](const Candidate& item) {
      const std::string_view text = blocks()[item.blocks.front()].text;
      return item.blocks.size() == 1 && !looks_bibliographic(text) &&
             static_cast<size_t>(std::count(text.begin(), text.end(), ' ')) < kMaxMenuWords;
    });
  }

  /// Adds an <ol>/<ul> as a reference list; false when it has no items.
  bool add_element_list(uint32_t list_element, uint32_t heading_block, bool require_bibliographic) {
    if (inside_accepted_list(list_element)) return false;
    std::vector<Candidate> items = items_of(list_element);
    if (items.empty() || in_chrome(items.front().blocks.front())) return false;
    if (require_bibliographic && !mostly_bibliographic(items)) return false;
    if (heading_block != kNoIndex && is_menu(items)) return false;
    const Element& list = elements()[list_element];
    ListNumbering numbering = ListNumbering::none;
    if (!is_lettered(document_, list_element)) {
      numbering = typed_or_anchored(items);
      if (numbering != ListNumbering::typed && list.tag == "ol") numbering = ListNumbering::ordered;
    }
    uint32_t next = 1;
    if (const std::string* start = list.attribute("start"); start != nullptr) {
      next = static_cast<uint32_t>(std::max(1L, std::strtol(start->c_str(), nullptr, 10)));
    }
    std::vector<uint32_t> numbers;
    for (const Candidate& item : items) {
      uint32_t number = 0;
      if (numbering == ListNumbering::ordered) {
        if (const std::string* value = elements()[item.element].attribute("value"); value != nullptr) {
          next = static_cast<uint32_t>(std::max(1L, std::strtol(value->c_str(), nullptr, 10)));
        }
        number = next++;
      } else {
        number = typed_or_anchored_number(item, numbering);
      }
      numbers.push_back(number);
    }
    commit_list(list_element, heading_block, numbering, items, numbers);
    return true;
  }

  /// How items without list positions are numbered: typed when four in five are ("1.", "[1]"),
  /// anchored when every item's id holds a number ("ref5") and the numbers rise down the list,
  /// else not at all. Ids that do not rise ("c5", "c102", "c6" in an alphabetical list, APA) were
  /// given as entries were added: they name the entries, they do not number them.
  ListNumbering typed_or_anchored(const std::vector<Candidate>& items) const {
    if (count_typed(items) * 5 >= items.size() * 4) return ListNumbering::typed;
    uint32_t previous = 0;
    const bool anchored = std::all_of(items.begin(), items.end(), [&](const Candidate& item) {
      const uint32_t number = anchored_number(elements()[item.element]);
      const bool rises = number > previous;
      previous = number;
      return rises;
    });
    return anchored ? ListNumbering::anchored : ListNumbering::none;
  }

  uint32_t typed_or_anchored_number(const Candidate& item, ListNumbering numbering) const {
    if (numbering == ListNumbering::typed) return item.typed ? item.typed->number : 0;
    if (numbering == ListNumbering::anchored) return anchored_number(elements()[item.element]);
    return 0;
  }

  /// Adds items each typed with its number ("1 ", "1.", "[1]", "1)": a run of paragraphs, the rows
  /// of a table) as a reference list.
  void add_typed_items(uint32_t container, uint32_t heading_block, const std::vector<Candidate>& items) {
    std::vector<uint32_t> numbers;
    numbers.reserve(items.size());
    for (const Candidate& item : items) numbers.push_back(item.typed->number);
    commit_list(container, heading_block, ListNumbering::typed, items, numbers);
  }

  void commit_list(uint32_t element, uint32_t heading_block, ListNumbering numbering,
                   const std::vector<Candidate>& items, const std::vector<uint32_t>& numbers) {
    if (continues_previous_list(element, heading_block, numbering, numbers)) {
      // A list in two parts ("[1]"–"[20]", then "[21]"–"[33]" after an ad or a page break) is one.
      const auto list_index = static_cast<uint32_t>(model_.lists_.size() - 1);
      if (element != kNoIndex) list_elements_.insert(element);
      add_entries(list_index, numbering, items, numbers);
      model_.lists_.back().end_entry = static_cast<uint32_t>(model_.entries_.size());
      return;
    }
    const auto list_index = static_cast<uint32_t>(model_.lists_.size());
    ReferenceList list;
    list.element = element;
    list.heading_block = heading_block;
    list.numbering = numbering;
    list.first_entry = static_cast<uint32_t>(model_.entries_.size());
    if (element != kNoIndex) list_elements_.insert(element);
    add_entries(list_index, numbering, items, numbers);
    list.end_entry = static_cast<uint32_t>(model_.entries_.size());
    model_.lists_.push_back(list);
  }

  void add_entries(uint32_t list_index, ListNumbering numbering, const std::vector<Candidate>& items,
                   const std::vector<uint32_t>& numbers) {
    for (size_t i = 0; i < items.size(); ++i) {
      model_.entries_.push_back(
          make_entry(list_index, items[i], numbering == ListNumbering::typed, numbers[i]));
      const auto entry_index = static_cast<uint32_t>(model_.entries_.size() - 1);
      entry_of_element_[items[i].element] = entry_index;
      for (const uint32_t block : items[i].blocks) {
        if (block_entry_[block] == kNoIndex) block_entry_[block] = entry_index;
      }
    }
  }

  /// True when a typed list's numbers go on where the list committed just before, later in the
  /// page and numbered the same way, stopped; or when an unnumbered list follows another under the
  /// same heading.
  bool continues_previous_list(uint32_t element, uint32_t heading_block, ListNumbering numbering,
                               const std::vector<uint32_t>& numbers) const {
    // Unnumbered items in two containers under one heading ("<ul>" of ten, then the rest).
    if (numbering == ListNumbering::none && heading_block != kNoIndex && !model_.lists_.empty()) {
      const ReferenceList& previous = model_.lists_.back();
      if (previous.heading_block == heading_block && previous.numbering == numbering &&
          previous.end_entry == model_.entries_.size())
        return true;
    }
    if (model_.lists_.empty() || numbers.empty() || numbers.front() <= 1 || numbering != ListNumbering::typed)
      return false;
    const ReferenceList& previous = model_.lists_.back();
    if (previous.numbering != numbering || previous.end_entry != model_.entries_.size() ||
        previous.end_entry == previous.first_entry || element == kNoIndex || previous.element == kNoIndex ||
        previous.element >= element) {
      return false;
    }
    return model_.entries_[previous.end_entry - 1].number + 1 == numbers.front();
  }

  /// Where an entry's own text starts in its first block: after a typed number, Wikipedia's
  /// back-links ("^ a b") or inside its reference-text span.
  uint32_t entry_text_begin(const Candidate& item, bool typed) const {
    const TextBlock& block = blocks()[item.blocks.front()];
    for (const InlineSpan& span : block.spans) {
      // Wikipedia's "reference-text" and Parsoid's "mw-reference-text".
      const std::string* classes = elements()[span.element].attribute("class");
      if (classes != nullptr && classes->find("reference-text") != std::string::npos) return span.text_begin;
    }
    if (typed && item.typed) return item.typed->text_begin;
    static const RE2 kBacklinks(R"((?:\^|↑)\s*(?:(?:[a-z]{1,2}|\d+(?:\.\d+)*)\s+)*)");
    re2::StringPiece input(block.text);
    if (RE2::Consume(&input, kBacklinks)) return static_cast<uint32_t>(input.data() - block.text.data());
    return 0;
  }

  ReferenceEntry make_entry(uint32_t list, const Candidate& item, bool typed, uint32_t number) const {
    ReferenceEntry entry;
    entry.list = list;
    entry.number = number;
    entry.element = item.element;
    entry.block = item.blocks.front();
    entry.text_begin =
        std::min(entry_text_begin(item, typed), static_cast<uint32_t>(blocks()[entry.block].text.size()));
    const uint32_t shown_begin = typed && item.typed ? item.typed->begin : entry.text_begin;
    if (typed && item.typed)
      entry.number_range = blocks()[entry.block].source_range(item.typed->begin, item.typed->end);
    entry.text = blocks()[entry.block].text.substr(entry.text_begin);
    for (size_t i = 1; i < item.blocks.size(); ++i) {
      if (!entry.text.empty()) entry.text += ' ';
      entry.text += blocks()[item.blocks[i]].text;
    }
    // The entry is shown from its first block with text: a list item may open with only its
    // back-link ("↑") and hold its citations in a nested list.
    for (uint32_t at = entry.block, begin = shown_begin; at < item.blocks.back() + 1; ++at, begin = 0) {
      if (begin < blocks()[at].text.size()) {
        entry.range = blocks()[at].source_range(begin, blocks()[at].text.size());
        break;
      }
    }
    read_reference_fields(document_, item.blocks, links_by_block_, entry);
    return entry;
  }

  /// Lists named by class or id: Wikipedia's ol.references, div.reflist, PMC's ref-list, ...
  void find_class_lists() {
    std::vector<bool> in_container(elements().size(), false);
    for (uint32_t index = 0; index < elements().size(); ++index) {
      const Element& element = elements()[index];
      if ((element.tag == "div" || element.tag == "p" || element.tag == "section") &&
          element.parent != kNoIndex && element.first_block != element.end_block) {
        const std::string* classes = element.attribute("class");
        if (classes != nullptr && names_reference_entry(*classes)) sibling_candidates_.push_back(index);
      }
      in_container[index] =
          (element.parent != kNoIndex && in_container[element.parent]) || has_reference_token(element);
      if (in_container[index] && (element.tag == "ol" || element.tag == "ul")) {
        add_element_list(index, kNoIndex, false);
      }
    }
  }

  /// Entries written as sibling elements that each carry a reference class: "div.References" per
  /// entry (Frontiers), "div.ref" (IEEE Xplore), "div.refcontainer" (AIP). Three or more siblings
  /// of one tag and class, mostly bibliographic, are one list.
  void find_sibling_entry_lists() {
    std::map<std::tuple<uint32_t, std::string_view, std::string_view>, std::vector<uint32_t>> groups;
    for (const uint32_t index : sibling_candidates_) {
      const Element& element = elements()[index];
      groups[{element.parent, element.tag, *element.attribute("class")}].push_back(index);
    }
    for (const auto& [key, members] : groups) {
      const uint32_t parent = std::get<0>(key);
      if (members.size() < kMinSiblingEntries || inside_accepted_list(parent) || in_citing_works(parent))
        continue;
      std::vector<Candidate> items;
      for (const uint32_t member : members) {
        const Element& item = elements()[member];
        Candidate candidate{member, {}, std::nullopt};
        for (uint32_t block = item.first_block; block < item.end_block; ++block) {
          if (block_entry_[block] == kNoIndex) candidate.blocks.push_back(block);
        }
        if (candidate.blocks.empty()) continue;
        candidate.typed = typed_number(blocks()[candidate.blocks.front()].text);
        if (!candidate.typed && candidate.blocks.size() > 1)
          candidate.typed = label_only_number(blocks()[candidate.blocks.front()].text);
        items.push_back(std::move(candidate));
      }
      // An entry element may open with its label or authors alone ("1.", "H. Izadpanah,"): its
      // first blocks together are the reference.
      const auto bibliographic = std::count_if(items.begin(), items.end(), [&](const Candidate& item) {
        std::string text;
        for (size_t i = 0; i < item.blocks.size() && i < kEntryBlocksRead; ++i)
          text += blocks()[item.blocks[i]].text + " ";
        return looks_bibliographic(text);
      });
      if (items.size() < kMinSiblingEntries || in_chrome(items.front().blocks.front()) ||
          static_cast<size_t>(bibliographic) * 2 < items.size())
        continue;
      const ListNumbering numbering = typed_or_anchored(items);
      std::vector<uint32_t> numbers;
      numbers.reserve(items.size());
      for (const Candidate& item : items) numbers.push_back(typed_or_anchored_number(item, numbering));
      commit_list(parent, kNoIndex, numbering, items, numbers);
    }
  }

  /// Inside a "Cited by" or "Citing articles" section (id or class "cited-by", "citedby",
  /// "citing"), whose entries are later works citing this one, not its references.
  bool in_citing_works(uint32_t element) const {
    return ancestor_named(element, kAncestorLevels, {"id", "class"}, {"cited", "citing"});
  }

  /// True when `element` or one of its `levels` - 1 nearest ancestors has one of `attributes`
  /// holding one of `words` (any case).
  bool ancestor_named(uint32_t element, int levels, std::initializer_list<std::string_view> attributes,
                      std::initializer_list<std::string_view> words) const {
    for (int level = 0; level < levels && element != kNoIndex;
         ++level, element = elements()[element].parent) {
      for (const std::string_view name : attributes) {
        const std::string* value = elements()[element].attribute(name);
        if (value == nullptr) continue;
        if (std::any_of(words.begin(), words.end(),
                        [&](std::string_view word) { return contains_ascii_nocase(*value, word); }))
          return true;
      }
    }
    return false;
  }

  /// A class that names one reference entry: "ref", "References", "refcontainer", "bibr",
  /// "citation" (any case).
  static bool names_reference_entry(std::string_view classes) {
    return contains_ascii_nocase(classes, "ref") || contains_ascii_nocase(classes, "bib") ||
           contains_ascii_nocase(classes, "citation");
  }

  /// Lists under a heading such as "References" (or a paragraph that is only that word): the
  /// section's <ol>/<ul>, or its run of numbered paragraphs.
  void find_heading_lists() {
    for (uint32_t heading = 0; heading < blocks().size(); ++heading) {
      const TextBlock& block = blocks()[heading];
      const bool real_heading = block.kind == BlockKind::heading;
      if (!real_heading && block.kind != BlockKind::paragraph) continue;
      if (in_chrome(heading)) continue;
      const HeadingKind kind = heading_kind(block.text, options_.extra_heading_words);
      if (kind == HeadingKind::none) continue;
      const uint8_t level = real_heading ? block.heading_level : 7;
      uint32_t end = heading + 1;
      while (end < blocks().size() &&
             !(blocks()[end].kind == BlockKind::heading && blocks()[end].heading_level <= level)) {
        ++end;
      }
      const bool covered = std::any_of(block_entry_.begin() + heading + 1, block_entry_.begin() + end,
                                       [](uint32_t entry) { return entry != kNoIndex; });
      if (covered) continue;
      const bool bibliographic_only = kind == HeadingKind::notes;
      bool found_list = false;
      for (uint32_t at = heading + 1; at < end; ++at) {
        if (const uint32_t list = list_holding(blocks()[at]); list != kNoIndex)
          found_list |= add_element_list(list, heading, bibliographic_only);
      }
      if (found_list) continue;
      std::vector<Candidate> run = typed_run(heading + 1, end);
      // A lone numbered line under the heading ("12 votes, 3.17" in a widget) is no list unless it
      // reads like a reference; a run numbered from 1 is.
      const bool numbered_from_one = run.size() >= 2 && run.front().typed && run.front().typed->number == 1;
      const bool needs_bibliographic = bibliographic_only || !numbered_from_one;
      if (!run.empty() && (!needs_bibliographic || mostly_bibliographic(run))) {
        add_typed_items(kNoIndex, heading, run);
        continue;
      }
      if (std::vector<Candidate> rows = labelled_rows(heading + 1, end); rows.size() >= kMinEntries) {
        add_typed_items(table_of(rows.front().element), heading, rows);
        continue;
      }
      if (const std::vector<Candidate> entries = entry_paragraph_run(heading + 1, end);
          entries.size() >= kMinEntries)
        commit_list(kNoIndex, heading, ListNumbering::none, entries,
                    std::vector<uint32_t>(entries.size(), 0));
    }
  }

  /// A list written as a table under its heading (D-Lib, older journals): rows of a cell holding
  /// only the label ("[1]", "1.") and cells holding the entry, in the first table of the section.
  std::vector<Candidate> labelled_rows(uint32_t begin, uint32_t end) const {
    std::vector<Candidate> rows;
    uint32_t table = kNoIndex;
    for (uint32_t at = begin; at < end; ++at) {
      const TextBlock& block = blocks()[at];
      if (block.element == kNoIndex || block_entry_[at] != kNoIndex || in_chrome(at)) continue;
      const Element& cell = elements()[block.element];
      const uint32_t row = cell.parent;
      if ((cell.tag != "td" && cell.tag != "th") || row == kNoIndex || elements()[row].tag != "tr") continue;
      if (table == kNoIndex) table = table_of(row);
      if (table_of(row) != table) break;
      if (!rows.empty() && rows.back().element == row) {
        rows.back().blocks.push_back(at);
        continue;
      }
      std::optional<TypedNumber> label = label_only_number(block.text);
      if (!label) continue;  // a row that does not open with its label is no entry
      rows.push_back({row, {at}, label});
    }
    std::erase_if(rows, [](const Candidate& row) { return row.blocks.size() < 2; });
    return rows;
  }

  /// The table a row belongs to (through its tbody), or the row itself.
  uint32_t table_of(uint32_t row) const {
    for (uint32_t current = row; current != kNoIndex; current = elements()[current].parent) {
      if (elements()[current].tag == "table") return current;
    }
    return row;
  }

  /// A bibliography written as plain paragraphs under its heading (OJS, many blogs): from the
  /// first paragraph that reads as an entry to the last, across one paragraph between that does
  /// not (an entry without a year) but not two.
  std::vector<Candidate> entry_paragraph_run(uint32_t begin, uint32_t end) const {
    std::vector<Candidate> run;
    size_t entries_end = 0;
    for (uint32_t at = begin; at < end; ++at) {
      const TextBlock& block = blocks()[at];
      if (block_entry_[at] != kNoIndex || in_chrome(at) || block.kind != BlockKind::paragraph) {
        if (!run.empty()) break;
        continue;
      }
      const bool entry = reads_as_entry(block.text);
      if (!entry && (run.empty() || run.size() > entries_end)) {
        if (!run.empty()) break;
        continue;
      }
      run.push_back({block.element, {at}, std::nullopt});
      if (entry) entries_end = run.size();
    }
    run.resize(entries_end);
    return run;
  }

  /// The <ol>/<ul> whose item holds `block`: the item itself, or an item whose text sits in a
  /// <div> or <p> of its own (APA's `li > div.citText`), or kNoIndex. Items a page puts in a <div>
  /// (ScienceDirect's references after the first ten) make that <div> their list.
  uint32_t list_holding(const TextBlock& block) const {
    constexpr int kMaxDepthInItem = 2;
    uint32_t element = block.element;
    for (int level = 0; level <= kMaxDepthInItem && element != kNoIndex; ++level) {
      const Element& current = elements()[element];
      if (current.tag == "li") {
        const uint32_t parent = current.parent;
        const bool in_list =
            parent != kNoIndex && (elements()[parent].tag == "ol" || elements()[parent].tag == "ul" ||
                                   elements()[parent].tag == "div");
        return in_list ? parent : kNoIndex;
      }
      element = current.parent;
    }
    return kNoIndex;
  }

  /// Consecutive paragraphs from the first one typed with a number, as long as each is typed.
  std::vector<Candidate> typed_run(uint32_t begin, uint32_t end) const {
    std::vector<Candidate> run;
    for (uint32_t at = begin; at < end; ++at) {
      const TextBlock& block = blocks()[at];
      if (block_entry_[at] != kNoIndex || in_chrome(at) || block.kind == BlockKind::heading) {
        if (!run.empty()) break;
        continue;
      }
      std::optional<TypedNumber> typed = typed_number(block.text);
      if (!typed) {
        if (!run.empty()) break;
        continue;
      }
      run.push_back({block.element, {at}, typed});
    }
    return run;
  }

  /// Reference lists with no heading or class: an <ol> of bibliographic items, or a run of at least
  /// three numbered bibliographic paragraphs that starts at 1.
  void find_shaped_lists() {
    for (uint32_t index = 0; index < elements().size(); ++index) {
      const Element& element = elements()[index];
      if (element.tag != "ol" || inside_accepted_list(index)) continue;
      std::vector<Candidate> items = items_of(index);
      if (items.size() < kMinEntries) continue;
      size_t dated = 0;
      for (const Candidate& item : items) dated += has_year(blocks()[item.blocks.front()].text);
      if (dated * 5 >= items.size() * 4 && mostly_bibliographic(items))
        add_element_list(index, kNoIndex, false);
    }
    for (uint32_t at = 0; at < blocks().size(); ++at) {
      if (blocks()[at].kind != BlockKind::paragraph || block_entry_[at] != kNoIndex) continue;
      const std::optional<TypedNumber> typed = typed_number(blocks()[at].text);
      if (!typed || typed->number != 1) continue;
      std::vector<Candidate> run = typed_run(at, static_cast<uint32_t>(blocks().size()));
      const bool all_bibliographic = std::all_of(run.begin(), run.end(), [&](const Candidate& item) {
        return looks_bibliographic(blocks()[item.blocks.front()].text);
      });
      if (run.size() >= kMinEntries && all_bibliographic) add_typed_items(kNoIndex, kNoIndex, run);
      at += static_cast<uint32_t>(std::max<size_t>(run.size(), 1) - 1);
    }
  }

  void choose_main_list() {
    size_t most = 0;
    for (uint32_t list = 0; list < model_.lists_.size(); ++list) {
      const ReferenceList& candidate = model_.lists_[list];
      const size_t size = candidate.end_entry - candidate.first_entry;
      if (candidate.numbering != ListNumbering::none && size > 0 && size >= most) {
        most = size;
        model_.main_list_ = list;
      }
    }
  }

  uint32_t entry_holding(uint32_t element) const {
    for (uint32_t current = element; current != kNoIndex; current = elements()[current].parent) {
      if (const auto found = entry_of_element_.find(current); found != entry_of_element_.end())
        return found->second;
    }
    return kNoIndex;
  }

  bool in_superscript(const TextBlock& block, uint32_t begin, uint32_t end) const {
    return std::any_of(block.spans.begin(), block.spans.end(), [&](const InlineSpan& span) {
      return span.text_begin <= begin && span.text_end >= end && elements()[span.element].tag == "sup";
    });
  }

  /// Links to an element inside a reference list, and links to a citation anchor that is missing.
  void find_link_markers() {
    const auto& links = document_.links();
    const std::string own_page = parsoid_page_prefix();
    std::vector<std::string> resolved_fragments;                  // of same-page links to entries
    std::vector<std::pair<size_t, std::string>> unnamed_missing;  // markers_ index, anchor
    for (uint32_t index = 0; index < links.size(); ++index) {
      const Link& link = links[index];
      if (link.block == kNoIndex || link.text_end <= link.text_begin) continue;
      // JATS-derived pages (PeerJ) link a citation to the cited work's DOI and name the entry it
      // stands for in data-jats-rid.
      const std::string* entry_id = elements()[link.element].attribute("data-jats-rid");
      size_t hash = link.href.find('#');
      const bool by_rid = entry_id != nullptr && !entry_id->empty() && hash == std::string::npos;
      // ACS opens the entry with a script: href="JavaScript:void(0);" onclick="showRef(event, 'ref54')".
      const std::optional<std::string> scripted = by_rid ? std::nullopt : scripted_target(link);
      if (scripted) hash = std::string::npos;
      if (!by_rid && !scripted && (hash == std::string::npos || hash + 1 == link.href.size())) continue;
      const std::string_view page =
          by_rid || scripted ? std::string_view() : std::string_view(link.href).substr(0, hash);
      // Same page: "#x", or Parsoid's "./Title#x". A saved page may spell it out in full
      // ("https://en.wikipedia.org/wiki/Title#cite_note-19"): then the target must be in the list.
      const bool same_page = page.empty() || page == own_page;
      const std::string fragment = by_rid     ? *entry_id
                                   : scripted ? *scripted
                                              : percent_decode(std::string_view(link.href).substr(hash + 1));
      if (in_backlinks(link)) continue;
      const TextBlock& block = blocks()[link.block];
      const std::string_view label =
          trim_ascii(std::string_view(block.text).substr(link.text_begin, link.text_end - link.text_begin));
      if (label.empty() ||
          label.size() > (has_year(label) ? kMaxAuthorYearLinkLabelBytes : kMaxLinkLabelBytes))
        continue;
      CitationMarker marker;
      marker.style = MarkerStyle::link;
      marker.label = std::string(label);
      marker.numbers = parse_numbers(label);
      // "Brook et al. <a>2008</a>": an author-year citation linking its year, not reference 2008.
      if (is_year_label(label)) marker.numbers.clear();
      marker.block = link.block;
      marker.text_begin = link.text_begin;
      marker.text_end = link.text_end;
      marker.link = index;
      marker.target_element = document_.element_by_id(fragment);
      const bool bracketed = (label.front() == '[' && label.back() == ']') ||
                             in_bracket_group(block.text, link.text_begin, link.text_end);
      if (marker.target_element != kNoIndex) {
        marker.target_entry = entry_holding(marker.target_element);
        if (marker.target_entry == kNoIndex) continue;
        // An entry's own label linking to itself ("<li class=referenceLabel><a href=#b0400>Slowinski,
        // 2001</a>") names the entry; it does not cite it.
        if (block_entry_[link.block] == marker.target_entry) continue;
        if (!same_page && !(bracketed || in_superscript(block, link.text_begin, link.text_end))) continue;
        if (same_page) resolved_fragments.push_back(fragment);
      } else {
        // A script that opens a note by its id says the link is a citation, whatever its label;
        // so does a label of authors and a year ("Smith et al., 2019" to a missing "#bib12").
        const bool author_year_label = marker.numbers.empty() && has_year(label) && is_cite_anchor(fragment);
        if (!same_page || (marker.numbers.empty() && !author_year_label) ||
            !(scripted || bracketed || author_year_label ||
              in_superscript(block, link.text_begin, link.text_end))) {
          continue;
        }
        marker.target_missing = true;
        // Kept for now (a range's second link needs it before it); dropped below unless the
        // anchor is named like the page's citation anchors.
        if (!is_cite_anchor(fragment)) unnamed_missing.emplace_back(model_.markers_.size(), fragment);
      }
      extend_linked_range(marker);
      marker.range = block.source_range(marker.text_begin, marker.text_end);
      model_.markers_.push_back(std::move(marker));
    }
    // A numbered link to a missing anchor named like the page's citation anchors cites a missing
    // entry: anchors that begin alike ("#pone.0081898-Cooley1", entries named by their author),
    // or that have the same shape ("#3", "#br000020").
    if (unnamed_missing.empty()) return;
    const bool enough = resolved_fragments.size() >= kMinLinksForAnchorPrefix;
    const std::string_view prefix = common_prefix(resolved_fragments);
    std::unordered_map<std::string, size_t> shapes;
    for (const std::string& fragment : resolved_fragments) ++shapes[digits_as_hash(fragment)];
    std::vector<bool> drop(model_.markers_.size(), false);
    for (const auto& [index, fragment] : unnamed_missing) {
      const auto shape = shapes.find(digits_as_hash(fragment));
      drop[index] = !(enough && ((prefix.size() >= kMinAnchorPrefixBytes && fragment.starts_with(prefix)) ||
                                 (shape != shapes.end() && shape->second >= kMinLinksForAnchorPrefix)));
    }
    size_t kept = 0;
    for (size_t index = 0; index < model_.markers_.size(); ++index) {
      if (drop[index]) continue;
      if (kept != index) model_.markers_[kept] = std::move(model_.markers_[index]);
      ++kept;
    }
    model_.markers_.resize(kept);
  }

  /// "br000020" -> "br#": an anchor's shape, its numbers left out.
  static std::string digits_as_hash(std::string_view fragment) {
    std::string shape;
    for (const char c : fragment) {
      if (!is_ascii_digit(c)) {
        shape += c;
      } else if (shape.empty() || shape.back() != '#') {
        shape += '#';
      }
    }
    return shape;
  }

  static std::string_view common_prefix(const std::vector<std::string>& words) {
    if (words.empty()) return {};
    std::string_view prefix = words.front();
    for (const std::string& word : words) {
      size_t same = 0;
      while (same < prefix.size() && same < word.size() && prefix[same] == word[same]) ++same;
      prefix = prefix.substr(0, same);
    }
    return prefix;
  }

  /// "[<a>7</a>]", "[<a>1</a>, <a>7</a>–<a>9</a>]": the link's label sits in a bracketed group
  /// of numbers.
  static bool in_bracket_group(std::string_view text, uint32_t begin, uint32_t end) {
    // Digits, separators, and the bytes of "–", "—" and a no-break space.
    const auto in_group = [](char c) {
      const auto byte = static_cast<unsigned char>(c);
      return is_ascii_digit(c) || c == ',' || c == ' ' || c == '-' || c == ';' || byte == 0xE2 ||
             byte == 0x80 || byte == 0x93 || byte == 0x94 || byte == 0xC2 || byte == 0xA0;
    };
    size_t before = begin;
    while (before > 0 && in_group(text[before - 1])) --before;
    size_t after = end;
    while (after < text.size() && in_group(text[after])) ++after;
    return before > 0 && text[before - 1] == '[' && after < text.size() && text[after] == ']';
  }

  /// The target of a link a script follows (an href of "javascript:" or nothing): the first word
  /// quoted in its onclick that is the id of an element in a reference entry ("showRef(event,
  /// 'ref3 ref4 ref5')" names the first of a range), else the first named like a note ("ref49"
  /// of an entry the page lacks).
  std::optional<std::string> scripted_target(const Link& link) const {
    const bool script_href =
        link.href.empty() || link.href == "#" || starts_with_ascii_nocase(link.href, "javascript:");
    const std::string* onclick = elements()[link.element].attribute("onclick");
    if (!script_href || onclick == nullptr) return std::nullopt;
    const std::string_view script = *onclick;
    std::optional<std::string> missing;  // a quoted word named like a note, whose element is gone
    for (size_t open = script.find_first_of("'\""); open != std::string_view::npos;) {
      const size_t close = script.find(script[open], open + 1);
      if (close == std::string_view::npos) break;
      std::string_view quoted = script.substr(open + 1, close - open - 1);
      while (!quoted.empty()) {
        const size_t start = quoted.find_first_not_of(" ,");
        if (start == std::string_view::npos) break;
        quoted.remove_prefix(start);
        const size_t end = std::min(quoted.find_first_of(" ,"), quoted.size());
        const std::string word(quoted.substr(0, end));
        const uint32_t element = document_.element_by_id(word);
        if (element != kNoIndex && entry_holding(element) != kNoIndex) return word;
        if (element == kNoIndex && !missing && is_cite_anchor(word)) missing = word;
        quoted.remove_prefix(end);
      }
      open = script.find_first_of("'\"", close + 1);
    }
    return missing;
  }

  /// A back-link from an entry to its citations ("^ a b", "↑ 1 2"), before the entry's own text.
  bool in_backlinks(const Link& link) const {
    const uint32_t entry = block_entry_[link.block];
    if (entry == kNoIndex) return false;
    const ReferenceEntry& holder = model_.entries_[entry];
    return holder.block == link.block && link.text_end <= holder.text_begin;
  }

  /// Parsoid writes links to the page itself as "./Title#x", like links to other articles: the
  /// page's own "./Title" is the one most citation anchors use.
  std::string parsoid_page_prefix() const {
    std::unordered_map<std::string_view, size_t> counts;
    for (const Link& link : document_.links()) {
      const std::string_view href = link.href;
      const size_t hash = href.find('#');
      if (hash == std::string_view::npos || !href.starts_with("./") || href.find('/', 2) < hash) continue;
      if (is_cite_anchor(href.substr(hash + 1))) ++counts[href.substr(0, hash)];
    }
    std::string_view best;
    size_t most = 0;
    for (const auto& [prefix, count] : counts) {
      if (count > most || (count == most && prefix < best)) {
        best = prefix;
        most = count;
      }
    }
    return std::string(best);
  }

  /// "<a>1</a>–<a>3</a>", "<a>[1]</a>–<a>[3]</a>", "[<a>1</a>]–[<a>3</a>]": the second link of a
  /// dashed pair cites the numbers between them too.
  void extend_linked_range(CitationMarker& marker) const {
    if (model_.markers_.empty() || marker.numbers.size() != 1) return;
    const CitationMarker& previous = model_.markers_.back();
    if (previous.block != marker.block || previous.numbers.size() != 1 ||
        previous.text_end > marker.text_begin)
      return;
    std::string_view between =
        trim_ascii(std::string_view(blocks()[marker.block].text)
                       .substr(previous.text_end, marker.text_begin - previous.text_end));
    // "[<a>1</a>]–[<a>3</a>]": brackets around each link do not break the range.
    if (!between.empty() && (between.front() == ']' || between.front() == ')')) between.remove_prefix(1);
    if (!between.empty() && (between.back() == '[' || between.back() == '(')) between.remove_suffix(1);
    between = trim_ascii(between);
    const bool dash = between == "-" || between == "–" || between == "—";
    const uint32_t low = previous.numbers.front();
    const uint32_t high = marker.numbers.front();
    if (!dash || high <= low + 1 || high - low > kMaxRangeSpan) return;
    marker.numbers.clear();
    for (uint32_t number = low + 1; number <= high; ++number) marker.numbers.push_back(number);
  }

  /// How a page's linked citations are written: "[<a>3</a>]" or "<a>[3]</a>", "<sup><a>3</a></sup>".
  /// On a page that cites by links, an unlinked number cites only when written the same way (an
  /// editor who typed "[12]" by hand on a page of "[<a>11</a>]"). Parentheses are never read beside
  /// links: there they hold compound and equation numbers, quantities and enumerations.
  struct LinkedForms {
    bool some = false;  // a link or two: typed numbers in brackets and superscripts count too
    bool any = false;   // a page that cites by links: only typed numbers in the links' form
    bool bracket = false;
    bool superscript = false;
  };
  LinkedForms linked_forms() const {
    LinkedForms forms;
    size_t numbered = 0;
    size_t bracketed = 0;
    size_t raised = 0;
    size_t links = 0;
    for (const CitationMarker& marker : model_.markers_) {
      if (marker.style != MarkerStyle::link) continue;
      ++links;  // links labelled with names or years admit no unlinked numbers
      if (marker.numbers.empty()) continue;
      const TextBlock& block = blocks()[marker.block];
      const std::string_view text = block.text;
      const std::string_view label =
          trim_ascii(text.substr(marker.text_begin, marker.text_end - marker.text_begin));
      const std::string_view before = trim_ascii(text.substr(0, marker.text_begin));
      const char opening = !label.empty() && label.front() == '[' ? '['
                           : before.empty()                       ? '\0'
                                                                  : before.back();
      ++numbered;
      bracketed += opening == '[';
      raised += in_superscript(block, marker.text_begin, marker.text_end);
    }
    // The page's form is the one a good share of its links use, not a stray one.
    const auto common = [&](size_t count) { return count >= 2 && count * 4 >= numbered; };
    // A stray link or two on a page of typed numbers does not make it a page that cites by links.
    forms.some = links > 0;
    forms.any = links >= kMinCitingLinks;
    forms.bracket = common(bracketed);
    forms.superscript = common(raised);
    return forms;
  }

  bool overlaps_link(uint32_t block_index, uint32_t begin, uint32_t end) const {
    return std::any_of(links_by_block_[block_index].begin(), links_by_block_[block_index].end(),
                       [&](uint32_t link) {
                         const Link& found = document_.links()[link];
                         return found.text_begin < end && begin < found.text_end;
                       });
  }

  /// Unlinked numbers, on a page with a numbered reference list: every form on a page without
  /// linked citations, the page's own form beside them.
  void find_text_markers() {
    if (model_.main_list_ == kNoIndex) return;
    const LinkedForms linked = linked_forms();
    // An infobox or sidebar the page cites in (its linked citations are there) is read too.
    std::vector<bool> cites_here(blocks().size(), false);
    for (const CitationMarker& marker : model_.markers_) cites_here[marker.block] = true;
    const ReferenceList& main = model_.lists_[model_.main_list_];
    uint32_t highest = 0;
    for (uint32_t entry = main.first_entry; entry < main.end_entry; ++entry) {
      highest = std::max(highest, model_.entries_[entry].number);
    }
    // Numbers far past the list are quantities ("(500)"), not citations of missing entries; four
    // digits are a year or a count unless the list is that long.
    const NumberBounds plausible{highest, highest + std::max<uint32_t>(10, highest)};
    for (uint32_t index = 0; index < blocks().size(); ++index) {
      const TextBlock& block = blocks()[index];
      if (block_entry_[index] != kNoIndex || (in_chrome(index) && !cites_here[index]) ||
          block.kind == BlockKind::heading || block.kind == BlockKind::preformatted) {
        continue;
      }
      const size_t first_new = model_.markers_.size();
      if (!linked.any || linked.superscript) find_superscripts(index, plausible);
      find_bracketed(index, plausible, first_new, linked);
      if (!linked.any) find_ref_words(index, plausible);
    }
  }

  /// Which unlinked numbers may cite the main list: up to `plausible` (a little past the list, to
  /// catch citations of missing entries), and numbers of four digits only up to `highest`.
  struct NumberBounds {
    uint32_t highest = 0;
    uint32_t plausible = 0;
  };
  static bool plausible_numbers(const std::vector<uint32_t>& numbers, NumberBounds bounds) {
    return !numbers.empty() && std::all_of(numbers.begin(), numbers.end(), [&](uint32_t number) {
      return number <= bounds.plausible && (number < 1000 || number <= bounds.highest);
    });
  }

  void add_text_marker(uint32_t block_index, MarkerStyle style, uint32_t begin, uint32_t end,
                       std::vector<uint32_t> numbers) {
    const TextBlock& block = blocks()[block_index];
    CitationMarker marker;
    marker.style = style;
    marker.label = block.text.substr(begin, end - begin);
    marker.numbers = std::move(numbers);
    marker.block = block_index;
    marker.text_begin = begin;
    marker.text_end = end;
    marker.range = block.source_range(begin, end);
    model_.markers_.push_back(std::move(marker));
  }

  void find_superscripts(uint32_t block_index, NumberBounds plausible) {
    const TextBlock& block = blocks()[block_index];
    for (const InlineSpan& span : block.spans) {
      if (elements()[span.element].tag != "sup" || span.text_end <= span.text_begin) continue;
      std::vector<uint32_t> numbers = parse_numbers(
          std::string_view(block.text).substr(span.text_begin, span.text_end - span.text_begin));
      if (!plausible_numbers(numbers, plausible)) continue;
      // A linked superscript that does not lead into a reference list points at an affiliation
      // or an explanatory note.
      // "<a><sup>3</sup></a>": a note opened by a script, not a number typed in the text;
      // "Leal<sup>1,2</sup>" in an author block: an affiliation.
      if (overlaps_link(block_index, span.text_begin, span.text_end) ||
          in_anchor_element(block, span.text_begin, span.text_end) || in_author_block(span.element))
        continue;
      // ⁴⁰Ar, ¹⁴C: a mass number, written against its element's symbol.
      if (span.text_end < block.text.size() && is_ascii_upper(block.text[span.text_end])) continue;
      if (span.text_begin > 0) {
        // 10⁶ and $9⁹⁹ follow a digit; km², x² follow a unit or a symbol.
        if (is_ascii_digit(block.text[span.text_begin - 1])) continue;
        if (is_exponent_base(word_ending_at(block.text, span.text_begin))) continue;
      }
      add_text_marker(block_index, MarkerStyle::superscript, span.text_begin, span.text_end,
                      std::move(numbers));
    }
  }

  struct Bracketed {
    uint32_t begin;
    uint32_t end;
    bool parenthesis;
    std::vector<uint32_t> numbers;
    bool enumerative;  // "(1) surgery, (2) exercise": list numbering in running text
  };

  void find_bracketed(uint32_t block_index, NumberBounds plausible, size_t first_new, LinkedForms linked) {
    static const RE2 kBracketed(R"(([\[(])\s*(\d{1,4}(?:\s*(?:,|–|—|-|−)\s*\d{1,4})*)\s*([\])]))");
    const TextBlock& block = blocks()[block_index];
    const std::string_view text = block.text;
    // Beside links only "[n]" is read: a block whose every "[" is a link's label ("<a>[12]</a>",
    // most of Wikipedia) has nothing to read.
    if (linked.some) {
      bool unlinked_bracket = false;
      for (size_t at = text.find('['); at != std::string_view::npos && !unlinked_bracket;
           at = text.find('[', at + 1))
        unlinked_bracket =
            !overlaps_link(block_index, static_cast<uint32_t>(at), static_cast<uint32_t>(at) + 1);
      if (!unlinked_bracket) return;
    }
    std::vector<Bracketed> found;
    re2::StringPiece rest(text);
    re2::StringPiece open;
    re2::StringPiece close;
    while (RE2::FindAndConsume(&rest, kBracketed, &open, nullptr, &close)) {
      const auto begin = static_cast<uint32_t>(open.data() - text.data());
      const auto end = static_cast<uint32_t>(close.data() - text.data()) + 1;
      const bool parenthesis = open[0] == '(';
      if (parenthesis != (close[0] == ')')) continue;
      if (linked.some && (parenthesis || overlaps_link(block_index, begin, end))) continue;
      if (linked.any && !linked.bracket) continue;
      const bool overlaps = std::any_of(
          model_.markers_.begin() + static_cast<ptrdiff_t>(first_new), model_.markers_.end(),
          [&](const CitationMarker& marker) { return marker.text_begin < end && begin < marker.text_end; });
      if (overlaps) continue;
      std::vector<uint32_t> numbers = parse_numbers(text.substr(begin, end - begin));
      if (!plausible_numbers(numbers, plausible)) continue;
      // "(<b>3</b>–<b>6</b>)": chemists number compounds in bold.
      if (holds_bold_number(block, begin, end)) continue;
      // "(2019)" is a year, even on a page whose list is that long.
      const auto is_year = [](uint32_t number) { return number >= 1500 && number <= 2099; };
      if (parenthesis && std::any_of(numbers.begin(), numbers.end(), is_year)) continue;
      if (begin > 0) {
        const char before = text[begin - 1];
        // "96(6)" is an issue number, "f(2)" a function, "$(5)" an amount.
        if (parenthesis && (std::isalnum(static_cast<unsigned char>(before)) != 0 || before == '$')) continue;
        if (is_numbering_word(word_before(text, begin))) continue;
        if (text.substr(0, begin).ends_with("§") || text.substr(0, begin).ends_with("§ ")) continue;
        // "m/z 232 (100), 217 (70)": a value in parentheses after a number (an intensity, a
        // count), unless that number is a year ("described in 1998 (12)").
        if (parenthesis && follows_value(text, begin)) continue;
      }
      // "(239) 308-4701" is a telephone number.
      size_t after = end;
      while (after < text.size() && text[after] == ' ') ++after;
      if (parenthesis && after < text.size() && is_ascii_digit(text[after])) continue;
      found.push_back({begin, end, parenthesis, std::move(numbers), enumerative(text, begin, end)});
    }
    const bool has_enumeration =
        std::any_of(found.begin(), found.end(),
                    [](const Bracketed& item) {
                      return item.enumerative && item.numbers == std::vector<uint32_t>{1};
                    }) &&
        std::any_of(found.begin(), found.end(), [](const Bracketed& item) {
          return item.enumerative && item.numbers == std::vector<uint32_t>{2};
        });
    for (Bracketed& item : found) {
      if (item.enumerative && (has_enumeration || item.begin == 0)) continue;
      add_text_marker(block_index, item.parenthesis ? MarkerStyle::parenthesis : MarkerStyle::bracket,
                      item.begin, item.end, std::move(item.numbers));
    }
  }

  /// An element inside an author or affiliation block (class "authors", "affiliations",
  /// "contrib-group"), a few levels up.
  bool in_author_block(uint32_t element) const {
    return ancestor_named(element, kAncestorLevels, {"class"}, {"author", "affil", "contrib"});
  }

  bool in_anchor_element(const TextBlock& block, uint32_t begin, uint32_t end) const {
    return std::any_of(block.spans.begin(), block.spans.end(), [&](const InlineSpan& span) {
      return elements()[span.element].tag == "a" && span.text_begin <= begin && end <= span.text_end;
    });
  }

  bool holds_bold_number(const TextBlock& block, uint32_t begin, uint32_t end) const {
    return std::any_of(block.spans.begin(), block.spans.end(), [&](const InlineSpan& span) {
      const std::string& tag = elements()[span.element].tag;
      return (tag == "b" || tag == "strong") && begin < span.text_begin && span.text_end < end &&
             std::any_of(block.text.begin() + span.text_begin, block.text.begin() + span.text_end,
                         [](char c) { return is_ascii_digit(c); });
    });
  }

  static bool follows_value(std::string_view text, uint32_t begin) {
    size_t end = begin;
    while (end > 0 && text[end - 1] == ' ') --end;
    if (end == begin) return false;
    size_t start = end;
    while (start > 0 && (is_ascii_digit(text[start - 1]) || text[start - 1] == '.')) --start;
    const std::string_view number = text.substr(start, end - start);
    if (number.empty() || !is_ascii_digit(number.front()) || !is_ascii_digit(number.back())) return false;
    if (start > 0 && is_ascii_alpha(text[start - 1])) return false;  // "Table2 (3)", "H2 (5)"
    const bool year = number.size() == 4 && number.find('.') == std::string_view::npos && number >= "1500" &&
                      number <= "2099";
    return !year;
  }

  /// A single number that opens an item of an enumeration: at the start, or after ":", ";", ",",
  /// "and", "or", and followed by a word.
  static bool enumerative(std::string_view text, uint32_t begin, uint32_t end) {
    if (end + 1 >= text.size() || text[end] != ' ' ||
        !(is_ascii_alpha(text[end + 1]) || text[end + 1] == '"')) {
      return false;
    }
    if (text.substr(begin, end - begin).find_first_of(",–-") != std::string_view::npos) return false;
    size_t before = begin;
    while (before > 0 && is_ascii_space(text[before - 1])) --before;
    if (before == 0) return true;
    const char c = text[before - 1];
    if (c == ':' || c == ';' || c == ',') return true;
    const std::string word = lower_ascii(word_ending_at(text, before));
    return word == "and" || word == "or" || word == "und" || word == "et" || word == "y";
  }

  void find_ref_words(uint32_t block_index, NumberBounds plausible) {
    static const RE2 kRefWord(
        R"(\b((?:[Rr]efs?\.|[Rr]eferences?)\s+(\d{1,4}(?:\s*(?:,|–|—|-|and)\s*\d{1,4})*))\b)");
    const std::string_view text = blocks()[block_index].text;
    re2::StringPiece rest(text);
    re2::StringPiece whole;
    std::string numbers_text;
    while (RE2::FindAndConsume(&rest, kRefWord, &whole, &numbers_text)) {
      static const RE2 kAnd(R"(\s*and\s*)");
      RE2::GlobalReplace(&numbers_text, kAnd, ",");
      std::vector<uint32_t> numbers = parse_numbers(numbers_text);
      if (!plausible_numbers(numbers, plausible)) continue;
      const auto begin = static_cast<uint32_t>(whole.data() - text.data());
      add_text_marker(block_index, MarkerStyle::ref_word, begin, begin + static_cast<uint32_t>(whole.size()),
                      std::move(numbers));
    }
  }

  /// Author-year citations in the running text. Kept only on a page that cites so: at least
  /// three of them, and most, name an entry's first author and year.
  void find_author_year_markers() {
    if (model_.entries_.empty()) return;
    std::vector<AuthorYearCandidate> found;
    // Notes that are only citations ("7. Lehman, et al., 2014, p. 1,101."): they cite the
    // bibliography, and are never what a citation names.
    std::vector<bool> citing_note(model_.entries_.size(), false);
    for (uint32_t entry = 0; entry < model_.entries_.size(); ++entry)
      citing_note[entry] = find_citations_of_note(model_.entries_[entry], found);
    for (uint32_t block = 0; block < blocks().size(); ++block) {
      if (block_entry_[block] != kNoIndex || in_chrome(block) || blocks()[block].kind == BlockKind::heading)
        continue;
      find_author_year(block, found);
    }
    if (found.size() < kMinAuthorYearMatches) return;  // the gate below could not pass
    AuthorYearIndex index(model_.entries_, citing_note);
    size_t matched = 0;
    for (AuthorYearCandidate& candidate : found) {
      CitationMarker& marker = candidate.marker;
      std::vector<std::string>& names = candidate.names;
      // "Additionally, Dearden, Theberge & Yasué (2010)": a capitalised word before the first
      // author is not an author when no entry has it and a later name is one.
      while (names.size() > 1 && !index.has_author(names.front()) && index.has_author(names[1])) {
        names.erase(names.begin());
        // The citation starts at its first real author.
        const size_t at = marker.label.find(names.front());
        if (at != std::string::npos && at > 0) {
          marker.label.erase(0, at);
          marker.text_begin += static_cast<uint32_t>(at);
          marker.range = blocks()[marker.block].source_range(marker.text_begin, marker.text_end);
        }
      }
      marker.cited_author = names.front();
      const std::string second = names.size() == 2 ? names[1] : std::string();
      const bool et_al = marker.label.find("et al") != std::string::npos;
      marker.target_entry = index.find(marker.cited_author, marker.cited_year, second, et_al);
      matched += marker.target_entry != kNoIndex ? 1 : 0;
    }
    if (matched < kMinAuthorYearMatches || matched * 2 < found.size()) return;
    // On a page that cites this way throughout, "(Okafor, 2019)" is a citation even when no entry
    // has that name.
    const bool cites_by_author_year = matched >= kSolidAuthorYearMatches;
    const size_t existing = model_.markers_.size();
    for (AuthorYearCandidate& candidate : found) {
      CitationMarker& marker = candidate.marker;
      // An unmatched citation of one name could be any capitalised word before a year ("In
      // March 2019"); keep it only when its author is in the list or its form is unambiguous.
      if (marker.target_entry == kNoIndex && !candidate.strong_form &&
          !index.has_author(marker.cited_author) &&
          !(cites_by_author_year && candidate.parenthetical && !is_calendar_word(marker.cited_author)))
        continue;
      const bool overlaps =
          std::any_of(model_.markers_.begin(), model_.markers_.begin() + static_cast<ptrdiff_t>(existing),
                      [&](const CitationMarker& other) {
                        return other.block == marker.block && other.text_begin < marker.text_end &&
                               marker.text_begin < other.text_end;
                      });
      if (!overlaps) model_.markers_.push_back(std::move(marker));
    }
  }

  /// An author-year citation while it is matched: the surnames it names, and whether it names a
  /// second author or "et al." (a form no ordinary phrase has).
  struct AuthorYearCandidate {
    CitationMarker marker;
    std::vector<std::string> names;
    bool strong_form = false;
    bool parenthetical = false;  // "(Smith, 2019)", not "Smith (2019)"
  };

  /// True when the text before a citation inside its parenthesis leaves it the start of a part:
  /// nothing, or a ";" or "," and a signal ("e.g.", "see also", "cf.").
  static bool opens_citation(std::string_view before) {
    const size_t separator = before.find_last_of(";,");
    std::string lead =
        lower_ascii(trim_ascii(separator == std::string_view::npos ? before : before.substr(separator + 1)));
    return lead.empty() || lead == "e.g." || lead == "e.g.," || lead == "see" || lead == "see also" ||
           lead == "cf." || lead == "i.e." || lead == "and" || lead == "but see" || lead == "reviewed in";
  }

  /// True when an <i> or <em> ends right before `at` (white space between allowed).
  bool follows_italics(const TextBlock& block, uint32_t at) const {
    while (at > 0 && block.text[at - 1] == ' ') --at;
    return std::any_of(block.spans.begin(), block.spans.end(), [&](const InlineSpan& span) {
      const std::string& tag = elements()[span.element].tag;
      return (tag == "i" || tag == "em") && span.text_end == at && span.text_end > span.text_begin;
    });
  }

  /// "(March, 2019)", "(Spring 2020)": a date, not a citation.
  static bool is_calendar_word(std::string_view word) {
    static const std::unordered_set<std::string> kWords = [] {
      std::unordered_set<std::string> words;
      for (const char* name :
           {"january",   "february", "march",    "april",    "may",    "june",    "july",      "august",
            "september", "october",  "november", "december", "jan",    "feb",     "mar",       "apr",
            "jun",       "jul",      "aug",      "sep",      "sept",   "oct",     "nov",       "dec",
            "spring",    "summer",   "autumn",   "fall",     "winter", "januar",  "februar",   "juni",
            "juli",      "oktober",  "dezember", "janvier",  "juin",   "juillet", "septembre", "octobre",
            "novembre",  "enero",    "marzo",    "mayo",     "junio",  "julio",   "agosto",    "since",
            "until",     "before",   "after",    "circa",    "from",   "in"})
        words.insert(name);
      return words;
    }();
    return kWords.count(lower_ascii(word)) != 0;
  }

  /// The citations of a note that holds nothing else ("Halperin and Hoppe, 2017, p. 349.", "See
  /// Fan, 2011; Ward, 2005."), each as unambiguous as a parenthetical; false for any other note.
  bool find_citations_of_note(const ReferenceEntry& note, std::vector<AuthorYearCandidate>& found) const {
    // Between citations: separators, locators and signals only.
    static const RE2 kBetween(R"((?:\s|[,;:.()]|pp?\.|\d|[–-]|[Ss]ee also|[Ss]ee|[Cc]f\.)*)");
    // Longer than a few citations: a note with words of its own.
    constexpr size_t kMaxCitingNoteBytes = 240;
    if (note.text.size() > kMaxCitingNoteBytes) return false;
    const TextBlock& block = blocks()[note.block];
    const std::string_view text = block.text;
    // A note of one block only: its markers are placed in that block's text.
    if (note.text_begin >= text.size() || note.text.size() != text.size() - note.text_begin) return false;
    re2::StringPiece citations(text.substr(note.text_begin));
    re2::StringPiece authors;
    re2::StringPiece years;
    size_t covered = note.text_begin;
    std::vector<AuthorYearCandidate> cited;
    while (RE2::FindAndConsume(&citations, kCitationPart(), &authors, &years)) {
      const auto begin = static_cast<uint32_t>(authors.data() - text.data());
      const auto end = static_cast<uint32_t>(years.data() + years.size() - text.data());
      // A linked short form (Wikipedia's "Gjengset 2021, p. 7") is cited by its link.
      if (!RE2::FullMatch(text.substr(covered, begin - covered), kBetween) ||
          overlaps_link(note.block, begin, end))
        return false;
      add_author_year(note.block, begin, end, authors, years, true, cited);
      covered = end;
    }
    if (cited.empty() || !RE2::FullMatch(text.substr(covered), kBetween)) return false;
    std::move(cited.begin(), cited.end(), std::back_inserter(found));
    return true;
  }

  void add_author_year(uint32_t block_index, uint32_t begin, uint32_t end, std::string_view authors,
                       std::string_view years, bool parenthetical,
                       std::vector<AuthorYearCandidate>& found) const {
    // "AoB PLANTS (2015)", "WHO 2019": a word in capitals is a name of a journal or a body.
    if (std::none_of(authors.begin(), authors.end(), [](char c) { return c >= 'a' && c <= 'z'; })) return;
    const TextBlock& block = blocks()[block_index];
    for (const std::string& year : split_years(years)) {
      AuthorYearCandidate candidate;
      CitationMarker& marker = candidate.marker;
      marker.style = MarkerStyle::author_year;
      marker.label = block.text.substr(begin, end - begin);
      marker.cited_year = year;
      marker.block = block_index;
      marker.text_begin = begin;
      marker.text_end = end;
      marker.range = block.source_range(begin, end);
      candidate.names = surnames(authors);
      candidate.strong_form =
          authors.find(" et al") != std::string_view::npos || RE2::PartialMatch(authors, kSecondAuthor());
      candidate.parenthetical = parenthetical;
      found.push_back(std::move(candidate));
    }
  }

  void find_author_year(uint32_t block_index, std::vector<AuthorYearCandidate>& found) const {
    const TextBlock& block = blocks()[block_index];
    const std::string_view text = block.text;
    if (text.find("19") == std::string_view::npos && text.find("20") == std::string_view::npos &&
        text.find("n.d.") == std::string_view::npos && text.find("in press") == std::string_view::npos) {
      return;
    }
    const auto add = [&](uint32_t begin, uint32_t end, std::string_view authors, std::string_view years,
                         bool parenthetical) {
      add_author_year(block_index, begin, end, authors, years, parenthetical, found);
    };
    // Parenthetical: "(Smith et al., 2019; e.g. Lee & Park 2020a, p. 4)", "(Chung and Ané, 2011,
    // Knowles and Kubatko, 2011)": every citation inside the parentheses.
    re2::StringPiece rest(text);
    re2::StringPiece inside;
    while (RE2::FindAndConsume(&rest, kParenthesis(), &inside)) {
      const auto open = static_cast<uint32_t>(inside.data() - text.data()) - 1;
      // "<i>Lamna nasus</i> (Bonnaterre, 1788)": the authority of a species name.
      const bool authority = follows_italics(block, open);
      re2::StringPiece citations = inside;
      re2::StringPiece authors;
      re2::StringPiece years;
      while (RE2::FindAndConsume(&citations, kCitationPart(), &authors, &years)) {
        const auto begin = static_cast<uint32_t>(authors.data() - text.data());
        const auto end = static_cast<uint32_t>(years.data() + years.size() - text.data());
        // Only a citation that the parenthesis or a ";" opens is one by its form alone: "(Volume 8
        // Issue 2016)" is not.
        const bool opens_part = opens_citation(text.substr(open + 1, begin - open - 1));
        add(begin, end, authors, years, opens_part && !authority);
      }
    }
    // Narrative: "Smith and Jones (2019) found", "Lee et al. (2020a, 2021)".
    rest = re2::StringPiece(text);
    re2::StringPiece authors;
    re2::StringPiece years;
    while (RE2::FindAndConsume(&rest, kNarrative(), &authors, &years)) {
      const auto begin = static_cast<uint32_t>(authors.data() - text.data());
      const auto end = static_cast<uint32_t>(years.data() + years.size() - text.data()) + 1;
      add(begin, end, authors, years, false);
    }
  }

  static constexpr size_t kMinAuthorYearMatches = 3;
  static constexpr size_t kSolidAuthorYearMatches = 5;

  // The pieces of an author-year citation. A surname with its particles: "Smith", "O'Neil",
  // "Smith-Jones", "van der Berg", "de la Cruz"; its authors: "Smith", "Smith et al." (or
  // Chicago's "Smith, et al."), "Smith and
  // Lee", "Smith, Lee & Park"; its years: "2019", "2019a, b", "2019, 2020", "n.d.", "in press";
  // a locator: ", p. 4", ": 12-15".
  struct AuthorYearPatterns {
    std::string surname =
        R"((?:(?:van|von|de|der|den|del|della|di|da|dos|du|la|le|ten|ter|al|el)\s+)*\p{Lu}[\p{L}'’-]*\p{L})";
    std::string authors = "(" + surname + R"((?:,?\s+et\s+al\.?|(?:\s*,\s*)" + surname +
                          R"()*\s*,?\s+(?:and|&|und|et|y)\s+)" + surname + ")?)";
    std::string year = R"((?:(?:1[5-9]|20)\d\d[a-z]?|n\.\s?d\.|in press))";
    std::string years = "(" + year + R"((?:\s*,\s*(?:)" + year + R"(|[a-z]\b))*))";
    std::string locator = R"((?:\s*[,:]\s*(?:pp?\.\s*)?\d+(?:\s*[–-]\s*\d+)?)?)";
  };

  static const RE2& kParenthesis() {
    static const RE2 pattern(R"(\(([^()]{4,400})\))");
    return pattern;
  }
  static const RE2& kCitationPart() {
    static const AuthorYearPatterns pieces;
    static const RE2 pattern(R"((?:^|[\s;,(])(?:and\s+)?)" + pieces.authors + R"(\s*,?\s+)" + pieces.years +
                             pieces.locator + R"((?:[\s;,)]|$))");
    return pattern;
  }
  static const RE2& kNarrative() {
    static const AuthorYearPatterns pieces;
    static const RE2 pattern(R"((?:^|[\s\[(“"‘])(?:and\s+)?)" + pieces.authors + R"(\s+\()" + pieces.years +
                             pieces.locator + R"(\))");
    return pattern;
  }
  static const RE2& kSecondAuthor() {
    static const RE2 pattern(R"(\s(?:and|&|und|et|y)\s)");
    return pattern;
  }

  /// "2019a, 2020" -> {"2019a", "2020"}; "2019a, b" -> {"2019a", "2019b"}.
  static std::vector<std::string> split_years(std::string_view years) {
    std::vector<std::string> result;
    std::string last_number;
    size_t at = 0;
    while (at < years.size()) {
      const size_t comma = std::min(years.find(',', at), years.size());
      const std::string_view item = trim_ascii(years.substr(at, comma - at));
      if (item.size() == 1 && is_ascii_lower(item[0]) && !last_number.empty()) {
        result.push_back(last_number + std::string(item));
      } else if (!item.empty()) {
        result.emplace_back(item);
        if (is_ascii_digit(item[0])) last_number = std::string(item.substr(0, 4));
      }
      at = comma + 1;
    }
    return result;
  }

  /// The surnames of "Smith et al." (Smith), "van der Berg and Lee", "Smith, Jones and Lee".
  static std::vector<std::string> surnames(std::string_view authors) {
    static const RE2 kEtAl(R"(\s+et\s+al\.?$)");
    static const RE2 kSeparator(R"((\s*,\s*(?:(?:and|&|und|et|y)\s+)?|\s+(?:and|&|und|et|y)\s+))");
    std::string list(authors);
    RE2::Replace(&list, kEtAl, "");
    std::vector<std::string> names;
    re2::StringPiece rest(list);
    const char* start = rest.data();
    re2::StringPiece separator;
    while (RE2::FindAndConsume(&rest, kSeparator, &separator)) {
      names.emplace_back(start, static_cast<size_t>(separator.data() - start));
      start = rest.data();
    }
    names.emplace_back(start, static_cast<size_t>(list.data() + list.size() - start));
    std::erase_if(names, [](const std::string& name) { return name.empty(); });
    if (names.empty()) names.emplace_back(authors);
    return names;
  }

  /// Entries by the surnames in their author part (the text before the first year) and the years
  /// they are dated with ("2008b" as well as 2008).
  class AuthorYearIndex {
   public:
    /// Entries marked in `excluded` (notes that only cite) are never found.
    AuthorYearIndex(const std::vector<ReferenceEntry>& entries, const std::vector<bool>& excluded)
        : entries_(entries) {
      folded_.reserve(entries.size());
      years_.resize(entries.size());
      for (const ReferenceEntry& entry : entries) {
        const std::string_view author_part = entry_author_part(entry);
        folded_.push_back(" " + fold_for_comparison(author_part) + " ");
        // "Karen Levy and Solon Barocas", "Levy, K., & Barocas, S.", "Levy K, Barocas S": the first
        // author is what comes before the first separator (folding keeps them).
        const std::string& folded = folded_.back();
        const size_t first_end = std::min(folded.find_first_of(",;&"), folded.find(" and ", 1));
        first_authors_.push_back(folded.substr(0, first_end) + " ");
        // "Davis PM, Walters WH." is two authors, "Davis PM." one; a rough count serves.
        author_counts_.push_back(
            1 +
            static_cast<size_t>(std::count_if(author_part.begin(), author_part.end(),
                                              [](char c) { return c == ',' || c == ';' || c == '&'; })) +
            (author_part.find(" and ") != std::string_view::npos ? 1 : 0));
      }
      // Keys are views into folded_, which no longer changes.
      for (uint32_t entry = 0; entry < folded_.size(); ++entry) {
        if (!excluded[entry]) index_words(entry);
      }
    }

    /// The entry by `surname` dated `year`, or kNoIndex. Among several, the best fit wins: the
    /// surname as the first author (not a co-author of another work that year), the year's suffix
    /// ("2008b"), the second author named ("Davis & Walters"), one author for a citation of one,
    /// three or more for "et al.".
    uint32_t find(const std::string& surname, const std::string& year, const std::string& second,
                  bool et_al) const {
      const std::string name = " " + fold_for_comparison(surname);
      const std::string second_name = second.empty() ? std::string() : " " + fold_for_comparison(second);
      const std::string wanted = is_ascii_digit(year.front()) ? year : fold_for_comparison(year);
      uint32_t best = kNoIndex;
      int best_score = -1;
      for (const uint32_t entry : candidates(name)) {
        if (!contains_name(folded_[entry], name)) continue;
        int score = -1;
        for (const std::string& written : years_of(entry)) {
          if (written == wanted) score = std::max(score, 2);
          if (written.substr(0, 4) == wanted.substr(0, 4)) score = std::max(score, 0);
        }
        if (score < 0) continue;
        if (contains_name(first_authors_[entry], name)) score += 3;
        const size_t authors = author_counts_[entry];
        if (!second_name.empty() && contains_name(folded_[entry], second_name)) score += 2;
        if (et_al && authors >= 3) score += 1;
        if (second_name.empty() && !et_al && authors == 1) score += 1;
        if (score > best_score) {
          best = entry;
          best_score = score;
        }
      }
      return best;
    }

    bool has_author(const std::string& surname) const {
      const std::string name = " " + fold_for_comparison(surname);
      const std::vector<uint32_t>& entries = candidates(name);
      return std::any_of(entries.begin(), entries.end(),
                         [&](uint32_t entry) { return contains_name(folded_[entry], name); });
    }

   private:
    /// Indexes the words a name can start with in entry `entry`'s authors: after a space, each
    /// prefix of a word that ends where contains_name() lets a name end ("smith" and "smith-jones"
    /// in "smith-jones"). A citation is then compared with the entries that have its first word,
    /// not with every entry of a page listing hundreds.
    void index_words(uint32_t entry) {
      const std::string_view authors = folded_[entry];
      for (size_t start = authors.find(' '); start != std::string_view::npos;
           start = authors.find(' ', start)) {
        ++start;
        const size_t end = std::min(authors.find(' ', start), authors.size());
        for (size_t cut = start + 1; cut <= end; ++cut) {
          if (cut < end && is_ascii_alpha(authors[cut])) continue;
          std::vector<uint32_t>& entries = by_word_[authors.substr(start, cut - start)];
          if (entries.empty() || entries.back() != entry) entries.push_back(entry);
        }
        start = end;
      }
    }

    /// The years entry `entry` gives ("2008b", "n.d.", "in press"), read the first time a citation
    /// names one of its authors.
    const std::vector<std::string>& years_of(uint32_t entry) const {
      std::optional<std::vector<std::string>>& years = years_[entry];
      if (years) return *years;
      static const RE2 kYear(R"(\b((?:1[5-9]|20)\d\d[a-z]?)\b)");
      static const RE2 kNoDate(R"((?i)\b(n\.\s?d\.|in press)\b)");
      years.emplace();
      const std::string_view text = entries_[entry].text;
      re2::StringPiece rest(text);
      re2::StringPiece year;
      while (RE2::FindAndConsume(&rest, kYear, &year)) years->emplace_back(year);
      re2::StringPiece no_date;
      if (RE2::PartialMatch(text, kNoDate, &no_date)) years->push_back(fold_for_comparison(no_date));
      return *years;
    }

    /// The entries whose authors hold the first word of `name` (" surname ..."), in order.
    const std::vector<uint32_t>& candidates(const std::string& name) const {
      static const std::vector<uint32_t> kNone;
      const size_t end = std::min(name.find(' ', 1), name.size());
      const auto found = by_word_.find(std::string_view(name).substr(1, end - 1));
      return found == by_word_.end() ? kNone : found->second;
    }

    /// `name` (with a leading space) followed by a non-letter in `authors`.
    static bool contains_name(const std::string& authors, const std::string& name) {
      for (size_t at = authors.find(name); at != std::string::npos; at = authors.find(name, at + 1)) {
        const size_t after = at + name.size();
        if (after >= authors.size() || !is_ascii_alpha(authors[after])) return true;
      }
      return false;
    }

    const std::vector<ReferenceEntry>& entries_;
    std::vector<std::string> folded_;
    std::vector<std::string> first_authors_;  // folded, as folded_
    std::vector<size_t> author_counts_;
    mutable std::vector<std::optional<std::vector<std::string>>> years_;  // years_of(), read once
    std::unordered_map<std::string_view, std::vector<uint32_t>> by_word_;
  };

  void assign_sentences() {
    uint32_t current_block = kNoIndex;
    std::vector<Sentence> sentences;
    for (CitationMarker& marker : model_.markers_) {
      if (marker.block != current_block) {
        current_block = marker.block;
        sentences = split_sentences(blocks()[current_block].text);
      }
      const auto holding =
          std::upper_bound(sentences.begin(), sentences.end(), marker.text_begin,
                           [](uint32_t at, const Sentence& sentence) { return at < sentence.end; });
      const Sentence sentence =
          holding != sentences.end() ? *holding : Sentence{marker.text_begin, marker.text_end};
      marker.sentence_begin = sentence.begin;
      marker.sentence_end = sentence.end;
    }
  }

  const Document& document_;
  const CitationOptions& options_;
  CitationModel model_;
  std::vector<uint32_t> block_entry_;  // the entry each block belongs to, or kNoIndex
  std::vector<std::vector<uint32_t>> links_by_block_;
  std::vector<bool> in_peer_review_;  // by block: inside a referee report (mark_peer_review)
  std::unordered_set<uint32_t> list_elements_;
  std::unordered_map<uint32_t, uint32_t> entry_of_element_;
  std::vector<uint32_t> sibling_candidates_;  // elements whose class names a reference entry
};

CitationExtraction::CitationExtraction(const Document& document, CitationOptions options)
    : options_(std::move(options)), extractor_(std::make_unique<CitationExtractor>(document, options_)) {}

CitationExtraction::~CitationExtraction() = default;

CitationModel CitationExtraction::reference_lists() {
  return extractor_->find_lists();
}

CitationModel CitationExtraction::citations() {
  return extractor_->find_markers();
}

CitationModel extract_citations(const Document& document, const CitationOptions& options) {
  CitationExtractor extractor(document, options);
  extractor.find_lists();
  return extractor.find_markers();
}

}  // namespace reflint
