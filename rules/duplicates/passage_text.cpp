#include "rules/duplicates/passage_text.h"

#include <re2/re2.h>
#include <xxhash.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>

#include "lint/text/unicode.h"

namespace reflint {
namespace {

struct ByteRange {
  uint32_t begin = 0;
  uint32_t end = 0;
};

// "(3)", "[3]", "[2, 5-7]", "(1–4)": numbered citation markers, never part of the prose. Up to three
// digits, so years such as "(2020)" stay words.
const RE2& citation_marker() {
  static const RE2 pattern(R"re(([\(\[]\s*\d{1,3}(?:\s*(?:,|;|-|–|—)\s*\d{1,3})*\s*[\)\]]))re");
  return pattern;
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
  re2::StringPiece rest(block.text);
  re2::StringPiece marker;
  while (RE2::FindAndConsume(&rest, citation_marker(), &marker)) {
    const auto begin = static_cast<uint32_t>(marker.data() - block.text.data());
    markers.push_back({begin, begin + static_cast<uint32_t>(marker.size())});
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

uint64_t hash_word(const std::string& raw) {
  if (std::all_of(raw.begin(), raw.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    std::string lower = raw;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
    return XXH3_64bits(lower.data(), lower.size());
  }
  const auto folded = map_unicode(raw, kStable | kCompatibility | kCaseFold);
  if (!folded) return XXH3_64bits(raw.data(), raw.size());
  return XXH3_64bits(folded->data(), folded->size());
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
    passage.words.push_back({hash_word(word), word_begin, word_end, word_quoted ? 1u : 0u});
    word.clear();
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
    const CodePoint decoded = decode_utf8(text, at);
    const int32_t code_point = decoded.value;
    const uint32_t step = decoded.length;
    const bool valid = decoded.valid();
    if (valid && is_word_code_point(code_point)) {
      if (word.empty()) {
        word_begin = at;
        word_quoted = quotation.open();
      }
      word_has_letter = word_has_letter || is_letter(code_point);
      word.append(text, at, step);
      word_end = at + step;
    } else if (valid && is_apostrophe(code_point) && !word.empty() && at + step < size &&
               is_word_code_point(decode_utf8(text, at + step).value)) {
      // An apostrophe inside a word is dropped; the word goes on.
    } else {
      finish_word();
      if (valid) quotation.see(code_point);
      if (valid && ends_sentence(code_point)) {
        const bool at_end = at + step >= size;
        const int32_t following = at_end ? 0 : decode_utf8(text, at + step).value;
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
