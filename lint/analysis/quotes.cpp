#include "lint/analysis/quotes.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

#include "lint/analysis/citations.h"
#include "lint/analysis/dois.h"
#include "lint/analysis/sentences.h"
#include "lint/text/unicode.h"

namespace reflint {
namespace {

constexpr uint16_t kNotProse = kPageChrome | kInCode;
constexpr uint32_t kLeadInBlocks = 2;  // how far back an inline quotation's lead-in may start
// How much text before a quotation can introduce it ("As Smith and Jones wrote in their review,"):
// a lead-in is read from at most this far back, so a paragraph of many quotations costs linear time.
constexpr size_t kMaxLeadInBytes = 1000;

int32_t code_point_at(std::string_view text, size_t at, size_t* length) {
  const CodePoint decoded = decode_utf8(text, at);
  *length = decoded.length;
  return decoded.value;
}

bool is_space_code_point(int32_t value) {
  return value == ' ' || value == '\t' || value == '\n' || value == '\r' || value == 0xA0 || value == 0x202F;
}

bool is_quote_mark(int32_t value) {
  return value == '"' || value == 0x201C || value == 0x201D || value == 0x201E || value == 0xAB ||
         value == 0xBB || value == 0x2018 || value == 0x2019;
}

/// The closing mark for an opening one, and whether an unclosed quotation may run to the end of
/// the paragraph (not for ' or ", which are also apostrophes, inches and seconds).
struct QuotePair {
  int32_t open;
  int32_t close;
  int32_t other_close;  // „ is closed by “ (German) or ” (Polish, Hungarian)
  bool may_stay_open;
};
constexpr QuotePair kPairs[] = {
    {0x201C, 0x201D, 0x201D, true},  {0x201E, 0x201C, 0x201D, true}, {0xAB, 0xBB, 0xBB, true},
    {0x2018, 0x2019, 0x2019, false}, {'"', '"', '"', false},
};

const QuotePair* pair_opened_by(int32_t value) {
  for (const QuotePair& pair : kPairs) {
    if (pair.open == value) return &pair;
  }
  return nullptr;
}

/// The code point before byte `at`, or -1 at the start.
int32_t code_point_before(std::string_view text, size_t at) {
  if (at == 0) return -1;
  size_t begin = at - 1;
  while (begin > 0 && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80) --begin;
  size_t length = 0;
  return code_point_at(text, begin, &length);
}

/// [begin, end) of `text` without surrounding white space and quotation marks.
std::pair<uint32_t, uint32_t> trim_marks(std::string_view text, uint32_t begin, uint32_t end) {
  while (begin < end) {
    size_t length = 0;
    const int32_t value = code_point_at(text, begin, &length);
    if (!is_space_code_point(value) && !is_quote_mark(value)) break;
    begin += static_cast<uint32_t>(length);
  }
  while (end > begin) {
    const int32_t value = code_point_before(text, end);
    if (!is_space_code_point(value) && !is_quote_mark(value)) break;
    size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    end = static_cast<uint32_t>(start);
  }
  return {begin, end};
}

/// Where the closing mark of `pair` opened before `from` is: [begin, end), or npos.
std::pair<size_t, size_t> find_closer(std::string_view text, size_t from, const QuotePair& pair) {
  for (size_t at = from; at < text.size();) {
    size_t length = 0;
    const int32_t value = code_point_at(text, at, &length);
    if (value == pair.close || value == pair.other_close) {
      const int32_t before = code_point_before(text, at);
      size_t next_length = 0;
      const int32_t after = at + length < text.size() ? code_point_at(text, at + length, &next_length) : -1;
      // ’ and " close only after a non-space and not inside a word (patient’s, 5"3).
      const bool plain = pair.close == 0x2019 || pair.close == '"';
      if (!plain || (!is_space_code_point(before) && !is_word_code_point(after))) return {at, at + length};
    }
    at += length;
  }
  return {std::string_view::npos, std::string_view::npos};
}

/// A blockquote's line that names its source rather than quoting it: its <footer>, or a line
/// that starts with a dash ("— Smith, 2019", a tweet's "— Name (@handle) date").
bool is_attribution_line(const TextBlock& block) {
  const std::string_view text = block.text;
  return block.in(kInFooter) || text.starts_with("\xE2\x80\x94") || text.starts_with("\xE2\x80\x93") ||
         text.starts_with("\xE2\x80\x95") || text.starts_with("-- ");
}

class QuoteFinder {
 public:
  QuoteFinder(const Document& document, const CitationModel& citations)
      : document_(document),
        citations_(citations),
        sentences_(document.blocks()),
        markers_by_block_(document.blocks().size()),
        links_by_block_(document.blocks().size()) {
    for (uint32_t i = 0; i < citations.markers().size(); ++i) {
      const uint32_t block = citations.markers()[i].block;
      if (block < markers_by_block_.size()) markers_by_block_[block].push_back(i);
    }
    for (const ReferenceEntry& entry : citations.entries()) reference_blocks_.insert(entry.block);
    for (uint32_t i = 0; i < citations.entries().size(); ++i) {
      const std::string& author = citations.entries()[i].first_author;
      if (!author.empty()) entries_by_author_.emplace(fold_for_comparison(author), i);
    }
    for (uint32_t i = 0; i < document.links().size(); ++i) {
      const uint32_t block = document.links()[i].block;
      if (block < links_by_block_.size()) links_by_block_[block].push_back(i);
    }
  }

  std::vector<Quote> run() {
    find_blockquotes();
    find_in_running_text();
    std::sort(quotes_.begin(), quotes_.end(),
              [](const Quote& a, const Quote& b) { return a.range.begin < b.range.begin; });
    for (size_t i = 0; i < quotes_.size(); ++i) {
      quotes_[i].attribution = attribute(quotes_[i], i > 0 ? &quotes_[i - 1] : nullptr);
    }
    return std::move(quotes_);
  }

 private:
  const std::vector<TextBlock>& blocks() const { return document_.blocks(); }
  const Element& element(uint32_t index) const { return document_.elements()[index]; }

  bool inside_blockquote(uint32_t index) const {
    for (uint32_t parent = element(index).parent; parent != kNoIndex; parent = element(parent).parent) {
      if (element(parent).tag == "blockquote") return true;
    }
    return false;
  }

  void add(Quote quote) {
    quote.words = count_words(quote.text);
    if (quote.words >= kMinQuoteWords) quotes_.push_back(std::move(quote));
  }

  void find_blockquotes() {
    for (uint32_t index = 0; index < document_.elements().size(); ++index) {
      const Element& blockquote = element(index);
      if (blockquote.tag != "blockquote" || inside_blockquote(index)) continue;
      // The quoted blocks: not an attribution footer ("— Smith, 2019") or a <footer> inside.
      std::vector<uint32_t> quoted;
      for (uint32_t b = blockquote.first_block; b < blockquote.end_block; ++b) {
        const TextBlock& block = blocks()[b];
        if (block.in(kNotProse) || block.text.empty() || is_attribution_line(block)) continue;
        quoted.push_back(b);
      }
      if (quoted.empty()) continue;
      Quote quote;
      quote.kind = QuoteKind::blockquote;
      quote.element = index;
      quote.block = quoted.front();
      quote.end_block = quoted.back() + 1;
      const auto [begin, unused_end] = trim_marks(
          blocks()[quoted.front()].text, 0, static_cast<uint32_t>(blocks()[quoted.front()].text.size()));
      const auto [unused_begin, end] =
          trim_marks(blocks()[quoted.back()].text, quoted.size() == 1 ? begin : 0,
                     static_cast<uint32_t>(blocks()[quoted.back()].text.size()));
      if (quoted.size() == 1 && end <= begin) continue;
      quote.text_begin = begin;
      quote.text_end = end;
      for (const uint32_t b : quoted) {
        const std::string_view text = blocks()[b].text;
        const uint32_t from = b == quoted.front() ? begin : 0;
        const uint32_t to = b == quoted.back() ? end : static_cast<uint32_t>(text.size());
        if (!quote.text.empty()) quote.text += '\n';
        quote.text.append(text.substr(from, to - from));
      }
      quote.range = {blocks()[quote.block].source_range(begin, begin + 1).begin,
                     blocks()[quoted.back()].source_range(end - 1, end).end};
      add(std::move(quote));
    }
  }

  void find_in_running_text() {
    for (uint32_t b = 0; b < blocks().size(); ++b) {
      const TextBlock& block = blocks()[b];
      if (block.in(kNotProse | kInBlockquote) || block.kind == BlockKind::heading ||
          block.kind == BlockKind::preformatted || reference_blocks_.count(b) != 0) {
        continue;
      }
      std::vector<std::pair<uint32_t, uint32_t>> taken;  // <q> spans, code spans
      for (const InlineSpan& span : block.spans) {
        const std::string& tag = element(span.element).tag;
        if (tag == "code" || tag == "kbd" || tag == "samp")
          taken.emplace_back(span.text_begin, span.text_end);
      }
      for (const InlineSpan& span : block.spans) {
        if (element(span.element).tag != "q" || overlaps(taken, span.text_begin, span.text_end)) continue;
        const auto [begin, end] = trim_marks(block.text, span.text_begin, span.text_end);
        if (end <= begin) continue;
        taken.emplace_back(span.text_begin, span.text_end);
        add(make_inline(QuoteKind::q_element, span.element, b, begin, end));
      }
      find_marked(b, taken);
    }
  }

  static bool overlaps(const std::vector<std::pair<uint32_t, uint32_t>>& ranges, uint32_t begin,
                       uint32_t end) {
    return std::any_of(ranges.begin(), ranges.end(),
                       [&](const auto& range) { return begin < range.second && range.first < end; });
  }

  Quote make_inline(QuoteKind kind, uint32_t element_index, uint32_t b, uint32_t begin, uint32_t end) const {
    Quote quote;
    quote.kind = kind;
    quote.element = element_index;
    quote.block = b;
    quote.end_block = b + 1;
    quote.text_begin = begin;
    quote.text_end = end;
    quote.text = blocks()[b].text.substr(begin, end - begin);
    quote.range = blocks()[b].source_range(begin, end);
    return quote;
  }

  /// Quotations between quotation marks in block `b`; the outermost pair only.
  void find_marked(uint32_t b, const std::vector<std::pair<uint32_t, uint32_t>>& taken) {
    const std::string_view text = blocks()[b].text;
    for (size_t at = 0; at < text.size();) {
      size_t length = 0;
      const int32_t value = code_point_at(text, at, &length);
      const QuotePair* pair = pair_opened_by(value);
      const size_t open_end = at + length;
      if (pair == nullptr || open_end >= text.size()) {
        at += length;
        continue;
      }
      const int32_t before = code_point_before(text, at);
      size_t next_length = 0;
      const int32_t after = code_point_at(text, open_end, &next_length);
      // ‘ and " open only at the start of a word: not in "5'3", "rock 'n' roll" or 12".
      const bool plain = pair->open == 0x2018 || pair->open == '"';
      if (plain && (is_word_code_point(before) || is_space_code_point(after))) {
        at += length;
        continue;
      }
      auto [close_begin, close_end] = find_closer(text, open_end, *pair);
      if (close_begin == std::string_view::npos) {
        if (!pair->may_stay_open) {
          at += length;
          continue;
        }
        close_begin = close_end = text.size();
      }
      const auto [begin, end] =
          trim_marks(text, static_cast<uint32_t>(open_end), static_cast<uint32_t>(close_begin));
      if (end > begin && !overlaps(taken, static_cast<uint32_t>(at), static_cast<uint32_t>(close_end))) {
        add(make_inline(QuoteKind::inline_marks, kNoIndex, b, begin, end));
      }
      at = close_end;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Attribution

  std::vector<uint32_t> entries_of_marker(uint32_t marker_index) const {
    const CitationMarker& marker = citations_.markers()[marker_index];
    if (marker.target_entry != kNoIndex) return {marker.target_entry};
    std::vector<uint32_t> entries;
    for (const uint32_t number : marker.numbers) {
      const uint32_t entry = citations_.entry_by_number(citations_.main_list(), number);
      if (entry != kNoIndex && std::find(entries.begin(), entries.end(), entry) == entries.end()) {
        entries.push_back(entry);
      }
    }
    return entries;
  }

  QuoteAttribution by_marker(AttributionMethod method, uint32_t marker_index) const {
    QuoteAttribution attribution;
    attribution.entries = entries_of_marker(marker_index);
    if (attribution.entries.empty()) return {};
    const CitationMarker& marker = citations_.markers()[marker_index];
    attribution.method = method;
    attribution.evidence_block = marker.block;
    attribution.evidence_begin = marker.text_begin;
    attribution.evidence_end = marker.text_end;
    return attribution;
  }

  /// A DOI or web address as a claimed source, tied to the reference entry that lists it.
  QuoteAttribution by_target(AttributionMethod method, std::string_view target) const {
    QuoteAttribution attribution;
    for (const DoiMention& mention : find_dois_in_text(target, true)) {
      if (mention.valid()) {
        attribution.doi = mention.doi;
        break;
      }
    }
    if (attribution.doi.empty()) {
      if (!target.starts_with("http://") && !target.starts_with("https://")) return {};
      attribution.url = std::string(target);
    }
    const std::string key = doi_key(attribution.doi);
    for (uint32_t i = 0; i < citations_.entries().size(); ++i) {
      const ReferenceEntry& entry = citations_.entries()[i];
      const bool same_doi =
          !key.empty() && std::any_of(entry.dois.begin(), entry.dois.end(),
                                      [&](const std::string& doi) { return doi_key(doi) == key; });
      const bool same_url = !attribution.url.empty() && std::find(entry.urls.begin(), entry.urls.end(),
                                                                  attribution.url) != entry.urls.end();
      if (same_doi || same_url) attribution.entries.push_back(i);
    }
    attribution.method = method;
    return attribution;
  }

  QuoteAttribution attribute(const Quote& quote, const Quote* previous) const {
    if (quote.element != kNoIndex) {
      if (const std::string* cite = element(quote.element).attribute("cite")) {
        QuoteAttribution attribution = by_target(AttributionMethod::cite_attribute, *cite);
        if (attribution.method != AttributionMethod::none) return attribution;
      }
    }
    if (const uint32_t marker = marker_at(quote); marker != kNoIndex) {
      QuoteAttribution attribution = by_marker(AttributionMethod::marker, marker);
      if (attribution.method != AttributionMethod::none) return attribution;
    }
    const bool introduced = quote.kind == QuoteKind::blockquote || reports_a_study(lead_in_text(quote));
    if (const uint32_t marker = introduced ? lead_in_marker(quote) : kNoIndex; marker != kNoIndex) {
      QuoteAttribution attribution = by_marker(AttributionMethod::lead_in, marker);
      if (attribution.method != AttributionMethod::none) return attribution;
    }
    if (QuoteAttribution attribution = by_link(quote); attribution.method != AttributionMethod::none) {
      return attribution;
    }
    if (QuoteAttribution attribution = by_author(quote); attribution.method != AttributionMethod::none) {
      return attribution;
    }
    // "Conclusions: “...”" right after a quotation from a paper continues that paper's attribution.
    if (introduced && previous != nullptr && !previous->attribution.entries.empty() &&
        quote.block - (previous->end_block - 1) <= kLeadInBlocks &&
        !heading_between(previous->end_block, quote.block)) {
      QuoteAttribution attribution = previous->attribution;
      attribution.method = AttributionMethod::lead_in;
      return attribution;
    }
    return {};
  }

  /// A marker inside the quotation, or after it in the sentence it ends in.
  uint32_t marker_at(const Quote& quote) const {
    const uint32_t last_block = quote.end_block - 1;
    for (uint32_t b = quote.block; b <= last_block; ++b) {
      for (const uint32_t index : markers_by_block_[b]) {
        const CitationMarker& marker = citations_.markers()[index];
        const bool after_start = b > quote.block || marker.text_begin >= quote.text_begin;
        const bool inside = after_start && (b < last_block || marker.text_begin < quote.text_end);
        const bool right_after =
            b == last_block && marker.text_begin >= quote.text_end && marker.sentence_begin <= quote.text_end;
        if (inside || right_after) return index;
      }
    }
    // A blockquote's marker may stand alone right after it: "<p>(5)</p>", "(5) Smith et al."
    if (quote.kind == QuoteKind::blockquote && quote.end_block < blocks().size()) {
      for (const uint32_t index : markers_by_block_[quote.end_block]) {
        if (citations_.markers()[index].text_begin == 0) return index;
      }
    }
    return kNoIndex;
  }

  /// The text that introduces the quotation: the sentence before it and its own sentence up to
  /// the opening mark (for a quotation that opens a block, the end of the block before).
  std::string lead_in_text(const Quote& quote) const {
    const std::string_view block(blocks()[quote.block].text);
    if (quote.kind == QuoteKind::blockquote || quote.text_begin == 0 ||
        sentences_.at(quote.block, quote.text_begin).begin == 0) {
      const std::string_view own =
          quote.kind == QuoteKind::blockquote ? "" : block.substr(0, quote.text_begin);
      std::string text;
      if (own.size() < kMaxLeadInBytes && quote.block > 0 &&
          blocks()[quote.block - 1].kind != BlockKind::heading) {
        const std::string_view before(blocks()[quote.block - 1].text);
        if (!before.empty()) {
          const Sentence last = sentences_.at(quote.block - 1, static_cast<uint32_t>(before.size() - 1));
          text = recent(before.substr(last.begin));
        }
      }
      if (quote.kind != QuoteKind::blockquote) (text += ' ') += recent(own);
      return std::string(recent(text));
    }
    const Sentence own = sentences_.at(quote.block, quote.text_begin);
    uint32_t before = own.begin;
    while (before > 0 && block[before - 1] == ' ') --before;
    const uint32_t from = before > 0 ? sentences_.at(quote.block, before - 1).begin : own.begin;
    return std::string(recent(block.substr(from, quote.text_begin - from)));
  }

  /// The end of a lead-in, at most kMaxLeadInBytes from a word boundary (a space: never inside a
  /// UTF-8 character).
  static std::string_view recent(std::string_view text) {
    if (text.size() <= kMaxLeadInBytes) return text;
    const size_t space = text.find(' ', text.size() - kMaxLeadInBytes);
    return space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
  }

  /// Words that introduce a study's own words: "the study concluded:", "according to the researchers,".
  static bool reports_a_study(std::string_view lead_in) {
    static const RE2 kReporting(
        R"((?i)\b(?:stud(?:y|ies)|paper|research(?:ers?)?|authors?|investigators?|trial|review|analysis|abstract|)"
        R"(conclu(?:ded|des|sion|sions)|results?|findings?|according to|wrote|writes|stated?|states|reported|reports|)"
        R"(recorded|found|noted|explained)\b)");
    return RE2::PartialMatch(lead_in, kReporting);
  }

  bool heading_between(uint32_t from, uint32_t to) const {
    for (uint32_t b = from; b < to && b < blocks().size(); ++b) {
      if (blocks()[b].kind == BlockKind::heading) return true;
    }
    return false;
  }

  /// The citation marker of a lead-in: the nearest one before the quotation in its paragraph (not
  /// for a blockquote, which is a paragraph of its own) or in the kLeadInBlocks blocks before.
  uint32_t lead_in_marker(const Quote& quote) const {
    uint32_t nearest = kNoIndex;
    for (const uint32_t index : markers_by_block_[quote.block]) {
      if (quote.kind != QuoteKind::blockquote && citations_.markers()[index].text_end <= quote.text_begin) {
        nearest = index;
      }
    }
    if (nearest != kNoIndex) return nearest;
    for (uint32_t b = quote.block, steps = 0; b > 0 && steps < kLeadInBlocks; ++steps) {
      --b;
      if (blocks()[b].kind == BlockKind::heading) break;
      if (!markers_by_block_[b].empty()) return markers_by_block_[b].back();
    }
    return kNoIndex;
  }

  /// A link (to a DOI or a web page) that names the source: in a blockquote's attribution line
  /// (links inside the quoted text are part of it), or in the sentence of an inline quotation,
  /// outside the quoted words. Hashtags and mentions ("#tag", "@name") name no source.
  QuoteAttribution by_link(const Quote& quote) const {
    std::vector<uint32_t> blocks_to_search;
    if (quote.kind == QuoteKind::blockquote) {
      const Element& blockquote = element(quote.element);
      for (uint32_t b = blockquote.first_block; b < blockquote.end_block; ++b) {
        if (is_attribution_line(blocks()[b])) blocks_to_search.push_back(b);
      }
    } else {
      blocks_to_search.push_back(quote.block);
    }
    const std::string& text = blocks()[quote.block].text;
    const uint32_t sentence_begin = sentences_.at(quote.block, quote.text_begin).begin;
    const uint32_t sentence_end =
        text.empty() ? 0 : sentences_.at(quote.block, std::max(quote.text_end, 1u) - 1).end;
    for (const uint32_t b : blocks_to_search) {
      for (const uint32_t index : links_by_block_[b]) {
        const Link& link = document_.links()[index];
        const bool in_sentence_outside_quote =
            link.text_begin >= sentence_begin && link.text_end <= sentence_end &&
            (link.text_end <= quote.text_begin || link.text_begin >= quote.text_end);
        if (quote.kind != QuoteKind::blockquote && !in_sentence_outside_quote) continue;
        const std::string_view label = std::string_view(blocks()[b].text).substr(link.text_begin, 1);
        if (label == "#" || label == "@") continue;
        QuoteAttribution attribution = by_target(AttributionMethod::link, link.href);
        if (attribution.method == AttributionMethod::none) continue;
        attribution.evidence_block = b;
        attribution.evidence_begin = link.text_begin;
        attribution.evidence_end = link.text_end;
        return attribution;
      }
    }
    return {};
  }

  /// An author named in the lead-in who is the first author of exactly one reference.
  QuoteAttribution by_author(const Quote& quote) const {
    const std::string lead_in = lead_in_text(quote);
    static const RE2 kName(R"((\p{Lu}[\p{L}'’-]+))");
    re2::StringPiece rest(lead_in);
    std::string name;
    QuoteAttribution found;
    while (RE2::FindAndConsume(&rest, kName, &name)) {
      const auto [first, last] = entries_by_author_.equal_range(fold_for_comparison(name));
      if (first == last || std::next(first) != last) continue;  // no entry, or several: not one source
      const uint32_t match = first->second;
      found = {};
      found.method = AttributionMethod::author;
      found.entries = {match};
    }
    return found;
  }

  const Document& document_;
  const CitationModel& citations_;
  BlockSentences sentences_;
  std::vector<std::vector<uint32_t>> markers_by_block_;
  std::vector<std::vector<uint32_t>> links_by_block_;
  std::unordered_set<uint32_t> reference_blocks_;
  std::unordered_multimap<std::string, uint32_t> entries_by_author_;  // folded first author -> entry
  std::vector<Quote> quotes_;
};

}  // namespace

std::string_view to_string(QuoteKind kind) {
  switch (kind) {
    case QuoteKind::blockquote:
      return "blockquote";
    case QuoteKind::q_element:
      return "q";
    case QuoteKind::inline_marks:
      return "inline";
  }
  return "inline";
}

std::string_view to_string(AttributionMethod method) {
  switch (method) {
    case AttributionMethod::none:
      return "none";
    case AttributionMethod::cite_attribute:
      return "cite-attribute";
    case AttributionMethod::marker:
      return "marker";
    case AttributionMethod::lead_in:
      return "lead-in";
    case AttributionMethod::link:
      return "link";
    case AttributionMethod::author:
      return "author";
  }
  return "none";
}

uint32_t count_words(std::string_view text) {
  uint32_t words = 0;
  bool in_word = false;
  for (size_t at = 0; at < text.size();) {
    size_t length = 0;
    const bool word = is_word_code_point(code_point_at(text, at, &length));
    if (word && !in_word) ++words;
    in_word = word;
    at += length;
  }
  return words;
}

std::vector<Quote> find_quotes(const Document& document, const CitationModel& citations) {
  return QuoteFinder(document, citations).run();
}

}  // namespace reflint
