#pragma once
// Finding a quotation in a source text, as readers judge it: the wording must be there, not the
// typography. Both sides are normalised the same way (NFKC, case folding, punctuation dropped,
// quotes/dashes/apostrophes in one form, hyphenated line breaks joined); the quote is split at
// ellipses ("...", "…", "[...]", ". . ."), "[sic]" is dropped and other [bracketed] insertions
// stand for a few words of the source. Each piece must occur in order, exactly or within a small
// token edit distance. Abbreviations the source defines ("developmental dysplasia of the hip
// (DDH)") match their long form on either side, since quoting authors often expand them.
//
// Cost: a SourceText is normalised and indexed once in O(n) (n tokens); finding a quote costs
// O(m * (m + occurrences of its rarest words)), whatever the length of the source.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace reflint {

/// The words of a text, normalised for comparison: NFKC, case-folded, punctuation dropped.
/// Apostrophes inside words and soft hyphens are removed, a hyphen at a line break joins the
/// word halves, other hyphens and dashes separate words.
struct QuoteToken {
  std::string folded;
  bool defines_abbreviation = false;  // written "(ABBR)": a candidate definition
  std::string written;                // as written (case kept), for abbreviations
};
std::vector<QuoteToken> tokenize_for_matching(std::string_view text);

/// A source text (abstract, page text, local file), normalised and indexed for repeated searches.
class SourceText {
 public:
  explicit SourceText(std::string_view text);

  size_t token_count() const { return tokens_.size(); }
  /// The dense id of a folded word, or kUnknownWord when the source never uses it.
  uint32_t word_id(std::string_view folded) const;
  /// Long-form words of an abbreviation the source defines (case-sensitive), or nullptr.
  const std::vector<std::string>* expansion(std::string_view abbreviation) const;
  const std::vector<uint32_t>& tokens() const { return tokens_; }
  /// Positions of word `id`, ascending.
  std::pair<const uint32_t*, const uint32_t*> positions(uint32_t id) const;

  static constexpr uint32_t kUnknownWord = 0xFFFFFFFFu;

 private:
  std::vector<uint32_t> tokens_;  // word ids, in order
  std::unordered_map<std::string, uint32_t> ids_;
  std::unordered_map<std::string, std::vector<std::string>> abbreviations_;
  std::vector<uint32_t> position_starts_;  // positions of word id w: [starts[w], starts[w + 1])
  std::vector<uint32_t> positions_;
};

/// One run of the quote between ellipses: words, with free gaps where [bracketed] text stood.
struct QuoteSegment {
  std::vector<QuoteToken> words;
  // Source words that may be skipped free of charge before words[i] (a [bracketed] insertion).
  std::vector<uint32_t> gap_before;
};

/// A quotation prepared for matching against many sources.
class QuotePattern {
 public:
  explicit QuotePattern(std::string_view quote);
  const std::vector<QuoteSegment>& segments() const { return segments_; }
  size_t word_count() const;
  bool empty() const { return word_count() == 0; }

 private:
  std::vector<QuoteSegment> segments_;
};

struct MatchOptions {
  double max_edit_ratio = 0.10;  // token edits allowed per segment, as a share of its words
  uint32_t bracket_words = 4;    // source words a [bracketed] insertion may stand for
};

struct QuoteMatch {
  bool found = false;
  uint32_t edits = 0;       // token edits over all segments
  uint32_t source_end = 0;  // token just past the last segment's match
  size_t candidates = 0;    // alignments tried (for the benchmark and tests)
};

/// Finds `pattern` in `source`: every segment in order, each within the edit budget.
QuoteMatch find_quote(const QuotePattern& pattern, const SourceText& source,
                      const MatchOptions& options = {});

}  // namespace reflint
