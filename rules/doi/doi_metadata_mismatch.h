#pragma once
// doi-metadata-mismatch: the DOI exists, but the registry's record is not the work the reference
// entry around it describes (first author, year, title, journal).

#include "lint/core/rule.h"
#include "rules/doi/doi_lookups.h"

namespace reflint {

class DoiMetadataMismatch final : public DoiLookupRule {
 public:
  // Each DOI once per block: it is compared with the text of the entry or paragraph it sits in.
  DoiMetadataMismatch() : DoiLookupRule(QueuedDoiLookups::Scope::per_block) {}
  const RuleMeta& meta() const override;

 private:
  void judge(const QueuedDoiLookups::Queued& queued, RuleContext& context) override;
};

/// How a reference entry's text compares with a registry record.
struct MetadataComparison {
  bool bibliographic = false;  // a reference entry, or text that reads like one (authors, a year)
  double title_overlap = 0;    // share of the record title's words found in the text
  bool author_found = false;   // the record's first-author surname is in the text
  bool year_found = false;     // the record's year, ±1, is in the text
  bool journal_found = false;  // the record's journal (or its abbreviation) is in the text
  /// Clear evidence of a different work: a reference entry whose title and first author both differ.
  bool mismatch() const { return bibliographic && title_overlap < 0.5 && !author_found; }
};

/// Compares `record` with `reference`, the text of a reference entry (`is_entry`: the citation
/// model found it in a reference list) or of the block a DOI sits in.
MetadataComparison compare_with_reference(const WorkMetadata& record, std::string_view reference,
                                          bool is_entry);

}  // namespace reflint
