#include "lint/analysis/extraction_summary.h"

#include <algorithm>
#include <vector>

#include "lint/analysis/citations.h"
#include "lint/analysis/dois.h"

namespace reflint {
namespace {

/// An author–year citation, or a link labelled with names and a year ("Reiners & Basri 2009").
bool cites_by_name(const CitationMarker& marker) {
  if (marker.style == MarkerStyle::author_year) return true;
  if (marker.style != MarkerStyle::link || !marker.numbers.empty()) return false;
  size_t digits = 0;
  for (const char c : marker.label) {
    digits = c >= '0' && c <= '9' ? digits + 1 : 0;
    if (digits == 4) return true;
  }
  return false;
}

std::string page_style(uint32_t by_number, uint32_t by_name) {
  const uint32_t all = by_number + by_name;
  if (all == 0) return "none";
  // A few of the other kind (a name-link among numbers, "[1]" in a Harvard page) leave the style.
  if (by_name * 10 < all) return "numeric";
  if (by_number * 10 < all) return "author-year";
  return "mixed";
}

}  // namespace

ExtractionSummary summarise_extraction(const PageAnalyses& analyses) {
  const CitationModel& model = analyses.citations();
  ExtractionSummary summary;
  summary.lists = static_cast<uint32_t>(model.lists().size());
  summary.entries = static_cast<uint32_t>(model.entries().size());
  summary.markers = static_cast<uint32_t>(model.markers().size());
  std::vector<bool> cited(model.entries().size(), false);
  for (const CitationMarker& marker : model.markers()) {
    const bool by_name = cites_by_name(marker);
    summary.author_year_markers += by_name ? 1 : 0;
    summary.citations += marker.numbers.empty() ? 1 : static_cast<uint32_t>(marker.numbers.size());
    summary.missing_targets += marker.target_missing ? 1 : 0;
    if (marker.target_entry != kNoIndex) cited[marker.target_entry] = true;
    const uint32_t list = model.list_cited_by(marker);
    if (list == kNoIndex) continue;
    for (const uint32_t number : marker.numbers) {
      if (const uint32_t entry = model.entry_by_number(list, number); entry != kNoIndex) cited[entry] = true;
    }
  }
  summary.cited_entries = static_cast<uint32_t>(std::count(cited.begin(), cited.end(), true));
  summary.style = page_style(summary.markers - summary.author_year_markers, summary.author_year_markers);
  summary.dois = static_cast<uint32_t>(analyses.dois().size());
  summary.entries_with_doi =
      static_cast<uint32_t>(std::count_if(model.entries().begin(), model.entries().end(),
                                          [](const ReferenceEntry& entry) { return !entry.dois.empty(); }));
  return summary;
}

nlohmann::json to_json(const ExtractionSummary& summary) {
  return {{"style", summary.style},
          {"lists", summary.lists},
          {"entries", summary.entries},
          {"markers", summary.markers},
          {"author_year_markers", summary.author_year_markers},
          {"citations", summary.citations},
          {"cited_entries", summary.cited_entries},
          {"missing_targets", summary.missing_targets},
          {"dois", summary.dois},
          {"entries_with_doi", summary.entries_with_doi}};
}

}  // namespace reflint
