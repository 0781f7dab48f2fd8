#include "rules/citations/reference_duplicate.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "lint/analysis/dois.h"
#include "lint/text/unicode.h"
#include "rules/citations/citation_support.h"

namespace reflint {
namespace {

constexpr std::string_view kHelp = R"md(## What it does

Finds a reference list that lists the same source twice: two entries with the same DOI, or with
the same text once case, accents, punctuation and spacing are ignored. The finding is at the later
entry and points at the earlier one. Short entries ("Ibid.", "Smith 2001, p. 5") are compared by
DOI, or by text only when they also link to the same web page (a short title with its address),
since notes legitimately repeat them.

## Why it matters

A duplicated reference splits the citations of one source over two numbers, inflates the
reference count, and usually means one of the two numbers is cited where the other was meant.

## Example

```html
<p>3 Loureiro A, ... BMC Musculoskelet Disord. 2018;19(1):303. doi:10.1186/s12891-018-2230-4</p>
<p>7 Loureiro A, ... BMC Musculoskelet Disord. 2018. doi:10.1186/S12891-018-2230-4</p>
```
)md";

constexpr size_t kMinComparableText = 40;  // shorter entries are notes like "Ibid." or "Smith 2001, p. 5"
constexpr size_t kMinShortText = 12;       // ... or a short title with its link

/// The entry's letters and digits, lower-cased: "stress-strain" and "Stress–strain" compare equal.
/// Simple case mapping, not full folding: entries of one list are typed alike, and it is cheap.
std::string text_key(std::string_view text) {
  std::string key;
  key.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte < 0x80) {
      if (std::isalnum(byte) != 0) key.push_back(static_cast<char>(std::tolower(byte)));
      ++at;
      continue;
    }
    const CodePoint code_point = decode_utf8(text, at);
    if (!code_point.valid()) break;
    if (is_letter(code_point.value) || is_number(code_point.value))
      append_utf8(key, to_lower(code_point.value));
    at += code_point.length;
  }
  return key;
}

/// Same text, different links: "The World Factbook" cited for two of its pages.
bool links_elsewhere(const ReferenceEntry& a, const ReferenceEntry& b) {
  if (a.urls.empty() || b.urls.empty()) return false;
  return std::none_of(a.urls.begin(), a.urls.end(), [&](const std::string& url) {
    return std::find(b.urls.begin(), b.urls.end(), url) != b.urls.end();
  });
}

/// The same web page, not a note's link into the page ("#CITEREFSmith2001"): notes repeat by
/// design, one per place they are called.
bool shares_link(const ReferenceEntry& a, const ReferenceEntry& b) {
  return std::any_of(a.urls.begin(), a.urls.end(), [&](const std::string& url) {
    return url.starts_with("http") && std::find(b.urls.begin(), b.urls.end(), url) != b.urls.end();
  });
}

std::string entry_name(const ReferenceEntry& entry) {
  return entry.number != 0 ? fmt::format("reference {}", entry.number)
                           : fmt::format("'{}'", entry.text.substr(0, 40));
}

}  // namespace

const RuleMeta& ReferenceDuplicate::meta() const {
  static const RuleMeta kMeta{
      .id = "reference-duplicate",
      .family = "citations",
      .summary = "Two entries of a reference list are the same source (same DOI or same text).",
      .description =
          "Reports the later of two entries of one reference list that have the same DOI or the same "
          "normalised text.",
      .help = kHelp,
      .default_level = Level::warning,
      .needs_network = false,
      .precision = Precision::high,
      .options = {},
  };
  return kMeta;
}

void ReferenceDuplicate::check(const Document& document, RuleContext& context) {
  const CitationModel& model = context.citations();
  for (const ReferenceList& list : model.lists()) {
    std::unordered_map<std::string, uint32_t> by_doi;
    std::unordered_map<std::string, uint32_t> by_text;
    for (uint32_t index = list.first_entry; index < list.end_entry; ++index) {
      const ReferenceEntry& entry = model.entries()[index];
      if (entry.range.end == 0) continue;
      uint32_t earlier = kNoIndex;
      std::string reason;
      for (const std::string& doi : entry.dois) {
        const auto [found, added] = by_doi.emplace(doi_key(doi), index);
        if (!added && earlier == kNoIndex && found->second != index) {
          earlier = found->second;
          reason = fmt::format("the same DOI {}", doi);
        }
      }
      const std::string key = text_key(entry.text);
      if (key.size() >= kMinShortText) {
        const auto [found, added] = by_text.emplace(key, index);
        const ReferenceEntry& other = model.entries()[found->second];
        // A short text ("Air Mozilla". Mozilla Wiki.) is the same source only with the same link.
        const bool same =
            key.size() >= kMinComparableText ? !links_elsewhere(entry, other) : shares_link(entry, other);
        if (!added && earlier == kNoIndex && same) {
          earlier = found->second;
          reason = key.size() >= kMinComparableText ? "the same text" : "the same text and link";
        }
      }
      if (earlier == kNoIndex) continue;
      const ReferenceEntry& first = model.entries()[earlier];
      context
          .report(document, entry.range,
                  fmt::format("{} duplicates {} ({}); expected each source listed once", entry_name(entry),
                              entry_name(first), reason))
          .related(Location::in(document, first.range), fmt::format("first listed as {}", entry_name(first)));
    }
  }
}

}  // namespace reflint
