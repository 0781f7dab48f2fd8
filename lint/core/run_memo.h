#pragma once
// Values the rules of one run share, built once by whichever rule asks first: e.g. the matching
// index of a source text that both quote rules check quotations against.

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <typeindex>
#include <unordered_map>
#include <utility>

namespace reflint {

class RunMemo {
 public:
  /// The value of type T kept under `key`, made by `make()` (returning std::shared_ptr<T>) when
  /// there is none yet. `make` runs outside the lock: two threads may both make one; the first
  /// one stored is kept and returned to both.
  template <class T, class Make>
  std::shared_ptr<T> get(const std::string& key, Make&& make) {
    const Key slot{std::type_index(typeid(T)), key};
    {
      std::lock_guard lock(mutex_);
      if (const auto found = values_.find(slot); found != values_.end())
        return std::static_pointer_cast<T>(found->second);
    }
    std::shared_ptr<T> made = std::forward<Make>(make)();
    std::lock_guard lock(mutex_);
    const auto [kept, added] = values_.try_emplace(slot, std::move(made));
    return std::static_pointer_cast<T>(kept->second);
  }

 private:
  struct Key {
    std::type_index type;
    std::string name;
    friend bool operator==(const Key&, const Key&) = default;
  };
  struct KeyHash {
    size_t operator()(const Key& key) const {
      return std::hash<std::string>()(key.name) ^ (key.type.hash_code() * 31);
    }
  };
  std::mutex mutex_;
  std::unordered_map<Key, std::shared_ptr<void>, KeyHash> values_;
};

}  // namespace reflint
