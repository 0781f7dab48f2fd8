#include "rules/doi/doi_metadata_mismatch.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <utility>

#include "lint/text/unicode.h"

namespace reflint {
namespace {

constexpr std::string_view kHelp = R"md(## What it does

Looks up the metadata of each DOI in a reference entry (Crossref's REST API; DataCite's for DataCite
DOIs) and compares it with the entry's text: the first author's surname, the year (±1), the title
(the share of the record title's words found in the entry) and the journal (abbreviations such as
"BMC Musculoskelet Disord" match "BMC Musculoskeletal Disorders"). It reports only clear evidence:
an entry that reads like a reference (authors and a year) in which the record's title does not
appear and either its first author does not, or its year and journal both differ (another paper of
the same author, the commonest slip: the DOI copied from the neighbouring line of a publication
list). The message shows both sides and which fields disagree.

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

/// Words of `text`, case-folded with accents removed ("Gül" and "gul" are the same word).
std::vector<std::string> words_of(std::string_view text) {
  const std::string plain =
      map_unicode(text, kCaseFold | kDecompose | kStripMarks | kCompatibility).value_or(std::string(text));
  std::vector<std::string> words;
  std::string word;
  for (const char c : plain) {
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(std::exchange(word, {}));
    }
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

}  // namespace

MetadataComparison compare_with_reference(const WorkMetadata& record, std::string_view reference,
                                          bool is_entry) {
  MetadataComparison comparison;
  comparison.bibliographic = is_entry || reads_like_reference(reference);
  const std::vector<std::string> text = words_of(without_identifiers(reference));
  const std::set<std::string> vocabulary(text.begin(), text.end());

  size_t title_words = 0;
  size_t found = 0;
  for (const std::string& word : words_of(record.title)) {
    if (is_minor_word(word)) continue;
    ++title_words;
    found += vocabulary.contains(word) ? 1 : 0;
  }
  comparison.title_overlap =
      title_words == 0 ? 1.0 : static_cast<double>(found) / static_cast<double>(title_words);

  const std::vector<std::string> surname = words_of(record.first_author);
  comparison.author_found =
      surname.empty() || std::all_of(surname.begin(), surname.end(), [&vocabulary](const std::string& word) {
        return vocabulary.contains(word);
      });
  comparison.year_found =
      record.year == 0 || std::any_of(text.begin(), text.end(), [&record](const std::string& word) {
        return word.size() == 4 && std::all_of(word.begin(), word.end(), ::isdigit) &&
               std::abs(std::atoi(word.c_str()) - record.year) <= 1;
      });
  comparison.year_known = record.year != 0;
  comparison.journal_known = !record.containers.empty();
  comparison.journal_found =
      std::any_of(record.containers.begin(), record.containers.end(),
                  [&text](const std::string& name) { return journal_in(words_of(name), text); });
  return comparison;
}

const RuleMeta& DoiMetadataMismatch::meta() const {
  static const RuleMeta kMeta{
      .id = "doi-metadata-mismatch",
      .family = "doi",
      .summary = "The DOI belongs to a different work than the reference entry describes.",
      .description =
          "Compares the registry's metadata for a DOI (Crossref, DataCite) with the reference entry it sits "
          "in: first-author surname, year (±1), title similarity and journal (abbreviations normalised). "
          "Reports only clear evidence: the title differs, and the first author or both year and journal.",
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
  const MetadataComparison comparison =
      compare_with_reference(*record.metadata, queued.reference, queued.in_reference_entry);
  if (!comparison.mismatch()) return;
  context.report(
      queued.location,
      fmt::format("the DOI {} belongs to a different work: the registry has {}, but the reference reads "
                  "\"{}\" (title {:.0f}% alike, first author {}, year {}, journal {})",
                  queued.doi, describe(*record.metadata), shorten(queued.reference, 160),
                  comparison.title_overlap * 100, comparison.author_found ? "found" : "not found",
                  comparison.year_found ? "matches" : "differs",
                  comparison.journal_found ? "matches" : "differs"));
}

}  // namespace reflint
