#include "lint/net/cache.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <cstdlib>
#include <ctime>

namespace reflint {
namespace fs = std::filesystem;

namespace {

constexpr int kBusyTimeoutMs = 5000;
// When the rows put wait this many, this many bytes or this many seconds, they are written.
constexpr size_t kMaxUnwrittenRows = 256;
constexpr size_t kMaxUnwrittenBytes = size_t{8} << 20;
constexpr int64_t kMaxUnwrittenSeconds = 2;

int64_t now_seconds() {
  return static_cast<int64_t>(std::time(nullptr));
}

bool execute(sqlite3* db, const char* sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

}  // namespace

LookupCache::LookupCache(fs::path path) : path_(std::move(path)) {
  std::error_code error;
  if (path_.has_parent_path()) fs::create_directories(path_.parent_path(), error);
  if (open()) return;
  // Not a database, or a damaged one: keep it for inspection and start afresh.
  const std::string reason = db_ != nullptr ? sqlite3_errmsg(db_) : "cannot open";
  close();
  const fs::path aside = path_.string() + ".corrupt";
  fs::rename(path_, aside, error);
  for (const char* suffix : {"-wal", "-shm"}) fs::remove(path_.string() + suffix, error);
  warning_ = fmt::format("the cache {} was unusable ({}); it was moved to {} and rebuilt", path_.string(),
                         reason, aside.string());
  if (!open()) {
    warning_ = fmt::format("the cache {} cannot be used ({}); lookups are not cached", path_.string(),
                           db_ != nullptr ? sqlite3_errmsg(db_) : "cannot open");
    close();
  }
}

LookupCache::~LookupCache() {
  flush();
  close();
}

bool LookupCache::open() {
  if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    return false;
  }
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  // quick_check reads every page, so a damaged file is caught here rather than mid-run.
  sqlite3_stmt* check = nullptr;
  bool healthy = sqlite3_prepare_v2(db_, "PRAGMA quick_check", -1, &check, nullptr) == SQLITE_OK &&
                 sqlite3_step(check) == SQLITE_ROW &&
                 std::string_view(reinterpret_cast<const char*>(sqlite3_column_text(check, 0))) == "ok";
  sqlite3_finalize(check);
  healthy = healthy && execute(db_, "PRAGMA journal_mode=WAL") && execute(db_, "PRAGMA synchronous=NORMAL") &&
            execute(db_,
                    "CREATE TABLE IF NOT EXISTS lookups (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
                    "expires INTEGER NOT NULL)");
  // A database of another shape (another program's file, an older layout) is unusable as well,
  // rather than a cache that silently stores nothing.
  sqlite3_stmt* shape = nullptr;
  healthy = healthy && sqlite3_prepare_v2(db_, "SELECT key, value, expires FROM lookups LIMIT 0", -1, &shape,
                                          nullptr) == SQLITE_OK;
  sqlite3_finalize(shape);
  healthy =
      healthy &&
      sqlite3_prepare_v2(db_, "SELECT value FROM lookups WHERE key = ?1 AND expires > ?2", -1, &select_,
                         nullptr) == SQLITE_OK &&
      sqlite3_prepare_v2(db_, "INSERT OR REPLACE INTO lookups (key, value, expires) VALUES (?1, ?2, ?3)", -1,
                         &insert_, nullptr) == SQLITE_OK;
  return healthy;
}

void LookupCache::close() {
  sqlite3_finalize(select_);
  sqlite3_finalize(insert_);
  select_ = insert_ = nullptr;
  if (db_ != nullptr) sqlite3_close(db_);
  db_ = nullptr;
}

std::optional<std::string> LookupCache::get(const std::string& key) {
  std::lock_guard lock(mutex_);
  if (db_ == nullptr) return std::nullopt;
  const int64_t now = now_seconds();
  if (const auto waiting = unwritten_.find(key); waiting != unwritten_.end()) {
    if (waiting->second.expires > now) return waiting->second.value;
    return std::nullopt;
  }
  sqlite3_bind_text(select_, 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
  sqlite3_bind_int64(select_, 2, now);
  std::optional<std::string> value;
  if (sqlite3_step(select_) == SQLITE_ROW) {
    value.emplace(reinterpret_cast<const char*>(sqlite3_column_text(select_, 0)),
                  static_cast<size_t>(sqlite3_column_bytes(select_, 0)));
  }
  sqlite3_reset(select_);
  sqlite3_clear_bindings(select_);
  return value;
}

void LookupCache::put(const std::string& key, const std::string& value, int64_t ttl_seconds) {
  std::lock_guard lock(mutex_);
  if (db_ == nullptr) return;
  const int64_t now = now_seconds();
  if (unwritten_.empty()) oldest_unwritten_ = now;
  Row& row = unwritten_[key];
  unwritten_bytes_ += value.size() + key.size();
  row.value = value;
  row.expires = now + ttl_seconds;
  if (unwritten_.size() >= kMaxUnwrittenRows || unwritten_bytes_ >= kMaxUnwrittenBytes ||
      now - oldest_unwritten_ >= kMaxUnwrittenSeconds) {
    flush_locked();
  }
}

void LookupCache::flush() {
  std::lock_guard lock(mutex_);
  flush_locked();
}

void LookupCache::flush_locked() {
  if (db_ == nullptr || unwritten_.empty()) return;
  // BEGIN IMMEDIATE takes the write lock at once (waiting up to the busy timeout for another run's
  // write), so the rows are never half written.
  const bool in_transaction = execute(db_, "BEGIN IMMEDIATE");
  for (const auto& [key, row] : unwritten_) {
    sqlite3_bind_text(insert_, 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert_, 2, row.value.data(), static_cast<int>(row.value.size()), SQLITE_STATIC);
    sqlite3_bind_int64(insert_, 3, row.expires);
    sqlite3_step(insert_);
    sqlite3_reset(insert_);
  }
  sqlite3_clear_bindings(insert_);
  if (in_transaction && !execute(db_, "COMMIT")) execute(db_, "ROLLBACK");
  unwritten_.clear();
  unwritten_bytes_ = 0;
}

fs::path LookupCache::default_path() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg != nullptr && *xdg != '\0') return fs::path(xdg) / "reflint" / "cache.sqlite";
  const char* home = std::getenv("HOME");
  return fs::path(home != nullptr ? home : ".") / ".cache" / "reflint" / "cache.sqlite";
}

}  // namespace reflint
