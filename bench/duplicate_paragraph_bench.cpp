// Scale of duplicate-paragraph across a site (issue 4, point 5). Generates a site of N pages of about
// 30 blocks each (site chrome, a boilerplate sidebar on every page, article paragraphs of random
// words) with planted copies between pages (exact, near with three words changed in 30 to 60, and a
// paragraph repeated inside a longer one), lints it in one run with only duplicate-paragraph, and
// prints the time, the time per block, the peak memory (getrusage) and how many planted copies
// were found. One size per process, so each peak is its own: see duplicate_paragraph_bench.sh.
//
//   duplicate_paragraph_bench PAGES [FOLDER]

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "lint/core/runner.h"
#include "rules/duplicates/duplicate_paragraph.h"

namespace {
namespace fs = std::filesystem;
using reflint::Finding;

constexpr int kParagraphsPerPage = 24;  // plus 2 sidebar blocks, 2 list items, chrome: ~30 blocks
constexpr int kPlantEvery = 10;         // one planted copy in every 10 pages, kinds in turn
constexpr const char* kSiteNav =
    "<header><nav><ul><li><a href=\"/\">Home</a></li><li><a "
    "href=\"/about\">About</a></li></ul></nav></header>";

class TextMaker {
 public:
  explicit TextMaker(uint64_t seed) : random_(seed) {}
  std::string word() {
    const std::vector<std::string>& words = vocabulary();
    return words[std::uniform_int_distribution<size_t>(0, words.size() - 1)(random_)];
  }
  /// `count` random words in sentences of eleven words: the full stop travels with its word, so a
  /// copied passage keeps its sentences wherever it is pasted.
  std::vector<std::string> words(int count) {
    std::vector<std::string> out;
    out.reserve(static_cast<size_t>(std::max(count, 0)));
    for (int i = 0; i < count; ++i) out.push_back(word() + (i % 11 == 10 || i + 1 == count ? "." : ""));
    return out;
  }
  static std::string prose(const std::vector<std::string>& words) {
    std::string text;
    for (const std::string& word : words) text += (text.empty() ? "" : " ") + word;
    return text;
  }
  int between(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }

 private:
  /// 20,000 made-up words of two to four syllables.
  static const std::vector<std::string>& vocabulary() {
    static const std::vector<std::string> words = [] {
      static const char* const kSyllables[] = {"ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "de", "ga",
                                               "vu", "zo", "be", "fi", "hu", "ja", "xe", "wy", "qa", "ro"};
      std::vector<std::string> made;
      for (int i = 0; i < 20000; ++i) {
        std::string word;
        for (int n = i, syllables = 2 + i % 3; syllables > 0; --syllables, n /= 20)
          word += kSyllables[n % 20];
        made.push_back(word);
      }
      return made;
    }();
    return words;
  }
  std::mt19937_64 random_;
};

struct Planted {
  std::string later_path;
  uint32_t later_line = 0;
  std::string first_path;
  std::string kind;
};

struct Site {
  std::vector<std::string> paths;
  std::vector<Planted> planted;
  size_t blocks = 0;
};

Site generate(int pages, const fs::path& folder) {
  TextMaker maker(42);
  const std::string sidebar_a = TextMaker::prose(maker.words(20));
  const std::string sidebar_b = TextMaker::prose(maker.words(16));
  // A page's own paragraphs come from a generator seeded with its number, so a planted copy
  // regenerates its source instead of keeping every page's text in memory.
  const auto article = [](int page) {
    TextMaker page_maker(1000 + static_cast<uint64_t>(page));
    std::vector<std::vector<std::string>> paragraphs;
    paragraphs.reserve(kParagraphsPerPage);
    for (int i = 0; i < kParagraphsPerPage; ++i)
      paragraphs.push_back(page_maker.words(page_maker.between(30, 60)));
    return paragraphs;
  };
  Site site;
  fs::create_directories(folder);
  for (int page = 0; page < pages; ++page) {
    const std::string path = (folder / fmt::format("page-{:05}.html", page)).string();
    std::vector<std::vector<std::string>> paragraphs = article(page);
    std::string planted_kind;
    int source_page = -1;
    if (page > 0 && page % kPlantEvery == 0) {
      source_page = maker.between(0, page - 1);
      // Never the planted slot of the source page, so every copy has exactly one first copy.
      const int source_paragraph =
          (kParagraphsPerPage / 2 + maker.between(1, kParagraphsPerPage - 1)) % kParagraphsPerPage;
      std::vector<std::string> copy = article(source_page)[source_paragraph];
      switch ((page / kPlantEvery) % 3) {
        case 0:
          planted_kind = "exact copy";
          break;
        case 1:
          planted_kind = "near copy";
          for (const size_t quarter : {1, 2, 3}) {
            std::string& changed = copy[copy.size() * quarter / 4];
            changed = maker.word() + (changed.ends_with('.') ? "." : "");
          }
          break;
        case 2: {
          planted_kind = "repeats the paragraph";
          std::vector<std::string> longer = maker.words(25);
          longer.insert(longer.end(), copy.begin(), copy.end());
          const std::vector<std::string> tail = maker.words(20);
          longer.insert(longer.end(), tail.begin(), tail.end());
          copy = longer;
          break;
        }
      }
      paragraphs[kParagraphsPerPage / 2] = copy;
    }
    std::vector<std::string> lines = {
        "<!DOCTYPE html>",
        fmt::format("<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Page {}</title></head><body>",
                    page),
        kSiteNav, "<main><article>", fmt::format("<h1>{}</h1>", TextMaker::prose(maker.words(6)))};
    for (int i = 0; i < kParagraphsPerPage; ++i) {
      if (i == kParagraphsPerPage / 2 && !planted_kind.empty()) {
        site.planted.push_back({path, static_cast<uint32_t>(lines.size() + 1),
                                (folder / fmt::format("page-{:05}.html", source_page)).string(),
                                planted_kind});
      }
      lines.push_back(fmt::format("<p>{}</p>", TextMaker::prose(paragraphs[i])));
    }
    lines.push_back(fmt::format("<ul><li>{}</li><li>{}</li></ul>", TextMaker::prose(maker.words(12)),
                                TextMaker::prose(maker.words(12))));
    lines.emplace_back("</article></main>");
    lines.push_back(fmt::format("<div class=\"sidebar\"><p>{}</p><p>{}</p></div>", sidebar_a, sidebar_b));
    lines.emplace_back(
        "<footer><p>Copyright the example site. All rights reserved.</p></footer></body></html>");
    std::ofstream out(path);
    for (const std::string& line : lines) out << line << '\n';
    site.paths.push_back(path);
    site.blocks += kParagraphsPerPage + 2 + 2 + 1 + 3;  // paragraphs, list, sidebar, heading, chrome
  }
  return site;
}

}  // namespace

/// User and system time of all threads so far: steadier than wall time on a shared machine.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& time) {
    return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

/// The current resident set size, from /proc/self/statm.
double resident_megabytes() {
  std::ifstream statm("/proc/self/statm");
  double total_pages = 0;
  double resident_pages = 0;
  statm >> total_pages >> resident_pages;
  return resident_pages * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: duplicate_paragraph_bench PAGES [FOLDER]\n");
    return 2;
  }
  const int pages = std::stoi(argv[1]);
  const fs::path folder =
      argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path() / fmt::format("reflint-dup-bench-{}", pages);
  fs::remove_all(folder);
  const Site site = generate(pages, folder);

  reflint::RuleRegistry registry;
  registry.add<reflint::DuplicateParagraph>();
  reflint::RunOptions options;
  options.paths = site.paths;
  options.jobs = 2;
  options.adjust_settings = [](reflint::RunSettings& settings) { settings.cross_page = true; };
  const double rss_before = resident_megabytes();
  const double cpu_before = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  const reflint::RunResult result = reflint::run_lint(registry, options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = cpu_seconds() - cpu_before;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);

  size_t found = 0;
  for (const auto& planted : site.planted) {
    for (const Finding& finding : result.findings) {
      if (finding.location.path == planted.later_path && finding.location.start.line == planted.later_line &&
          finding.message.starts_with(planted.kind) && !finding.related.empty() &&
          finding.related[0].location.path == planted.first_path) {
        ++found;
        break;
      }
    }
  }
  for (const auto& planted : site.planted) {
    const bool reported =
        std::any_of(result.findings.begin(), result.findings.end(), [&](const Finding& finding) {
          return finding.location.path == planted.later_path &&
                 finding.location.start.line == planted.later_line;
        });
    if (!reported) fmt::print("missed: {} in {}:{}\n", planted.kind, planted.later_path, planted.later_line);
  }
  for (const Finding& finding : result.findings) {
    const bool wanted = std::any_of(site.planted.begin(), site.planted.end(), [&](const auto& planted) {
      return finding.location.path == planted.later_path &&
             finding.location.start.line == planted.later_line && finding.message.starts_with(planted.kind);
    });
    if (!wanted)
      fmt::print("unexpected: {}:{}: {}\n", finding.location.path, finding.location.start.line,
                 finding.message);
  }
  fmt::print(
      "pages {:6}  blocks {:7}  wall {:6.2f} s  cpu {:6.2f} s  cpu per block {:5.1f} us  peak RSS {:6.1f} MB "
      "(before linting "
      "{:5.1f} MB)  planted {:4}  found {:4}  findings {:4}\n",
      pages, site.blocks, seconds, cpu, cpu * 1e6 / static_cast<double>(site.blocks),
      static_cast<double>(usage.ru_maxrss) / 1024.0, rss_before, site.planted.size(), found,
      result.findings.size());
  if (argc <= 2) fs::remove_all(folder);
  return found == site.planted.size() && result.findings.size() == site.planted.size() ? 0 : 1;
}
