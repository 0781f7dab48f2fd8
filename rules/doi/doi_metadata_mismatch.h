#pragma once
// doi-metadata-mismatch: the DOI exists, but the registry's record is not the work the reference
// entry around it describes (first author, year, title, journal).

#include <cstdint>

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

/// Whether a field of a registry record agrees with a reference entry; `unknown` when the record
/// lacks the field (a work without authors, year or journal): no evidence either way.
enum class Agreement : uint8_t { unknown, agrees, differs };

/// How a reference entry's text compares with a registry record.
struct MetadataComparison {
  bool bibliographic = false;  // a reference entry, or text that reads like one (authors, a year)
  double title_overlap = 0;    // share of the words of the record's best-matching title in the text
  size_t title_words = 0;      // the words (minor words aside) of the record's title
  // The entry marks its title as a translation the record may not hold: "[Penile injury by a
  // tool]" (four words or more), "(in German)", "translated".
  bool translated_title = false;
  size_t entry_words = 0;  // the entry's words that could be a title's: not the record's authors
                           // or journal, no initials, numbers or minor words
  Agreement author = Agreement::unknown;   // the first author's surname (or organisation)
  Agreement year = Agreement::unknown;     // any of the record's years, ±1
  Agreement journal = Agreement::unknown;  // the journal, book or server, or an abbreviation
  /// The weight of evidence says "another work": the title is not in the entry and another field
  /// disagrees, or a title of several words is all but absent and no field agrees (a record that
  /// is only a title, such as a journal's). When the first author agrees (another paper of the same
  /// author, a DOI copied from the neighbouring line of a publication list), a third of the title
  /// at most may be there and the year or journal disagree, or the year and journal both disagree,
  /// or a title of four words or more is absent (the same author's paper in the same journal and
  /// year: only the title tells) unless the entry marks its title as a translation. The title-led
  /// cases apply only to an entry that gives a title.
  bool mismatch() const {
    if (!bibliographic || title_overlap >= 0.5) return false;
    const bool year_differs = year == Agreement::differs;
    const bool journal_differs = journal == Agreement::differs;
    const bool nothing_agrees =
        author != Agreement::agrees && year != Agreement::agrees && journal != Agreement::agrees;
    if (nothing_agrees && title_overlap < 0.2 && title_words >= 2) return true;
    if (author == Agreement::agrees) {
      // A short entry ("Smith J, et al. 2018") gives no title to tell by.
      const bool gives_a_title = entry_words >= 4;
      return (year_differs && journal_differs) ||
             (gives_a_title && title_overlap < 0.35 && (year_differs || journal_differs)) ||
             (gives_a_title && !translated_title && title_overlap < 0.1 && title_words >= 4);
    }
    return author == Agreement::differs || year_differs || journal_differs;
  }
};

/// Compares `record` with `reference`, the text of a reference entry (`is_entry`: the citation
/// model found it in a reference list) or of the block a DOI sits in.
MetadataComparison compare_with_reference(const WorkMetadata& record, std::string_view reference,
                                          bool is_entry);

}  // namespace reflint
