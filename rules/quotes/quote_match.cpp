#include "rules/quotes/quote_match.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <utility>

#include "lint/text/ascii.h"
#include "lint/text/unicode.h"

namespace reflint {
namespace {

// A piece of a quote whose rarest word occurs more often than this in the source is not used as
// an anchor: it would cost more alignments than it could save (other pieces anchor the quote).
constexpr size_t kMaxAnchorOccurrences = 4096;
constexpr size_t kMaxAbbreviationLength = 10;

bool is_apostrophe(int32_t code_point) {
  return code_point == '\'' || code_point == 0x2019 || code_point == 0x02BC;
}

/// Characters that never separate words: soft hyphen, zero-width space and joiners, word joiner.
bool is_invisible(int32_t code_point) {
  return code_point == 0xAD || (code_point >= 0x200B && code_point <= 0x200D) || code_point == 0x2060;
}

bool is_line_break_hyphen(int32_t code_point) {
  return code_point == '-' || code_point == 0x2010;
}

/// After a hyphen at `at`: the offset of the word that continues across a line break, or 0.
size_t continuation_after_line_break(std::string_view text, size_t at) {
  bool line_break = false;
  size_t next = at;
  while (next < text.size() &&
         (text[next] == ' ' || text[next] == '\t' || text[next] == '\n' || text[next] == '\r')) {
    line_break = line_break || text[next] == '\n' || text[next] == '\r';
    ++next;
  }
  if (!line_break || next >= text.size()) return 0;
  const CodePoint following = decode_utf8(text, next);
  return is_word_code_point(following.value) ? next : 0;
}

std::string fold(std::string_view word) {
  if (is_ascii(word)) return lower_ascii(word);
  return map_unicode(word, kStable | kCompatibility | kCaseFold).value_or(std::string(word));
}

bool looks_like_abbreviation(std::string_view written) {
  if (written.size() < 2 || written.size() > kMaxAbbreviationLength) return false;
  const auto capitals =
      std::count_if(written.begin(), written.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  return capitals >= 2 && std::isalpha(static_cast<unsigned char>(written.front())) != 0;
}

/// The words before `at` that `abbreviation` stands for: the shortest run whose first word starts
/// with its first letter and whose letters contain all of its letters in order (Schwartz & Hearst).
size_t long_form_length(const std::vector<QuoteToken>& tokens, size_t at, std::string_view abbreviation) {
  const std::string letters = fold(abbreviation);
  const size_t longest = std::min(at, letters.size() + 5);
  for (size_t length = 1; length <= longest; ++length) {
    const size_t first = at - length;
    if (tokens[first].folded.empty() || tokens[first].folded.front() != letters.front()) continue;
    size_t matched = 0;
    for (size_t t = first; t < at && matched < letters.size(); ++t) {
      for (const char c : tokens[t].folded) {
        if (matched < letters.size() && c == letters[matched]) ++matched;
      }
    }
    if (matched == letters.size()) return length;
  }
  return 0;
}

}  // namespace

std::vector<QuoteToken> tokenize_for_matching(std::string_view text) {
  std::vector<QuoteToken> tokens;
  std::string word;
  bool after_parenthesis = false;  // the word began right after '('
  int32_t previous = -1;
  auto finish_word = [&](int32_t following) {
    if (word.empty()) return;
    QuoteToken token;
    token.defines_abbreviation = after_parenthesis && following == ')' && looks_like_abbreviation(word);
    token.folded = fold(word);
    token.written = std::move(word);
    tokens.push_back(std::move(token));
    word.clear();
  };
  for (size_t at = 0; at < text.size();) {
    const CodePoint point = decode_utf8(text, at);
    if (is_word_code_point(point.value)) {
      if (word.empty()) after_parenthesis = previous == '(';
      word.append(text.substr(at, point.length));
    } else if (!word.empty() && (is_invisible(point.value) ||
                                 (is_apostrophe(point.value) && at + point.length < text.size() &&
                                  is_word_code_point(decode_utf8(text, at + point.length).value)))) {
      // part of the word: an invisible character, or an apostrophe inside it ("patient’s" and
      // "patient's" read the same)
    } else if (!word.empty() && is_line_break_hyphen(point.value) &&
               continuation_after_line_break(text, at + point.length) != 0) {
      at = continuation_after_line_break(text, at + point.length);
      continue;
    } else {
      finish_word(point.value);
    }
    previous = point.value;
    at += point.length;
  }
  finish_word(-1);
  return tokens;
}

SourceText::SourceText(std::string_view text) {
  std::vector<QuoteToken> words = tokenize_for_matching(text);
  std::vector<bool> is_definition(words.size(), false);
  for (size_t i = 0; i < words.size(); ++i) {
    if (!words[i].defines_abbreviation) continue;
    const size_t length = long_form_length(words, i, words[i].written);
    if (length == 0) continue;
    is_definition[i] = true;
    std::vector<std::string> long_form;
    for (size_t t = i - length; t < i; ++t) long_form.push_back(words[t].folded);
    abbreviations_.try_emplace(words[i].written, std::move(long_form));
  }
  auto add = [&](const std::string& folded) {
    const auto [it, inserted] = ids_.try_emplace(folded, static_cast<uint32_t>(ids_.size()));
    tokens_.push_back(it->second);
  };
  for (size_t i = 0; i < words.size(); ++i) {
    if (is_definition[i]) continue;
    if (const std::vector<std::string>* long_form = expansion(words[i].written)) {
      for (const std::string& part : *long_form) add(part);
    } else {
      add(words[i].folded);
    }
  }
  // Positions per word id, by counting sort: O(n).
  position_starts_.assign(ids_.size() + 1, 0);
  for (const uint32_t id : tokens_) ++position_starts_[id + 1];
  for (size_t id = 0; id < ids_.size(); ++id) position_starts_[id + 1] += position_starts_[id];
  positions_.resize(tokens_.size());
  std::vector<uint32_t> next(position_starts_.begin(), position_starts_.end() - 1);
  for (size_t at = 0; at < tokens_.size(); ++at) positions_[next[tokens_[at]]++] = static_cast<uint32_t>(at);
}

uint32_t SourceText::word_id(std::string_view folded) const {
  const auto it = ids_.find(std::string(folded));
  return it == ids_.end() ? kUnknownWord : it->second;
}

const std::vector<std::string>* SourceText::expansion(std::string_view abbreviation) const {
  if (abbreviations_.empty()) return nullptr;
  const auto it = abbreviations_.find(std::string(abbreviation));
  return it == abbreviations_.end() ? nullptr : &it->second;
}

std::pair<const uint32_t*, const uint32_t*> SourceText::positions(uint32_t id) const {
  if (id >= ids_.size()) return {nullptr, nullptr};
  return {positions_.data() + position_starts_[id], positions_.data() + position_starts_[id + 1]};
}

QuotePattern::QuotePattern(std::string_view quote) {
  // An ellipsis, or a [bracketed] insertion (group 1: its content).
  static const RE2 kBreak(
      R"(\[\s*(?:\.\s*){3}\]|\[\s*…\s*\]|\(\s*(?:\.\s*){3}\)|\(\s*…\s*\)|…|\.(?:[ \t\n\x{A0}\x{2009}\x{202F}]*\.){2})"
      R"(|\[([^\[\]]{0,80})\])");
  static const RE2 kSic(R"((?i)\s*sic!?\s*)");
  segments_.emplace_back();
  uint32_t pending_gap = 0;
  std::string carried;  // letters of "[T]he" that belong to the next word
  auto add_text = [&](std::string_view text) {
    std::string joined = carried + std::string(text);
    carried.clear();
    for (QuoteToken& token : tokenize_for_matching(joined)) {
      segments_.back().gap_before.push_back(std::exchange(pending_gap, 0));
      segments_.back().words.push_back(std::move(token));
    }
  };
  re2::StringPiece input(quote.data(), quote.size());
  size_t at = 0;
  re2::StringPiece groups[2];
  while (at < quote.size() && kBreak.Match(input, at, quote.size(), RE2::UNANCHORED, groups, 2)) {
    const size_t begin = static_cast<size_t>(groups[0].data() - quote.data());
    const size_t end = begin + groups[0].size();
    const bool bracket = groups[1].data() != nullptr;
    const std::string_view content = bracket ? std::string_view(groups[1].data(), groups[1].size()) : "";
    const bool glued_to_word = bracket && content.size() <= 2 && end < quote.size() &&
                               std::isalpha(static_cast<unsigned char>(quote[end])) != 0;
    if (glued_to_word) {
      add_text(quote.substr(at, begin - at));
      carried = std::string(content);  // "[T]he": a changed capital, part of the word
    } else if (bracket && RE2::FullMatch(content, kSic)) {
      add_text(quote.substr(at, begin - at));
    } else if (bracket) {
      add_text(quote.substr(at, begin - at));
      pending_gap = 1;
    } else {
      add_text(quote.substr(at, begin - at));
      if (!segments_.back().words.empty()) segments_.emplace_back();
      pending_gap = 0;
    }
    at = end;
  }
  add_text(quote.substr(std::min(at, quote.size())));
  if (segments_.size() > 1 && segments_.back().words.empty()) segments_.pop_back();
}

size_t QuotePattern::word_count() const {
  size_t count = 0;
  for (const QuoteSegment& segment : segments_) count += segment.words.size();
  return count;
}

namespace {

/// A segment bound to one source: word ids (abbreviations expanded) and the free gaps before them.
struct BoundSegment {
  std::vector<uint32_t> ids;
  std::vector<uint32_t> gaps;
};

BoundSegment bind(const QuoteSegment& segment, const SourceText& source, uint32_t bracket_words) {
  BoundSegment bound;
  for (size_t i = 0; i < segment.words.size(); ++i) {
    const uint32_t gap = segment.gap_before[i] * bracket_words;
    if (const std::vector<std::string>* long_form = source.expansion(segment.words[i].written)) {
      for (size_t part = 0; part < long_form->size(); ++part) {
        bound.ids.push_back(source.word_id((*long_form)[part]));
        bound.gaps.push_back(part == 0 ? gap : 0);
      }
    } else {
      bound.ids.push_back(source.word_id(segment.words[i].folded));
      bound.gaps.push_back(gap);
    }
  }
  return bound;
}

struct Piece {
  size_t begin = 0;
  size_t end = 0;
};

/// At least `count` pieces that do not span a bracket gap: with fewer than `count` edits, one of
/// them occurs in the source exactly (the pigeonhole filter).
std::vector<Piece> split_into_pieces(const BoundSegment& segment, size_t count) {
  std::vector<Piece> pieces;
  size_t begin = 0;
  for (size_t i = 1; i <= segment.ids.size(); ++i) {
    if (i == segment.ids.size() || segment.gaps[i] > 0) {
      pieces.push_back({begin, i});
      begin = i;
    }
  }
  while (pieces.size() < count) {
    const auto longest = std::max_element(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& b) {
      return a.end - a.begin < b.end - b.begin;
    });
    if (longest->end - longest->begin < 2) break;
    const size_t middle = longest->begin + (longest->end - longest->begin) / 2;
    const Piece second{middle, longest->end};
    longest->end = middle;
    pieces.insert(longest + 1, second);
  }
  return pieces;
}

struct Alignment {
  uint32_t edits = 0;
  uint32_t end = 0;
};

/// Semi-global token alignment of the whole segment against source tokens [begin, end): the best
/// edit count and where it ends, or nothing within `max_edits`.
std::optional<Alignment> align(const BoundSegment& segment, const std::vector<uint32_t>& source, size_t begin,
                               size_t end, uint32_t max_edits) {
  const size_t width = end - begin;
  std::vector<uint32_t> previous(width + 1, 0);  // a match may start anywhere in the window
  std::vector<uint32_t> current(width + 1);
  std::vector<uint32_t> widened(width + 1);
  for (size_t i = 1; i <= segment.ids.size(); ++i) {
    const uint32_t gap = i > 1 ? segment.gaps[i - 1] : 0;
    // A bracketed insertion: up to `gap` source words may be skipped before this word at no cost.
    for (size_t j = 0; j <= width; ++j) {
      uint32_t best = previous[j];
      for (size_t skip = 1; skip <= gap && skip <= j; ++skip) best = std::min(best, previous[j - skip]);
      widened[j] = best;
    }
    current[0] = static_cast<uint32_t>(i);
    uint32_t row_minimum = current[0];
    for (size_t j = 1; j <= width; ++j) {
      const uint32_t substitution = widened[j - 1] + (segment.ids[i - 1] == source[begin + j - 1] ? 0 : 1);
      current[j] = std::min({substitution, widened[j] + 1, current[j - 1] + 1});
      row_minimum = std::min(row_minimum, current[j]);
    }
    if (row_minimum > max_edits) return std::nullopt;
    std::swap(previous, current);
  }
  const auto best = std::min_element(previous.begin() + 1, previous.end());
  if (best == previous.end() || *best > max_edits) return std::nullopt;
  return Alignment{*best, static_cast<uint32_t>(begin + static_cast<size_t>(best - previous.begin()))};
}

}  // namespace

QuoteMatch find_quote(const QuotePattern& pattern, const SourceText& source, const MatchOptions& options) {
  QuoteMatch result;
  const std::vector<uint32_t>& tokens = source.tokens();
  size_t from = 0;  // segments appear in order
  for (const QuoteSegment& segment : pattern.segments()) {
    const BoundSegment bound = bind(segment, source, options.bracket_words);
    if (bound.ids.empty()) continue;
    const auto max_edits =
        static_cast<uint32_t>(options.max_edit_ratio * static_cast<double>(bound.ids.size()));
    uint32_t free_words = 0;
    for (const uint32_t gap : bound.gaps) free_words += gap;
    const size_t band = max_edits + 1;

    // Where the segment could start: exact occurrences of its pieces, by their rarest word.
    std::vector<size_t> starts;
    for (const Piece& piece : split_into_pieces(bound, max_edits + 1)) {
      size_t rarest = piece.begin;
      size_t rarest_count = SIZE_MAX;
      for (size_t i = piece.begin; i < piece.end; ++i) {
        const auto [first, last] = source.positions(bound.ids[i]);
        const auto count = static_cast<size_t>(last - first);
        if (count < rarest_count) rarest = i, rarest_count = count;
      }
      if (rarest_count == 0 || rarest_count > kMaxAnchorOccurrences) continue;
      const auto [first, last] = source.positions(bound.ids[rarest]);
      for (const uint32_t* at = first; at != last; ++at) {
        if (*at < rarest - piece.begin) continue;
        const size_t piece_start = *at - (rarest - piece.begin);
        if (piece_start + (piece.end - piece.begin) > tokens.size()) continue;
        if (!std::equal(bound.ids.begin() + static_cast<std::ptrdiff_t>(piece.begin),
                        bound.ids.begin() + static_cast<std::ptrdiff_t>(piece.end),
                        tokens.begin() + static_cast<std::ptrdiff_t>(piece_start))) {
          continue;
        }
        const size_t start = piece_start >= piece.begin ? piece_start - piece.begin : 0;
        if (start + bound.ids.size() + band + free_words < from) continue;
        starts.push_back(start);
      }
    }
    std::sort(starts.begin(), starts.end());
    std::optional<Alignment> found;
    size_t covered_until = 0;  // windows already aligned
    for (const size_t start : starts) {
      const size_t window_begin = std::max(from, start > band + free_words ? start - band - free_words : 0);
      const size_t window_end = std::min(tokens.size(), start + bound.ids.size() + band + free_words);
      if (window_end <= covered_until || window_begin >= window_end) continue;
      ++result.candidates;
      covered_until = window_end;
      found = align(bound, tokens, window_begin, window_end, max_edits);
      if (found) break;
    }
    if (!found) return {false, 0, 0, result.candidates};
    result.edits += found->edits;
    from = found->end;
  }
  result.found = !pattern.empty();
  result.source_end = static_cast<uint32_t>(from);
  return result;
}

}  // namespace reflint
