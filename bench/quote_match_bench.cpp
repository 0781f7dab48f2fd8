// Quotation matching against sources of 1 KB, 100 KB and 1 MB (issue 6, point 4): 200 quotes per
// source, half of them in it (some with an ellipsis, a bracket or a changed word), half not. The
// time per quote must not grow with the source length faster than linearly; with the anchor
// index it should barely grow at all. Indexing the source is measured separately (linear).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "rules/quotes/quote_match.h"

namespace reflint {
namespace {

constexpr size_t kQuotes = 200;

/// A vocabulary with a Zipf-like use of words, so common words repeat as in real prose.
class ProseGenerator {
 public:
  explicit ProseGenerator(uint32_t seed) : random_(seed) {
    for (int i = 0; i < 5000; ++i) {
      std::string word;
      const int length = 2 + static_cast<int>(random_() % 9);
      for (int c = 0; c < length; ++c) word += static_cast<char>('a' + random_() % 26);
      words_.push_back(word);
    }
  }
  std::string word() {
    // Zipf-like: index = floor(5000^u) - 1
    const double u = std::uniform_real_distribution<double>(0, 1)(random_);
    const auto index = static_cast<size_t>(std::pow(5000.0, u)) - 1;
    return words_[std::min(index, words_.size() - 1)];
  }
  std::string text(size_t bytes) {
    std::string text;
    size_t sentence = 0;
    while (text.size() < bytes) {
      text += word();
      text += ++sentence % 14 == 0 ? ". " : " ";
    }
    return text;
  }
  std::mt19937& random() { return random_; }

 private:
  std::mt19937 random_;
  std::vector<std::string> words_;
};

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> words;
  size_t at = 0;
  while (at < text.size()) {
    const size_t end = std::min(text.find_first_of(" .", at), text.size());
    if (end > at) words.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return words;
}

std::vector<std::string> make_quotes(const std::string& source, ProseGenerator& generator) {
  const std::vector<std::string> words = words_of(source);
  std::vector<std::string> quotes;
  for (size_t i = 0; i < kQuotes; ++i) {
    const size_t length = 12 + generator.random()() % 30;
    if (i % 2 == 1 || words.size() <= length) {
      quotes.push_back(generator.text(length * 6));  // not in the source
      continue;
    }
    const size_t start = generator.random()() % (words.size() - length);
    std::string quote;
    for (size_t w = start; w < start + length; ++w) {
      if (i % 8 == 2 && w == start + length / 2) quote += "... ";  // an ellipsis that skips a word
      if (i % 8 == 2 && w == start + length / 2) continue;
      if (i % 8 == 4 && w == start + length / 2) quote += "[insertion] ";
      quote += (i % 8 == 6 && w == start + length / 2) ? "changed" : words[w];
      quote += ' ';
    }
    quotes.push_back(quote);
  }
  return quotes;
}

void BM_MatchQuotes(benchmark::State& state) {
  ProseGenerator generator(7);
  const std::string text = generator.text(static_cast<size_t>(state.range(0)));
  const SourceText source(text);
  const std::vector<std::string> quotes = make_quotes(text, generator);
  std::vector<QuotePattern> patterns;
  patterns.reserve(quotes.size());
  for (const std::string& quote : quotes) patterns.emplace_back(quote);
  size_t found = 0;
  size_t candidates = 0;
  for (auto _ : state) {
    found = 0;
    candidates = 0;
    for (const QuotePattern& pattern : patterns) {
      const QuoteMatch match = find_quote(pattern, source);
      found += match.found ? 1 : 0;
      candidates += match.candidates;
    }
    benchmark::DoNotOptimize(found);
  }
  state.counters["found"] = static_cast<double>(found);
  state.counters["alignments_per_quote"] = static_cast<double>(candidates) / kQuotes;
  state.counters["source_words"] = static_cast<double>(source.token_count());
  state.counters["time_per_quote"] =
      benchmark::Counter(static_cast<double>(kQuotes),
                         benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_MatchQuotes)->Arg(1 << 10)->Arg(100 << 10)->Arg(1 << 20)->Unit(benchmark::kMicrosecond);

void BM_IndexSource(benchmark::State& state) {
  ProseGenerator generator(7);
  const std::string text = generator.text(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    const SourceText source(text);
    benchmark::DoNotOptimize(source.token_count());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_IndexSource)->Arg(1 << 10)->Arg(100 << 10)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace reflint

BENCHMARK_MAIN();
