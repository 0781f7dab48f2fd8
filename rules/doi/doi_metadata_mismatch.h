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
  bool journal_known = false;  // the record names a journal (or book, proceedings)
  bool year_known = false;     // the record has a year
  /// Clear evidence of a different work in a reference entry: its title differs and either the
  /// first author or, for another paper of the same author (a DOI copied from the neighbouring
  /// line of a publication list), both the year and the journal differ too.
  bool mismatch() const {
    const bool same_author_other_paper = year_known && !year_found && journal_known && !journal_found;
    return bibliographic && title_overlap < 0.5 && (!author_found || same_author_other_paper);
  }
};

/// Compares `record` with `reference`, the text of a reference entry (`is_entry`: the citation
/// model found it in a reference list) or of the block a DOI sits in.
MetadataComparison compare_with_reference(const WorkMetadata& record, std::string_view reference,
                                          bool is_entry);

}  // namespace reflint
