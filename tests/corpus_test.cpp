// Robustness on real pages: all of ../shared/corpus/pages in one run, every offline rule on; and
// both corpus folders linted in four shards and merged, byte for byte the single run's reports.
// Skips when ../shared is absent (a user's checkout).

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "lint/cli/app.h"
#include "lint/html/parse.h"
#include "rules/register_all.h"
#include "test_support.h"

namespace reflint {
namespace {
namespace fs = std::filesystem;

fs::path corpus_pages() {
  return testing::shared_dir() / "corpus" / "pages";
}

std::vector<fs::path> corpus_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(corpus_pages())) {
    if (entry.is_regular_file() && entry.path().extension() == ".html") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(Corpus, EveryPageGivesANonEmptyDocument) {
  if (!fs::exists(corpus_pages())) GTEST_SKIP() << "../shared/corpus/pages is absent: corpus test skipped";
  const auto files = corpus_files();
  EXPECT_EQ(files.size(), 258u);
  size_t blocks = 0;
  for (const fs::path& file : files) {
    const auto document = parse_html(file.string(), testing::read_file(file));
    EXPECT_FALSE(document->blocks().empty()) << file;
    for (const TextBlock& block : document->blocks()) {
      ASSERT_FALSE(block.positions.empty()) << file;
      uint32_t previous_begin = 0;
      for (size_t i = 0; i < block.text.size(); ++i) {
        const SourceRange character = block.positions.character(block.text, i);
        ASSERT_LE(character.begin, character.end) << file;
        ASSERT_LE(character.end, document->source().size()) << file;
        ASSERT_LE(previous_begin, character.begin) << file << ": text out of source order";
        previous_begin = character.begin;
      }
    }
    blocks += document->blocks().size();
  }
  EXPECT_GT(blocks, 10000u);
}

TEST(Corpus, WholeCorpusLintsInOneRun) {
  if (!fs::exists(corpus_pages())) GTEST_SKIP() << "../shared/corpus/pages is absent: corpus test skipped";
  RuleRegistry registry;
  register_all_rules(registry);
  const std::string pages = corpus_pages().string();
  const char* argv[] = {"reflint", "--offline", "--no-cache", "--format", "json", "-j", "2", pages.c_str()};
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  const int exit_code = run_cli(8, argv, registry, in, out, err);
  EXPECT_TRUE(exit_code == 0 || exit_code == 1) << exit_code << "\n" << err.str();
  EXPECT_NE(err.str().find("in 258 files"), std::string::npos) << err.str();
}

TEST(Corpus, FourShardsMergeIntoTheSingleRunByteForByte) {
  if (!fs::exists(corpus_pages())) GTEST_SKIP() << "../shared/corpus is absent: corpus test skipped";
  RuleRegistry registry;
  register_all_rules(registry);
  const fs::path states = fs::temp_directory_path() / fmt::format("reflint-corpus-shards-{}", ::getpid());
  fs::create_directories(states);
  for (const fs::path& folder : {corpus_pages(), testing::shared_dir() / "corpus" / "pages-2"}) {
    const std::vector<std::string> lint = {"--offline", "--no-cache", "--fail-on",    "none",
                                           "-j",        "2",          folder.string()};
    std::vector<std::string> merge = {"merge"};
    size_t sharded_findings = 0;
    for (int index = 1; index <= 4; ++index) {
      const std::string state = (states / fmt::format("{}.json", index)).string();
      std::vector<std::string> args = {
          "--shard", fmt::format("{}/4", index), "--shard-file", state, "--format", "json"};
      args.insert(args.end(), lint.begin(), lint.end());
      const testing::CliRun shard = testing::run_reflint(registry, args);
      ASSERT_EQ(shard.exit_code, 0) << shard.err;
      sharded_findings += static_cast<size_t>(std::count(shard.out.begin(), shard.out.end(), '\n'));
      merge.push_back(state);
    }
    for (const std::string format : {"json", "sarif"}) {
      std::vector<std::string> single_args = {"--format", format};
      single_args.insert(single_args.end(), lint.begin(), lint.end());
      const testing::CliRun single = testing::run_reflint(registry, single_args);
      std::vector<std::string> merge_args = merge;
      merge_args.insert(merge_args.end(), {"--format", format, "--fail-on", "none"});
      const testing::CliRun merged = testing::run_reflint(registry, merge_args);
      EXPECT_EQ(merged.exit_code, single.exit_code) << folder << " " << format;
      EXPECT_TRUE(merged.out == single.out) << folder << " " << format << ": the merge differs from one run";
      EXPECT_EQ(merged.err, single.err) << folder << " " << format;
      if (format == std::string("json")) {
        // Pages of different shards repeat each other: the merge finds what no shard could.
        EXPECT_GT(static_cast<size_t>(std::count(single.out.begin(), single.out.end(), '\n')),
                  sharded_findings)
            << folder;
      }
    }
  }
  fs::remove_all(states);
}

}  // namespace
}  // namespace reflint
