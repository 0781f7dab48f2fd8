#pragma once
// The lookup cache: one SQLite file shared by parallel runs (WAL, busy timeout). Entries expire;
// a corrupt file is set aside and rebuilt, with a warning.

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

struct sqlite3;

namespace reflint {

class LookupCache {
 public:
  /// Opens (or creates) the cache at `path`. When it cannot be used at all, every get() misses and
  /// `warning()` says why; a corrupt file is renamed to "<path>.corrupt" and a new one created.
  explicit LookupCache(std::filesystem::path path);
  ~LookupCache();
  LookupCache(const LookupCache&) = delete;
  LookupCache& operator=(const LookupCache&) = delete;

  std::optional<std::string> get(const std::string& key);
  void put(const std::string& key, const std::string& value, int64_t ttl_seconds);
  /// Empty when the cache opened cleanly.
  const std::string& warning() const { return warning_; }

  /// $XDG_CACHE_HOME/reflint/cache.sqlite, else ~/.cache/reflint/cache.sqlite.
  static std::filesystem::path default_path();

 private:
  bool open();
  void close();

  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
  std::mutex mutex_;
  std::string warning_;
};

}  // namespace reflint
