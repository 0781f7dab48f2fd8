#include "rules/doi/doi_metadata_mismatch.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstdlib>
#include <initializer_list>
#include <optional>
#include <set>
#include <utility>

#include "lint/text/ascii.h"
#include "lint/text/unicode.h"

namespace reflint {
namespace {

constexpr std::string_view kHelp = R"md(## What it does

Looks up the metadata of each DOI in a reference entry (Crossref's REST API; DataCite's for DataCite
DOIs) and weighs it against the entry's text: the title (the share of the words of the record's
title, with or without its subtitle, or of a translated or original title, found in the entry), the
first author's surname or organisation, the year (±1, any of the record's print, online and posted
years) and the journal, book or preprint server (abbreviations such as "BMC Musculoskelet Disord"
match "BMC Musculoskeletal Disorders"). A field the record or the entry lacks (no year in an entry
"in press") is no evidence either way. It
reports when the evidence says "another work":

- the record's title is not in the entry, and the first author, the year or the journal disagrees;
- when the first author agrees (another paper of the same author, the commonest slip: the DOI
  copied from the neighbouring line of a publication list), at most a third of the title may be
  there and the year or the journal disagree, or the year and the journal must both disagree, or
  a title of four words or more must be absent (the same author, journal and year: only the title
  tells) from an entry that does not mark its title as a translation ("[...]", "(in German)");
- a title of several words is all but absent and no field agrees (a record that is only a title,
  such as a journal's own DOI);
- the DOI is a peer review or a part (a figure, a supplement) of the work the entry cites, or a
  dataset where the entry cites an article (a volume or pages, no repository), and the entry does
  not say it cites a review, a part or data.

A DOI of another version of the cited work (its title in the entry) is a note, not a mismatch:
the preprint of the published article the entry cites (Crossref's `is-preprint-of`), the published
version of the preprint it cites (`has-preprint`), or a chapter of the book the entry cites as a
whole. The message shows both sides and which fields disagree.

DOIs in running text (a link on "a recent study") are not judged: the sentence names no work to
compare with. DOIs that could not be looked up are listed in the run summary, not reported.

## Why it matters

A DOI with a mistyped digit often still resolves, to someone else's paper. Readers who follow it
land on an unrelated work, and citation indexes credit the wrong authors.

## Example

```html
<p>Loureiro A, Constantinou M, Diamond LE, Beck B, Barrett R. Individuals with mild-to-moderate hip
osteoarthritis have lower limb muscle strength and volume deficits. BMC Musculoskelet Disord.
2018;19(1):303. doi:10.1186/s12891-018-2231-4</p>
```

If `10.1186/s12891-018-2231-4` is another paper, the entry names the wrong DOI: here it should be
`10.1186/s12891-018-2230-4`.
)md";

/// Words of `text`, case-folded with accents removed ("Gül" and "gul" are the same word); any
/// code point that is no letter, mark or number (curly quotes, dashes) ends a word.
std::vector<std::string> words_of(std::string_view text) {
  const std::string plain =
      map_unicode(text, kCaseFold | kDecompose | kStripMarks | kCompatibility).value_or(std::string(text));
  std::vector<std::string> words;
  std::string word;
  for (size_t at = 0; at < plain.size();) {
    const CodePoint code_point = decode_utf8(plain, at);
    if (is_word_code_point(code_point.value)) {
      word.append(plain, at, code_point.length);
    } else if (!word.empty()) {
      words.push_back(std::exchange(word, {}));
    }
    at += code_point.length;
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

/// `text` without its DOIs and web addresses (any word with a '/'): the words of a DOI suffix
/// ("10.5555/hip.strength.2018") are no evidence of a title, journal or year.
std::string without_identifiers(std::string_view text) {
  std::string prose;
  for (size_t at = 0; at < text.size();) {
    const size_t end = std::min(text.find_first_of(" \t\r\n", at), text.size());
    const std::string_view token = text.substr(at, end - at);
    if (token.find('/') == std::string_view::npos) {
      prose.append(token);
      prose += ' ';
    }
    at = end + 1;
  }
  return prose;
}

bool is_minor_word(std::string_view word) {
  static const std::set<std::string_view> kMinor = {"a",   "an", "and",  "the", "of", "in",   "on",
                                                    "for", "to", "with", "by",  "at", "from", "&"};
  return kMinor.contains(word);
}

/// A journal name matches when each of its words appears in the text, whole or abbreviated
/// ("musculoskelet" for "musculoskeletal", "disord" for "disorders").
bool journal_in(const std::vector<std::string>& journal, const std::vector<std::string>& text) {
  size_t compared = 0;
  for (const std::string& word : journal) {
    if (is_minor_word(word)) continue;
    ++compared;
    const bool found = std::any_of(text.begin(), text.end(), [&word](const std::string& candidate) {
      return candidate == word || (candidate.size() >= 3 && word.starts_with(candidate));
    });
    if (!found) return false;
  }
  return compared > 0;
}

/// Authors written as "Surname AB," or "Surname, A.", or "et al": the text is a reference entry,
/// not running prose that links a DOI.
bool reads_like_reference(std::string_view text) {
  static const RE2 kAuthor(R"re((\p{Lu}[\p{Ll}'’-]+,? (?:\p{Lu}\.? ?){1,3}[,.;]))re");
  static const RE2 kEtAl(R"re(\bet al\b)re");
  static const RE2 kYear(R"re(\b(?:1[89]|20)\d\d\b)re");
  if (!RE2::PartialMatch(text, kYear)) return false;
  if (RE2::PartialMatch(text, kEtAl)) return true;
  re2::StringPiece rest(text.data(), text.size());
  int authors = 0;
  while (authors < 2 && RE2::FindAndConsume(&rest, kAuthor)) ++authors;
  return authors >= 2;
}

std::string shorten(std::string_view text, size_t limit) {
  if (text.size() <= limit) return std::string(text);
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return std::string(text.substr(0, cut)) + "…";
}

std::string describe(const WorkMetadata& record) {
  std::string description = fmt::format("\"{}\"", record.title);
  std::vector<std::string> parts;
  if (!record.first_author.empty()) parts.push_back(record.first_author);
  if (record.year != 0) parts.push_back(std::to_string(record.year));
  if (!record.containers.empty()) parts.push_back(record.containers.front());
  if (!parts.empty()) description += fmt::format(" ({})", fmt::join(parts, ", "));
  return description;
}

/// How many words of `title` (minor words aside) there are and how many `vocabulary` holds.
struct TitleWords {
  size_t words = 0;
  size_t found = 0;
  double share() const { return words == 0 ? 1.0 : static_cast<double>(found) / static_cast<double>(words); }
};

TitleWords title_words_in(std::string_view title, const std::set<std::string>& vocabulary) {
  TitleWords counted;
  // As in the entry, the words of a code or path in the title ("lenses-lab/LYAO_RT-2018") count not.
  for (const std::string& word : words_of(without_identifiers(title))) {
    if (is_minor_word(word)) continue;
    ++counted.words;
    counted.found += vocabulary.contains(word) ? 1 : 0;
  }
  return counted;
}

Agreement agreement(bool known, bool agrees) {
  if (!known) return Agreement::unknown;
  return agrees ? Agreement::agrees : Agreement::differs;
}

std::string_view said(Agreement field, std::string_view agrees, std::string_view differs) {
  return field == Agreement::unknown ? "not in the record" : field == Agreement::agrees ? agrees : differs;
}

/// The DOI a relation of `record` of type `type` names; empty when there is none.
std::string related(const WorkMetadata& record, std::string_view type) {
  for (const WorkRelation& relation : record.relations)
    if (relation.type == type) return relation.doi;
  return {};
}

/// Whether the entry's words say that it cites a preprint ("preprint", "bioRxiv", "arXiv").
bool names_a_preprint(const std::set<std::string>& vocabulary) {
  return std::any_of(vocabulary.begin(), vocabulary.end(), [](const std::string& word) {
    return word == "preprint" || word == "preprints" || word.find("rxiv") != std::string::npos;
  });
}

/// Whether the entry gives a volume or pages, as citations of a published article do and those
/// of a preprint do not: "28(4):366", "22:1725", "vol. 28", "pp. 366", "28, 366–379", "5, e1000446".
bool gives_volume_or_pages(std::string_view reference) {
  static const RE2 kVolumeOrPages(
      R"re((?i)\b\d+\s*\(\s*[\w–-]+\s*\)|\b\d+\s*:\s*e?\d+|\bvol\.|\bpp?\.\s*\d|\b\d+,\s*e?\d+\s*[-–]\s*\d+|\b\d+,\s*e\d{3,})re");
  return RE2::PartialMatch(reference, kVolumeOrPages);
}

/// An entry's text as the comparison reads it, read once: without DOIs and addresses, its words,
/// and whether it gives a volume or pages.
struct EntryText {
  std::string prose;
  std::vector<std::string> words;
  std::set<std::string> vocabulary;
  bool volume_or_pages = false;
};

EntryText read_entry(std::string_view reference) {
  EntryText entry;
  entry.prose = without_identifiers(reference);
  entry.words = words_of(entry.prose);
  entry.vocabulary = {entry.words.begin(), entry.words.end()};
  entry.volume_or_pages = gives_volume_or_pages(entry.prose);
  return entry;
}

/// A note when the DOI is another version of the work the entry cites (its title in the entry):
/// the preprint of a published article the entry names (a journal's volume or pages, no preprint
/// server), or the published version of the preprint it names; or a chapter of the book the entry
/// cites as a whole. Not a mismatch: the same work, though the entry may want the version it
/// describes.
std::optional<std::string> version_hint(const std::string& doi, const WorkMetadata& record,
                                        const MetadataComparison& comparison, const EntryText& entry) {
  // Another version has the work's title (or most of it); a DOI of a preprint of other words is
  // an unrelated work, judged as any other.
  if (comparison.title_overlap < 0.5 && record.type != "book-chapter") return std::nullopt;
  const bool preprint_named = names_a_preprint(entry.vocabulary);
  if (const std::string published = related(record, "is-preprint-of");
      !published.empty() && !preprint_named && comparison.journal != Agreement::agrees &&
      entry.volume_or_pages) {
    return fmt::format(
        "the DOI {} is the preprint {} of the published work {}; the reference seems to cite "
        "that version",
        doi, describe(record), published);
  }
  if (const std::string preprint = related(record, "has-preprint");
      !preprint.empty() && preprint_named && comparison.journal != Agreement::agrees) {
    return fmt::format(
        "the DOI {} is the published version {} of the preprint {}, which the reference "
        "seems to cite",
        doi, describe(record), preprint);
  }
  // The entry names the chapter's book and gives no other title: it cites the whole book.
  if (record.type == "book-chapter" && comparison.mismatch() && comparison.journal == Agreement::agrees &&
      comparison.entry_words < 4) {
    return fmt::format("the DOI {} is of a chapter, {}, of the book the reference cites", doi,
                       describe(record));
  }
  return std::nullopt;
}

/// A peer review, a component (a figure, a supplement) or a dataset cited as the work itself (an
/// article: the entry gives a volume or pages): its title holds the work's ("Data from: ..."), so
/// only its type tells; or the DOI of a whole journal, issue or series where the entry cites a
/// paper in it. Nullopt when the entry says it cites such a part or gives its whole title.
std::optional<std::string> part_cited_as_work(const std::string& doi, const WorkMetadata& record,
                                              const MetadataComparison& comparison, const EntryText& entry) {
  // A journal's title is in the entry of a paper in it: only the type tells.
  if ((record.type == "journal" || record.type == "journal-issue" || record.type == "book-series") &&
      entry.volume_or_pages) {
    return fmt::format("the DOI {} is of a whole {}, {}; the reference cites a work in it", doi,
                       record.type == "journal-issue" ? "journal issue"
                       : record.type == "journal"     ? "journal"
                                                      : "series",
                       describe(record));
  }
  // Every word of the part's own title ("Author response: ...", "Figure 2") in the entry: it is
  // the part that is cited.
  if (comparison.title_overlap >= 1.0) return std::nullopt;
  const auto names_any = [&entry](std::initializer_list<std::string_view> words) {
    return std::any_of(words.begin(), words.end(), [&entry](std::string_view word) {
      return entry.vocabulary.contains(std::string(word));
    });
  };
  if (record.type == "peer-review" && !names_any({"review", "reviews", "referee", "report", "reviewer"})) {
    const std::string work = related(record, "is-review-of");
    return fmt::format("the DOI {} is a peer review, {}{}; the reference cites the work itself", doi,
                       describe(record), work.empty() ? "" : fmt::format(", of {}", work));
  }
  if (record.type == "component" && !names_any({"figure", "fig", "table", "supplement", "supplementary",
                                                "data", "dataset", "video", "appendix"})) {
    std::string work = related(record, "is-component-of");
    if (work.empty()) work = related(record, "is-part-of");
    return fmt::format(
        "the DOI {} is a part (a figure, table or supplement), {}{}; the reference cites the "
        "whole work",
        doi, describe(record), work.empty() ? "" : fmt::format(", of {}", work));
  }
  if (record.type == "dataset" && comparison.journal != Agreement::agrees &&
      !names_any({"data", "dataset", "datasets", "database", "repository"}) && entry.volume_or_pages) {
    std::string article = related(record, "is-supplement-to");
    if (article.empty()) article = related(record, "is-referenced-by");
    return fmt::format("the DOI {} is a dataset, {}{}; the reference cites an article", doi, describe(record),
                       article.empty() ? "" : fmt::format(", of {}", article));
  }
  return std::nullopt;
}

}  // namespace

namespace {

MetadataComparison compare(const WorkMetadata& record, std::string_view reference, const EntryText& entry,
                           bool is_entry) {
  MetadataComparison comparison;
  comparison.bibliographic = is_entry || reads_like_reference(reference);
  const std::vector<std::string>& text = entry.words;
  const std::set<std::string>& vocabulary = entry.vocabulary;

  // No title words: the record's authors and journals, and initials ("JAB", "KA") in the entry.
  std::set<std::string> known;
  for (const std::string& name : record.authors)
    for (std::string& word : words_of(name)) known.insert(std::move(word));
  for (const std::string& name : record.containers)
    for (std::string& word : words_of(name)) known.insert(std::move(word));
  const std::string& prose = entry.prose;
  for (size_t at = 0; at < prose.size();) {
    size_t end = at;
    while (end < prose.size() && is_ascii_alpha(prose[end])) ++end;
    const std::string_view token(prose.data() + at, end - at);
    if (!token.empty() && token.size() <= 3 && std::all_of(token.begin(), token.end(), is_ascii_upper))
      known.insert(lower_ascii(token));
    at = end == at ? at + 1 : end;
  }
  static const RE2 kTranslated(
      R"re(\[[^\]]*\s[^\]]*\s[^\]]*\s[^\]]*\]|\(in \p{Lu}\p{Ll}+\)|(?i:\btranslat|\boriginal title))re");
  comparison.translated_title = RE2::PartialMatch(prose, kTranslated);
  comparison.entry_words =
      static_cast<size_t>(std::count_if(vocabulary.begin(), vocabulary.end(), [&](const std::string& word) {
        return word.size() >= 3 && !is_minor_word(word) && !known.contains(word) &&
               !std::all_of(word.begin(), word.end(), is_ascii_digit);
      }));
  const TitleWords title = title_words_in(record.title, vocabulary);
  comparison.title_overlap = title.share();
  comparison.title_words = title.words;
  for (const std::string& other : record.other_titles) {
    const TitleWords words = title_words_in(other, vocabulary);
    if (words.words == 0 || words.share() <= comparison.title_overlap) continue;
    comparison.title_overlap = words.share();
    comparison.title_words = words.words;
  }

  const std::vector<std::string> surname = words_of(record.first_author);
  comparison.author =
      agreement(!surname.empty(), std::all_of(surname.begin(), surname.end(),
                                              [&](const auto& word) { return vocabulary.contains(word); }));
  // The entry's years: "2019", and "2019a" of author-year styles.
  std::vector<int> entry_years;
  for (const std::string& word : text) {
    const bool suffixed = word.size() == 5 && word[4] >= 'a' && word[4] <= 'z';
    if ((word.size() == 4 || suffixed) && std::all_of(word.begin(), word.begin() + 4, is_ascii_digit)) {
      const int year = std::atoi(word.substr(0, 4).c_str());
      if (year >= 1500 && year <= 2100) entry_years.push_back(year);
    }
  }
  const auto within_a_year = [&entry_years](int year) {
    return std::any_of(entry_years.begin(), entry_years.end(),
                       [year](int given) { return std::abs(given - year) <= 1; });
  };
  // An entry without a year ("in press", "n.d.") says nothing of it.
  comparison.year =
      agreement(!entry_years.empty() && record.year != 0,
                within_a_year(record.year) ||
                    std::any_of(record.other_years.begin(), record.other_years.end(), within_a_year));
  comparison.journal =
      agreement(!record.containers.empty(),
                std::any_of(record.containers.begin(), record.containers.end(),
                            [&text](const std::string& name) { return journal_in(words_of(name), text); }));
  return comparison;
}

}  // namespace

MetadataComparison compare_with_reference(const WorkMetadata& record, std::string_view reference,
                                          bool is_entry) {
  return compare(record, reference, read_entry(reference), is_entry);
}

const RuleMeta& DoiMetadataMismatch::meta() const {
  static const RuleMeta kMeta{
      .id = "doi-metadata-mismatch",
      .family = "doi",
      .summary = "The DOI belongs to a different work than the reference entry describes.",
      .description =
          "Compares the registry's metadata for a DOI (Crossref, DataCite) with the reference entry it sits "
          "in: title similarity, first author, year (±1) and journal (abbreviations normalised), and the "
          "record's type. Reports when the evidence says another work: the title differs and another field "
          "disagrees, or a peer review or figure is cited as the work; a preprint or book chapter of the "
          "cited "
          "work is a note.",
      .help = kHelp,
      .default_level = Level::warning,
      .needs_network = true,
      .precision = Precision::high,
      .options = {},
  };
  return kMeta;
}

void DoiMetadataMismatch::judge(const QueuedDoiLookups::Queued& queued, RuleContext& context) {
  const DoiRecord& record = queued.record.get();
  if (record.status != DoiStatus::found || !record.metadata || record.metadata->title.empty()) return;
  const WorkMetadata& work = *record.metadata;
  const EntryText entry = read_entry(queued.reference);
  const MetadataComparison comparison = compare(work, queued.reference, entry, queued.in_reference_entry);
  if (!comparison.bibliographic) return;
  if (const auto hint = version_hint(queued.doi, work, comparison, entry)) {
    context.report(queued.location, *hint).level(Level::note);
    return;
  }
  if (!comparison.mismatch()) {
    if (const auto part = part_cited_as_work(queued.doi, work, comparison, entry))
      context.report(queued.location, *part);
    return;
  }
  context.report(
      queued.location,
      fmt::format("the DOI {} belongs to a different work: the registry has {}, but the reference "
                  "reads \"{}\" (title {:.0f}% alike, first author {}, year {}, journal {})",
                  queued.doi, describe(work), shorten(queued.reference, 160), comparison.title_overlap * 100,
                  said(comparison.author, "found", "not found"), said(comparison.year, "matches", "differs"),
                  said(comparison.journal, "matches", "differs")));
}

}  // namespace reflint
