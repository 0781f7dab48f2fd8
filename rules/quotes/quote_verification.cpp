#include "rules/quotes/quote_verification.h"

#include <fmt/format.h>

#include <algorithm>

#include "lint/model/citations.h"
#include "lint/model/doi.h"
#include "rules/quotes/quote_sources.h"

namespace reflint {

std::vector<RuleOptionSpec> quote_option_specs() {
  return {
      {"min-words", OptionType::integer, "6",
       "Fewest words for a quotation in running text to be checked (shorter ones are titles or scare "
       "quotes)"},
      {"max-edit-ratio", OptionType::number, "0.1",
       "Word edits allowed between a quotation and its source, per word of each part between ellipses"},
  };
}

QuoteCheckOptions read_quote_options(const RuleOptions& options) {
  QuoteCheckOptions read;
  read.min_words = static_cast<uint32_t>(std::max<int64_t>(1, options.get_int("min-words")));
  read.match.max_edit_ratio = std::clamp(options.get_number("max-edit-ratio"), 0.0, 0.5);
  return read;
}

bool is_checked_quote(const Quote& quote, uint32_t min_words) {
  if (quote.attribution.method == AttributionMethod::none) return false;
  return quote.kind != QuoteKind::inline_marks || quote.words >= min_words;
}

std::vector<QuoteCheck> check_quotes(const Document& document, const std::string& sources_dir,
                                     const QuoteCheckOptions& options) {
  std::vector<QuoteCheck> checks;
  const std::vector<Quote>& quotes = document.quotes().all();
  const std::vector<ReferenceEntry>& entries = document.citations().entries();
  QuoteSources sources(sources_dir);
  for (uint32_t index = 0; index < quotes.size(); ++index) {
    const Quote& quote = quotes[index];
    if (!is_checked_quote(quote, options.min_words)) continue;
    const QuoteAttribution& attribution = quote.attribution;
    std::vector<LoadedSource> claimed;
    for (const uint32_t entry : attribution.entries) {
      if (auto source = sources.for_entry(entries[entry])) claimed.push_back(std::move(*source));
    }
    if (attribution.entries.empty()) {
      auto source =
          !attribution.doi.empty() ? sources.for_doi(attribution.doi) : sources.for_url(attribution.url);
      if (source) claimed.push_back(std::move(*source));
    }
    QuoteCheck check;
    check.quote = index;
    if (claimed.empty()) {
      checks.push_back(std::move(check));
      continue;
    }
    const QuotePattern pattern(quote.text);
    for (const LoadedSource& source : claimed) {
      check.checked.push_back(source.checked);
    }
    const bool verified = std::any_of(claimed.begin(), claimed.end(), [&](const LoadedSource& source) {
      return find_quote(pattern, *source.text, options.match).found;
    });
    if (verified) {
      check.verdict = QuoteVerdict::verified;
    } else {
      for (uint32_t other = 0; other < entries.size(); ++other) {
        if (std::find(attribution.entries.begin(), attribution.entries.end(), other) !=
            attribution.entries.end()) {
          continue;
        }
        const auto source = sources.for_entry(entries[other]);
        if (source && find_quote(pattern, *source->text, options.match).found)
          check.found_in.push_back(other);
      }
      check.verdict = check.found_in.empty() ? QuoteVerdict::not_found : QuoteVerdict::from_other_reference;
    }
    checks.push_back(std::move(check));
  }
  return checks;
}

std::string entry_label(const ReferenceEntry& entry) {
  if (entry.number > 0) return fmt::format("[{}]", entry.number);
  if (!entry.first_author.empty() && entry.year > 0)
    return fmt::format("{} {}", entry.first_author, entry.year);
  if (!entry.first_author.empty()) return entry.first_author;
  return "a reference";
}

std::string attribution_label(const Document& document, const QuoteAttribution& attribution) {
  const std::vector<ReferenceEntry>& entries = document.citations().entries();
  if (!attribution.entries.empty()) {
    const bool numbered = std::all_of(attribution.entries.begin(), attribution.entries.end(),
                                      [&](uint32_t entry) { return entries[entry].number > 0; });
    std::vector<std::string> labels;
    for (const uint32_t entry : attribution.entries) {
      labels.push_back(numbered ? std::to_string(entries[entry].number) : entry_label(entries[entry]));
    }
    return numbered ? fmt::format("[{}]", fmt::join(labels, ", "))
                    : fmt::format("{}", fmt::join(labels, "; "));
  }
  if (!attribution.doi.empty()) return "doi:" + attribution.doi;
  return attribution.url;
}

std::string attribution_identity(const Document& document, const QuoteAttribution& attribution) {
  std::vector<std::string> parts;
  for (const uint32_t index : attribution.entries) {
    const ReferenceEntry& entry = document.citations().entries()[index];
    if (!entry.dois.empty()) {
      parts.push_back("doi:" + doi_key(entry.dois.front()));
    } else if (!entry.urls.empty()) {
      parts.push_back("url:" + entry.urls.front());
    } else {
      parts.push_back(fmt::format("ref:{} {} {}", fold_for_comparison(entry.first_author), entry.year,
                                  fold_for_comparison(entry.title)));
    }
  }
  if (parts.empty() && !attribution.doi.empty()) parts.push_back("doi:" + doi_key(attribution.doi));
  if (parts.empty() && !attribution.url.empty()) parts.push_back("url:" + attribution.url);
  std::sort(parts.begin(), parts.end());
  return fmt::format("{}", fmt::join(parts, "|"));
}

std::string quote_key(const Quote& quote) {
  std::string key;
  for (const QuoteToken& token : tokenize_for_matching(quote.text)) {
    if (!key.empty()) key += ' ';
    key += token.folded;
  }
  return key;
}

}  // namespace reflint
