#include "rules/doi/doi_lookups.h"

#include <set>
#include <utility>

#include "lint/analysis/citations.h"

namespace reflint {

void QueuedDoiLookups::queue(const Document& document, RuleContext& context, Scope scope) {
  NetworkServices* network = context.network();
  if (network == nullptr) return;
  std::vector<Queued> found;
  std::set<std::pair<std::string, uint32_t>> seen;  // DOI key, and block for per_block
  for (const DoiMention& mention : context.dois()) {
    if (!mention.valid()) continue;
    if (scope == Scope::per_block && mention.block == kNoIndex) continue;
    const uint32_t block = scope == Scope::per_block ? mention.block : kNoIndex;
    if (!seen.emplace(mention.key, block).second) continue;
    Queued queued;
    queued.location = Location::in(document, mention.range);
    queued.doi = mention.doi;
    if (mention.reference_entry != kNoIndex) {
      queued.reference = context.references().entries()[mention.reference_entry].text;
      queued.in_reference_entry = true;
    } else if (block != kNoIndex) {
      queued.reference = document.blocks()[block].text;
    }
    queued.record = network->lookup_doi(mention.doi, {document.path(), std::string(context.rule_id())});
    found.push_back(std::move(queued));
  }
  std::lock_guard lock(mutex_);
  std::move(found.begin(), found.end(), std::back_inserter(queued_));
}

std::vector<QueuedDoiLookups::Queued> QueuedDoiLookups::take() {
  std::lock_guard lock(mutex_);
  return std::exchange(queued_, {});
}

}  // namespace reflint
