#include "lint/analysis/reference_fields.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/analysis/dois.h"
#include "lint/text/ascii.h"
#include "lint/text/doi_text.h"

namespace reflint {
namespace {

/// Start of the ". "-separated segment that holds byte `at - 1`.
size_t segment_start(std::string_view text, size_t at) {
  for (size_t i = std::min(at, text.size()); i >= 2; --i) {
    if ((text[i - 2] == '.' || text[i - 2] == '?' || text[i - 2] == '!') && is_ascii_space(text[i - 1])) {
      // "Smith J. Title" — an initial's full stop does not end the author segment.
      const std::string_view word = word_ending_at(text, i - 2);
      if (word.size() == 1 && std::isupper(static_cast<unsigned char>(word[0]))) continue;
      return i;
    }
  }
  return 0;
}

/// The entry's text without access and archive dates, which say nothing about when the work was
/// published ("Retrieved 3 May 2021", "abgerufen am ...").
std::string without_access_dates(const std::string& text) {
  static const RE2 kAccessDate(
      R"((?i)(?:retrieved|archived from the original|archived|accessed|abgerufen am|consulté le|consultado el)[^.]*)");
  std::string dated = text;
  if (dated.find("etrieved") != std::string::npos || dated.find("rchived") != std::string::npos ||
      dated.find("ccessed") != std::string::npos || dated.find("abgerufen") != std::string::npos ||
      dated.find("onsult") != std::string::npos) {
    RE2::GlobalReplace(&dated, kAccessDate, "");
  }
  return dated;
}

/// The year 1500-2099 that `four` (four characters) spells, or 0.
int year_of_digits(std::string_view four) {
  if (four.size() != 4 || !std::all_of(four.begin(), four.end(), is_ascii_digit)) return 0;
  const bool in_range = (four[0] == '1' && four[1] >= '5') || (four[0] == '2' && four[1] == '0');
  return in_range ? (four[0] - '0') * 1000 + (four[1] - '0') * 100 + (four[2] - '0') * 10 + (four[3] - '0')
                  : 0;
}

/// A year written as a word of its own, a letter suffix allowed ("2008b"): what
/// \b(1[5-9]\d\d|20\d\d)[a-z]?\b matches, scanned by hand (every entry of a page is read).
struct StandaloneYear {
  size_t at = 0;   // its first digit
  size_t end = 0;  // past the suffix letter, if any
  int year = 0;
};
std::optional<StandaloneYear> next_standalone_year(std::string_view text, size_t from) {
  const auto is_word = [](char c) { return is_ascii_alnum(c) || c == '_'; };
  for (size_t at = from; at + 4 <= text.size(); ++at) {
    if (!is_ascii_digit(text[at]) || (at > 0 && is_word(text[at - 1]))) continue;
    const int year = year_of_digits(text.substr(at, 4));
    if (year == 0) continue;
    size_t end = at + 4;
    if (end < text.size() && text[end] >= 'a' && text[end] <= 'z') ++end;
    if (end < text.size() && is_word(text[end])) continue;
    return StandaloneYear{at, end, year};
  }
  return std::nullopt;
}

std::vector<int> standalone_years(std::string_view text) {
  std::vector<int> years;
  for (auto found = next_standalone_year(text, 0); found; found = next_standalone_year(text, found->end))
    years.push_back(found->year);
  return years;
}

/// The year that ends the first parenthesis ending with one: "(2019)", "(Smith 2019a)", "(ed.
/// 1998)"; what \((?:[^()]*\s)?(1[5-9]\d\d|20\d\d)[a-z]?\) finds, scanned by hand.
int parenthesised_year(std::string_view text) {
  const auto is_regex_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  };
  for (size_t open = text.find('('); open != std::string_view::npos; open = text.find('(', open + 1)) {
    const size_t close = text.find_first_of("()", open + 1);
    if (close == std::string_view::npos) return 0;
    if (text[close] == '(') continue;
    size_t end = close;
    if (end > open + 1 && text[end - 1] >= 'a' && text[end - 1] <= 'z') --end;
    if (end < open + 5) continue;
    const size_t at = end - 4;
    const int year = year_of_digits(text.substr(at, 4));
    if (year != 0 && (at == open + 1 || is_regex_space(text[at - 1]))) return year;
  }
  return 0;
}

/// Every year, the publication year ("(2019)", a Vancouver date "2018;19(1):303", else the first
/// year) and, for a Vancouver entry, its journal and title.
void read_years(ReferenceEntry& entry) {
  static const RE2 kVancouverDate(
      R"((\.\s+(1[5-9]\d\d|20\d\d)(?:\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?)?\s*[;.:,(]))");
  const std::string& text = entry.text;
  const std::string dated = without_access_dates(text);
  entry.years = standalone_years(dated);
  std::string year;
  // Cheap tests first: most entries have neither form.
  const bool vancouver = text.find(". 1") != std::string::npos || text.find(". 2") != std::string::npos;
  if (const int in_parentheses = parenthesised_year(dated); in_parentheses != 0) {
    entry.year = in_parentheses;
  } else if (re2::StringPiece found; vancouver && RE2::PartialMatch(text, kVancouverDate, &found, &year)) {
    entry.year = std::stoi(year);
    // Vancouver: "Authors. Title. Journal. 2018;19(1):303." — the journal is the segment before the date.
    const size_t date_at = static_cast<size_t>(found.data() - text.data());
    const size_t journal_at = segment_start(text, date_at);
    entry.container =
        std::string(trim_ascii(std::string_view(text).substr(journal_at, date_at - journal_at)));
    // Vancouver authors ("Bieler T, Siersma V, Beyer N.") end at the first full stop.
    const size_t authors_end = text.find(". ");
    if (authors_end != std::string::npos && authors_end + 2 < journal_at) {
      const size_t title_at = authors_end + 2;
      entry.title = std::string(trim_ascii(std::string_view(text).substr(title_at, journal_at - title_at)));
    }
  } else if (!entry.years.empty()) {
    entry.year = entry.years.front();
  }
}

void read_first_author(ReferenceEntry& entry) {
  static const RE2 kAuthor(
      R"(^\s*((?:(?:van|von|de|der|den|di|da|le|la|du)\s+)*\p{Lu}[\p{L}'’-]+)(?:,|\s+\p{Lu}{1,3}[\s,.]|\s+\p{Lu}\.|\s+et al))");
  std::string author;
  if (RE2::PartialMatch(entry.text, kAuthor, &author)) entry.first_author = author;
}

/// The italic span after a quoted title: the journal of a Wikipedia or APA citation.
std::string italic_container(const Document& document, const ReferenceEntry& entry, uint32_t first_block) {
  const TextBlock& block = document.blocks()[first_block];
  const size_t quote = block.text.find('"', entry.text_begin);
  const size_t curly = block.text.find("“", entry.text_begin);
  const size_t title_at = std::min(quote, curly);
  if (title_at == std::string::npos) return {};
  for (const InlineSpan& span : block.spans) {
    const std::string& tag = document.elements()[span.element].tag;
    if (span.text_begin > title_at && (tag == "i" || tag == "em" || tag == "cite")) {
      return std::string(
          trim_ascii(std::string_view(block.text).substr(span.text_begin, span.text_end - span.text_begin)));
    }
  }
  return {};
}

/// A quoted title ("“Title,” Journal") and the italic journal after it, when read_years found none.
void read_quoted_title(const Document& document, uint32_t first_block, ReferenceEntry& entry) {
  static const RE2 kQuotedTitle(R"([“"]([^”"]+)[”"])");  // unbounded: a counted repetition is slow in RE2
  const std::string& text = entry.text;
  re2::StringPiece quoted_piece;
  const bool quoted = text.find('"') != std::string::npos || text.find("“") != std::string::npos;
  if (entry.title.empty() && quoted && RE2::PartialMatch(text, kQuotedTitle, &quoted_piece) &&
      quoted_piece.size() >= 3) {
    entry.title = std::string(quoted_piece);
  }
  if (entry.container.empty() && quoted) entry.container = italic_container(document, entry, first_block);
}

/// DOIs and the PMID in the text and in the entry's links, and the links' web addresses.
void read_identifiers(const Document& document, const std::vector<uint32_t>& entry_blocks,
                      const std::vector<std::vector<uint32_t>>& links_by_block, ReferenceEntry& entry) {
  static const RE2 kPmid(
      R"((?:PMID:?\s*|pubmed(?:\.ncbi\.nlm\.nih\.gov)?/|ncbi\.nlm\.nih\.gov/pubmed/)(\d{1,9}))");
  const std::string& text = entry.text;
  // A DOI that begins another DOI of the entry is that DOI cut short (a printed URL broken by a
  // soft hyphen, "10.1023/B:JOEC.000?0042071..."): only the longer one is kept.
  const auto add_doi = [&](const DoiMention& mention) {
    if (!mention.valid() || mention.doi.empty()) return;
    const std::string& key = mention.key;
    const bool known = std::any_of(entry.dois.begin(), entry.dois.end(),
                                   [&](const std::string& doi) { return doi_key(doi).starts_with(key); });
    if (known) return;
    std::erase_if(entry.dois, [&](const std::string& doi) { return key.starts_with(doi_key(doi)); });
    entry.dois.push_back(mention.doi);
  };
  if (text.find("10.") != std::string::npos) {
    for (const DoiMention& mention : find_dois_in_text(text, false)) add_doi(mention);
  }
  const auto may_name_pmid = [](std::string_view where) {
    return where.find("PMID") != std::string_view::npos || where.find("pubmed") != std::string_view::npos;
  };
  std::string pmid;
  if (may_name_pmid(text) && RE2::PartialMatch(text, kPmid, &pmid)) entry.pmid = pmid;
  for (const uint32_t block : entry_blocks) {
    for (const uint32_t link : links_by_block[block]) {
      const std::string& href = document.links()[link].href;
      if (href.rfind("http://", 0) != 0 && href.rfind("https://", 0) != 0) continue;
      if (std::find(entry.urls.begin(), entry.urls.end(), href) == entry.urls.end())
        entry.urls.push_back(href);
      if (href.find("10.") != std::string::npos) {
        for (const DoiMention& mention : find_dois_in_text(href, true)) add_doi(mention);
      }
      if (entry.pmid.empty() && may_name_pmid(href) && RE2::PartialMatch(href, kPmid, &pmid))
        entry.pmid = pmid;
    }
  }
}

}  // namespace

void read_reference_fields(const Document& document, const std::vector<uint32_t>& entry_blocks,
                           const std::vector<std::vector<uint32_t>>& links_by_block, ReferenceEntry& entry) {
  read_years(entry);
  read_first_author(entry);
  read_quoted_title(document, entry_blocks.front(), entry);
  read_identifiers(document, entry_blocks, links_by_block, entry);
}

std::string_view entry_author_part(const ReferenceEntry& entry) {
  const std::string_view text = entry.text;
  const std::string_view head = text.substr(0, std::min<size_t>(text.size(), 300));
  if (const auto year = next_standalone_year(head, 0)) return head.substr(0, year->at);
  return head;
}

}  // namespace reflint
