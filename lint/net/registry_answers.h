#pragma once
// Readers of the registries' answers and of reflint's cache rows. An answer of a shape a reader
// does not expect (not JSON, a null where an object belongs, a number where text belongs) is
// nullopt, never an exception: the DOI or text is then unverified, and a cache row a miss.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/net/network.h"

namespace reflint {

/// The work in a Crossref /works/{doi} answer.
std::optional<WorkMetadata> read_crossref_work(std::string_view body, const MarkupReaders& readers);

/// The work in a DataCite /dois/{doi} answer.
std::optional<WorkMetadata> read_datacite_doi(std::string_view body, const MarkupReaders& readers);

/// The agency a doi.org /ra/{prefix} answer names ("Crossref", "DataCite", "mEDRA", ...; the old
/// spellings "CrossRef" and "Data Cite" as today's; empty when the prefix is unknown).
std::optional<std::string> read_registration_agency(std::string_view body);
/// An agency's name as today's /ra/ answers spell it (cache rows may hold the old spellings).
std::string canonical_agency(std::string agency);

/// The responseCode of a doi.org /api/handles/{doi} answer (1 found, 100 not found, ...).
std::optional<int> read_handle_response_code(std::string_view body);

/// What a Europe PMC search answer says of the work `query` describes.
struct EuropePmcMatch {
  bool found = false;           // a result is the queried work
  std::string abstract;         // its abstract as plain text
  std::string full_text_pmcid;  // its PMC id when its full text is open in Europe PMC
};
std::optional<EuropePmcMatch> read_europepmc_search(std::string_view body, const WorkQuery& query,
                                                    const MarkupReaders& readers);

/// An Open Retractions record (openretractions.com/api/doi/{doi}/data.json, and lists of that
/// shape): the work it is about and its notices, typed as Crossref types them ("retraction",
/// "withdrawal", "removal", "expression_of_concern", "correction"; the misspelt "retration" read
/// as a retraction), with source "open-retractions".
struct RetractionRecord {
  std::string doi;
  std::vector<WorkUpdate> updates;
};
std::optional<RetractionRecord> read_retraction_record(std::string_view body);

/// A DOI record (found or not found) as a cache row, and back.
std::string doi_record_row(const DoiRecord& record);
std::optional<DoiRecord> read_doi_record_row(std::string_view row);

/// Source texts as a cache row, and back.
std::string source_texts_row(const SourceTexts& texts);
std::optional<SourceTexts> read_source_texts_row(std::string_view row);

/// Title words for a Europe PMC phrase search and for comparing titles: folded, punctuation dropped.
std::string title_words(std::string_view title);

}  // namespace reflint
