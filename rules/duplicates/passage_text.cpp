#include "rules/duplicates/passage_text.h"

#include <re2/re2.h>
#include <utf8proc.h>
#include <xxhash.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>

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

bool is_letter(utf8proc_int32_t code_point) {
  switch (utf8proc_category(code_point)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
      return true;
    default:
      return false;
  }
}

bool is_word_character(utf8proc_int32_t code_point) {
  if (is_letter(code_point)) return true;
  switch (utf8proc_category(code_point)) {
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

// Inside a word an apostrophe in any of its forms is dropped, so "patient’s" and "patient's" both
// become "patients"; every other dash, quote or punctuation mark separates words.
bool is_apostrophe(utf8proc_int32_t code_point) {
  return code_point == '\'' || code_point == 0x2019 || code_point == 0x2018 || code_point == 0x02BC;
}

bool ends_sentence(utf8proc_int32_t code_point) {
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
  utf8proc_uint8_t* mapped = nullptr;
  const auto options = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                                      UTF8PROC_CASEFOLD);
  const utf8proc_ssize_t length = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(raw.data()),
                                               static_cast<utf8proc_ssize_t>(raw.size()), &mapped, options);
  if (length < 0) return XXH3_64bits(raw.data(), raw.size());
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped, &std::free);
  return XXH3_64bits(mapped, static_cast<size_t>(length));
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

  std::string word;
  uint32_t word_begin = 0;
  uint32_t word_end = 0;
  bool sentence_ended = false;
  bool word_has_letter = false;
  bool after_single_letter = false;  // "e.g.", "J. Smith": a full stop after one letter ends nothing
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
    passage.words.push_back({hash_word(word), word_begin, word_end});
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
    utf8proc_int32_t code_point = 0;
    const utf8proc_ssize_t length =
        utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + at), size - at, &code_point);
    const uint32_t step = length > 0 ? static_cast<uint32_t>(length) : 1;
    if (length > 0 && is_word_character(code_point)) {
      if (word.empty()) word_begin = at;
      word_has_letter = word_has_letter || is_letter(code_point);
      word.append(text, at, step);
      word_end = at + step;
    } else if (length > 0 && is_apostrophe(code_point) && !word.empty()) {
      // Dropped; the word goes on if a letter follows.
    } else {
      finish_word();
      if (length > 0 && ends_sentence(code_point)) {
        utf8proc_int32_t following = 0;
        const bool at_end = at + step >= size;
        if (!at_end) {
          utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + at + step),
                           size - at - step, &following);
        }
        // "3.5" keeps going; a full stop before a space or the end closes the sentence.
        if ((at_end || !is_word_character(following)) && !after_single_letter) sentence_ended = true;
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
  return passage;
}

}  // namespace reflint
