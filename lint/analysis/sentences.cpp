#include "lint/analysis/sentences.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "lint/text/ascii.h"

namespace reflint {
namespace {

/// Words after which a full stop is usually not the end of a sentence (compared lower-case).
bool is_abbreviation(std::string_view word) {
  static constexpr std::array<std::string_view, 46> kAbbreviations = {
      "al",  "approx", "ca",  "cf",   "co",   "corp", "dept", "dr",  "e.g",  "ed",   "eds", "eq",
      "eqs", "esp",    "fig", "figs", "i.e",  "inc",  "jr",   "ltd", "mr",   "mrs",  "ms",  "no",
      "nos", "p",      "pp",  "prof", "ref",  "refs", "sr",   "st",  "univ", "viz",  "vol", "vols",
      "vs",  "jan",    "feb", "aug",  "sept", "oct",  "nov",  "dec", "tab",  "resp",
  };
  if (word.empty() || word.size() > 6) return false;
  std::string lower(word);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(kAbbreviations.begin(), kAbbreviations.end(), lower) != kAbbreviations.end();
}

/// Length of a full-width terminal mark (。！？) at `at`, or 0.
size_t wide_terminal_length(std::string_view text, size_t at) {
  constexpr std::string_view kMarks[] = {"\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F"};
  for (const std::string_view mark : kMarks) {
    if (text.substr(at, mark.size()) == mark) return mark.size();
  }
  return 0;
}

/// Length of a closing quote or bracket at `at` that stays with the sentence before it, or 0.
size_t closer_length(std::string_view text, size_t at) {
  const char c = text[at];
  if (c == ')' || c == ']' || c == '"' || c == '\'') return 1;
  constexpr std::string_view kClosers[] = {"\xE2\x80\x9D", "\xE2\x80\x99", "\xC2\xBB", "\xE3\x80\x8D"};
  for (const std::string_view closer : kClosers) {
    if (text.substr(at, closer.size()) == closer) return closer.size();
  }
  return 0;
}

/// Length of a citation marker written right after a sentence's end: "[12]", "[a]" or, after white
/// space, "(8)" / "(3, 4)" that ends the text or is followed by a new sentence. 0 when none.
size_t trailing_marker_length(std::string_view text, size_t at) {
  if (at < text.size() && text[at] == '[') {
    const size_t close = text.find(']', at);
    if (close != std::string_view::npos && close - at <= 24) return close + 1 - at;
    return 0;
  }
  size_t open = at;
  while (open < text.size() && is_ascii_space(text[open])) ++open;
  if (open == at || open >= text.size() || text[open] != '(') return 0;
  size_t close = open + 1;
  while (close < text.size() && (is_ascii_digit(text[close]) || text[close] == ',' || text[close] == ' ' ||
                                 text[close] == '-' || static_cast<unsigned char>(text[close]) >= 0x80)) {
    if (close - open > 16) return 0;
    ++close;
  }
  if (close >= text.size() || text[close] != ')' || close == open + 1 || !is_ascii_digit(text[open + 1]))
    return 0;
  const size_t after = close + 1;
  if (after == text.size()) return after - at;
  if (!is_ascii_space(text[after])) return 0;
  size_t next = after;
  while (next < text.size() && is_ascii_space(text[next])) ++next;
  return next < text.size() && !is_ascii_lower(text[next]) ? after - at : 0;
}

/// The word that ends just before `end` (letters and inner dots, as in "e.g").
std::string_view word_before(std::string_view text, size_t end) {
  size_t begin = end;
  while (begin > 0 && (is_ascii_alpha(text[begin - 1]) || (text[begin - 1] == '.' && begin != end))) --begin;
  return text.substr(begin, end - begin);
}

/// Where the sentence that has a terminal mark at `at` ends (past trailing closers and markers), or
/// npos when the mark does not end a sentence.
size_t sentence_end_after(std::string_view text, size_t at) {
  const char first = text[at];
  if (first != '.' && first != '!' && first != '?' && first != '\xE3' && first != '\xEF')
    return std::string_view::npos;
  size_t end = at;
  if (const size_t wide = wide_terminal_length(text, at); wide > 0) {
    end += wide;
  } else {
    const char mark = text[at];
    if (mark != '.' && mark != '!' && mark != '?') return std::string_view::npos;
    if (mark == '.') {
      const std::string_view word = word_before(text, at);
      // An initial ("J. Smith"), an abbreviation ("et al.") or a decimal ("3.5").
      if (word.size() == 1 && std::isupper(static_cast<unsigned char>(word[0])))
        return std::string_view::npos;
      if (is_abbreviation(word)) return std::string_view::npos;
      if (at > 0 && at + 1 < text.size() && is_ascii_digit(text[at - 1]) && is_ascii_digit(text[at + 1])) {
        return std::string_view::npos;
      }
    }
    ++end;
    while (end < text.size() && (text[end] == '.' || text[end] == '!' || text[end] == '?')) ++end;
  }
  for (size_t length; end < text.size() && (length = closer_length(text, end)) > 0;) end += length;
  for (size_t length; end < text.size() && (length = trailing_marker_length(text, end)) > 0;) end += length;
  if (end == text.size() || wide_terminal_length(text, at) > 0) return end;
  if (!is_ascii_space(text[end])) return std::string_view::npos;
  size_t next = end;
  while (next < text.size() && is_ascii_space(text[next])) ++next;
  if (next < text.size() && is_ascii_lower(text[next])) return std::string_view::npos;
  return end;
}

}  // namespace

std::vector<Sentence> split_sentences(std::string_view text) {
  std::vector<Sentence> sentences;
  size_t begin = 0;
  auto add = [&](size_t end) {
    while (begin < end && is_ascii_space(text[begin])) ++begin;
    size_t trimmed = end;
    while (trimmed > begin && is_ascii_space(text[trimmed - 1])) --trimmed;
    if (trimmed > begin) sentences.push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(trimmed)});
    begin = end;
  };
  for (size_t at = 0; at < text.size(); ++at) {
    const size_t end = sentence_end_after(text, at);
    if (end == std::string_view::npos) continue;
    add(end);
    at = end - 1;
  }
  add(text.size());
  return sentences;
}

Sentence sentence_at(std::string_view text, uint32_t offset) {
  return sentence_holding(split_sentences(text), offset);
}

Sentence sentence_holding(const std::vector<Sentence>& sentences, uint32_t offset) {
  const auto holding =
      std::upper_bound(sentences.begin(), sentences.end(), offset,
                       [](uint32_t at, const Sentence& sentence) { return at < sentence.end; });
  if (holding != sentences.end()) return *holding;
  return sentences.empty() ? Sentence{offset, offset} : sentences.back();
}

const std::vector<Sentence>& BlockSentences::of(uint32_t block) const {
  auto found = split_.find(block);
  if (found == split_.end()) found = split_.emplace(block, split_sentences(blocks_[block].text)).first;
  return found->second;
}

}  // namespace reflint
