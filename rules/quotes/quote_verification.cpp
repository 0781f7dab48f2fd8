#include "rules/quotes/quote_verification.h"

#include <fmt/format.h>

#include <algorithm>

#include "lint/analysis/citations.h"
#include "lint/analysis/dois.h"
#include "lint/net/network.h"
#include "lint/text/unicode.h"
#include "rules/quotes/quote_sources.h"

namespace reflint {

std::vector<RuleOptionSpec> quote_option_specs() {
  return {
      {"min-words", OptionType::integer, "6",
       "Fewest words for a quotation in running text to be checked (shorter ones are titles or scare "
       "quotes)",
       1, 1000},
      {"max-edit-ratio", OptionType::number, "0.1",
       "Word edits allowed between a quotation and its source, per word of each part between ellipses", 0,
       0.5},
  };
}

QuoteCheckOptions read_quote_options(const RuleOptions& options) {
  QuoteCheckOptions read;
  read.min_words = static_cast<uint32_t>(options.get_int("min-words"));
  read.match.max_edit_ratio = options.get_number("max-edit-ratio");
  return read;
}

bool is_checked_quote(const Quote& quote, uint32_t min_words) {
  if (quote.attribution.method == AttributionMethod::none) return false;
  return quote.kind != QuoteKind::inline_marks || quote.words >= min_words;
}

namespace {

QuoteSource source_of_entry(const Document& document, const ReferenceEntry& entry) {
  QuoteSource source;
  source.label = entry_label(entry);
  source.entry = Location::in(document, entry.range);
  source.dois = entry.dois;
  source.title = entry.title;
  source.first_author = entry.first_author;
  source.year = entry.year;
  source.urls = entry.urls;
  return source;
}

/// Starts the network lookups `source` will need, without waiting for them.
void prefetch(const QuoteSource& source, NetworkServices& network, const Requester& requested_by) {
  if (!source.dois.empty()) {
    network.lookup_europepmc({source.dois.front(), "", ""}, requested_by);
  } else if (!source.title.empty()) {
    network.lookup_europepmc({"", source.title, source.first_author}, requested_by);
  }
  if (source.fetch_page && !source.urls.empty()) network.lookup_page(source.urls.front(), requested_by);
}

}  // namespace

PendingQuotes collect_quotes(const RuleContext& context, const QuoteCheckOptions& options) {
  const PageAnalyses& analyses = context.analyses();
  NetworkServices* network = context.network();
  const Document& document = analyses.document();
  PendingQuotes page;
  page.path = document.path();
  const Requester requester{page.path, std::string(context.rule_id())};
  page.match = options.match;
  if (network == nullptr && context.settings().network.sources_dir.empty()) return page;
  const std::vector<Quote>& quotes = analyses.quotes().all();
  if (std::none_of(quotes.begin(), quotes.end(),
                   [&](const Quote& quote) { return is_checked_quote(quote, options.min_words); })) {
    return page;  // most pages: no need to copy out their reference entries
  }
  const std::vector<ReferenceEntry>& entries = analyses.citations().entries();
  std::vector<bool> claimed_entry(entries.size(), false);
  std::map<std::string, uint32_t> named_sources;  // cite attribute and link sources, by DOI or address
  for (const ReferenceEntry& entry : entries) page.sources.push_back(source_of_entry(document, entry));
  for (const Quote& quote : quotes) {
    if (!is_checked_quote(quote, options.min_words)) continue;
    const QuoteAttribution& attribution = quote.attribution;
    PendingQuote pending;
    pending.text = quote.text;
    pending.location = Location::in(document, quote.range);
    if (attribution.evidence_block != kNoIndex) {
      const TextBlock& block = document.blocks()[attribution.evidence_block];
      pending.attributed_at =
          Location::in(document, block.source_range(attribution.evidence_begin, attribution.evidence_end));
    }
    pending.claimed_label = attribution_label(analyses.citations(), attribution);
    pending.claimed = attribution.entries;
    for (const uint32_t entry : attribution.entries) claimed_entry[entry] = true;
    if (attribution.entries.empty() && (!attribution.doi.empty() || !attribution.url.empty())) {
      const std::string key = attribution.doi.empty() ? attribution.url : "doi:" + doi_key(attribution.doi);
      const auto [named, added] = named_sources.try_emplace(key, static_cast<uint32_t>(page.sources.size()));
      if (added) {
        QuoteSource source;
        source.label = pending.claimed_label;
        if (!attribution.doi.empty()) source.dois.push_back(attribution.doi);
        if (!attribution.url.empty()) {
          source.urls.push_back(attribution.url);
          source.fetch_page = true;
        }
        if (network != nullptr) prefetch(source, *network, requester);
        page.sources.push_back(std::move(source));
      }
      pending.claimed.push_back(named->second);
    }
    page.quotes.push_back(std::move(pending));
  }
  if (network != nullptr) {
    for (uint32_t entry = 0; entry < entries.size(); ++entry) {
      if (claimed_entry[entry]) prefetch(page.sources[entry], *network, requester);
    }
  }
  return page;
}

std::shared_ptr<SourceIndexes> SourceIndexes::of_run(const RuleContext& context) {
  return context.run_memo().get<SourceIndexes>("quote source indexes",
                                               [] { return std::make_shared<SourceIndexes>(); });
}

std::shared_ptr<const SourceText> SourceIndexes::index(const std::string& key, std::string_view text) {
  {
    std::lock_guard lock(mutex_);
    if (const auto known = indexes_.find(key); known != indexes_.end()) return known->second;
  }
  // Indexed outside the lock: another thread may index the same text meanwhile; the first one kept wins.
  auto index = std::make_shared<const SourceText>(text);
  std::lock_guard lock(mutex_);
  return indexes_.try_emplace(key, std::move(index)).first->second;
}

void SourceIndexes::report_count(RuleContext& context) {
  size_t count = 0;
  {
    std::lock_guard lock(mutex_);
    if (reported_ || indexes_.empty()) return;
    reported_ = true;
    count = indexes_.size();
  }
  context.notify(Notice::note(fmt::format("quotation sources: {} texts indexed", count)));
}

SourceTextResolver::SourceTextResolver(const RuleContext& context)
    : indexes_(SourceIndexes::of_run(context)),
      local_(
          std::make_unique<QuoteSources>(context.settings().network.sources_dir,
                                         [indexes = indexes_](const std::string& key, std::string_view text) {
                                           return indexes->index(key, text);
                                         })),
      network_(context.network()),
      rule_(context.rule_id()) {}

SourceTextResolver::~SourceTextResolver() = default;

std::vector<LoadedSource> SourceTextResolver::texts(const QuoteSource& source, const std::string& path) {
  const Requester requested_by{path, rule_};
  if (auto local = local_->find(source.dois, source.urls, source.first_author, source.year)) return {*local};
  std::vector<LoadedSource> found;
  if (network_ == nullptr) return found;
  const auto add = [&](const std::string& key, const SourceTexts& texts) {
    for (const SourceTexts::Part& part : texts.parts) {
      if (!part.text.empty())
        found.push_back({indexes_->index(part.origin + "|" + key, part.text), part.origin, part.abstract});
    }
  };
  if (!source.dois.empty()) {
    const std::string& doi = source.dois.front();
    add("doi:" + doi_key(doi), network_->lookup_europepmc({doi, "", ""}, requested_by).get());
    if (found.empty()) {
      // Not in Europe PMC, or no abstract there: the registry's own record may have one.
      const DoiRecord record = network_->lookup_doi(doi, requested_by).get();
      if (record.metadata && !record.metadata->abstract.empty()) {
        const std::string origin = record.agency + " abstract";
        found.push_back(
            {indexes_->index(origin + "|" + doi_key(doi), record.metadata->abstract), origin, true});
      }
    }
  } else if (!source.title.empty()) {
    add("title:" + source.title,
        network_->lookup_europepmc({"", source.title, source.first_author}, requested_by).get());
  }
  if (source.fetch_page && !source.urls.empty()) {
    const std::string& url = source.urls.front();
    const SourceTexts page = network_->lookup_page(url, requested_by).get();
    for (const SourceTexts::Part& part : page.parts) {
      if (!part.text.empty()) found.push_back({indexes_->index("page|" + url, part.text), "the page " + url});
    }
  }
  return found;
}

std::vector<QuoteCheck> check_quotes(const PendingQuotes& page, SourceTextResolver& sources) {
  std::vector<QuoteCheck> checks;
  for (uint32_t index = 0; index < page.quotes.size(); ++index) {
    const PendingQuote& quote = page.quotes[index];
    QuoteCheck check;
    check.quote = index;
    std::vector<LoadedSource> claimed;
    for (const uint32_t source : quote.claimed) {
      for (LoadedSource& text : sources.texts(page.sources[source], page.path))
        claimed.push_back(std::move(text));
    }
    if (claimed.empty()) {
      checks.push_back(std::move(check));
      continue;
    }
    const QuotePattern pattern(quote.text);
    const auto found_in_any = [&](const std::vector<LoadedSource>& texts) {
      return std::any_of(texts.begin(), texts.end(), [&](const LoadedSource& text) {
        return find_quote(pattern, *text.text, page.match).found;
      });
    };
    for (const LoadedSource& source : claimed) check.checked.push_back(source.checked);
    check.abstracts_only = std::all_of(claimed.begin(), claimed.end(),
                                       [](const LoadedSource& source) { return source.abstract; });
    if (found_in_any(claimed)) {
      check.verdict = QuoteVerdict::verified;
    } else {
      for (uint32_t other = 0; other < page.sources.size(); ++other) {
        if (std::find(quote.claimed.begin(), quote.claimed.end(), other) != quote.claimed.end()) continue;
        if (!page.sources[other].entry) continue;  // only the article's references
        if (found_in_any(sources.texts(page.sources[other], page.path))) check.found_in.push_back(other);
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

std::string attribution_label(const CitationModel& citations, const QuoteAttribution& attribution) {
  const std::vector<ReferenceEntry>& entries = citations.entries();
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

std::string attribution_identity(const CitationModel& citations, const QuoteAttribution& attribution) {
  std::vector<std::string> parts;
  for (const uint32_t index : attribution.entries) {
    const ReferenceEntry& entry = citations.entries()[index];
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
