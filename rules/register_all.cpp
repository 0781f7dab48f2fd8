#include "rules/register_all.h"

#include "rules/citations/citation_context_mismatch.h"
#include "rules/citations/citation_link_mismatch.h"
#include "rules/citations/citation_order.h"
#include "rules/citations/citation_undefined.h"
#include "rules/citations/reference_duplicate.h"
#include "rules/citations/reference_numbering.h"
#include "rules/citations/reference_uncited.h"
#include "rules/doi/doi_malformed.h"
#include "rules/doi/doi_metadata_mismatch.h"
#include "rules/doi/doi_retracted.h"
#include "rules/doi/doi_unresolvable.h"
#include "rules/duplicates/duplicate_page.h"
#include "rules/duplicates/duplicate_paragraph.h"
#include "rules/quotes/misattributed_quote.h"
#include "rules/quotes/unverified_quote.h"

namespace reflint {

void register_all_rules(RuleRegistry& registry) {
  registry.add<CitationUndefined>();
  registry.add<ReferenceUncited>();
  registry.add<ReferenceNumbering>();
  registry.add<CitationOrder>();
  registry.add<CitationLinkMismatch>();
  registry.add<CitationContextMismatch>();
  registry.add<ReferenceDuplicate>();
  registry.add<DoiMalformed>();
  registry.add<DoiUnresolvable>();
  registry.add<DoiMetadataMismatch>();
  registry.add<DoiRetracted>();
  registry.add<DuplicateParagraph>();
  registry.add<DuplicatePage>();
  registry.add<MisattributedQuote>();
  registry.add<UnverifiedQuote>();
}

}  // namespace reflint
