// Building the Document against a bare libxml2 SAX parse of the same bytes, single thread, over
// every page of ../shared/corpus/pages (or the folder given): the parse into blocks with exact
// positions (target: at least 0.6 of the bare parse's throughput), and the whole build with the
// analyses the rule families share.
//
//   build/release/bench/parse_throughput [PAGES_DIR] [ROUNDS]

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
#include "lint/html/parse.h"

namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::vector<std::string> load_pages(const fs::path& folder) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file() && entry.path().extension() == ".html") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
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

}  // namespace

int main(int argc, char** argv) {
  const fs::path folder = argc > 1 ? fs::path(argv[1]) : fs::path("../shared/corpus/pages");
  const int rounds = argc > 2 ? std::stoi(argv[2]) : 5;
  if (!fs::is_directory(folder)) {
    std::cerr << "parse_throughput: no folder " << folder << " (give the corpus pages folder)\n";
    return 2;
  }
  const std::vector<std::string> pages = load_pages(folder);
  double megabytes = 0;
  for (const std::string& page : pages) megabytes += static_cast<double>(page.size()) / 1e6;

  // Rounds alternate between the two so a passing load on the machine hits both alike; the best
  // round of each counts.
  double sax = 1e30;
  double parses = 1e30;
  double documents = 1e30;
  size_t blocks = 0;
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
  return 0;
}
