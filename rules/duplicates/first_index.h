#pragma once
// The first passage seen with each key (an LSH band key, a passage hash), in an open-addressing
// table at most 80% full: 10 bytes a 32-bit key instead of an unordered_map node (about 40). A
// page of a million paragraphs has tens of millions of band keys.

#include <algorithm>
#include <cstdint>
#include <vector>

#include "lint/model/document.h"

namespace reflint {

template <class Key>
class FirstIndex {
 public:
  explicit FirstIndex(size_t expected_keys) : slots_(std::max<size_t>(16, expected_keys * 5 / 4)) {}

  /// The first value stored for `key`; stores `value` and returns it when `key` is new.
  uint32_t first_or_add(Key key, uint32_t value) {
    if ((size_ + 1) * 5 > slots_.size() * 4) grow();  // at most 80% full
    Slot& slot = find(key);
    if (slot.value == kNoIndex) {
      slot = {key, value};
      ++size_;
    }
    return slot.value;
  }

 private:
  struct Slot {
    Key key = 0;
    uint32_t value = kNoIndex;  // kNoIndex: empty
  };

  Slot& find(Key key) {
    // Keys are hashes already: the multiply-shift maps one onto [0, size) without a modulo.
    const auto folded =
        static_cast<uint32_t>(static_cast<uint64_t>(key) ^ (static_cast<uint64_t>(key) >> 32));
    size_t at = static_cast<size_t>((uint64_t{folded} * slots_.size()) >> 32);
    while (slots_[at].value != kNoIndex && slots_[at].key != key) at = at + 1 == slots_.size() ? 0 : at + 1;
    return slots_[at];
  }

  void grow() {
    std::vector<Slot> old(slots_.size() * 2, Slot{});
    old.swap(slots_);
    for (const Slot& slot : old)
      if (slot.value != kNoIndex) find(slot.key) = slot;
  }

  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace reflint
