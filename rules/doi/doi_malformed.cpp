#include "rules/doi/doi_malformed.h"

#include <fmt/format.h>

#include <optional>
#include <string>

#include "lint/analysis/dois.h"
#include "lint/text/doi_text.h"
#include "lint/text/unicode.h"

namespace reflint {
namespace {

constexpr std::string_view kHelp = R"md(## What it does

Finds text that is evidently meant as a DOI but cannot work as written:

- a Unicode dash (U+2010 to U+2015, or the minus sign U+2212) where the DOI has a hyphen-minus,
  as word processors and typesetting systems often substitute;
- such a dash where the slash after the prefix belongs ("10.1000–abc.12001");
- a space inside the DOI ("10. 1186/…", "10.1186/ s12891-…", "10.1371/journal. pone.0213978",
  "10.1000/abc /def01", and any space inside a DOI link's address);
- no `/` between the prefix and the suffix ("doi:10.1186");
- a registrant code of fewer than 4 digits after "doi:" or a resolver ("doi:10.118/…");
- a doubled resolver prefix ("https://doi.org/https://doi.org/10.…", "https://doi.org/doi:10.…");
- characters a URL must percent-encode (`<`, `>`, `"`, `{`, `}`, `|`, `\`, `^`, `` ` ``) in a
  doi.org URL.

DOIs are read in text, in `href`, `src` and `cite` attributes, and in the `citation_doi`,
`dc.identifier` and `prism.doi` meta tags. Text in code (`pre`, `code`, `kbd`, `samp`) and scripts
is not read. The message names the problem and, where it is clear, the intended DOI.

`reflint --fix` rewrites the DOIs whose intended form is certain — a dash, a space, a dash for the
slash, a doubled resolver, characters a URL must encode — in place (`--diff` shows the change
first); a DOI without a slash or with a short registrant code is left for a person.

## Why it matters

A broken DOI does not resolve: readers get the resolver's error page instead of the paper, and
reference managers and citation indexes fail to link the reference.

## Example

```html
<p>Lancet. 2020;395:497. doi:10.1016/S0140‐6736(20)30183‐5</p>
```

The dashes are U+2010 hyphens; the DOI is `10.1016/S0140-6736(20)30183-5`.
)md";

/// "U+2010" for the first Unicode dash in `text`.
std::string first_dash_code_point(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const CodePoint code_point = decode_utf8(text, i);
    if (!code_point.valid()) break;
    if ((code_point.value >= 0x2010 && code_point.value <= 0x2015) || code_point.value == 0x2212) {
      return fmt::format("U+{:04X}", code_point.value);
    }
    i += code_point.length;
  }
  return "U+2010";
}

std::string unencoded_characters(std::string_view text) {
  std::string listed;
  for (const char c : std::string_view("\"<>\\^`{|}")) {
    if (text.find(c) == std::string_view::npos) continue;
    listed += listed.empty() ? "" : ", ";
    listed += fmt::format("'{}'", c);
  }
  return listed;
}

std::string message_for(const DoiMention& mention) {
  const std::string_view written = mention.written;
  switch (mention.problem) {
    case DoiProblem::unicode_dash:
      return fmt::format("dash {} in a DOI where a hyphen-minus belongs; expected {}",
                         first_dash_code_point(written), mention.doi);
    case DoiProblem::space:
      return fmt::format("space inside a DOI; expected {}", mention.doi);
    case DoiProblem::dash_for_slash:
      return fmt::format("dash {} in a DOI where the slash after the prefix belongs; expected {}",
                         first_dash_code_point(written), mention.doi);
    case DoiProblem::no_slash:
      return fmt::format(
          "no '/' between the DOI prefix and its suffix in '{}'; expected 10.<registrant>/<suffix>", written);
    case DoiProblem::short_registrant:
      return fmt::format(
          "registrant code in the DOI '{}' has fewer than 4 digits; expected 10.<4 or more digits>/<suffix>",
          written);
    case DoiProblem::doubled_resolver:
      return fmt::format("doubled resolver prefix before a DOI; expected https://doi.org/{}",
                         percent_encode_doi(mention.doi));
    case DoiProblem::unencoded_character:
      return fmt::format("{} in a DOI URL must be percent-encoded; expected https://doi.org/{}",
                         unencoded_characters(written), percent_encode_doi(mention.doi));
    case DoiProblem::none:
      break;
  }
  return {};
}

/// `text` as it may stand in HTML text or an attribute value.
std::string escape_for_html(std::string_view text, DoiOrigin origin) {
  std::string escaped;
  for (const char c : text) {
    if (c == '&') {
      escaped += "&amp;";
    } else if (c == '<' && origin == DoiOrigin::text) {
      escaped += "&lt;";
    } else if (c == '>' && origin == DoiOrigin::text) {
      escaped += "&gt;";
    } else if (c == '"' && origin != DoiOrigin::text) {
      escaped += "&quot;";
    } else if (c == '\'' && origin != DoiOrigin::text) {
      escaped += "&#39;";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

/// An attribute value's source with its character references read (&lt; &gt; &amp; &quot; &apos;
/// and numeric ones), or nullopt when it holds another kind: the few that DOI links carry.
std::optional<std::string> read_character_references(std::string_view source) {
  std::string text;
  for (size_t at = 0; at < source.size(); ++at) {
    if (source[at] != '&') {
      text += source[at];
      continue;
    }
    const size_t end = source.find(';', at);
    if (end == std::string_view::npos) return std::nullopt;
    const std::string_view name = source.substr(at + 1, end - at - 1);
    if (name == "lt") {
      text += '<';
    } else if (name == "gt") {
      text += '>';
    } else if (name == "amp") {
      text += '&';
    } else if (name == "quot") {
      text += '"';
    } else if (name == "apos") {
      text += '\'';
    } else if (name.size() > 1 && name[0] == '#') {
      const bool hex = name[1] == 'x' || name[1] == 'X';
      const std::string digits(name.substr(hex ? 2 : 1));
      if (digits.empty() || digits.size() > 6 ||
          digits.find_first_not_of(hex ? "0123456789abcdefABCDEF" : "0123456789") != std::string::npos) {
        return std::nullopt;
      }
      append_utf8(text, static_cast<int32_t>(std::stol(digits, nullptr, hex ? 16 : 10)));
    } else {
      return std::nullopt;
    }
    at = end;
  }
  return text;
}

/// What the source should read instead of the DOI as written, or nullopt where the intended DOI
/// is not certain (no slash, a short registrant) or the source spells it with markup or character
/// references a fix would have to rewrite (in an attribute, the common ones are read: PLOS writes
/// a SICI DOI's '<' as &lt;). Text keeps its own prefix ("doi:"); an address keeps its resolver,
/// and one that is doubled or needs encoding becomes https://doi.org/.
std::optional<std::string> corrected_source(const Document& document, const DoiMention& mention) {
  if (mention.doi.empty()) return std::nullopt;
  const std::string_view source = std::string_view(document.source())
                                      .substr(mention.range.begin, mention.range.end - mention.range.begin);
  if (source != mention.written &&
      (mention.origin == DoiOrigin::text || read_character_references(source) != mention.written)) {
    return std::nullopt;
  }
  const bool address = mention.origin != DoiOrigin::text;
  switch (mention.problem) {
    case DoiProblem::unicode_dash:
    case DoiProblem::space:
    case DoiProblem::dash_for_slash: {
      const size_t doi_start = mention.written.find("10.");
      if (doi_start == std::string::npos) return std::nullopt;
      const std::string doi = address ? percent_encode_doi(mention.doi) : mention.doi;
      return escape_for_html(mention.written.substr(0, doi_start) + doi, mention.origin);
    }
    case DoiProblem::doubled_resolver:
    case DoiProblem::unencoded_character:
      return escape_for_html("https://doi.org/" + percent_encode_doi(mention.doi), mention.origin);
    case DoiProblem::no_slash:
    case DoiProblem::short_registrant:
    case DoiProblem::none:
      break;
  }
  return std::nullopt;
}

}  // namespace

const RuleMeta& DoiMalformed::meta() const {
  static const RuleMeta kMeta{
      .id = "doi-malformed",
      .family = "doi",
      .summary = "Text meant as a DOI is broken and cannot resolve.",
      .description =
          "Reports DOIs with a Unicode dash or a space inside, no slash after the prefix, a registrant code "
          "of "
          "fewer than 4 digits, a doubled resolver prefix, or characters a URL must percent-encode, in text, "
          "href/src/cite attributes and DOI meta tags.",
      .help = kHelp,
      .default_level = Level::error,
      .needs_network = false,
      .precision = Precision::very_high,
      .options = {},
  };
  return kMeta;
}

void DoiMalformed::check(const Document& document, RuleContext& context) {
  for (const DoiMention& mention : context.dois()) {
    if (mention.valid()) continue;
    auto finding = context.report(document, mention.range, message_for(mention));
    finding.fingerprint_key(std::string(to_string(mention.problem)));
    if (const std::optional<std::string> fixed = corrected_source(document, mention)) {
      finding.fix(Location::in(document, mention.range), *fixed,
                  fmt::format("write the DOI as {}", mention.doi));
    }
  }
}

}  // namespace reflint
