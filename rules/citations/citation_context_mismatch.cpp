#include "rules/citations/citation_context_mismatch.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <unordered_set>

#include "lint/analysis/reference_fields.h"
#include "lint/text/unicode.h"
#include "rules/citations/citation_support.h"

namespace reflint {
namespace {

constexpr std::string_view kHelp = R"md(## What it does

Reads the sentence around a citation marker and reports it when it explicitly names something that
contradicts the cited entry:

- a year: "a 2015 study (4)", "published in 2015", "Smith et al. (2015)" when entry 4 is from
  2018 (one year either way is allowed, for online-first publication);
- a journal: "in The Lancet (4)" when entry 4 appeared in JAMA. Journal names are compared word by
  word with ISO 4 abbreviations allowed, so "BMC Musculoskelet Disord", "BMC Musculoskeletal
  Disorders" and "BioMed Central Musculoskeletal Disorders" are the same journal. A journal counts
  as named when it is another entry's journal or a well-known one;
- a first author: "Smith et al. (4)" when entry 4 has no author Smith.

Only the text between the previous marker of the sentence and this one is read, and only markers
that cite one reference are checked. Silence is not a contradiction: a sentence that names nothing
is fine.

## Why it matters

The sentence tells the reader which study supports the claim. When it names another year, journal
or author than the reference, the number is probably wrong, or the sentence describes a
different study than the one cited.

## Example

```html
<p>A 2015 study in The Lancet found the opposite (4).</p>
<p>4 Loureiro A, ... BMC Musculoskelet Disord. 2018;19(1):303.</p>
```
)md";

constexpr int kYearTolerance = 1;  // online-first articles carry the next year's issue date
constexpr size_t kMinJournalWords = 2;

struct Word {
  std::string folded;  // case-folded, accents removed
  bool capitalised;    // as written
  uint32_t begin;      // in the text it came from
  uint32_t end;
};

/// Significant words of a journal name, folded ("BioMed Central" becomes "bmc"; "of", "the", "and"
/// and "&" are dropped).
std::vector<Word> journal_words(std::string_view text) {
  static const std::unordered_set<std::string> kStopWords = {"the", "of", "and", "in",  "for", "on", "a",
                                                             "an",  "de", "la",  "und", "fur", "et"};
  static const RE2 kWord(R"(([\p{L}\p{N}]+))");
  std::vector<Word> words;
  re2::StringPiece rest(text);
  re2::StringPiece word;
  while (RE2::FindAndConsume(&rest, kWord, &word)) {
    const auto begin = static_cast<uint32_t>(word.data() - text.data());
    std::string folded = fold_for_comparison(std::string_view(word.data(), word.size()));
    if (kStopWords.count(folded) != 0) continue;
    const unsigned char lead = static_cast<unsigned char>(word[0]);
    const bool capitalised = std::isupper(lead) != 0 || std::isdigit(lead) != 0 || lead >= 0x80;
    if (!words.empty() && words.back().folded == "biomed" && folded == "central") {
      words.back().folded = "bmc";
      words.back().end = begin + static_cast<uint32_t>(word.size());
      continue;
    }
    words.push_back({std::move(folded), capitalised, begin, begin + static_cast<uint32_t>(word.size())});
  }
  return words;
}

/// ISO 4: an abbreviation keeps the first letter and a subsequence of the word ("Musculoskelet",
/// "Disord", "Natl", "J").
bool abbreviates(const std::string& a, const std::string& b) {
  const std::string& shorter = a.size() <= b.size() ? a : b;
  const std::string& longer = a.size() <= b.size() ? b : a;
  if (shorter.empty() || shorter[0] != longer[0]) return false;
  size_t at = 0;
  for (const char c : longer) {
    if (at < shorter.size() && shorter[at] == c) ++at;
  }
  return at == shorter.size();
}

/// "JAMA" for "Journal of the American Medical Association", "BMJ" for "British Medical Journal".
bool is_acronym_of(const std::vector<Word>& acronym, const std::vector<Word>& name) {
  if (acronym.size() != 1 || name.size() < 2 || acronym[0].folded.size() != name.size()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i].folded.empty() || name[i].folded[0] != acronym[0].folded[i]) return false;
  }
  return true;
}

bool same_journal(const std::vector<Word>& a, const std::vector<Word>& b) {
  if (is_acronym_of(a, b) || is_acronym_of(b, a)) return true;
  if (a.size() != b.size() || a.empty()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!abbreviates(a[i].folded, b[i].folded)) return false;
  }
  return true;
}

enum class Cue : uint8_t { any, journal };

/// Whether the text before `at` introduces a journal: "in (the)", "journal", "edition of", "issue of".
bool introduces_journal(std::string_view text, uint32_t at) {
  static const RE2 kCue(R"((?i)(?:\bin|\bjournal|\bedition\s+of|\bissue\s+of)(?:\s+the)?\s*$)");
  return RE2::PartialMatch(text.substr(0, at), kCue);
}

/// Where `name` is written, capitalised, in `text` (whose words are `words`); with Cue::journal
/// only where the text introduces it as a journal. A one-word name counts only right after
/// "journal" ("the journal Trials"), unless it is a well-known journal ("in The Lancet").
std::optional<std::string_view> find_mention(std::string_view text, const std::vector<Word>& words,
                                             const std::vector<Word>& name, Cue cue, bool well_known) {
  const std::vector<Word>& text_words = words;
  if (name.empty() || text_words.size() < name.size()) return std::nullopt;
  for (size_t start = 0; start + name.size() <= text_words.size(); ++start) {
    bool match = true;
    for (size_t i = 0; i < name.size() && match; ++i) {
      const Word& word = text_words[start + i];
      // A single letter in the text is not a journal word, even if "J" abbreviates "Journal".
      match = word.capitalised && abbreviates(word.folded, name[i].folded) &&
              (word.folded.size() > 1 || name[i].folded.size() == 1);
    }
    if (!match) continue;
    const uint32_t begin = text_words[start].begin;
    if (cue == Cue::journal && !introduces_journal(text, begin)) continue;
    if (name.size() >= kMinJournalWords || (well_known && cue == Cue::journal) ||
        (start > 0 && text_words[start - 1].folded == "journal")) {
      return text.substr(begin, text_words[start + name.size() - 1].end - begin);
    }
  }
  return std::nullopt;
}

const std::vector<std::vector<Word>>& well_known_journals() {
  static const std::vector<std::vector<Word>> kJournals = [] {
    std::vector<std::vector<Word>> journals;
    for (const std::string_view name : {"The Lancet",
                                        "JAMA",
                                        "Journal of the American Medical Association",
                                        "BMJ",
                                        "British Medical Journal",
                                        "New England Journal of Medicine",
                                        "NEJM",
                                        "Nature",
                                        "Science",
                                        "PLOS ONE",
                                        "PLOS Medicine",
                                        "Proceedings of the National Academy of Sciences",
                                        "PNAS",
                                        "Annals of Internal Medicine",
                                        "JAMA Internal Medicine",
                                        "Cochrane Database of Systematic Reviews",
                                        "American Journal of Sports Medicine",
                                        "British Journal of Sports Medicine",
                                        "Osteoarthritis and Cartilage",
                                        "Arthritis and Rheumatology",
                                        "Journal of Bone and Joint Surgery",
                                        "Physical Therapy"}) {
      journals.push_back(journal_words(name));
    }
    return journals;
  }();
  return kJournals;
}

/// The year the text ties to the cited work ("a 2015 study", "published in June 2015", "Smith et al.
/// (2015)"), the last one before the marker; 0 when none.
int stated_year(std::string_view text) {
  static const RE2 kStudyYear(
      R"(\b((?:1[6-9]|20)\d\d)\s+(?:study|studies|paper|trial|review|report|article|analysis|meta-analysis|survey|publication|edition|issue|guideline|guidelines|cohort|experiment)\b)");
  static const RE2 kPublishedYear(
      R"(\bpublished\s+(?:online\s+)?(?:in\s+)?(?:(?:early|late|mid)[\s-]+)?(?:[A-Z][a-z]+\s+)?(?:of\s+)?((?:1[6-9]|20)\d\d)\b)");
  static const RE2 kAuthorYear(R"(\bet al\.?,?\s+\(((?:1[6-9]|20)\d\d)[a-z]?\))");
  static const RE2 kStudyWord(
      R"((?i)\b(?:study|studies|paper|trial|review|report|article|research|analysis|journal)\b)");
  if (text.find("19") == std::string_view::npos && text.find("20") == std::string_view::npos &&
      text.find("18") == std::string_view::npos && text.find("17") == std::string_view::npos &&
      text.find("16") == std::string_view::npos) {
    return 0;  // no year, the common case: skip the patterns
  }
  int year = 0;
  size_t year_at = 0;
  auto last_match = [&](const RE2& pattern) {
    re2::StringPiece rest(text);
    re2::StringPiece found;
    while (RE2::FindAndConsume(&rest, pattern, &found)) {
      const auto at = static_cast<size_t>(found.data() - text.data());
      if (at >= year_at) {
        year_at = at;
        year = std::atoi(std::string(found).c_str());
      }
    }
  };
  last_match(kStudyYear);
  // "The book was published in 1998" names the book, not the cited study.
  if (RE2::PartialMatch(text, kStudyWord)) last_match(kPublishedYear);
  last_match(kAuthorYear);
  return year;
}

/// The surname a sentence attributes the cited work to: "Smith et al.", "Smith and colleagues".
std::string stated_author(std::string_view text) {
  static const RE2 kEtAl(
      R"(((?:\p{Lu}[\p{L}'’-]+\s+)?\p{Lu}[\p{L}'’-]+)\s+(?:et\s+al\b|and\s+colleagues\b|and\s+co-?workers\b))");
  if (text.find("et al") == std::string_view::npos && text.find("colleagues") == std::string_view::npos &&
      text.find("workers") == std::string_view::npos) {
    return {};
  }
  re2::StringPiece rest(text);
  re2::StringPiece found;
  std::string last;
  while (RE2::FindAndConsume(&rest, kEtAl, &found)) {
    const std::string_view name(found.data(), found.size());
    last = std::string(name.substr(name.rfind(' ') == std::string_view::npos ? 0 : name.rfind(' ') + 1));
  }
  return last;
}

/// An entry with a DOI, a PMID or a volume(issue):pages: its container is a journal.
bool is_scholarly(const ReferenceEntry& entry) {
  static const RE2 kVolume(R"(\d+\s?\(\d+\)\s?:\s?\d+|\b(?:1[6-9]|20)\d\d;\s?\d+)");
  if (!entry.dois.empty() || !entry.pmid.empty()) return true;
  return entry.text.find(':') != std::string::npos && entry.text.find_first_of("(;") != std::string::npos &&
         RE2::PartialMatch(entry.text, kVolume);
}

bool has_letters(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
}

/// The entry's first author as written: its text up to the first ',', ';' or '.' ("van Middelkoop M").
std::string_view first_author_part(const ReferenceEntry& entry) {
  const std::string_view text = entry.text;
  return text.substr(0, std::min(text.find_first_of(",;."), text.size()));
}

}  // namespace

const RuleMeta& CitationContextMismatch::meta() const {
  static const RuleMeta kMeta{
      .id = "citation-context-mismatch",
      .family = "citations",
      .summary =
          "The sentence around a citation names a year, journal or author that contradicts the cited entry.",
      .description =
          "Reports citation markers whose sentence explicitly names a publication year (more than one year "
          "off), a "
          "journal (ISO 4 abbreviations allowed) or a first author that the cited reference entry "
          "contradicts.",
      .help = kHelp,
      .default_level = Level::warning,
      .needs_network = false,
      .precision = Precision::medium,
  };
  return kMeta;
}

namespace {

/// The journals a sentence may name: the well-known ones first, then those of the page's scholarly
/// entries (a website or publisher named in a sentence is a source of facts, not a journal).
struct KnownJournals {
  std::vector<std::vector<Word>> all;
  size_t well_known = 0;  // all[0, well_known) are the well-known ones
};
KnownJournals known_journals(const CitationModel& model) {
  KnownJournals journals{well_known_journals(), 0};
  journals.well_known = journals.all.size();
  // Each journal once, however many entries appeared in it: every claim is compared with all.
  std::unordered_set<std::string> seen;
  for (const ReferenceEntry& entry : model.entries()) {
    if (!is_scholarly(entry)) continue;
    std::vector<Word> words = journal_words(entry.container);
    std::string key;
    for (const Word& word : words) {
      key += word.folded;
      key += word.capitalised ? "^ " : " ";
    }
    if (!words.empty() && seen.insert(std::move(key)).second) journals.all.push_back(std::move(words));
  }
  return journals;
}

/// The entry a marker cites when it cites exactly one numbered reference, else kNoIndex.
uint32_t single_cited_entry(const CitationModel& model, const CitationMarker& marker) {
  const uint32_t list = model.list_cited_by(marker);
  uint32_t entry = marker.target_entry;
  if (entry == kNoIndex && list != kNoIndex && marker.numbers.size() == 1)
    entry = model.entry_by_number(list, marker.numbers.front());
  if (entry == kNoIndex || (marker.target_entry == kNoIndex && marker.numbers.size() != 1)) return kNoIndex;
  // A lettered note, not a reference.
  if (model.lists()[model.entries()[entry].list].numbering == ListNumbering::none) return kNoIndex;
  return entry;
}

/// One marker, the text it answers for, and the entry it cites.
struct CitedClaim {
  const CitationMarker& marker;
  std::string_view text;
  const ReferenceEntry& entry;
  std::string reference;  // "reference 5", for messages
};

bool reports_year(const Document& document, RuleContext& context, const CitedClaim& claim) {
  const int year = stated_year(claim.text);
  if (year == 0 || claim.entry.year == 0) return false;
  const bool agrees = std::any_of(claim.entry.years.begin(), claim.entry.years.end(),
                                  [&](int written) { return std::abs(written - year) <= kYearTolerance; });
  if (agrees) return false;
  context
      .report(document, claim.marker.range,
              fmt::format("the sentence dates the cited work {}, but {} is from {}; expected the year of the "
                          "cited reference",
                          year, claim.reference, claim.entry.year))
      .fingerprint_key("year");
  return true;
}

bool reports_journal(const Document& document, RuleContext& context, const CitedClaim& claim,
                     const KnownJournals& journals) {
  const ReferenceEntry& entry = claim.entry;
  if (!is_scholarly(entry) || !has_letters(entry.container)) return false;
  const std::vector<Word> container = journal_words(entry.container);
  const std::vector<Word> words = journal_words(claim.text);
  const auto well_known_end = journals.all.begin() + static_cast<ptrdiff_t>(journals.well_known);
  const bool container_named =
      find_mention(claim.text, words, container, Cue::any, false) ||
      std::any_of(journals.all.begin(), well_known_end, [&](const std::vector<Word>& journal) {
        return same_journal(journal, container) && find_mention(claim.text, words, journal, Cue::any, true);
      });
  if (container_named) return false;
  std::optional<std::string_view> named;
  for (size_t index = 0; index < journals.all.size() && !named; ++index) {
    if (same_journal(journals.all[index], container)) continue;
    named = find_mention(claim.text, words, journals.all[index], Cue::journal, index < journals.well_known);
  }
  if (!named) return false;
  context
      .report(document, claim.marker.range,
              fmt::format("the sentence names the journal '{}', but {} appeared in {}; expected the journal "
                          "of the cited reference",
                          *named, claim.reference, entry.container))
      .fingerprint_key("journal");
  return true;
}

void report_author(const Document& document, RuleContext& context, const CitedClaim& claim) {
  const std::string author = stated_author(claim.text);
  if (author.empty() || claim.entry.first_author.empty()) return;
  const std::string authors = fold_for_comparison(first_author_part(claim.entry));
  const std::string stated = fold_for_comparison(author);
  if (authors.find(stated) != std::string::npos) return;
  // "Baker, Evans and co-workers", "Evans and colleagues": the group is often named by its head,
  // the last author; any author of the entry will do.
  const bool group_cue = claim.text.find("colleagues") != std::string_view::npos ||
                         claim.text.find("workers") != std::string_view::npos;
  if (group_cue && fold_for_comparison(entry_author_part(claim.entry)).find(stated) != std::string::npos)
    return;
  context
      .report(document, claim.marker.range,
              fmt::format("the sentence attributes the cited work to {}, but {} is by {}; expected the first "
                          "author of the cited reference",
                          author, claim.reference, claim.entry.first_author))
      .fingerprint_key("author");
}

}  // namespace

void CitationContextMismatch::check(const Document& document, RuleContext& context) {
  const CitationModel& model = context.citations();
  const KnownJournals journals = known_journals(model);
  const CitationMarker* previous = nullptr;
  for (const CitationMarker& marker : model.markers()) {
    // An author-year citation names its author and year itself, and was matched by them; so does
    // a link labelled with a name ("Koblmüller et al., 2008b", "Morin et al." before its year).
    static const RE2 kWordInLabel(R"(\p{L}{2})");
    if (marker.style == MarkerStyle::author_year ||
        (marker.style == MarkerStyle::link && RE2::PartialMatch(marker.label, kWordInLabel))) {
      continue;
    }
    // The text this marker answers for: its sentence, after any earlier marker in the same sentence.
    uint32_t begin = marker.sentence_begin;
    if (previous != nullptr && previous->block == marker.block &&
        previous->sentence_begin == marker.sentence_begin) {
      begin = std::max(begin, previous->text_end);
    }
    previous = &marker;
    if (marker.text_begin <= begin) continue;
    const uint32_t entry_index = single_cited_entry(model, marker);
    if (entry_index == kNoIndex) continue;
    const ReferenceEntry& entry = model.entries()[entry_index];
    const CitedClaim claim{
        marker,
        std::string_view(document.blocks()[marker.block].text).substr(begin, marker.text_begin - begin),
        entry, entry.number != 0 ? fmt::format("reference {}", entry.number) : "the reference"};
    // One finding per marker: the year, else the journal, else the author.
    if (reports_year(document, context, claim) || reports_journal(document, context, claim, journals))
      continue;
    report_author(document, context, claim);
  }
}

}  // namespace reflint
