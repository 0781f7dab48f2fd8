// What the citations family adds to building a Document (issue 3, point 5): on the 2.5 MB United
// States page of ../shared/corpus (731 references, 772 markers), BM_BuildDocument builds the whole
// Document and every analysis (parse, citations, DOIs, quotes), BM_ExtractCitations repeats only the citation
// analysis, and BM_CitationRules runs the seven rules on the built Document. The family's share is (extract +
// rules) / (build - extract); the goal is < 15 %.
//
//   build/<dir>/bench/citations_bench [--benchmark_repetitions=5] [page]

#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "lint/analysis/page_analyses.h"
#include "lint/core/registry.h"
#include "lint/core/settings.h"
#include "lint/html/parse.h"
#include "rules/register_all.h"

namespace reflint {
namespace {
namespace fs = std::filesystem;

fs::path g_page = fs::path(REFLINT_SOURCE_DIR).parent_path() / "shared" / "corpus" / "pages" /
                  "wikipedia-mobileapps" / "United_States.html";

const std::string& page_bytes() {
  static const std::string bytes = [] {
    std::ifstream in(g_page, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
  }();
  return bytes;
}

/// A context that counts findings; every option has its declared default.
class CountingContext final : public RuleContext {
 public:
  CountingContext(const RuleMeta& meta, const PageAnalyses& analyses) : meta_(meta), analyses_(analyses) {
    std::vector<std::pair<std::string, OptionValue>> values;
    for (const RuleOptionSpec& spec : meta.options) {
      if (spec.type == OptionType::boolean) values.emplace_back(spec.name, spec.default_value == "true");
      if (spec.type == OptionType::string_list) values.emplace_back(spec.name, std::vector<std::string>{});
    }
    options_ = RuleOptions(std::move(values));
  }
  std::string_view rule_id() const override { return meta_.id; }
  const RuleOptions& options() const override { return options_; }
  const RunSettings& settings() const override { return settings_; }
  NetworkServices* network() const override { return nullptr; }
  const PageAnalyses& analyses() const override { return analyses_; }
  RunMemo& run_memo() const override { return memo_; }
  RunMemo& page_memo() const override { return page_memo_; }
  std::unique_ptr<Document> reload(const std::string& /*path*/) const override { return nullptr; }
  FindingBuilder report(Location location, std::string message) override {
    Finding finding;
    finding.location = std::move(location);
    finding.message = std::move(message);
    return FindingBuilder(std::move(finding), [this](Finding&&) { ++findings; });
  }
  void notify(Notice) override {}
  size_t findings = 0;

 private:
  RuleOptions options_;
  RunSettings settings_;
  const RuleMeta& meta_;
  const PageAnalyses& analyses_;
  mutable RunMemo memo_;
  mutable RunMemo page_memo_;
};

/// Parses the page and runs every analysis, as a run with all rules enabled does.
size_t build_analysed(const std::string& path, const std::string& bytes) {
  const auto document = parse_html(path, bytes);
  const PageAnalyses analyses(*document);
  return analyses.dois().size() + analyses.quotes().all().size() + analyses.citations().markers().size();
}

void BM_BuildDocument(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(build_analysed("United_States.html", page_bytes()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * page_bytes().size()));
}

void BM_ExtractCitations(benchmark::State& state) {
  const auto document = parse_html("United_States.html", page_bytes());
  const PageAnalyses analyses(*document);
  for (auto _ : state) benchmark::DoNotOptimize(extract_citations(*document));
  state.counters["markers"] = static_cast<double>(analyses.citations().markers().size());
  state.counters["entries"] = static_cast<double>(analyses.citations().entries().size());
}

void BM_CitationRules(benchmark::State& state) {
  const auto document = parse_html("United_States.html", page_bytes());
  const PageAnalyses analyses(*document);
  analyses.citations();  // built once, as BM_ExtractCitations measures
  RuleRegistry registry;
  register_all_rules(registry);
  size_t findings = 0;
  for (auto _ : state) {
    for (const auto& rule : registry.rules()) {
      if (rule->meta().family != "citations") continue;
      CountingContext context(rule->meta(), analyses);
      rule->check(*document, context);
      findings += context.findings;
    }
  }
  state.counters["findings_per_run"] =
      static_cast<double>(findings) / static_cast<double>(state.iterations());
}

BENCHMARK(BM_BuildDocument)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExtractCitations)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CitationRules)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace reflint

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc > 1) reflint::g_page = argv[1];
  if (!std::filesystem::exists(reflint::g_page)) {
    std::cerr << "citations_bench: " << reflint::g_page << " not found (it is in ../shared/corpus)\n";
    return 1;
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
