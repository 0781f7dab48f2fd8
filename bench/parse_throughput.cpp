// Building the Document against a bare libxml2 SAX parse of the same bytes, single thread, over
// every page of ../shared/corpus/pages (or the folder given): the parse into blocks with exact
// positions (target: at least 0.6 of the bare parse's throughput), and the whole build with the
// analyses the rule families share. With --full, also the whole offline lint (every rule,
// cross-page on, no cache) on one thread and on two, and their throughput against the bare parse
// (targets: one thread at least 0.6 of the bare parse; two threads at least 1.7 times one).
//
//   build/release/bench/parse_throughput [--full] [PAGES_DIR] [ROUNDS]

#include <fmt/format.h>
#include <libxml/HTMLparser.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "lint/analysis/page_analyses.h"
#include "lint/core/runner.h"
#include "lint/html/parse.h"
#include "rules/register_all.h"

namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::vector<fs::path> page_files(const fs::path& folder) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file() && entry.path().extension() == ".html") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> load_pages(const std::vector<fs::path>& files) {
  std::vector<std::string> pages;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    pages.push_back(bytes.str());
  }
  return pages;
}

/// The floor: libxml2's HTML push parser with no callbacks at all.
void bare_sax_parse(const std::string& page) {
  htmlSAXHandler handler{};
  htmlParserCtxtPtr parser =
      htmlCreatePushParserCtxt(&handler, nullptr, nullptr, 0, nullptr, XML_CHAR_ENCODING_UTF8);
  htmlCtxtUseOptions(parser, HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                 HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT);
  htmlParseChunk(parser, page.data(), static_cast<int>(page.size()), 1);
  htmlFreeParserCtxt(parser);
}

template <typename Work>
double seconds(const std::vector<std::string>& pages, Work work) {
  const auto start = Clock::now();
  for (const std::string& page : pages) work(page);
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// The whole lint as `reflint --offline --no-cache --cross-page -jN` runs it, findings kept in
/// memory instead of printed.
double full_lint_seconds(const reflint::RuleRegistry& registry, const std::vector<fs::path>& files,
                         unsigned jobs, size_t& findings) {
  reflint::RunOptions options;
  for (const fs::path& file : files) options.paths.push_back(file.string());
  options.jobs = jobs;
  options.adjust_settings = [](reflint::RunSettings& settings) {
    settings.network.offline = true;
    settings.network.use_cache = false;
    settings.cross_page = true;
  };
  const auto start = Clock::now();
  const reflint::RunResult result = reflint::run_lint(registry, options);
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  findings = result.findings.size();
  return elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> arguments(argv + 1, argv + argc);
  const bool full = !arguments.empty() && arguments.front() == "--full";
  if (full) arguments.erase(arguments.begin());
  const fs::path folder = !arguments.empty() ? fs::path(arguments[0]) : fs::path("../shared/corpus/pages");
  const int rounds = arguments.size() > 1 ? std::stoi(arguments[1]) : 5;
  if (!fs::is_directory(folder)) {
    std::cerr << "parse_throughput: no folder " << folder << " (give the corpus pages folder)\n";
    return 2;
  }
  const std::vector<fs::path> files = page_files(folder);
  const std::vector<std::string> pages = load_pages(files);
  reflint::RuleRegistry registry;
  reflint::register_all_rules(registry);
  double megabytes = 0;
  for (const std::string& page : pages) megabytes += static_cast<double>(page.size()) / 1e6;

  // Rounds alternate between the two so a passing load on the machine hits both alike; the best
  // round of each counts.
  double sax = 1e30;
  double parses = 1e30;
  double documents = 1e30;
  double one_thread = 1e30;
  double two_threads = 1e30;
  size_t blocks = 0;
  size_t findings = 0;
  for (int round = 0; round < rounds; ++round) {
    sax = std::min(sax, seconds(pages, bare_sax_parse));
    parses = std::min(
        parses, seconds(pages, [](const std::string& page) { reflint::parse_html("page.html", page); }));
    documents = std::min(documents, seconds(pages, [&](const std::string& page) {
                           const auto document = reflint::parse_html("page.html", page);
                           const reflint::PageAnalyses analyses(*document);
                           analyses.quotes();
                           analyses.dois();
                           blocks += document->blocks().size();
                         }));
    if (full) {
      one_thread = std::min(one_thread, full_lint_seconds(registry, files, 1, findings));
      two_threads = std::min(two_threads, full_lint_seconds(registry, files, 2, findings));
    }
  }
  const double sax_rate = megabytes / sax;
  const double parse_rate = megabytes / parses;
  const double document_rate = megabytes / documents;
  std::cout << fmt::format("pages: {}, {:.1f} MB, best of {} rounds, single thread\n", pages.size(),
                           megabytes, rounds);
  std::cout << fmt::format("bare libxml2 SAX parse: {:8.1f} MB/s ({:.3f} s)\n", sax_rate, sax);
  std::cout << fmt::format("reflint parse_html:     {:8.1f} MB/s ({:.3f} s: decoding, blocks, positions)\n",
                           parse_rate, parses);
  std::cout << fmt::format("reflint all analyses:   {:8.1f} MB/s ({:.3f} s, {} blocks per round)\n",
                           document_rate, documents, blocks / static_cast<size_t>(rounds));
  std::cout << fmt::format("throughput ratio (parse_html / bare SAX): {:.2f} (target >= 0.60)\n",
                           parse_rate / sax_rate);
  std::cout << fmt::format("throughput ratio (parse_html and every analysis / bare SAX): {:.2f}\n",
                           document_rate / sax_rate);
  if (full) {
    std::cout << fmt::format("full offline lint, -j1:  {:8.1f} MB/s ({:.3f} s, {} findings)\n",
                             megabytes / one_thread, one_thread, findings);
    std::cout << fmt::format("full offline lint, -j2:  {:8.1f} MB/s ({:.3f} s)\n", megabytes / two_threads,
                             two_threads);
    std::cout << fmt::format("throughput ratio (full lint -j1 / bare SAX): {:.2f} (target >= 0.60)\n",
                             sax / one_thread);
    std::cout << fmt::format("speed-up (full lint -j2 / -j1): {:.2f} (target >= 1.70)\n",
                             one_thread / two_threads);
  }
  return 0;
}
