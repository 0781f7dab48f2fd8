// Robustness on real pages: all of ../shared/corpus/pages in one run, every offline rule on.
// Skips when ../shared is absent (a user's checkout).

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace reflint
