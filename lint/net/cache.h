#pragma once
// The lookup cache: one SQLite file shared by parallel runs (WAL, busy timeout). Entries expire;
// a corrupt file is set aside and rebuilt, with a warning. Writes are held briefly and written
// together, one transaction for many rows, because a commit per row (a crawl stores each page it
// fetches) cost more CPU than parsing the pages.

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace reflint {

class LookupCache {
 public:
  /// Opens (or creates) the cache at `path`. When it cannot be used at all, every get() misses and
  /// `warning()` says why; a corrupt file is renamed to "<path>.corrupt" and a new one created.
  explicit LookupCache(std::filesystem::path path);
  ~LookupCache();
  LookupCache(const LookupCache&) = delete;
  LookupCache& operator=(const LookupCache&) = delete;

  /// Sees the rows put and not yet written as well.
  std::optional<std::string> get(const std::string& key);
  void put(const std::string& key, const std::string& value, int64_t ttl_seconds);
  /// Writes the rows put since the last write; the destructor does too. Rows are also written once
  /// enough of them wait, or the oldest has waited a few seconds, so that parallel runs sharing
  /// the file see them soon.
  void flush();
  /// Empty when the cache opened cleanly.
  const std::string& warning() const { return warning_; }

  /// $XDG_CACHE_HOME/reflint/cache.sqlite, else ~/.cache/reflint/cache.sqlite.
  static std::filesystem::path default_path();

 private:
  struct Row {
    std::string value;
    int64_t expires = 0;
  };
  bool open();
  void close();
  void flush_locked();

  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* select_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  std::unordered_map<std::string, Row> unwritten_;
  size_t unwritten_bytes_ = 0;
  int64_t oldest_unwritten_ = 0;  // Unix time of the first row put since the last write
  std::mutex mutex_;
  std::string warning_;
};

}  // namespace reflint
