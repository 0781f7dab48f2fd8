#pragma once
// The analyses of one Document: each runs the first time a rule asks for it and is kept for the
// page's other rules, so a family that no enabled rule needs costs nothing. Safe to ask from
// several threads.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "lint/analysis/citations.h"
#include "lint/analysis/content.h"
#include "lint/analysis/dois.h"
#include "lint/analysis/quotes.h"
#include "lint/model/document.h"

namespace reflint {

/// What the analyses read besides the page: the [citations] settings of its configuration.
struct AnalysisSettings {
  CitationOptions citations;
};

class PageAnalyses {
 public:
  explicit PageAnalyses(const Document& document, AnalysisSettings settings = {})
      : document_(document), settings_(std::move(settings)) {}
  PageAnalyses(const PageAnalyses&) = delete;
  PageAnalyses& operator=(const PageAnalyses&) = delete;

  const Document& document() const { return document_; }
  /// The reference lists and their entries, without the citation markers (no markers()).
  const CitationModel& references() const;
  /// The reference lists, their entries and the citation markers; entries are numbered as in
  /// references().
  const CitationModel& citations() const;
  /// Every DOI in the page, in source order, malformed ones included (DoiMention::problem), each
  /// linked to the reference entry it sits in (an index into references().entries()).
  const std::vector<DoiMention>& dois() const;
  /// Quotations with their claimed sources.
  const QuoteModel& quotes() const;
  /// Which blocks are the article's text and which are page furniture.
  const ContentModel& content() const;
  /// Per block: whether it lies in a recognised reference entry.
  const std::vector<bool>& reference_entry_blocks() const;

 private:
  const Document& document_;
  const AnalysisSettings settings_;
  mutable std::once_flag references_once_;
  mutable std::once_flag citations_once_;
  mutable std::once_flag dois_once_;
  mutable std::once_flag quotes_once_;
  mutable std::once_flag content_once_;
  mutable std::once_flag entry_blocks_once_;
  mutable std::unique_ptr<CitationExtraction> extraction_;  // between references() and citations()
  mutable std::optional<CitationModel> references_;
  mutable std::optional<CitationModel> citations_;
  mutable std::optional<std::vector<DoiMention>> dois_;
  mutable std::optional<QuoteModel> quotes_;
  mutable std::optional<ContentModel> content_;
  mutable std::vector<bool> entry_blocks_;
};

/// How often each analysis ran in this process, for tests that check an analysis no enabled rule
/// needs is never run.
struct AnalysisRuns {
  uint64_t reference_lists = 0;
  uint64_t citation_markers = 0;
  uint64_t dois = 0;
  uint64_t quotes = 0;
  uint64_t content = 0;
};
AnalysisRuns analysis_runs();

}  // namespace reflint
