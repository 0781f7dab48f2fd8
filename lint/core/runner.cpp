#include "lint/core/runner.h"

#include <fmt/format.h>
#include <fnmatch.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>

#include "lint/core/serialize.h"
#include "lint/core/suppressions.h"
#include "lint/html/markup_text.h"
#include "lint/html/page_text.h"
#include "lint/html/parse.h"
#include "lint/html/site_markup.h"
#include "lint/net/network.h"
#include "lint/text/base64.h"

namespace reflint {
namespace fs = std::filesystem;

bool is_html_file(const fs::path& path) {
  const std::string extension = path.extension().string();
  return extension == ".html" || extension == ".htm" || extension == ".xhtml";
}

Level effective_level(const RulePlan& plan, Level requested) {
  if (plan.configured_level) return *plan.configured_level;
  if (requested != Level::none) return requested;
  return plan.rule->meta().default_level;
}

std::string content_fingerprint(const Finding& finding) {
  std::string normalised;
  normalised.reserve(finding.location.snippet.size());
  bool space = false;
  for (const char c : finding.location.snippet) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !normalised.empty();
      continue;
    }
    if (space) normalised += ' ';
    space = false;
    normalised += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  const std::string key = fmt::format("{}\n{}\n{}", finding.rule_id, normalised, finding.fingerprint);
  return fmt::format("{:016x}", XXH3_64bits(key.data(), key.size()));
}

namespace {

struct Input {
  std::string path;  // display path; for stdin, --stdin-filename; for a fetched page, its URL
  bool from_stdin = false;
  const Config* config = nullptr;
  std::shared_ptr<const std::string> fetched;  // a fetched page's bytes
  size_t order = 0;  // its place among the run's files, before a shard took its share
  std::shared_ptr<const std::string> buffer{};  // an editor's text of the file (UTF-8)
};

/// "doi-unresolvable, doi-retracted and unverified-quote": the enabled rules that need the network.
std::string network_rule_ids(const std::vector<const Rule*>& rules) {
  std::vector<std::string_view> ids;
  for (const Rule* rule : rules) {
    if (rule->meta().needs_network) ids.push_back(rule->meta().id);
  }
  std::string named;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) named += i + 1 == ids.size() ? " and " : ", ";
    named += ids[i];
  }
  return named;
}

bool is_excluded(const fs::path& file, const Config& config) {
  if (config.exclude.empty()) return false;
  std::error_code error;
  const fs::path base = config.exclude_folder.empty() ? fs::current_path(error) : config.exclude_folder;
  const std::string relative = fs::relative(fs::absolute(file, error), base, error).generic_string();
  return std::any_of(config.exclude.begin(), config.exclude.end(), [&](const std::string& glob) {
    return fnmatch(glob.c_str(), relative.c_str(), 0) == 0;
  });
}

/// Loads each configuration file once and remembers which folder uses which.
class ConfigCache {
 public:
  ConfigCache(const RuleRegistry& registry, const std::optional<fs::path>& forced) : registry_(registry) {
    defaults_.settings = RunSettings{};
    if (forced) forced_ = load(*forced);
  }

  const Config* for_folder(const fs::path& folder) {
    if (forced_ != nullptr || !error_.empty()) return forced_;
    const auto file = find_config_upward(folder);
    return file ? load(*file) : &defaults_;
  }
  const std::string& error() const { return error_; }

 private:
  const Config* load(const fs::path& file) {
    const std::string key = fs::absolute(file).lexically_normal().string();
    if (const auto found = loaded_.find(key); found != loaded_.end()) return &found->second;
    ConfigResult result = load_config(file, registry_);
    if (!result.config) {
      error_ = result.error;
      return nullptr;
    }
    return &loaded_.emplace(key, std::move(*result.config)).first->second;
  }

  const RuleRegistry& registry_;
  Config defaults_;
  const Config* forced_ = nullptr;
  std::map<std::string, Config> loaded_;
  std::string error_;
};

/// Findings of one rule on one page and file beyond the cap, dropped while the rule checked.
using DroppedFindings = std::map<std::pair<std::string, std::string>, int64_t>;  // (path, rule) -> count

struct FileOutcome {
  std::vector<Finding> findings;  // levels, suppressions and fingerprints applied
  std::vector<Notice> notices;
  Suppressions suppressions;
  DroppedFindings dropped;
  bool unreadable = false;
  size_t rule_failures = 0;
  std::optional<PageExtraction> extraction;
};

/// The run's notices in the order they are reported, whatever the threads did: the run's own
/// (configuration, fetching), the rules' from finish(), the network layer's; the pages' follow.
struct RunNotices {
  std::vector<Notice> run;
  std::vector<Notice> finish;
  std::vector<Notice> network;
};

/// Which rules finish(): all; in a shard, those that need no other page; in a merge, the others.
enum class FinishPhase : uint8_t { all, within_pages, across_pages };

constexpr int kShardFormat = 1;

/// Whether the file or URL `key` falls to `shard`: a stable hash of the name alone, so that adding a
/// file moves no other.
bool in_share(const std::string& key, const ShardSpec& shard) {
  return XXH3_64bits(key.data(), key.size()) % shard.count == shard.index - 1;
}

nlohmann::json site_summary_json(const SiteSummary& site) {
  nlohmann::json counts = nlohmann::json::array();
  for (uint64_t SiteSummary::*count : kSiteSummaryCounts) counts.push_back(site.*count);
  nlohmann::json hosts = nlohmann::json::array();
  for (const SiteSummary::Host& host : site.hosts) hosts.push_back({host.host, host.requests, host.seconds});
  return {{"counts", std::move(counts)}, {"hosts", std::move(hosts)}};
}

SiteSummary read_site_summary(const nlohmann::json& saved) {
  SiteSummary site;
  for (size_t i = 0; i < kSiteSummaryCounts.size(); ++i)
    site.*kSiteSummaryCounts[i] = saved.at("counts").at(i).get<uint64_t>();
  for (const nlohmann::json& host : saved.at("hosts"))
    site.hosts.push_back(
        {host.at(0).get<std::string>(), host.at(1).get<uint64_t>(), host.at(2).get<double>()});
  return site;
}

/// What every rule context of a run shares.
struct RunServices {
  const RunSettings& settings;
  NetworkServices* network = nullptr;
  RunMemo& memo;
  std::function<std::unique_ptr<Document>(const std::string& path)> reload;
};

class RuleContextImpl final : public RuleContext {
 public:
  /// A context for check() on one page (`analyses`), or for finish() (nullptr).
  RuleContextImpl(const RulePlan& plan, const RunServices& run, const PageAnalyses* analyses,
                  RunMemo* page_memo, std::vector<Finding>& sink, std::vector<Notice>& notices)
      : plan_(plan),
        run_(run),
        analyses_(analyses),
        page_memo_(page_memo),
        sink_(sink),
        notices_(notices),
        first_(sink.size()) {}

  /// Calls `trim` with the sink and where this context's findings start in it whenever it holds
  /// `at` of them, so that a page reporting one mistake a million times stays in bounded memory.
  void trim_findings_at(size_t at, std::function<void(std::vector<Finding>&, size_t first)> trim) {
    trim_at_ = at;
    trim_ = std::move(trim);
  }

  std::string_view rule_id() const override { return plan_.rule->meta().id; }
  const RuleOptions& options() const override { return plan_.options; }
  const RunSettings& settings() const override { return run_.settings; }
  NetworkServices* network() const override { return run_.network; }
  const PageAnalyses& analyses() const override {
    if (analyses_ == nullptr) throw std::logic_error("page analyses asked for outside Rule::check()");
    return *analyses_;
  }
  RunMemo& run_memo() const override { return run_.memo; }
  RunMemo& page_memo() const override {
    if (page_memo_ == nullptr) throw std::logic_error("the page memo asked for outside Rule::check()");
    return *page_memo_;
  }
  std::unique_ptr<Document> reload(const std::string& path) const override { return run_.reload(path); }
  FindingBuilder report(Location location, std::string message) override {
    Finding finding;
    finding.rule_id = std::string(plan_.rule->meta().id);
    finding.level = Level::none;
    finding.message = std::move(message);
    finding.location = std::move(location);
    return FindingBuilder(std::move(finding), [this](Finding&& done) {
      std::lock_guard lock(mutex_);
      sink_.push_back(std::move(done));
      if (trim_ && sink_.size() - first_ >= trim_at_) trim_(sink_, first_);
    });
  }
  void notify(Notice notice) override {
    if (notice.rule_id.empty()) notice.rule_id = std::string(plan_.rule->meta().id);
    std::lock_guard lock(mutex_);
    notices_.push_back(std::move(notice));
  }

 private:
  const RulePlan& plan_;
  const RunServices& run_;
  const PageAnalyses* analyses_;
  RunMemo* page_memo_;
  std::vector<Finding>& sink_;
  std::vector<Notice>& notices_;
  const size_t first_;  // this context's findings are the sink's from here
  size_t trim_at_ = 0;
  std::function<void(std::vector<Finding>&, size_t)> trim_;
  std::mutex mutex_;
};

/// lint/html's markup readers, for the network layer's texts.
MarkupReaders html_markup_readers() {
  return {jats_fragment_text, html_fragment_text, jats_article_text,
          [](const std::string& address, std::string_view html) { return readable_text(address, html); }};
}

/// An editor's buffer is UTF-8 whatever its <meta charset> says: the editor decoded the file.
ParseOptions parse_options(const Input& input) {
  ParseOptions options;
  if (input.buffer) options.encoding_override = "UTF-8";
  return options;
}

/// lint/html's readers of fetched pages and sitemaps, for a site audit.
SiteReaders html_site_readers() {
  const auto links = [](std::string_view html) {
    PageLinks read = page_links(html);
    return CrawlLinks{std::move(read.base), std::move(read.canonical), std::move(read.hrefs), read.nofollow};
  };
  const auto sitemap = [](std::string_view xml) {
    const Sitemap read = read_sitemap(xml);
    CrawlSitemap crawl{read.kind != Sitemap::Kind::unreadable, read.kind == Sitemap::Kind::index, {}};
    for (const SitemapEntry& entry : read.entries) crawl.entries.push_back({entry.location, entry.lastmod});
    return crawl;
  };
  return {links, sitemap};
}

/// Reads at most `max_bytes` of `in`; nullopt (with `error`) when there is more or it fails.
/// `expected_size` (a file's size) spares the buffer regrowing.
std::optional<std::string> read_capped(std::istream& in, int64_t max_bytes, std::string& error,
                                       uintmax_t expected_size = 0) {
  std::string bytes;
  bytes.reserve(
      static_cast<size_t>(std::min<uintmax_t>(expected_size, static_cast<uintmax_t>(max_bytes)) + 1));
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    if (static_cast<int64_t>(bytes.size()) + in.gcount() > max_bytes) {
      error = fmt::format("larger than the {} MiB an input may have (--max-input-mb)",
                          max_bytes / (int64_t{1024} * 1024));
      return std::nullopt;
    }
    bytes.append(buffer, static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) {
    error = "read error";
    return std::nullopt;
  }
  return bytes;
}

std::optional<std::string> read_input(const Input& input, std::istream* stdin_stream, int64_t max_bytes,
                                      std::string& error) {
  if (input.from_stdin)
    return read_capped(stdin_stream != nullptr ? *stdin_stream : std::cin, max_bytes, error);
  if (const auto& held = input.fetched ? input.fetched : input.buffer) {
    if (static_cast<int64_t>(held->size()) > max_bytes) {
      error = fmt::format("larger than the {} MiB an input may have (--max-input-mb)",
                          max_bytes / (int64_t{1024} * 1024));
      return std::nullopt;
    }
    return *held;
  }
  // A FIFO, device or socket could block the run forever or never end: only regular files are read.
  std::error_code status_error;
  const fs::file_status status = fs::status(input.path, status_error);
  if (status_error) {
    error = status_error.message();
    return std::nullopt;
  }
  if (!fs::is_regular_file(status)) {
    error = "not a regular file (a FIFO, device or socket is never read)";
    return std::nullopt;
  }
  std::ifstream in(input.path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  const uintmax_t size = fs::file_size(input.path, status_error);
  return read_capped(in, max_bytes, error, status_error ? 0 : size);
}

class Runner {
 public:
  Runner(const RuleRegistry& registry, const RunOptions& options)
      : registry_(registry), options_(options), overrides_(options.overrides) {
    configs_.emplace(registry, options.config_file);
  }

  RunResult run() {
    if (!options_.merge_states.empty()) return merge();
    RunResult result;
    std::vector<Input> inputs = expand_inputs();
    if (!configs_->error().empty()) {
      result.fatal_error = configs_->error();
      return result;
    }
    result.settings = run_settings();
    if (options_.shard) take_share(inputs, *options_.shard);
    if (!options_.site.empty()) fetch_pages(inputs, result);
    if (options_.progress != nullptr) options_.progress->inputs = inputs.size();
    for (const Input& input : inputs) result.files.push_back(input.path);

    std::map<const Config*, std::vector<RulePlan>> plans = plan_inputs(inputs, result);
    const bool needs_network = std::any_of(result.enabled_rules.begin(), result.enabled_rules.end(),
                                           [](const Rule* rule) { return rule->meta().needs_network; });
    if (needs_network && result.settings.network.can_look_up()) {
      network_ = std::make_unique<NetworkServices>(
          result.settings.network, html_markup_readers(),
          options_.progress != nullptr ? &options_.progress->lookups : nullptr);
    } else if (needs_network) {
      result.notices.push_back(Notice::note(fmt::format(
          "offline without a cache: no DOI or quotation source looked up ({} checked only what needs "
          "no lookup)",
          network_rule_ids(result.enabled_rules))));
    }
    RunMemo memo;
    const RunServices services{result.settings, network_.get(), memo,
                               [this, &inputs, &result](const std::string& path) {
                                 return reload(inputs, path, result.settings.max_input_bytes);
                               }};

    std::vector<FileOutcome> outcomes(inputs.size());
    lint_all(inputs, plans, services, outcomes);
    if (cancelled()) {
      result.cancelled = true;
      return result;
    }
    RunNotices notices;
    notices.run = std::move(result.notices);
    finish_rules(inputs, plans, services, outcomes, result,
                 options_.shard ? FinishPhase::within_pages : FinishPhase::all, notices.finish);
    if (network_) {
      for (NetworkNotice& notice : network_->notices()) {
        Notice reported = notice.warning ? Notice::warning(std::move(notice.message), std::move(notice.path))
                                         : Notice::note(std::move(notice.message), std::move(notice.path));
        reported.rule_id = std::move(notice.rule);
        reported.unverified = notice.unverified;
        notices.network.push_back(std::move(reported));
      }
      const NetworkSummary summary = network_->summary();
      result.unverified_checks = summary.unverified + summary.texts_unverified;
      result.lookups = summary.lookups + summary.text_lookups;
      network_.reset();
    }
    if (options_.shard) write_shard(*options_.shard, inputs, outcomes, notices, plans, result);
    gather(result, outcomes, notices);
    return result;
  }

  /// The run's result from the pages' outcomes and the run's notices.
  static void gather(RunResult& result, std::vector<FileOutcome>& outcomes, RunNotices& notices) {
    result.notices = std::move(notices.run);
    std::move(notices.finish.begin(), notices.finish.end(), std::back_inserter(result.notices));
    std::move(notices.network.begin(), notices.network.end(), std::back_inserter(result.notices));
    DroppedFindings dropped;
    for (FileOutcome& outcome : outcomes) {
      result.unreadable_inputs += outcome.unreadable ? 1 : 0;
      result.rule_failures += outcome.rule_failures;
      std::move(outcome.findings.begin(), outcome.findings.end(), std::back_inserter(result.findings));
      std::move(outcome.notices.begin(), outcome.notices.end(), std::back_inserter(result.notices));
      for (const auto& [where, count] : outcome.dropped) dropped[where] += count;
      if (outcome.extraction) result.extraction.push_back(std::move(*outcome.extraction));
    }
    sort_and_deduplicate(result.findings);
    cap_findings(result, dropped);
  }

  /// Keeps the first max_findings_per_rule findings of each rule on each page (in source order) and
  /// says how many more there were (with those `dropped` while the rules checked).
  static void cap_findings(RunResult& result, const DroppedFindings& dropped) {
    const int64_t cap = result.settings.max_findings_per_rule;
    if (cap <= 0) return;
    DroppedFindings seen = dropped;  // (path, rule) -> findings
    bool over = !dropped.empty();
    for (const Finding& finding : result.findings)
      over = ++seen[{finding.location.path, finding.rule_id}] > cap || over;
    if (!over) return;
    std::map<std::pair<std::string, std::string>, int64_t> listed;
    std::erase_if(result.findings, [&](const Finding& finding) {
      return ++listed[{finding.location.path, finding.rule_id}] > cap;
    });
    for (const auto& [where, count] : seen) {
      if (count <= cap) continue;
      result.notices.push_back(
          Notice::note(fmt::format("{} more {} findings on this page are not listed (the first "
                                   "{} are; --max-findings-per-rule)",
                                   count - cap, where.second, cap),
                       where.first)
              .for_rule(where.second));
    }
  }

 private:
  bool cancelled() const { return options_.cancel != nullptr && options_.cancel->load(); }

  RunSettings run_settings() {
    const Config* root = root_config();
    RunSettings settings = root != nullptr ? root->settings : RunSettings{};
    if (root != nullptr && root->cross_page) settings.cross_page = *root->cross_page;
    if (options_.adjust_settings) options_.adjust_settings(settings);
    return settings;
  }

  /// The pages of the site sources, fetched, appended to `inputs` (configured as the current
  /// folder's files are); what could not be fetched is a notice.
  void fetch_pages(std::vector<Input>& inputs, RunResult& result) {
    const Config* root = root_config();
    if (root == nullptr) return;
    if (result.settings.network.offline) {
      result.notices.push_back(Notice::error(
          "--offline: no page is fetched (the URLs, sitemaps and crawls given are not linted)"));
      result.unreadable_inputs += 1;
      return;
    }
    SiteSources sources = options_.site;
    sources.exclude.insert(sources.exclude.end(), root->exclude.begin(), root->exclude.end());
    if (options_.shard) {
      sources.in_shard = [shard = *options_.shard](const std::string& url) { return in_share(url, shard); };
    }
    // A page the lint would refuse to read is not downloaded in full either.
    NetworkSettings network = result.settings.network;
    network.max_response_bytes = std::min(network.max_response_bytes, result.settings.max_input_bytes);
    SiteAudit audit(network, html_site_readers(),
                    options_.progress != nullptr ? &options_.progress->site : nullptr);
    std::vector<FetchedPage> pages = audit.run(sources);
    for (const SiteNotice& notice : audit.notices()) {
      result.notices.push_back(notice.warning ? Notice::warning(notice.message, notice.url)
                                              : Notice::note(notice.message, notice.url));
    }
    for (FetchedPage& page : pages) {
      inputs.push_back({page.url, false, root, std::make_shared<const std::string>(std::move(page.bytes))});
    }
    result.site = audit.summary();
  }

  std::vector<Input> expand_inputs() {
    std::vector<Input> inputs;
    std::error_code error;
    for (const std::string& path : options_.paths) {
      if (path == "-") {
        inputs.push_back({options_.stdin_filename, true, root_config(), nullptr});
        continue;
      }
      const fs::path given(path);
      if (fs::is_directory(given, error)) {
        std::vector<fs::path> found;
        for (auto it = fs::recursive_directory_iterator(given, fs::directory_options::skip_permission_denied,
                                                        error);
             it != fs::recursive_directory_iterator(); it.increment(error)) {
          if (error) break;
          const std::string name = it->path().filename().string();
          if (it->is_directory(error) && name.starts_with('.')) {
            it.disable_recursion_pending();
            continue;
          }
          if (it->is_regular_file(error) && is_html_file(it->path())) found.push_back(it->path());
        }
        std::sort(found.begin(), found.end());
        for (const fs::path& file : found) {
          const Config* config = config_of(file);
          if (config == nullptr) return {};
          if (!is_excluded(file, *config)) inputs.push_back({file.string(), false, config, nullptr});
        }
      } else {
        const Config* config = config_of(given);
        if (config == nullptr) return {};
        inputs.push_back({path, false, config, nullptr});
        if (const auto buffer = options_.editor_buffers.find(path); buffer != options_.editor_buffers.end())
          inputs.back().buffer = buffer->second;
      }
    }
    for (size_t i = 0; i < inputs.size(); ++i) inputs[i].order = i;
    return inputs;
  }

  /// The configuration of the file `path`: its folder's.
  const Config* config_of(const fs::path& path) {
    return path.has_parent_path() ? configs_->for_folder(path.parent_path()) : root_config();
  }

  /// The current folder's configuration: the run's settings, standard input's and fetched pages'.
  const Config* root_config() {
    std::error_code error;
    return configs_->for_folder(fs::current_path(error));
  }

  /// Keeps the inputs of one shard: those whose path's stable hash falls to it.
  static void take_share(std::vector<Input>& inputs, const ShardSpec& shard) {
    std::erase_if(inputs, [&](const Input& input) { return !in_share(input.path, shard); });
  }

  std::map<const Config*, std::vector<RulePlan>> plan_inputs(const std::vector<Input>& inputs,
                                                             RunResult& result) {
    std::map<const Config*, std::vector<RulePlan>> plans;
    for (const Input& input : inputs) {
      if (!plans.contains(input.config))
        plans[input.config] = plan_rules(registry_, *input.config, overrides_);
    }
    record_enabled_rules(plans, result);
    return plans;
  }

  static void record_enabled_rules(const std::map<const Config*, std::vector<RulePlan>>& plans,
                                   RunResult& result) {
    if (plans.empty()) return;
    const size_t count = plans.begin()->second.size();
    for (size_t i = 0; i < count; ++i) {
      const bool enabled =
          std::any_of(plans.begin(), plans.end(), [i](const auto& entry) { return entry.second[i].enabled; });
      if (enabled) result.enabled_rules.push_back(plans.begin()->second[i].rule);
    }
  }

  /// An input parsed again from its file; nullptr for stdin and for a file that cannot be read.
  std::unique_ptr<Document> reload(const std::vector<Input>& inputs, const std::string& path,
                                   int64_t max_bytes) const {
    const auto input =
        std::find_if(inputs.begin(), inputs.end(), [&](const Input& i) { return i.path == path; });
    if (input == inputs.end() || input->from_stdin) return nullptr;
    std::string error;
    auto bytes = read_input(*input, nullptr, max_bytes, error);
    return bytes ? parse_owned_html(path, std::move(*bytes), parse_options(*input)) : nullptr;
  }

  void lint_all(const std::vector<Input>& inputs, std::map<const Config*, std::vector<RulePlan>>& plans,
                const RunServices& services, std::vector<FileOutcome>& outcomes) {
    unsigned jobs = options_.jobs != 0 ? options_.jobs : std::max(1u, std::thread::hardware_concurrency());
    jobs = std::min<unsigned>(jobs, std::max<size_t>(1, inputs.size()));
    // Largest files first, so that one large page does not start last and decide the wall time
    // alone; outcomes stay in input order whatever the schedule.
    std::vector<size_t> order(inputs.size());
    std::iota(order.begin(), order.end(), size_t{0});
    if (jobs > 1) {
      std::vector<uintmax_t> sizes(inputs.size(), 0);
      for (size_t i = 0; i < inputs.size(); ++i) {
        std::error_code error;
        if (const auto& held = inputs[i].fetched ? inputs[i].fetched : inputs[i].buffer) {
          sizes[i] = held->size();
        } else if (!inputs[i].from_stdin) {
          sizes[i] = fs::file_size(inputs[i].path, error);
        }
        if (error) sizes[i] = 0;
      }
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return sizes[a] > sizes[b]; });
    }
    std::atomic<size_t> next{0};
    const auto work = [&] {
      for (size_t at = next++; at < order.size() && !cancelled(); at = next++) {
        const size_t i = order[at];
        lint_one(inputs[i], plans.at(inputs[i].config), services, outcomes[i]);
        if (options_.progress != nullptr) {
          options_.progress->linted += 1;
          options_.progress->findings += outcomes[i].findings.size();
        }
      }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(work);
    work();
    for (std::thread& thread : threads) thread.join();
  }

  void lint_one(const Input& input, std::vector<RulePlan>& plans, const RunServices& services,
                FileOutcome& outcome) {
    std::string error;
    auto bytes = read_input(input, options_.stdin_stream, services.settings.max_input_bytes, error);
    if (!bytes) {
      outcome.unreadable = true;
      outcome.notices.push_back(Notice::error(fmt::format("cannot read the file: {}", error), input.path));
      return;
    }
    const std::unique_ptr<Document> document =
        parse_owned_html(input.path, std::move(*bytes), parse_options(input));
    const PageAnalyses analyses(*document, input.config->analysis);
    if (options_.summarise_extraction)
      outcome.extraction = PageExtraction{input.path, summarise_extraction(analyses)};
    outcome.notices = document->notices();
    outcome.suppressions = Suppressions::collect(*document, registry_, outcome.notices);
    std::vector<Finding> raw;
    const int64_t cap = services.settings.max_findings_per_rule;
    RunMemo page_memo;
    for (RulePlan& plan : plans) {
      if (!plan.enabled) continue;
      if (cancelled()) return;
      RuleContextImpl context(plan, services, &analyses, &page_memo, raw, outcome.notices);
      if (cap > 0) {
        context.trim_findings_at(static_cast<size_t>(cap) * 2, [&](std::vector<Finding>& sink, size_t first) {
          outcome.dropped[{input.path, std::string(plan.rule->meta().id)}] +=
              keep_first_findings(sink, first, plan, outcome.suppressions, static_cast<size_t>(cap));
        });
      }
      try {
        plan.rule->check(*document, context);
      } catch (const std::exception& failure) {
        outcome.rule_failures += 1;
        outcome.notices.push_back(Notice::error(fmt::format("rule {} failed on this file: {}",
                                                            plan.rule->meta().id, failure.what()),
                                                input.path)
                                      .for_rule(plan.rule->meta().id));
      }
    }
    accept(raw, plans, outcome);
  }

  /// Judges the findings of `sink` from `first` on (one rule's on one page) as accept() would, and
  /// keeps the first `cap` of them in source order; returns how many it dropped. (A dropped finding
  /// reported again later is counted again: a note's count, never a listed finding, can differ.)
  static int64_t keep_first_findings(std::vector<Finding>& sink, size_t first, const RulePlan& plan,
                                     const Suppressions& suppressions, size_t cap) {
    const auto tail = sink.begin() + static_cast<std::ptrdiff_t>(first);
    const auto judged_out = std::remove_if(tail, sink.end(), [&](Finding& finding) {
      if (suppressions.suppresses(finding.rule_id, finding.location.range.begin)) return true;
      finding.level = effective_level(plan, finding.level);
      return finding.level == Level::none;
    });
    sink.erase(judged_out, sink.end());
    std::vector<Finding> kept(std::make_move_iterator(tail), std::make_move_iterator(sink.end()));
    sort_and_deduplicate(kept);
    const size_t keep = std::min(cap, kept.size());
    const auto dropped = static_cast<int64_t>(kept.size() - keep);
    kept.resize(keep);
    sink.erase(tail, sink.end());
    std::move(kept.begin(), kept.end(), std::back_inserter(sink));
    return dropped;
  }

  /// Applies levels and suppressions to raw findings of the file `outcome` belongs to.
  static void accept(std::vector<Finding>& raw, const std::vector<RulePlan>& plans, FileOutcome& outcome) {
    for (Finding& finding : raw) {
      const auto plan = std::find_if(plans.begin(), plans.end(),
                                     [&](const RulePlan& p) { return p.rule->meta().id == finding.rule_id; });
      if (plan == plans.end() || !plan->enabled) continue;
      if (outcome.suppressions.suppresses(finding.rule_id, finding.location.range.begin)) continue;
      finding.level = effective_level(*plan, finding.level);
      if (finding.level == Level::none) continue;
      finding.fingerprint = content_fingerprint(finding);
      outcome.findings.push_back(std::move(finding));
    }
  }

  void finish_rules(const std::vector<Input>& inputs, std::map<const Config*, std::vector<RulePlan>>& plans,
                    const RunServices& services, std::vector<FileOutcome>& outcomes, RunResult& result,
                    FinishPhase phase, std::vector<Notice>& finish_notices) {
    if (inputs.empty()) return;
    std::vector<Finding> raw;
    std::vector<Notice> notices;
    std::vector<RulePlan>& root_plans = plans.at(inputs.front().config);
    for (RulePlan& plan : root_plans) {
      if (std::find(result.enabled_rules.begin(), result.enabled_rules.end(), plan.rule) ==
          result.enabled_rules.end()) {
        continue;
      }
      if ((phase == FinishPhase::within_pages && plan.rule->compares_pages()) ||
          (phase == FinishPhase::across_pages && !plan.rule->compares_pages())) {
        continue;
      }
      RuleContextImpl context(plan, services, nullptr, nullptr, raw, notices);
      try {
        plan.rule->finish(context);
      } catch (const std::exception& failure) {
        result.rule_failures += 1;
        notices.push_back(
            Notice::error(fmt::format("rule {} failed: {}", plan.rule->meta().id, failure.what()))
                .for_rule(plan.rule->meta().id));
      }
    }
    // Rules finish pages in the order threads checked them: the same notices in path order for any
    // -j, and in rule order for one path (a merge adds its rules' to the shards').
    std::move(notices.begin(), notices.end(), std::back_inserter(finish_notices));
    std::stable_sort(finish_notices.begin(), finish_notices.end(), [this](const Notice& a, const Notice& b) {
      return std::pair(std::string_view(a.path), rule_rank(a.rule_id)) <
             std::pair(std::string_view(b.path), rule_rank(b.rule_id));
    });
    // Each site-wide finding is judged by the configuration and suppressions of its own file.
    std::map<std::string, size_t> index_of_path;
    for (size_t i = 0; i < inputs.size(); ++i) index_of_path.emplace(inputs[i].path, i);
    for (Finding& finding : raw) {
      const auto found = index_of_path.find(finding.location.path);
      if (found == index_of_path.end()) continue;
      std::vector<Finding> one;
      one.push_back(std::move(finding));
      accept(one, plans.at(inputs[found->second].config), outcomes[found->second]);
    }
  }

  size_t rule_rank(std::string_view id) const {
    const auto& rules = registry_.rules();
    const auto found = std::find_if(rules.begin(), rules.end(),
                                    [&](const std::unique_ptr<Rule>& rule) { return rule->meta().id == id; });
    return static_cast<size_t>(found - rules.begin());
  }

  // ---- sharded runs

  /// Writes what `reflint merge` needs of this shard: its pages' outcomes, the run's notices and
  /// counts, the settings and rule choices the merge must apply alike, and the state of every rule
  /// that compares pages. A file that cannot be written is the run's fatal error.
  void write_shard(const ShardSpec& shard, const std::vector<Input>& inputs,
                   const std::vector<FileOutcome>& outcomes, const RunNotices& notices,
                   const std::map<const Config*, std::vector<RulePlan>>& plans, RunResult& result) const {
    using nlohmann::json;
    json pages = json::array();
    for (size_t i = 0; i < inputs.size(); ++i) {
      const FileOutcome& outcome = outcomes[i];
      json dropped = json::array();
      for (const auto& [where, count] : outcome.dropped) dropped.push_back({where.second, count});
      json page = {{"path", inputs[i].path},
                   {"order", inputs[i].order},
                   {"stdin", inputs[i].from_stdin},
                   {"findings", outcome.findings},
                   {"notices", outcome.notices},
                   {"suppressions", outcome.suppressions.save()},
                   {"dropped", std::move(dropped)},
                   {"unreadable", outcome.unreadable},
                   {"rule_failures", outcome.rule_failures}};
      // The merge may read a fetched page again to compare it with other pages.
      if (inputs[i].fetched) page["bytes"] = base64_encode(*inputs[i].fetched);
      pages.push_back(std::move(page));
    }
    json compared = json::object();
    if (!inputs.empty()) {
      for (const RulePlan& plan : plans.at(inputs.front().config)) {
        if (plan.rule->compares_pages())
          compared[std::string(plan.rule->meta().id)] = plan.rule->take_pages();
      }
    }
    const json state = {
        {"reflint_shard", kShardFormat},
        {"tool", options_.tool_version},
        {"shard", shard.index},
        {"of", shard.count},
        {"config", options_.config_file ? options_.config_file->string() : ""},
        {"enable", overrides_.enable},
        {"disable", overrides_.disable},
        {"levels", overrides_.levels},
        {"settings", shard_settings(result.settings)},
        {"pages", std::move(pages)},
        {"notices", {{"run", notices.run}, {"finish", notices.finish}, {"network", notices.network}}},
        {"finish_failures", result.rule_failures},
        {"unverified_checks", result.unverified_checks},
        {"lookups", result.lookups},
        {"compared", std::move(compared)},
        {"site", result.site ? site_summary_json(*result.site) : json()},
    };
    std::ofstream file(shard.state_file, std::ios::binary | std::ios::trunc);
    file << state.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    if (!file) result.fatal_error = fmt::format("cannot write the shard's state to {}", shard.state_file);
  }

  /// The settings a merge applies as its shards did.
  static nlohmann::json shard_settings(const RunSettings& settings) {
    return {{"cross_page", settings.cross_page},
            {"max_input_bytes", settings.max_input_bytes},
            {"max_findings_per_rule", settings.max_findings_per_rule},
            {"allow_unverified", settings.network.allow_unverified}};
  }

  /// reflint merge: every shard's state read and checked, their pages compared with each other by
  /// the rules that compare pages, and one result made as one run over all the inputs would.
  RunResult merge() {
    RunResult result;
    std::vector<nlohmann::json> states;
    for (const std::string& file : options_.merge_states) {
      std::ifstream in(file, std::ios::binary);
      nlohmann::json state = in ? nlohmann::json::parse(in, nullptr, false) : nlohmann::json();
      const auto format = state.is_object() ? state.find("reflint_shard") : state.end();
      if (!in.is_open() || !state.is_object() || format == state.end() || *format != kShardFormat) {
        result.fatal_error = fmt::format(
            "{}: {}", file, in.is_open() ? "not a reflint shard state (--shard)" : "cannot read the file");
        return result;
      }
      states.push_back(std::move(state));
    }
    std::string reading;  // the state being read, for an error in it
    try {
      if (const std::string problem = check_shards(states, reading); !problem.empty()) {
        result.fatal_error = problem;
        return result;
      }
      return merge_states(states, reading);
    } catch (const std::exception& failure) {
      result = RunResult{};
      result.fatal_error = fmt::format("{}: a damaged shard state ({})", reading, failure.what());
      for (const auto& rule : registry_.rules()) {
        if (rule->compares_pages()) rule->take_pages();  // what the shards before it gave
      }
    }
    return result;
  }

  /// What makes shard states impossible to merge into one run: another reflint, another split,
  /// other rule choices or settings, a shard given twice or missing. Empty when they fit.
  std::string check_shards(const std::vector<nlohmann::json>& states, std::string& reading) const {
    reading = options_.merge_states.front();
    const nlohmann::json& first = states.front();
    const auto count = first.at("of").get<uint32_t>();
    std::set<uint32_t> indices;
    for (size_t i = 0; i < states.size(); ++i) {
      const nlohmann::json& state = states[i];
      const std::string& file = reading = options_.merge_states[i];
      if (state.at("tool") != options_.tool_version) {
        return fmt::format(
            "{}: written by reflint {}, not this reflint ({}): lint every shard with one build", file,
            state.at("tool").get<std::string>(), options_.tool_version);
      }
      for (const char* key : {"of", "config", "enable", "disable", "levels", "settings"}) {
        if (state.at(key) != first.at(key)) {
          return fmt::format(
              "{}: its run differs from {}'s ({}): every shard must be one command line with "
              "only --shard changed",
              file, options_.merge_states.front(), key == std::string_view("of") ? "--shard N" : key);
        }
      }
      const auto index = state.at("shard").get<uint32_t>();
      if (!indices.insert(index).second)
        return fmt::format("{}: shard {} of {} is given twice", file, index, count);
    }
    for (uint32_t index = 1; index <= count; ++index) {
      if (!indices.contains(index))
        return fmt::format("shard {} of {} is missing: a merge needs the state of every shard", index, count);
    }
    return "";
  }

  RunResult merge_states(const std::vector<nlohmann::json>& states, std::string& reading) {
    RunResult result;
    reading = options_.merge_states.front();
    const nlohmann::json& first = states.front();
    const std::string config_file = first.at("config").get<std::string>();
    configs_.emplace(registry_, config_file.empty() ? std::nullopt : std::optional<fs::path>(config_file));
    overrides_ = RuleOverrides{first.at("enable").get<std::vector<std::string>>(),
                               first.at("disable").get<std::vector<std::string>>(),
                               first.at("levels").get<decltype(RuleOverrides::levels)>()};
    result.settings = run_settings();
    const nlohmann::json& settings = first.at("settings");
    result.settings.cross_page = settings.at("cross_page").get<bool>();
    result.settings.max_input_bytes = settings.at("max_input_bytes").get<int64_t>();
    result.settings.max_findings_per_rule = settings.at("max_findings_per_rule").get<int64_t>();
    result.settings.network.allow_unverified = settings.at("allow_unverified").get<bool>();

    struct Page {
      Input input;
      const nlohmann::json* saved;
      size_t state;  // index into `states`
    };
    std::vector<Page> pages;
    RunNotices notices;
    for (size_t i = 0; i < states.size(); ++i) {
      const nlohmann::json& state = states[i];
      reading = options_.merge_states[i];
      for (const nlohmann::json& saved : state.at("pages")) {
        Input input{saved.at("path").get<std::string>(), saved.at("stdin").get<bool>(), nullptr, nullptr,
                    saved.at("order").get<size_t>()};
        if (const auto bytes = saved.find("bytes"); bytes != saved.end()) {
          std::optional<std::string> decoded = base64_decode(bytes->get<std::string>());
          if (!decoded) throw std::invalid_argument("a fetched page's bytes are not base64");
          input.fetched = std::make_shared<const std::string>(std::move(*decoded));
        }
        // A fetched page is configured as the current folder's files are (fetch_pages()).
        input.config = input.from_stdin || input.fetched ? root_config() : config_of(input.path);
        if (input.config == nullptr) {
          result.fatal_error = configs_->error();
          return result;
        }
        pages.push_back({std::move(input), &saved, i});
      }
      for (const Notice& notice : state.at("notices").at("run").get<std::vector<Notice>>()) {
        // Each shard says what the run says (offline, the configuration): once is enough.
        if (std::find(notices.run.begin(), notices.run.end(), notice) == notices.run.end())
          notices.run.push_back(notice);
      }
      for (const char* group : {"finish", "network"}) {
        std::vector<Notice>& into = group == std::string_view("finish") ? notices.finish : notices.network;
        for (Notice& notice : state.at("notices").at(group).get<std::vector<Notice>>())
          into.push_back(std::move(notice));
      }
      if (const nlohmann::json& site = state.at("site"); !site.is_null()) {
        if (!result.site) result.site.emplace();
        result.site->add_shard(read_site_summary(site));
      }
      result.rule_failures += state.at("finish_failures").get<size_t>();
      result.unverified_checks += state.at("unverified_checks").get<uint64_t>();
      result.lookups += state.at("lookups").get<uint64_t>();
    }
    // Files in the order of the whole run, then the fetched pages by URL, as an audit gives them.
    std::sort(pages.begin(), pages.end(), [](const Page& a, const Page& b) {
      const auto key = [](const Page& page) {
        const bool fetched = page.input.fetched != nullptr;
        return std::tuple(fetched, fetched ? size_t{0} : page.input.order,
                          fetched ? std::string_view(page.input.path) : std::string_view());
      };
      return key(a) < key(b);
    });
    std::vector<Input> inputs;
    std::vector<FileOutcome> outcomes;
    for (Page& page : pages) {
      const nlohmann::json& saved = *page.saved;
      reading = options_.merge_states[page.state];
      FileOutcome outcome;
      saved.at("findings").get_to(outcome.findings);
      saved.at("notices").get_to(outcome.notices);
      outcome.suppressions = Suppressions::load(saved.at("suppressions"));
      for (const nlohmann::json& dropped : saved.at("dropped"))
        outcome.dropped[{page.input.path, dropped.at(0).get<std::string>()}] = dropped.at(1).get<int64_t>();
      outcome.unreadable = saved.at("unreadable").get<bool>();
      outcome.rule_failures = saved.at("rule_failures").get<size_t>();
      result.files.push_back(page.input.path);
      inputs.push_back(std::move(page.input));
      outcomes.push_back(std::move(outcome));
    }
    std::map<const Config*, std::vector<RulePlan>> plans = plan_inputs(inputs, result);
    if (!inputs.empty()) {
      for (const RulePlan& plan : plans.at(inputs.front().config)) {
        if (!plan.rule->compares_pages()) continue;
        const std::string id(plan.rule->meta().id);
        for (size_t i = 0; i < states.size(); ++i) {
          reading = options_.merge_states[i];
          const nlohmann::json& compared = states[i].at("compared");
          if (const auto saved = compared.find(id); saved != compared.end()) plan.rule->load_pages(*saved);
        }
      }
    }
    reading.clear();
    RunMemo memo;
    const RunServices services{result.settings, nullptr, memo,
                               [this, &inputs, &result](const std::string& path) {
                                 return reload(inputs, path, result.settings.max_input_bytes);
                               }};
    finish_rules(inputs, plans, services, outcomes, result, FinishPhase::across_pages, notices.finish);
    gather(result, outcomes, notices);
    return result;
  }

  const RuleRegistry& registry_;
  const RunOptions& options_;
  RuleOverrides overrides_;  // the command line's, or in a merge the shards'
  std::optional<ConfigCache> configs_;
  std::unique_ptr<NetworkServices> network_;  // for a run with an enabled network rule
};

}  // namespace

RunResult run_lint(const RuleRegistry& registry, const RunOptions& options) {
  return Runner(registry, options).run();
}

}  // namespace reflint
