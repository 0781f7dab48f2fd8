// The lookup cache holds the rows put for a moment and writes them together: a row put is seen at
// once by the same cache, by another run's cache once flushed, and by the next run once the cache
// closes; an expired row is a miss whether written or not.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "lint/net/cache.h"

namespace reflint {
namespace {
namespace fs = std::filesystem;

class LookupCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() / ("reflint-lookup-cache-" + std::to_string(getpid()));
    fs::remove_all(folder_);
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }
  fs::path path() const { return folder_ / "cache.sqlite"; }

  fs::path folder_;
};

TEST_F(LookupCacheTest, ARowPutIsSeenAtOnceByTheSameCache) {
  LookupCache cache(path());
  ASSERT_TRUE(cache.warning().empty()) << cache.warning();
  cache.put("doi:10.5555/one", "first", 3600);
  EXPECT_EQ(cache.get("doi:10.5555/one"), "first");
  cache.put("doi:10.5555/one", "second", 3600);
  EXPECT_EQ(cache.get("doi:10.5555/one"), "second");
  EXPECT_FALSE(cache.get("doi:10.5555/two").has_value());
}

TEST_F(LookupCacheTest, AnotherRunSeesTheRowsOnceFlushed) {
  LookupCache writer(path());
  LookupCache reader(path());
  writer.put("page:https://example.org/a", "bytes", 3600);
  EXPECT_FALSE(reader.get("page:https://example.org/a").has_value());  // not yet written
  writer.flush();
  EXPECT_EQ(reader.get("page:https://example.org/a"), "bytes");
}

TEST_F(LookupCacheTest, TheNextRunSeesTheRowsOfAClosedCache) {
  {
    LookupCache cache(path());
    for (int i = 0; i < 1000; ++i) cache.put("doi:10.5555/" + std::to_string(i), std::to_string(i * 7), 3600);
  }
  LookupCache next(path());
  for (int i = 0; i < 1000; i += 111)
    EXPECT_EQ(next.get("doi:10.5555/" + std::to_string(i)), std::to_string(i * 7));
}

TEST_F(LookupCacheTest, AnExpiredRowIsAMissWrittenOrNot) {
  LookupCache cache(path());
  cache.put("ra:10.5555", "Crossref", -1);
  EXPECT_FALSE(cache.get("ra:10.5555").has_value());
  cache.flush();
  EXPECT_FALSE(cache.get("ra:10.5555").has_value());
}

}  // namespace
}  // namespace reflint
