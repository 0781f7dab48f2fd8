#pragma once
// In-text citation markers and reference lists, found once per Document and shared by the
// citation, DOI and quote rules (PageAnalyses::citations()).
//
// Markers: "(3)", "[3]", "<sup>3</sup>", lists and ranges ("[1, 3–5]", "<sup>1-3,7</sup>"),
// "ref. 5" / "refs. 3, 4", links to an element inside a reference list (Wikipedia's
// "#cite_note-…", PMC's "#B5", "#CR5", "#bib5", ...), and author-year citations ("(Smith et al.,
// 2019; Lee 2020a)", "Smith and Jones (2019)") on a page that cites so, matched to entries by
// first author and year. A page whose citations are links is read by
// its links only; unlinked numbers count only on pages with a numbered reference list, and never
// when they are years, statistics, enumerations, figure or table numbers, exponents, prices or
// phone numbers.
//
// Reference lists: found by class or id (references, reflist, ref-list, bibliography, footnotes),
// by heading (References, Bibliography, Notes, ... in several languages), or by shape (an <ol> of
// bibliographic entries, or a run of paragraphs numbered "1 ", "1.", "[1]", "1)").

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lint/model/document.h"

namespace reflint {

enum class MarkerStyle : uint8_t {
  link,         // a link to an element inside a reference list (any label)
  superscript,  // <sup>3</sup>, <sup>1-3,7</sup>
  bracket,      // [3], [1, 3–5]
  parenthesis,  // (3), (2,4)
  ref_word,     // ref. 5, refs. 3, 4
  author_year,  // (Smith et al., 2019; Lee & Park 2020a), Smith and Jones (2019)
};
std::string_view to_string(MarkerStyle style);

struct CitationMarker {
  MarkerStyle style = MarkerStyle::parenthesis;
  std::string label;              // as written: "[12]", "3–5", "a"
  std::vector<uint32_t> numbers;  // cited numbers, ranges expanded; empty for a lettered note ("[a]")
  uint32_t block = kNoIndex;
  uint32_t text_begin = 0;  // the marker in the block's text
  uint32_t text_end = 0;
  SourceRange range;            // the marker in the source
  uint32_t sentence_begin = 0;  // its sentence in the block's text
  uint32_t sentence_end = 0;
  uint32_t link = kNoIndex;            // index into Document::links() for a link marker
  uint32_t target_element = kNoIndex;  // the element the link points at
  uint32_t target_entry = kNoIndex;    // the entry holding that element
  bool target_missing = false;         // the link names an id the page does not have
  // Author-year citations: the first author's surname and the year as cited ("2019a", "n.d.").
  std::string cited_author;
  std::string cited_year;
};

/// How a reference list shows its numbers.
enum class ListNumbering : uint8_t {
  ordered,   // <ol>: numbers from position, start and value
  typed,     // entries whose text starts with their number ("1 ", "1.", "[1]", "1)")
  anchored,  // numbers only in the entries' ids (ref5, B5, CR5, bib5)
  none,      // a bulleted bibliography, or a lettered notes list
};

struct ReferenceList {
  uint32_t element = kNoIndex;        // the <ol>/<ul>, or the container of the paragraphs
  uint32_t heading_block = kNoIndex;  // the heading it was found under, if any
  ListNumbering numbering = ListNumbering::ordered;
  uint32_t first_entry = 0;  // entries [first_entry, end_entry) of CitationModel::entries
  uint32_t end_entry = 0;
};

struct ReferenceEntry {
  uint32_t list = 0;
  uint32_t number = 0;          // 0 when the list is not numbered
  uint32_t element = kNoIndex;  // the <li> or <p>
  uint32_t block = kNoIndex;    // the entry's first block
  uint32_t text_begin = 0;      // its text in that block, after the number and back-links
  SourceRange range;            // the entry's text in the source (first block)
  SourceRange number_range;     // where a typed number is written (empty otherwise)
  std::string text;             // the entry's text, blocks joined by spaces, number removed
  std::string first_author;     // surname, best effort
  int year = 0;                 // 0 when none was found
  std::vector<int> years;       // every year written in the entry
  std::string container;        // journal or book, best effort
  std::string title;            // best effort
  std::vector<std::string> dois;
  std::vector<std::string> urls;
  std::string pmid;
};

class CitationModel {
 public:
  const std::vector<CitationMarker>& markers() const { return markers_; }
  const std::vector<ReferenceList>& lists() const { return lists_; }
  const std::vector<ReferenceEntry>& entries() const { return entries_; }

  /// The entry with `number` in `list`, or kNoIndex (the first one when the number repeats).
  uint32_t entry_by_number(uint32_t list, uint32_t number) const;
  /// The list that unlinked numeric markers refer to: the numbered list with most entries, or kNoIndex.
  uint32_t main_list() const { return main_list_; }
  /// The list a marker cites: its link target's list, or the main list for an unlinked number.
  uint32_t list_cited_by(const CitationMarker& marker) const;

 private:
  friend class CitationExtractor;
  std::vector<CitationMarker> markers_;
  std::vector<ReferenceList> lists_;
  std::vector<ReferenceEntry> entries_;
  uint32_t main_list_ = kNoIndex;
};

/// What a user can add to the built-in reading of a page.
struct CitationOptions {
  std::vector<std::string> extra_heading_words;  // more headings that introduce a reference list
};

class CitationExtractor;

/// A page's citations in two steps, so that a rule that needs only the reference lists
/// (duplicate-paragraph, the DOI rules) does not pay for finding the markers.
class CitationExtraction {
 public:
  CitationExtraction(const Document& document, CitationOptions options);
  ~CitationExtraction();
  CitationExtraction(const CitationExtraction&) = delete;
  CitationExtraction& operator=(const CitationExtraction&) = delete;

  /// The reference lists and their entries; no markers.
  CitationModel reference_lists();
  /// After reference_lists(): the same lists and entries with the markers that cite them. Call once.
  CitationModel citations();

 private:
  const CitationOptions options_;
  std::unique_ptr<CitationExtractor> extractor_;
};

/// Finds every marker and reference list of `document`.
CitationModel extract_citations(const Document& document, const CitationOptions& options = {});

}  // namespace reflint
