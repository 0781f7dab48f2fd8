#pragma once
// The DOIs a network rule queues in check() and judges in finish(): lookups start as soon as a
// page is checked and run while the other pages are parsed, so the network layer stays busy at
// its politeness limits instead of waiting page by page.

#include <future>
#include <mutex>
#include <string>
#include <vector>

#include "lint/core/rule.h"
#include "lint/net/network.h"

namespace reflint {

class QueuedDoiLookups {
 public:
  enum class Scope : uint8_t {
    per_page,   // each distinct DOI once per page, at its first mention
    per_block,  // each distinct DOI once per block it sits in (for comparing with the block's text)
  };
  struct Queued {
    Location location;  // the DOI as written
    std::string doi;
    // For per_block: the reference entry's text when the DOI sits in one, else its block's text.
    std::string reference;
    bool in_reference_entry = false;
    std::shared_future<DoiRecord> record;
  };

  /// Queues the well-formed DOIs of `document`; does nothing when the run has no network layer.
  void queue(const Document& document, RuleContext& context, Scope scope);
  /// Everything queued so far, in the order queued per page; empties the queue for the next run.
  std::vector<Queued> take();

 private:
  std::mutex mutex_;
  std::vector<Queued> queued_;
};

/// A rule that judges the registry's answer for each DOI of a page: check() queues the lookups,
/// finish() waits for each answer and judges it.
class DoiLookupRule : public Rule {
 public:
  void check(const Document& document, RuleContext& context) override {
    lookups_.queue(document, context, scope_);
  }
  void finish(RuleContext& context) override {
    for (const QueuedDoiLookups::Queued& queued : lookups_.take()) judge(queued, context);
  }

 protected:
  explicit DoiLookupRule(QueuedDoiLookups::Scope scope) : scope_(scope) {}
  /// Reports what the registry's answer for one queued DOI shows (called from finish()).
  virtual void judge(const QueuedDoiLookups::Queued& queued, RuleContext& context) = 0;

 private:
  const QueuedDoiLookups::Scope scope_;
  QueuedDoiLookups lookups_;
};

}  // namespace reflint
