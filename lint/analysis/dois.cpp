#include "lint/analysis/dois.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <unordered_map>

#include "lint/analysis/citations.h"
#include "lint/analysis/sentences.h"
#include "lint/text/ascii.h"
#include "lint/text/doi_text.h"
#include "lint/text/unicode.h"

namespace reflint {
namespace {

/// Length of the Unicode dash (U+2010..U+2015, U+2212) at `at`, or 0: the dashes word processors
/// put where a DOI has a hyphen-minus.
size_t unicode_dash_at(std::string_view text, size_t at) {
  if (at + 3 > text.size() || text[at] != '\xE2') return 0;
  const auto second = static_cast<unsigned char>(text[at + 1]);
  const auto third = static_cast<unsigned char>(text[at + 2]);
  const bool general_punctuation = second == 0x80 && third >= 0x90 && third <= 0x95;
  const bool minus_sign = second == 0x88 && third == 0x92;
  return general_punctuation || minus_sign ? 3 : 0;
}

size_t count_of(std::string_view text, std::string_view part) {
  size_t count = 0;
  for (size_t at = text.find(part); at != std::string_view::npos; at = text.find(part, at + part.size()))
    ++count;
  return count;
}

struct Prefix {
  size_t begin = 0;  // where "doi:", the resolver URL or "urn:doi:" starts; the DOI's start when bare
  bool url = false;
  bool doubled = false;
};

/// The prefix written just before `at`, where "10." starts.
Prefix prefix_before(std::string_view text, size_t at) {
  static const RE2 kPrefix(
      R"re((?is)(?:|.*?[^a-z0-9])((?:(?:https?://)?(?:dx\.|www\.)?doi\.org/(?:urn:doi:|doi:)?|doi\s*:\s*|doi\s+|urn:doi:|info:doi/)+))re",
      RE2::Latin1);
  constexpr size_t kWindow = 96;
  const size_t window_begin = at > kWindow ? at - kWindow : 0;
  re2::StringPiece chain;
  if (!RE2::FullMatch(re2::StringPiece(text.data() + window_begin, at - window_begin), kPrefix, &chain)) {
    return {at, false, false};
  }
  std::string lower(chain.data(), chain.size());
  std::transform(lower.begin(), lower.end(), lower.begin(), ascii_lower);
  const size_t resolvers = count_of(lower, "doi.org/");
  const size_t doi_schemes = count_of(lower, "doi:") - count_of(lower, "urn:doi:");
  const bool doubled = resolvers >= 2 || lower.find("doi.org/doi:") != std::string::npos || doi_schemes >= 2;
  return {static_cast<size_t>(chain.data() - text.data()), resolvers > 0, doubled};
}

/// True when `at` follows a publisher's DOI path ("/doi/10...", "/doi/abs/10...", "/doifinder/10...").
bool after_publisher_doi_path(std::string_view text, size_t at) {
  static const RE2 kPath(R"re((?is).*/doi(?:finder)?/(?:[a-z]+/)?)re", RE2::Latin1);
  constexpr size_t kWindow = 24;
  const size_t window_begin = at > kWindow ? at - kWindow : 0;
  return RE2::FullMatch(re2::StringPiece(text.data() + window_begin, at - window_begin), kPath);
}

/// End of a DOI's suffix once trailing sentence punctuation, closing quotes and unbalanced closing
/// brackets are dropped: "(see 10.1016/S0140-6736(20)30183-5)." keeps "(20)" but not ")."
size_t trim_trailing(std::string_view text, size_t begin, size_t end) {
  constexpr std::pair<char, char> kBrackets[] = {{'(', ')'}, {'[', ']'}, {'{', '}'}, {'<', '>'}};
  while (end > begin) {
    const char last = text[end - 1];
    if (std::string_view(".,;:!?'\"").find(last) != std::string_view::npos) {
      --end;
      continue;
    }
    if (end - begin >= 3 && unicode_dash_at(text, end - 3) != 0) {
      end -= 3;
      continue;
    }
    const std::string_view suffix = text.substr(begin, end - begin);
    const auto bracket = std::find_if(std::begin(kBrackets), std::end(kBrackets),
                                      [last](const auto& pair) { return pair.second == last; });
    if (bracket != std::end(kBrackets) && count_of(suffix, std::string_view(&bracket->first, 1)) <
                                              count_of(suffix, std::string_view(&bracket->second, 1))) {
      --end;
      continue;
    }
    break;
  }
  return end;
}

std::string replace_unicode_dashes(std::string_view text) {
  std::string replaced;
  for (size_t i = 0; i < text.size();) {
    if (const size_t length = unicode_dash_at(text, i); length != 0) {
      replaced += '-';
      i += length;
    } else {
      replaced += text[i++];
    }
  }
  return replaced;
}

/// Parses the DOI whose "10." starts at `at`.
size_t skip_html_spaces(std::string_view text, size_t from) {
  while (from < text.size() && is_html_space(text[from])) ++from;
  return from;
}

/// A word that reads as the rest of a DOI suffix after a stray space: lower-case letters and
/// digits around an inner '.' or '-' ("pone.0213978", "e12-3"), which the words of a sentence
/// after a DOI ("The", "2nd", "3.5", "and") are not, nor the next identifier of a citation
/// ("hdl:1721.1/80405", "arxiv:1902.02534").
bool suffix_like_word(std::string_view text, size_t at) {
  size_t end = at;
  while (end < text.size() && !is_html_space(text[end])) ++end;
  const std::string_view word = text.substr(at, trim_trailing(text, at, end) - at);
  constexpr size_t kShortest = 5;
  const auto is_lower = [](char c) { return c >= 'a' && c <= 'z'; };
  if (word.size() < kShortest || !(is_ascii_digit(word.front()) || is_lower(word.front())) ||
      word.find(':') != std::string_view::npos) {
    return false;
  }
  const bool separated = word.substr(1, word.size() - 2).find_first_of(".-") != std::string_view::npos;
  return separated && std::any_of(word.begin(), word.end(), is_ascii_digit) &&
         std::any_of(word.begin(), word.end(), is_lower);
}

/// The suffix that starts at `begin`: its end (trailing punctuation left out), whether it holds
/// Unicode dashes and whether it runs across a space; nullopt when it is empty or, across a space
/// before it (`spaced`), not suffix-like. In a whole URL (`whole_url`: an href) nothing but the DOI
/// can follow it, so a space inside is a typo ("10.1000/jxyz. 2020.1234"); in text a space goes on
/// only before a slash ("10.1000/abc /def01") or after a dot before a suffix-like word
/// ("10.1371/journal. pone.0213978").
struct Suffix {
  size_t end = 0;
  bool dash = false;
  bool space = false;
};
std::optional<Suffix> read_suffix(std::string_view text, size_t begin, bool url, bool spaced,
                                  bool whole_url) {
  size_t i = begin;
  bool dash = false;
  bool space = false;
  while (i < text.size()) {
    const char c = text[i];
    if (is_html_space(c) && i > begin) {
      const size_t next = skip_html_spaces(text, i);
      const bool before_slash = next + 1 < text.size() && text[next] == '/' && is_ascii_alnum(text[next + 1]);
      const bool after_dot = text[i - 1] == '.' && next < text.size() && suffix_like_word(text, next);
      if (next < text.size() && (whole_url || before_slash || after_dot)) {
        space = true;
        i = next;
        continue;
      }
    }
    if (is_html_space(c) || c == '"' || (url && (c == '?' || c == '#' || c == '&'))) break;
    if (static_cast<unsigned char>(c) >= 0x80) {
      const size_t length = unicode_dash_at(text, i);
      if (length == 0) break;
      dash = true;
      i += length;
      continue;
    }
    ++i;
  }
  const size_t end = trim_trailing(text, begin, i);
  if (end == begin) return std::nullopt;
  const std::string_view suffix = text.substr(begin, end - begin);
  // Across a space, only a suffix-like word ("s12891-018", "MSM.919166") continues a DOI, not "2".
  const auto is_letter = [](char c) { return is_ascii_alnum(c) && !is_ascii_digit(c); };
  if (spaced && (std::none_of(suffix.begin(), suffix.end(), is_ascii_digit) ||
                 std::none_of(suffix.begin(), suffix.end(), is_letter))) {
    return std::nullopt;
  }
  return Suffix{end, dash && replace_unicode_dashes(suffix) != suffix, space};
}

/// Whether a suffix starts at `at` after a dash that stands for the slash: a word with a letter
/// and a digit ("abc.12001"), not a number ("10.1200–1300" is a range).
bool suffix_begins_after_dash(std::string_view text, size_t at) {
  size_t end = at;
  while (end < text.size() && !is_html_space(text[end]) && static_cast<unsigned char>(text[end]) < 0x80)
    ++end;
  const std::string_view word = text.substr(at, end - at);
  return !word.empty() && is_ascii_alnum(word.front()) &&
         std::any_of(word.begin(), word.end(), is_ascii_digit) &&
         std::any_of(word.begin(), word.end(), [](char c) { return is_ascii_alpha(c); });
}

/// What is wrong with a DOI, the first that applies: how it is prefixed, then its characters.
DoiProblem problem_of(const Prefix& prefix, bool dash_for_slash, bool dash, bool space,
                      size_t registrant_digits, bool unencoded) {
  if (prefix.doubled) return DoiProblem::doubled_resolver;
  if (dash_for_slash) return DoiProblem::dash_for_slash;
  if (dash) return DoiProblem::unicode_dash;
  if (space) return DoiProblem::space;
  if (registrant_digits < 4) return DoiProblem::short_registrant;
  if (unencoded) return DoiProblem::unencoded_character;
  return DoiProblem::none;
}

std::optional<DoiMention> parse_doi(std::string_view text, size_t at, const Prefix& prefix, bool url,
                                    bool whole_url) {
  const bool prefixed = prefix.begin < at;
  bool space = false;
  const auto skip_spaces = [text](size_t from) { return skip_html_spaces(text, from); };
  size_t i = at + 3;
  if (prefixed && skip_spaces(i) != i) {  // "doi: 10. 1234/..."
    space = true;
    i = skip_spaces(i);
  }
  const size_t registrant_begin = i;
  while (i < text.size() && is_ascii_digit(text[i])) ++i;
  const size_t first_part = i - registrant_begin;
  if (first_part == 0 || (!prefixed && first_part < 4)) return std::nullopt;
  while (i + 1 < text.size() && text[i] == '.' &&
         is_ascii_digit(text[i + 1])) {  // sub-registrant "10.1000.10"
    for (++i; i < text.size() && is_ascii_digit(text[i]);) ++i;
  }
  const size_t registrant_end = i;

  DoiMention mention;
  mention.text_begin = static_cast<uint32_t>(prefix.begin);
  size_t slash = skip_spaces(i);
  size_t slash_length = 0;
  bool dash_for_slash = false;
  if (slash < text.size() && text[slash] == '/') {
    slash_length = 1;
  } else if (url && slash + 3 <= text.size() && text[slash] == '%' && text[slash + 1] == '2' &&
             ascii_lower(text[slash + 2]) == 'f') {
    slash_length = 3;
  } else if (const size_t dash_length = unicode_dash_at(text, slash);
             dash_length != 0 && slash == i && first_part >= 4 &&
             suffix_begins_after_dash(text, slash + dash_length)) {
    // "10.1000–abc.12001": a word processor's dash where the slash belongs.
    slash_length = dash_length;
    dash_for_slash = true;
  }
  if (slash_length == 0) {
    if (!prefixed) return std::nullopt;
    mention.problem = DoiProblem::no_slash;
    mention.text_end = static_cast<uint32_t>(registrant_end);
    mention.written = std::string(text.substr(prefix.begin, registrant_end - prefix.begin));
    return mention;
  }
  space = space || slash != i;
  i = slash + slash_length;
  if (const size_t after = skip_spaces(i); after != i) {
    if (after >= text.size() || !is_ascii_alnum(text[after])) return std::nullopt;
    space = true;
    i = after;
  }

  const size_t suffix_begin = i;
  const std::optional<Suffix> read = read_suffix(text, suffix_begin, url, space, whole_url);
  if (!read) return std::nullopt;
  const size_t end = read->end;
  const bool dash = read->dash;
  space = space || read->space;
  const std::string_view suffix = text.substr(suffix_begin, end - suffix_begin);

  std::string doi = "10.";
  doi.append(text.substr(registrant_begin, registrant_end - registrant_begin)).append("/");
  for (const char c : suffix) {
    if (!is_html_space(c)) doi += c;
  }
  if (url) doi = percent_decode(doi);
  if (dash) doi = replace_unicode_dashes(doi);
  const bool unencoded = url && std::any_of(suffix.begin(), suffix.end(), needs_percent_encoding);

  mention.problem = problem_of(prefix, dash_for_slash, dash, space, first_part, unencoded);
  if (mention.problem != DoiProblem::short_registrant) {
    mention.key = doi_key(doi);
    mention.doi = std::move(doi);
  }
  mention.text_end = static_cast<uint32_t>(end);
  mention.written = std::string(text.substr(prefix.begin, end - prefix.begin));
  return mention;
}

/// An attribute value in the source: raw offsets of the text between the quotes.
struct RawAttribute {
  std::string name;  // lower-case
  uint32_t value_begin = 0;
  uint32_t value_end = 0;
};

/// The attributes of the start tag at `tag`, read from the source so that values keep positions.
std::vector<RawAttribute> raw_attributes(std::string_view source, SourceRange tag) {
  std::vector<RawAttribute> attributes;
  size_t end = std::min<size_t>(tag.end, source.size());
  size_t i = tag.begin + 1;
  while (i < end && !is_html_space(source[i]) && source[i] != '>' && source[i] != '/') ++i;  // the tag name
  while (i < end) {
    while (i < end && (is_html_space(source[i]) || source[i] == '/')) ++i;
    if (i >= end || source[i] == '>') break;
    RawAttribute attribute;
    while (i < end && !is_html_space(source[i]) && source[i] != '=' && source[i] != '>' && source[i] != '/') {
      attribute.name += ascii_lower(source[i++]);
    }
    while (i < end && is_html_space(source[i])) ++i;
    if (i < end && source[i] == '=') {
      for (++i; i < end && is_html_space(source[i]);) ++i;
      if (i < end && (source[i] == '"' || source[i] == '\'')) {
        // A quoted value may hold '>' ("...35:4<493::AID-JBM8>3.0.CO;2-P"): the tag ends after it.
        const char quote = source[i++];
        const size_t close = std::min(source.size(), source.find(quote, i));
        attribute.value_begin = static_cast<uint32_t>(i);
        attribute.value_end = static_cast<uint32_t>(close);
        i = close + 1;
        if (i >= end) end = std::min(source.size(), source.find('>', i) + 1);
      } else {
        attribute.value_begin = static_cast<uint32_t>(i);
        while (i < end && !is_html_space(source[i]) && source[i] != '>') ++i;
        attribute.value_end = static_cast<uint32_t>(i);
      }
    } else {
      attribute.value_begin = attribute.value_end = static_cast<uint32_t>(i);
    }
    if (attribute.name.empty()) ++i;
    attributes.push_back(std::move(attribute));
  }
  return attributes;
}

/// A raw attribute value with its character references decoded; each decoded byte remembers the
/// source range of what produced it.
struct DecodedValue {
  std::string text;
  std::vector<uint32_t> begin;
  std::vector<uint32_t> end;
};

DecodedValue decode_value(std::string_view source, const RawAttribute& attribute) {
  static const std::unordered_map<std::string_view, char32_t> kNamed = {
      {"amp", U'&'}, {"lt", U'<'}, {"gt", U'>'}, {"quot", U'"'}, {"apos", U'\''}, {"nbsp", U'\u00A0'}};
  DecodedValue decoded;
  const auto append = [&decoded](std::string_view bytes, size_t from, size_t to) {
    decoded.text.append(bytes);
    decoded.begin.insert(decoded.begin.end(), bytes.size(), static_cast<uint32_t>(from));
    decoded.end.insert(decoded.end.end(), bytes.size(), static_cast<uint32_t>(to));
  };
  for (size_t i = attribute.value_begin; i < attribute.value_end;) {
    const size_t semicolon = source.find(';', i);
    if (source[i] == '&' && semicolon < attribute.value_end && semicolon - i <= 10) {
      const std::string_view name = source.substr(i + 1, semicolon - i - 1);
      char32_t code_point = 0;
      if (const auto named = kNamed.find(name); named != kNamed.end()) {
        code_point = named->second;
      } else if (name.size() > 1 && name[0] == '#') {
        const bool hex = name[1] == 'x' || name[1] == 'X';
        code_point = static_cast<char32_t>(
            std::strtoul(std::string(name.substr(hex ? 2 : 1)).c_str(), nullptr, hex ? 16 : 10));
      }
      if (code_point != 0) {
        std::string encoded;
        append_utf8(encoded, static_cast<int32_t>(code_point));
        append(encoded, i, semicolon + 1);
        i = semicolon + 1;
        continue;
      }
    }
    append(source.substr(i, 1), i, i + 1);
    ++i;
  }
  return decoded;
}

bool is_doi_meta(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), ascii_lower);
  return lower == "citation_doi" || lower == "dc.identifier" || lower == "dcterms.identifier" ||
         lower == "prism.doi";
}

/// True when the DOI at `at` of URL `value` is the value of a query parameter naming the page
/// that links, not the work linked to: WebCite's "query.php?url=...&refdoi=10.1186/...", a
/// referrer's "ref_doi=", "citing_doi=".
bool names_the_citing_page(std::string_view value, size_t at) {
  if (at == 0 || value[at - 1] != '=') return false;
  const size_t start = value.find_last_of("?&;", at - 1);
  if (start == std::string_view::npos) return false;
  const std::string name = lower_ascii(value.substr(start + 1, at - 1 - (start + 1)));
  return name.starts_with("ref") || name.starts_with("citing") || name.starts_with("source");
}

class DoiFinder {
 public:
  explicit DoiFinder(const Document& document) : document_(document), sentences_(document.blocks()) {
    for (uint32_t i = 0; i < document.links().size(); ++i)
      link_of_element_.emplace(document.links()[i].element, i);
  }

  std::vector<DoiMention> find() {
    for (uint32_t b = 0; b < document_.blocks().size(); ++b) find_in_block(b);
    for (uint32_t e = 0; e < document_.elements().size(); ++e) {
      const Element& element = document_.elements()[e];
      if (element.tag == "head") find_in_meta_tags(element);
      if (element.tag == "script" || element.tag == "head") continue;
      for (const std::string_view name : {"href", "src", "cite"}) {
        const std::string* value = element.attribute(name);
        if (value != nullptr && value->find("10.") != std::string::npos) find_in_attribute(e, name, *value);
      }
    }
    std::stable_sort(found_.begin(), found_.end(),
                     [](const DoiMention& a, const DoiMention& b) { return a.range.begin < b.range.begin; });
    return std::move(found_);
  }

 private:
  void find_in_block(uint32_t index) {
    const TextBlock& block = document_.blocks()[index];
    if (block.in(kInCode) || block.text.find("10.") == std::string::npos) return;
    for (DoiMention& mention : find_dois_in_text(block.text, false)) {
      mention.range = block.source_range(mention.text_begin, mention.text_end);
      place_in_block(mention, index);
      found_.push_back(std::move(mention));
    }
  }

  void place_in_block(DoiMention& mention, uint32_t block) const {
    mention.block = block;
    const Sentence sentence = sentences_.at(block, mention.text_begin);
    mention.sentence_begin = sentence.begin;
    mention.sentence_end = sentence.end;
  }

  /// Finds the DOIs of an attribute whose decoded value the parser gave as `value`.
  void find_in_attribute(uint32_t element_index, std::string_view name, const std::string& value) {
    const Element& element = document_.elements()[element_index];
    const std::vector<RawAttribute> attributes = raw_attributes(document_.source(), element.start_tag);
    const auto raw = std::find_if(attributes.begin(), attributes.end(),
                                  [name](const RawAttribute& attribute) { return attribute.name == name; });
    std::optional<DecodedValue> decoded;
    if (raw != attributes.end()) decoded = decode_value(document_.source(), *raw);
    const bool exact = decoded && decoded->text == value;
    for (DoiMention& mention : find_dois_in_text(value, true)) {
      // Without an exact map (an entity this decoder does not know), the whole tag is the location.
      mention.range =
          exact ? SourceRange{decoded->begin[mention.text_begin], decoded->end[mention.text_end - 1]}
                : element.start_tag;
      mention.origin = DoiOrigin::attribute;
      mention.element = element_index;
      if (const auto link = link_of_element_.find(element_index); link != link_of_element_.end()) {
        const Link& owner = document_.links()[link->second];
        if (owner.block != kNoIndex) {
          mention.text_begin = owner.text_begin;
          mention.text_end = owner.text_end;
          place_in_block(mention, owner.block);
        }
      }
      if (mention.block == kNoIndex) mention.text_begin = mention.text_end = 0;
      found_.push_back(std::move(mention));
    }
  }

  /// The parser keeps nothing inside <head>, so its meta tags are read from the source.
  void find_in_meta_tags(const Element& head) {
    const std::string& source = document_.source();
    const size_t end = std::min<size_t>(head.end_offset, source.size());
    static const RE2 kMetaTag(R"re((?is)(<!--.*?-->|<meta\b[^>]*>))re", RE2::Latin1);
    re2::StringPiece rest(source.data() + head.start_tag.end,
                          end > head.start_tag.end ? end - head.start_tag.end : 0);
    re2::StringPiece tag;
    while (RE2::FindAndConsume(&rest, kMetaTag, &tag)) {
      if (tag.starts_with("<!--")) continue;
      const auto tag_begin = static_cast<uint32_t>(tag.data() - source.data());
      const std::vector<RawAttribute> attributes =
          raw_attributes(source, {tag_begin, tag_begin + static_cast<uint32_t>(tag.size())});
      const auto attribute_named = [&](std::string_view name) {
        return std::find_if(attributes.begin(), attributes.end(),
                            [name](const RawAttribute& attribute) { return attribute.name == name; });
      };
      const auto name = attribute_named("name");
      const auto content = attribute_named("content");
      if (name == attributes.end() || content == attributes.end() ||
          !is_doi_meta(
              std::string_view(source).substr(name->value_begin, name->value_end - name->value_begin))) {
        continue;
      }
      const DecodedValue decoded = decode_value(source, *content);
      for (DoiMention& mention : find_dois_in_text(decoded.text, false)) {
        mention.range = {decoded.begin[mention.text_begin], decoded.end[mention.text_end - 1]};
        mention.origin = DoiOrigin::meta;
        mention.text_begin = mention.text_end = 0;
        found_.push_back(std::move(mention));
      }
    }
  }

  const Document& document_;
  BlockSentences sentences_;
  std::unordered_map<uint32_t, uint32_t> link_of_element_;
  std::vector<DoiMention> found_;
};

}  // namespace

std::vector<DoiMention> find_dois_in_text(std::string_view text, bool is_url) {
  std::vector<DoiMention> found;
  size_t from = 0;
  for (size_t at = text.find("10.", from); at != std::string_view::npos; at = text.find("10.", from)) {
    from = at + 3;
    if (at > 0 && (is_ascii_alnum(text[at - 1]) ||
                   std::string_view("._-").find(text[at - 1]) != std::string_view::npos)) {
      continue;
    }
    if (is_url && names_the_citing_page(text, at)) continue;
    const Prefix prefix = prefix_before(text, at);
    // "10." right after a '/' without a resolver is a path segment of some other URL, unless it is
    // a publisher's "/doi/" path, which carries the DOI to its end.
    const bool publisher_path = prefix.begin == at && at > 0 && text[at - 1] == '/';
    if (publisher_path && !after_publisher_doi_path(text, at)) continue;
    std::optional<DoiMention> mention =
        parse_doi(text, at, prefix, is_url || prefix.url || publisher_path, /*whole_url=*/is_url);
    if (!mention) continue;
    from = mention->text_end;
    found.push_back(std::move(*mention));
  }
  return found;
}

std::vector<DoiMention> find_dois(const Document& document) {
  return DoiFinder(document).find();
}

void link_dois_to_reference_entries(const Document& document, const CitationModel& citations,
                                    std::vector<DoiMention>& dois) {
  const std::vector<ReferenceEntry>& entries = citations.entries();
  for (DoiMention& mention : dois) {
    if (mention.block == kNoIndex) continue;
    const uint32_t element = document.blocks()[mention.block].element;
    for (uint32_t i = 0; i < entries.size(); ++i) {
      if (entries[i].element != kNoIndex && document.is_inside(element, entries[i].element)) {
        mention.reference_entry = i;
        break;
      }
    }
  }
}

std::string_view to_string(DoiProblem problem) {
  switch (problem) {
    case DoiProblem::none:
      return "none";
    case DoiProblem::unicode_dash:
      return "unicode-dash";
    case DoiProblem::dash_for_slash:
      return "dash-for-slash";
    case DoiProblem::space:
      return "space";
    case DoiProblem::no_slash:
      return "no-slash";
    case DoiProblem::short_registrant:
      return "short-registrant";
    case DoiProblem::doubled_resolver:
      return "doubled-resolver";
    case DoiProblem::unencoded_character:
      return "unencoded-character";
  }
  return "none";
}

}  // namespace reflint
