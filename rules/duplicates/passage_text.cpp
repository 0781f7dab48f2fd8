#include "rules/duplicates/passage_text.h"

#include <re2/re2.h>
#include <xxhash.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>

#include "lint/text/ascii.h"
#include "lint/text/unicode.h"

namespace reflint {
namespace {

struct ByteRange {
  uint32_t begin = 0;
  uint32_t end = 0;
};

/// Where the numbered citation marker at `at` ends, or `at` when none starts there: "(3)", "[3]",
/// "[2, 5-7]", "(1–4)", never part of the prose. Up to three digits, so years such as "(2020)"
/// stay words. The grammar is [([] \s* N (\s* SEP \s* N)* \s* [)\]] with N one to three digits and
/// SEP one of , ; - – —; read without backtracking, which never matches more.
size_t citation_marker_end(std::string_view text, size_t at) {
  if (text[at] != '(' && text[at] != '[') return at;
  size_t i = at + 1;
  const auto skip_spaces = [&] {
    while (i < text.size() && is_html_space(text[i])) ++i;
  };
  const auto number = [&] {
    size_t digits = 0;
    while (i < text.size() && digits < 3 && is_ascii_digit(text[i])) ++i, ++digits;
    return digits > 0 && (i >= text.size() || !is_ascii_digit(text[i]));
  };
  const auto separator = [&] {
    if (i < text.size() && (text[i] == ',' || text[i] == ';' || text[i] == '-')) return ++i, true;
    for (const std::string_view dash : {std::string_view("\u2013"), std::string_view("\u2014")}) {
      if (text.substr(i, dash.size()) == dash) return i += dash.size(), true;
    }
    return false;
  };
  skip_spaces();
  if (!number()) return at;
  for (;;) {
    skip_spaces();
    if (i < text.size() && (text[i] == ')' || text[i] == ']')) return i + 1;
    if (!separator()) return at;
    skip_spaces();
    if (!number()) return at;
  }
}

const RE2& numeric_superscript() {
  static const RE2 pattern(R"re([\s\[\]\(\),;\d–—-]+)re");
  return pattern;
}

std::vector<ByteRange> citation_markers(const Document& document, const TextBlock& block) {
  std::vector<ByteRange> markers;
  for (const InlineSpan& span : block.spans) {
    if (span.element >= document.elements().size() || document.elements()[span.element].tag != "sup")
      continue;
    const std::string_view text =
        std::string_view(block.text).substr(span.text_begin, span.text_end - span.text_begin);
    if (RE2::FullMatch(text, numeric_superscript())) markers.push_back({span.text_begin, span.text_end});
  }
  const std::string_view text = block.text;
  for (size_t at = text.find_first_of("(["); at != std::string_view::npos;
       at = text.find_first_of("([", at)) {
    const size_t end = citation_marker_end(text, at);
    if (end > at) markers.push_back({static_cast<uint32_t>(at), static_cast<uint32_t>(end)});
    at = std::max(end, at + 1);
  }
  std::sort(markers.begin(), markers.end(), [](ByteRange a, ByteRange b) { return a.begin < b.begin; });
  return markers;
}

// Inside a word an apostrophe in any of its forms is dropped, so "patient’s" and "patient's" both
// become "patients"; every other dash, quote or punctuation mark separates words.
bool is_apostrophe(int32_t code_point) {
  return code_point == '\'' || code_point == 0x2019 || code_point == 0x2018 || code_point == 0x02BC;
}

/// Follows nested quotation marks as a stack of the marks that would close them: English “…‘…’…”,
/// German „…‚…‘…“, French «…», Swiss and German »…«, ASCII "…". A right single quote closes only
/// outside a word (inside one it is an apostrophe and never reaches here).
class QuotationState {
 public:
  void see(int32_t code_point) {
    switch (code_point) {
      case 0x201C:  // “ closes a German quotation, opens an English one
        close_or_open(0x201C, 0x201D);
        break;
      case 0x201E:  // „
        open(0x201C);
        break;
      case 0x201D:  // ”
        close(0x201D);
        break;
      case 0x2018:  // ‘ closes a German inner quotation, opens an English one
        close_or_open(0x2018, 0x2019);
        break;
      case 0x201A:  // ‚
        open(0x2018);
        break;
      case 0x2019:  // ’
        close(0x2019);
        break;
      case 0x00AB:  // «
        close_or_open(0x00AB, 0x00BB);
        break;
      case 0x00BB:  // »
        close_or_open(0x00BB, 0x00AB);
        break;
      case '"':
        close_or_open('"', '"');
        break;
      default:
        break;
    }
  }
  bool open() const { return !closers_.empty(); }

 private:
  static constexpr size_t kMaxDepth = 8;
  void open(int32_t closer) {
    if (closers_.size() < kMaxDepth) closers_.push_back(closer);
  }
  void close(int32_t closer) {
    const auto found = std::find(closers_.rbegin(), closers_.rend(), closer);
    if (found != closers_.rend()) closers_.erase(std::next(found).base(), closers_.end());
  }
  void close_or_open(int32_t mark, int32_t closer) {
    if (std::find(closers_.begin(), closers_.end(), mark) != closers_.end()) {
      close(mark);
    } else {
      open(closer);
    }
  }
  std::vector<int32_t> closers_;
};

bool ends_sentence(int32_t code_point) {
  return code_point == '.' || code_point == '!' || code_point == '?' || code_point == 0x2026 ||
         code_point == 0x3002;
}

/// `word` has its ASCII letters lower-cased already (NFKC and case folding give the same for it
/// as for the word as written); the rest is folded only when there is a rest.
uint64_t hash_word(const std::string& word, bool ascii) {
  if (ascii) return XXH3_64bits(word.data(), word.size());
  const auto folded = map_unicode(word, kStable | kCompatibility | kCaseFold);
  if (!folded) return XXH3_64bits(word.data(), word.size());
  return XXH3_64bits(folded->data(), folded->size());
}

/// The code point at `at`: ASCII without a call into utf8proc.
CodePoint code_point_at(std::string_view text, uint32_t at) {
  const auto byte = static_cast<unsigned char>(text[at]);
  if (byte < 0x80) return {byte, 1};
  return decode_utf8(text, at);
}

}  // namespace

uint64_t hash_words(std::span<const PassageWord> words) {
  std::vector<uint64_t> hashes;
  hashes.reserve(words.size());
  for (const PassageWord& word : words) hashes.push_back(word.hash);
  return XXH3_64bits(hashes.data(), hashes.size() * sizeof(uint64_t));
}

PassageText normalise_passage(const Document& document, uint32_t block_index) {
  const TextBlock& block = document.blocks()[block_index];
  const std::string& text = block.text;
  const std::vector<ByteRange> markers = citation_markers(document, block);
  PassageText passage;
  passage.block = block_index;
  passage.sentence_starts.push_back(0);
  // About one word per space: no regrowing the page's largest vectors.
  passage.words.reserve(static_cast<size_t>(std::count(text.begin(), text.end(), ' ')) + 1);

  std::string word;
  uint32_t word_begin = 0;
  uint32_t word_end = 0;
  bool sentence_ended = false;
  bool word_has_letter = false;
  bool word_ascii = true;
  bool after_single_letter = false;  // "e.g.", "J. Smith": a full stop after one letter ends nothing
  QuotationState quotation;
  bool word_quoted = false;
  const auto finish_word = [&] {
    if (word.empty()) return;
    after_single_letter = word_end - word_begin == 1;
    passage.letter_words += word_has_letter ? 1 : 0;
    word_has_letter = false;
    const auto words_in_sentence =
        static_cast<uint32_t>(passage.words.size()) - passage.sentence_starts.back();
    if (sentence_ended && words_in_sentence >= kMinSentenceWords) {
      passage.sentence_starts.push_back(static_cast<uint32_t>(passage.words.size()));
    }
    sentence_ended = false;
    passage.words.push_back({hash_word(word, word_ascii), word_begin, word_end, word_quoted ? 1u : 0u});
    word.clear();
    word_ascii = true;
  };

  size_t next_marker = 0;
  uint32_t at = 0;
  const auto size = static_cast<uint32_t>(text.size());
  while (at < size) {
    while (next_marker < markers.size() && markers[next_marker].end <= at) ++next_marker;
    if (next_marker < markers.size() && markers[next_marker].begin <= at) {
      at = markers[next_marker].end;
      continue;
    }
    const CodePoint decoded = code_point_at(text, at);
    const int32_t code_point = decoded.value;
    const uint32_t step = decoded.length;
    const bool valid = decoded.valid();
    const bool ascii = step == 1 && valid;
    if (ascii ? is_ascii_alnum(static_cast<char>(code_point)) : valid && is_word_code_point(code_point)) {
      if (word.empty()) {
        word_begin = at;
        word_quoted = quotation.open();
      }
      if (ascii) {
        word_has_letter = word_has_letter || is_ascii_alpha(static_cast<char>(code_point));
        word.push_back(ascii_lower(static_cast<char>(code_point)));
      } else {
        word_has_letter = word_has_letter || is_letter(code_point);
        word.append(text, at, step);
        word_ascii = false;
      }
      word_end = at + step;
    } else if (valid && is_apostrophe(code_point) && !word.empty() && at + step < size &&
               is_word_code_point(code_point_at(text, at + step).value)) {
      // An apostrophe inside a word is dropped; the word goes on.
    } else {
      finish_word();
      if (valid) quotation.see(code_point);
      if (valid && ends_sentence(code_point)) {
        const bool at_end = at + step >= size;
        const int32_t following = at_end ? 0 : code_point_at(text, at + step).value;
        // "3.5" keeps going; a full stop before a space or the end closes the sentence.
        if ((at_end || !is_word_code_point(following)) && !after_single_letter) sentence_ended = true;
      }
    }
    at += step;
  }
  finish_word();

  // A short last sentence joins the one before it.
  if (passage.sentence_starts.size() > 1 &&
      passage.words.size() - passage.sentence_starts.back() < kMinSentenceWords) {
    passage.sentence_starts.pop_back();
  }
  passage.exact_hash = hash_words(passage.words);
  passage.words.shrink_to_fit();
  passage.sentence_starts.shrink_to_fit();
  return passage;
}

}  // namespace reflint
