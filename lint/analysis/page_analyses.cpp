#include "lint/analysis/page_analyses.h"

#include <algorithm>

namespace reflint {
namespace {

std::atomic<uint64_t> reference_list_runs{0};
std::atomic<uint64_t> citation_marker_runs{0};
std::atomic<uint64_t> doi_runs{0};
std::atomic<uint64_t> quote_runs{0};
std::atomic<uint64_t> content_runs{0};

}  // namespace

const CitationModel& PageAnalyses::references() const {
  std::call_once(references_once_, [this] {
    reference_list_runs.fetch_add(1, std::memory_order_relaxed);
    extraction_ = std::make_unique<CitationExtraction>(document_, settings_.citations);
    references_.emplace(extraction_->reference_lists());
  });
  return *references_;
}

const CitationModel& PageAnalyses::citations() const {
  std::call_once(citations_once_, [this] {
    references();
    citation_marker_runs.fetch_add(1, std::memory_order_relaxed);
    citations_.emplace(extraction_->citations());
    extraction_.reset();
  });
  return *citations_;
}

const std::vector<DoiMention>& PageAnalyses::dois() const {
  std::call_once(dois_once_, [this] {
    doi_runs.fetch_add(1, std::memory_order_relaxed);
    std::vector<DoiMention> found = find_dois(document_);
    link_dois_to_reference_entries(document_, references(), found);
    dois_.emplace(std::move(found));
  });
  return *dois_;
}

const QuoteModel& PageAnalyses::quotes() const {
  std::call_once(quotes_once_, [this] {
    quote_runs.fetch_add(1, std::memory_order_relaxed);
    quotes_.emplace(find_quotes(document_, citations()));
  });
  return *quotes_;
}

const std::vector<bool>& PageAnalyses::reference_entry_blocks() const {
  std::call_once(entry_blocks_once_, [this] {
    entry_blocks_.assign(document_.blocks().size(), false);
    for (const ReferenceEntry& entry : references().entries()) {
      if (entry.element >= document_.elements().size()) continue;
      const Element& element = document_.elements()[entry.element];
      std::fill(entry_blocks_.begin() + element.first_block, entry_blocks_.begin() + element.end_block, true);
    }
  });
  return entry_blocks_;
}

const ContentModel& PageAnalyses::content() const {
  std::call_once(content_once_, [this] {
    content_runs.fetch_add(1, std::memory_order_relaxed);
    content_.emplace(classify_content(document_, reference_entry_blocks()));
  });
  return *content_;
}

AnalysisRuns analysis_runs() {
  return {reference_list_runs.load(), citation_marker_runs.load(), doi_runs.load(), quote_runs.load(),
          content_runs.load()};
}

}  // namespace reflint
