#pragma once
// What the citation and DOI analyses found on a page, counted: for a person to compare with the
// page at a glance (--extraction-summary, and "summary" in --dump-model) and for evaluations.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "lint/analysis/page_analyses.h"

namespace reflint {

struct ExtractionSummary {
  std::string style;  // "numeric", "author-year", "mixed" or "none": how the page's markers cite
  uint32_t lists = 0;
  uint32_t entries = 0;
  uint32_t markers = 0;
  uint32_t author_year_markers = 0;
  uint32_t citations = 0;        // the numbers and author-years the markers cite, ranges expanded
  uint32_t cited_entries = 0;    // distinct entries some marker resolves to
  uint32_t missing_targets = 0;  // link markers naming an id the page does not have
  uint32_t dois = 0;             // DOI mentions, any origin
  uint32_t entries_with_doi = 0;
};

ExtractionSummary summarise_extraction(const PageAnalyses& analyses);
nlohmann::json to_json(const ExtractionSummary& summary);

}  // namespace reflint
