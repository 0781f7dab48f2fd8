// Sharded runs: `--shard K/N` lints a share of the inputs and writes its state; `reflint merge`
// combines every shard's into the reports one run over all the inputs gives, byte for byte,
// comparing pages of different shards with each other. The pages are generated, fictional text.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "lint/cli/app.h"
#include "lint/text/base64.h"
#include "rules/register_all.h"
#include "test_support.h"

namespace reflint {
namespace {
namespace fs = std::filesystem;

using testing::CliRun;

constexpr int kShards = 4;

/// A paragraph of `words` made-up words, different for each seed.
std::string paragraph(uint32_t seed, int words = 24) {
  static const char* const kSyllables[] = {"ka", "lo", "mi", "ten", "sur", "va", "pel", "dro", "ni", "gas"};
  std::string text;
  uint32_t state = seed * 2654435761u + 17;
  for (int word = 0; word < words; ++word) {
    if (word > 0) text += ' ';
    for (int syllable = 0; syllable < 3; ++syllable) {
      state = state * 1103515245u + 12345u;
      text += kSyllables[(state >> 16) % 10];
    }
  }
  return text + ".";
}

class Sharding : public ::testing::Test {
 protected:
  void SetUp() override {
    register_all_rules(registry_);
    dir_ = fs::temp_directory_path() / fmt::format("reflint-shard-{}-{}", ::getpid(), counter_++);
    fs::create_directories(dir_);
    previous_ = fs::current_path();
    fs::current_path(dir_);
    write_site();
  }
  void TearDown() override {
    fs::current_path(previous_);
    fs::remove_all(dir_);
  }

  static void write(const fs::path& relative, const std::string& content) {
    if (relative.has_parent_path()) fs::create_directories(relative.parent_path());
    std::ofstream(relative, std::ios::binary) << content;
  }

  /// Sixteen pages whose copies lie on different pages (and so, mostly, in different shards): exact,
  /// near and contained copies, a whole page copied, a copy inside one page, a suppressed copy, a
  /// line on every page (boilerplate), a malformed DOI, and a folder whose configuration raises
  /// duplicate-paragraph to an error.
  static void write_site() {
    constexpr int kPages = 16;
    std::vector<std::vector<std::string>> blocks(kPages);
    for (int page = 0; page < kPages; ++page) {
      for (int block = 0; block < 3; ++block) blocks[page].push_back(paragraph(page * 10 + block));
    }
    blocks[3].push_back(blocks[0][1]);  // exact copy
    std::string near = blocks[1][0];
    near.replace(0, near.find(' '), "zorbax");
    blocks[5].push_back(near);                                      // near copy
    blocks[8] = blocks[2];                                          // the whole page
    blocks[9].push_back(blocks[9][0]);                              // a copy inside one page
    blocks[12].push_back(blocks[6][2] + " " + paragraph(999, 30));  // contained in a longer one
    blocks[14].push_back(blocks[7][0]);                             // in the strict folder
    for (int page = 0; page < kPages; ++page) {
      std::string html = fmt::format("<html><head><title>Page {}</title></head><body><article>\n", page);
      for (const std::string& text : blocks[page]) html += "<p>" + text + "</p>\n";
      if (page == 10) {
        html += "<p data-reflint-ignore=\"duplicate-paragraph\">" + blocks[4][0] + "</p>\n";
      }
      if (page == 11) html += "<p>Kelo T. Tide tables. J Fict Sea. 2012;1:1-9. 10.1000–abc.12001</p>\n";
      html += "<p>Every page of this fictional site ends with this same line about its makers.</p>\n";
      html += "</article></body></html>\n";
      write(fmt::format("site/{}/p{:02}.html", page >= 13 ? "strict" : "main", page), html);
    }
    write("site/strict/.reflint.toml", "[rules.duplicate-paragraph]\nlevel = \"error\"\n");
  }

  CliRun run(const std::vector<std::string>& args) { return testing::run_reflint(registry_, args); }

  /// The shards' states of `args` (each with --shard k/N added), the files in order.
  std::vector<std::string> shard(const std::vector<std::string>& args, int count = kShards,
                                 const std::string& folder = "states") {
    std::vector<std::string> states;
    for (int index = 1; index <= count; ++index) {
      std::vector<std::string> sharded = args;
      const std::string state = fmt::format("{}/{}-of-{}.json", folder, index, count);
      fs::create_directories(folder);
      sharded.insert(sharded.begin(), {"--shard", fmt::format("{}/{}", index, count), "--shard-file", state});
      const CliRun result = run(sharded);
      EXPECT_EQ(result.exit_code, 0) << result.err;  // a shard's findings are the merge's to judge
      EXPECT_NE(result.err.find(fmt::format("shard {} of {}", index, count)), std::string::npos)
          << result.err;
      states.push_back(state);
    }
    return states;
  }

  CliRun merge(std::vector<std::string> states, const std::vector<std::string>& args) {
    states.insert(states.begin(), "merge");
    states.insert(states.end(), args.begin(), args.end());
    return run(states);
  }

  RuleRegistry registry_;
  fs::path dir_;
  fs::path previous_;
  static inline int counter_ = 0;
};

TEST_F(Sharding, FourShardsMergeIntoTheSingleRunByteForByte) {
  const std::vector<std::string> lint = {"--offline", "--no-cache", "--fail-on", "warning", "site"};
  const std::vector<std::string> states = shard(lint);
  for (const std::string format : {"json", "sarif", "text", "junit", "markdown", "html"}) {
    std::vector<std::string> single_args = lint;
    single_args.insert(single_args.begin(), {"--format", format});
    const CliRun single = run(single_args);
    const CliRun merged = merge(states, {"--format", format, "--fail-on", "warning"});
    EXPECT_EQ(merged.out, single.out) << format;
    EXPECT_EQ(merged.err, single.err) << format;
    EXPECT_EQ(merged.exit_code, single.exit_code) << format;
  }
  const CliRun single = run({"--offline", "--no-cache", "--format", "json", "site"});
  EXPECT_EQ(single.exit_code, 1) << "the strict folder's copy is an error";
  // What the test is about: copies whose pages lie in different shards, found by the merge alone.
  std::set<std::string> found_by_shards;
  for (const std::string& state : states) {
    const auto saved = nlohmann::json::parse(std::ifstream(state));
    for (const auto& page : saved["pages"]) {
      for (const auto& finding : page["findings"])
        found_by_shards.insert(finding["message"].get<std::string>());
    }
  }
  size_t across_shards = 0;
  size_t lines = 0;
  std::istringstream findings(single.out);
  for (std::string line; std::getline(findings, line); ++lines) {
    const auto finding = nlohmann::json::parse(line);
    if (!found_by_shards.contains(finding["message"].get<std::string>())) ++across_shards;
  }
  EXPECT_EQ(lines, 7u)
      << single.out;  // 5 copies across pages, 1 inside one, 1 DOI; the suppressed one is not
  EXPECT_GE(across_shards, 4u) << single.out;
  EXPECT_NE(single.out.find("\"rule\":\"duplicate-page\""), std::string::npos) << single.out;
  EXPECT_NE(single.err.find("treated as site boilerplate"), std::string::npos) << single.err;
}

TEST_F(Sharding, OneShardOrMoreShardsThanPagesMergeAlike) {
  const std::vector<std::string> lint = {"--offline", "--no-cache", "--format", "json", "site"};
  const CliRun single = run(lint);
  for (const int count : {1, 40}) {
    const CliRun merged = merge(shard({"--offline", "--no-cache", "site"}, count), {"--format", "json"});
    EXPECT_EQ(merged.out, single.out) << count << " shards";
    EXPECT_EQ(merged.exit_code, single.exit_code);
  }
}

TEST_F(Sharding, TheMergeJudgesBaselinesAndTheExitCode) {
  const std::vector<std::string> states = shard({"--offline", "--no-cache", "site"});
  EXPECT_EQ(merge(states, {"--write-baseline", "baseline.json"}).exit_code, 1);
  const CliRun against = merge(states, {"--baseline", "baseline.json", "--format", "json"});
  EXPECT_EQ(against.exit_code, 0) << against.err;
  EXPECT_EQ(against.out, "");
  EXPECT_EQ(merge(states, {"--exit-zero"}).exit_code, 0);
}

TEST_F(Sharding, MergeRefusesShardsThatAreNotOneRun) {
  const std::vector<std::string> states = shard({"--offline", "--no-cache", "site"});
  const auto refused = [&](const std::vector<std::string>& given, const std::string& message) {
    const CliRun result = merge(given, {});
    EXPECT_EQ(result.exit_code, 2) << message;
    EXPECT_NE(result.err.find(message), std::string::npos) << result.err;
    EXPECT_EQ(result.out, "");
  };
  refused({states[0], states[1], states[3]}, "shard 3 of 4 is missing");
  refused({states[0], states[1], states[2], states[3], states[1]},
          "states/2-of-4.json: shard 2 of 4 is given twice");
  const std::vector<std::string> other =
      shard({"--offline", "--no-cache", "--severity", "doi-malformed=warning", "site"}, kShards, "other");
  refused({states[0], states[1], states[2], other[3]}, "other/4-of-4.json: its run differs");
  const std::vector<std::string> three = shard({"--offline", "--no-cache", "site"}, 3);
  refused({three[0], three[1], three[2], states[3]}, "its run differs from states/1-of-3.json's (--shard N)");

  auto saved = nlohmann::json::parse(std::ifstream(states[2]));
  saved["tool"] = "0.0.1 (commit 0000000)";
  std::ofstream("old.json") << saved.dump();
  refused({states[0], states[1], "old.json", states[3]}, "old.json: written by reflint 0.0.1");
  saved = nlohmann::json::parse(std::ifstream(states[2]));
  saved["compared"]["duplicate-paragraph"][0]["blocks"] = "not blocks";
  std::ofstream("damaged.json") << saved.dump();
  refused({states[0], states[1], "damaged.json", states[3]}, "damaged.json: a damaged shard state");
  // A refused merge keeps nothing of the shards it read: the next merge is the single run again.
  const CliRun again = merge(states, {"--format", "json"});
  const CliRun single = run({"--offline", "--no-cache", "--format", "json", "site"});
  EXPECT_EQ(again.out, single.out);
  EXPECT_EQ(again.err, single.err);
  write("page.json", "{\"findings\": []}");
  refused({"page.json"}, "page.json: not a reflint shard state");
  write("typed.json", "{\"reflint_shard\": \"one\"}");
  refused({"typed.json"}, "typed.json: not a reflint shard state");
  saved = nlohmann::json::parse(std::ifstream(shard({"--offline", "--no-cache", "site"}, 1, "one")[0]));
  saved["levels"] = {{"doi-malformed", "loud"}};
  std::ofstream("level.json") << saved.dump();
  refused({"level.json"}, "level.json: a damaged shard state (unknown level 'loud')");
  refused({"absent.json"}, "absent.json: cannot read the file");
  EXPECT_EQ(merge({}, {}).exit_code, 2);
}

TEST_F(Sharding, ShardOptionsAreChecked) {
  const auto refused = [&](const std::vector<std::string>& args, const std::string& message) {
    const CliRun result = run(args);
    EXPECT_EQ(result.exit_code, 2) << message;
    EXPECT_NE(result.err.find(message), std::string::npos) << result.err;
    EXPECT_FALSE(fs::exists("reflint-shard-1-of-4.json"));
  };
  for (const std::string bad : {"0/4", "5/4", "x", "1/4/2", "1/", "2"})
    refused({"--shard", bad, "site"}, "--shard: expected K/N with 1 <= K <= N, got '" + bad + "'");
  refused({"--shard-file", "s.json", "site"}, "--shard-file needs --shard K/N");
  refused({"--shard", "1/4", "--baseline", "b.json", "site"}, "belong to 'reflint merge'");
  refused({"--shard", "1/4", "--diff", "site"}, "belong to 'reflint merge'");
  refused({"--shard", "1/4", "--crawl", "http://127.0.0.1:9/"}, "--shard cannot split a crawl");
  refused({"--shard", "1/4", "--shard-file", "site/main/p00.html", "site"}, "refusing to overwrite it");
  const CliRun written = run({"--shard", "1/4", "--offline", "site"});
  EXPECT_EQ(written.exit_code, 0) << written.err;
  EXPECT_TRUE(fs::exists("reflint-shard-1-of-4.json"));
}

TEST(Base64, TheVectorsOfRfc4648AndEveryByteRoundTrip) {
  const std::pair<std::string_view, std::string_view> vectors[] = {{"", ""},
                                                                   {"f", "Zg=="},
                                                                   {"fo", "Zm8="},
                                                                   {"foo", "Zm9v"},
                                                                   {"foob", "Zm9vYg=="},
                                                                   {"fooba", "Zm9vYmE="},
                                                                   {"foobar", "Zm9vYmFy"}};
  for (const auto& [bytes, text] : vectors) {
    EXPECT_EQ(base64_encode(bytes), text);
    EXPECT_EQ(base64_decode(text), bytes);
  }
  std::string every;
  for (int byte = 0; byte < 256; ++byte) every += static_cast<char>(byte);
  for (size_t length = 0; length <= every.size(); length += 7)
    EXPECT_EQ(base64_decode(base64_encode(every.substr(0, length))), every.substr(0, length)) << length;
  for (const std::string_view bad : {"Zg", "Zg=", "Z===", "Zm9v!A==", "=Zm9", "Zg==Zg=="})
    EXPECT_EQ(base64_decode(bad), std::nullopt) << bad;
}

}  // namespace
}  // namespace reflint
