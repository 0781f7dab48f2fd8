// DOI lookups against the loopback registry server with 50 ms latency per request: 2,000 unique
// DOIs across 500 pages, checked by the three DOI network rules with the default politeness caps
// (3 concurrent requests per host). Prints the cold run's wall time against the floor
// requests x latency / concurrency (target <= 1.25x), then a warm-cache run (target: zero
// requests) and an offline run over the same cache (target: warm within 10% of offline).
//
// That floor assumes concurrency is the only limit, so the server advertises a Crossref rate limit
// (X-Rate-Limit-Limit) above concurrency / latency: 1000 per second by default, the fifth argument.
// With Crossref's usual 50 per second the rate, not the concurrency, sets the pace (2,000 DOIs at
// 50 per second: 40 s) and reflint keeps to it.
//
//   build/release/bench/doi_lookup_throughput [DOIS] [PAGES] [LATENCY_MS] [SERVER_ROOT] [RATE_LIMIT]
//
// SERVER_ROOT is a folder holding tests/registry_server/ (default: this source tree), to measure
// a changed copy of the server.

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lint/core/runner.h"
#include "rules/register_all.h"
#include "tests/registry_server_process.h"

namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using reflint::NetworkSettings;

struct Measured {
  double seconds = 0;
  int requests = 0;
  int max_in_flight = 0;
  size_t findings = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const int dois = argc > 1 ? std::atoi(argv[1]) : 2000;
  const int pages = argc > 2 ? std::atoi(argv[2]) : 500;
  const int latency_ms = argc > 3 ? std::atoi(argv[3]) : 50;
  const fs::path server_root = argc > 4 ? fs::path(argv[4]) : fs::path(REFLINT_SOURCE_DIR);
  const int rate_limit = argc > 5 ? std::atoi(argv[5]) : 1000;
  const fs::path dir = fs::temp_directory_path() / fmt::format("reflint-doi-bench-{}", getpid());
  fs::create_directories(dir / "pages");

  // Fictional works under Crossref's test prefix, each cited by one reference entry.
  json works = json::array();
  for (int i = 0; i < dois; ++i) {
    works.push_back({{"doi", fmt::format("10.5555/bench.{}", i)},
                     {"agency", "Crossref"},
                     {"title", fmt::format("[TEST RECORD, fictional] Benchmark work number {}", i)},
                     {"authors", json::array({{{"given", "Ada"}, {"family", fmt::format("Author{}", i)}}})},
                     {"container_title", "Journal of Benchmarks"},
                     {"issued", json::array({2020})}});
  }
  std::ofstream(dir / "data.json") << json{{"works", works}, {"crossref_rate_limit", rate_limit}}.dump();
  for (int page = 0; page < pages; ++page) {
    std::string body;
    for (int i = page; i < dois; i += pages) {
      body += fmt::format(
          "<li>Author{0} A, Other B. [TEST RECORD, fictional] Benchmark work number {0}. J Benchmarks. "
          "2020;1:{0}. "
          "doi:10.5555/bench.{0}</li>\n",
          i);
    }
    std::ofstream(dir / "pages" / fmt::format("page{:04}.html", page))
        << "<!doctype html><html lang=\"en\"><body><h2>References</h2><ol>\n"
        << body << "</ol></body></html>\n";
  }

  reflint::testing::RegistryServerProcess server(server_root, dir / "data.json", latency_ms);
  reflint::RuleRegistry registry;
  reflint::register_all_rules(registry);
  const NetworkSettings defaults;

  const auto run = [&](bool offline) {
    server.control("/_control/reset", "{}");
    reflint::RunOptions options;
    options.paths = {(dir / "pages").string()};
    for (const auto& rule : registry.rules()) {
      const bool wanted = rule->meta().family == "doi" && rule->meta().needs_network;
      (wanted ? options.overrides.enable : options.overrides.disable).emplace_back(rule->meta().id);
    }
    options.adjust_settings = [&](reflint::RunSettings& settings) {
      NetworkSettings& network = settings.network;
      network.doi_resolver = network.crossref_api = network.datacite_api = server.base_url();
      network.cache_path = (dir / "cache.sqlite").string();
      network.offline = offline;
      // Politeness caps stay at their defaults except the rate, which the server's
      // X-Rate-Limit answers set, as Crossref's would.
      network.per_host_rate = 1000;
    };
    const auto start = std::chrono::steady_clock::now();
    const reflint::RunResult result = reflint::run_lint(registry, options);
    Measured measured;
    measured.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const json stats = json::parse(server.control("/_control/stats"));
    measured.requests = stats["total"].get<int>();
    measured.max_in_flight = stats["max_in_flight"].get<int>();
    measured.findings = result.findings.size();
    return measured;
  };

  const Measured cold = run(false);
  const double floor = cold.requests * (latency_ms / 1000.0) / defaults.per_host_concurrency;
  fmt::print("cold:    {:7.2f} s  {} requests, max {} in flight, {} findings\n", cold.seconds, cold.requests,
             cold.max_in_flight, cold.findings);
  fmt::print("floor:   {:7.2f} s  (requests x {} ms / {} concurrent)  ratio {:.2f} (target <= 1.25)\n", floor,
             latency_ms, defaults.per_host_concurrency, cold.seconds / floor);
  const double rate_floor = cold.requests / static_cast<double>(rate_limit);
  fmt::print("rate:    {:7.2f} s  (requests / {} per second advertised)  ratio {:.2f}\n", rate_floor,
             rate_limit, cold.seconds / std::max(floor, rate_floor));
  // A warm run takes a tenth of a second: the best of 7 alternating rounds each, so that one
  // scheduling hiccup does not decide the ratio.
  Measured warm{1e9, 0, 0, 0};
  Measured offline{1e9, 0, 0, 0};
  int warm_requests = 0;
  for (int round = 0; round < 7; ++round) {
    const Measured warm_round = run(false);
    const Measured offline_round = run(true);
    warm_requests += warm_round.requests;
    if (warm_round.seconds < warm.seconds) warm = warm_round;
    if (offline_round.seconds < offline.seconds) offline = offline_round;
  }
  fmt::print("warm:    {:7.3f} s  {} requests in 7 runs (target 0), {} findings\n", warm.seconds,
             warm_requests, warm.findings);
  fmt::print("offline: {:7.3f} s  {} requests, {} findings; warm / offline {:.2f} (target <= 1.10)\n",
             offline.seconds, offline.requests, offline.findings, warm.seconds / offline.seconds);
  fs::remove_all(dir);
  return 0;
}
