#include "lint/lsp/server.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "lint/core/runner.h"
#include "lint/lsp/text_document.h"
#include "lint/lsp/transport.h"
#include "lint/lsp/uri.h"
#include "reflint/version.h"

namespace reflint {
namespace lsp {
namespace {
namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// JSON-RPC and LSP error codes.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kServerNotInitialized = -32002;

// LSP's DiagnosticSeverity, MessageType and TextDocumentSyncKind.
constexpr int kSeverityError = 1;
constexpr int kSeverityWarning = 2;
constexpr int kSeverityInformation = 3;
constexpr int kMessageError = 1;
constexpr int kMessageWarning = 2;
constexpr int kSyncIncremental = 2;

/// What the client configures: initializationOptions, or the "reflint" section of
/// workspace/didChangeConfiguration.
struct ServerSettings {
  std::optional<fs::path> config_file;  // else each file's .reflint.toml, found upward
  bool offline = false;                 // the network rules answer from the cache only, always
  std::vector<std::string> enable, disable;
  std::chrono::milliseconds debounce{150};  // the pause in typing after which a change is linted
};

/// A finding as published, kept to answer code actions and hovers on it.
struct PublishedFinding {
  std::string rule_id;
  std::string message;
  size_t begin = 0, end = 0;  // its bytes in the document's text at the linted version
  json range;
  json diagnostic;
  struct Edit {
    size_t begin = 0, end = 0;
    std::string expected;  // the text a fix replaces, checked before it is offered
    json text_edit;
  };
  std::vector<Edit> edits;
  std::string fix_title;
  bool safe = true;  // else a suggestion: never preferred, never among the fix-all edits
};

struct OpenDocument {
  std::string path;  // what the lint calls it: the file's path, or the URI of a buffer without one
  int64_t version = 0;
  TextDocument text{""};
  int64_t linted_version = -1;  // the version `findings` describe
  std::vector<PublishedFinding> findings;
};

bool is_html_document(const std::string& uri, const std::string& language) {
  if (language == "html" || language == "xhtml") return true;
  const std::optional<std::string> path = path_of_uri(uri);
  return path && is_html_file(*path);
}

json range_json(LspPosition start, LspPosition end) {
  return {{"start", {{"line", start.line}, {"character", start.character}}},
          {"end", {{"line", end.line}, {"character", end.character}}}};
}

LspPosition position_from_json(const json& position) {
  return {position.at("line").get<uint32_t>(), position.at("character").get<uint32_t>()};
}

/// Whether a code action of `kind` is among those the client asked for (context.only).
bool kind_wanted(const json& context, std::string_view kind) {
  if (!context.contains("only")) return true;
  for (const json& wanted : context.at("only")) {
    const std::string& prefix = wanted.get_ref<const std::string&>();
    if (kind == prefix ||
        (kind.starts_with(prefix) && kind.size() > prefix.size() && kind[prefix.size()] == '.'))
      return true;
  }
  return false;
}

class Server {
 public:
  Server(const std::function<void(RuleRegistry&)>& register_rules, std::istream& in, std::ostream& out)
      : register_rules_(register_rules), transport_(in, out) {
    register_rules_(metadata_);
  }

  int run() {
    worker_ = std::thread([this] { lint_loop(); });
    int code = 1;  // the input ended without exit
    while (const std::optional<Transport::Incoming> incoming = transport_.read()) {
      if (!incoming->error.empty()) {
        log(kMessageError, fmt::format("reflint lsp: {}; stopping", incoming->error));
        break;
      }
      json message;
      try {
        message = json::parse(incoming->body);
      } catch (const json::exception& failure) {
        respond_error(nullptr, kParseError, fmt::format("not JSON: {}", failure.what()));
        continue;
      }
      if (message.value("method", "") == "exit") {
        code = shutdown_ ? 0 : 1;
        break;
      }
      handle(message);
    }
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
      cancel_ = true;
    }
    wake_.notify_all();
    worker_.join();
    return code;
  }

 private:
  void handle(const json& message) {
    if (!message.is_object() || !message.contains("method")) return;  // a response to a request of ours
    const std::string method = message.at("method").get<std::string>();
    const json params = message.value("params", json::object());
    const bool request = message.contains("id");
    const json id = request ? message.at("id") : json();
    if (!initialized_ && method != "initialize") {
      if (request) respond_error(id, kServerNotInitialized, "initialize first");
      return;
    }
    if (shutdown_ && request) {
      respond_error(id, kInvalidRequest, "the server is shutting down");
      return;
    }
    try {
      if (request) {
        answer(id, method, params);
      } else {
        notice(method, params);
      }
    } catch (const json::exception& failure) {
      if (request) respond_error(id, kInvalidParams, fmt::format("{}: {}", method, failure.what()));
    }
  }

  void answer(const json& id, const std::string& method, const json& params) {
    if (method == "initialize") {
      respond(id, initialize(params));
    } else if (method == "shutdown") {
      shutdown_ = true;
      respond(id, nullptr);
    } else if (method == "textDocument/codeAction") {
      respond(id, code_actions(params));
    } else if (method == "textDocument/hover") {
      respond(id, hover(params));
    } else {
      respond_error(id, kMethodNotFound, fmt::format("{} is not served", method));
    }
  }

  void notice(const std::string& method, const json& params) {
    if (method == "initialized") {
      watch_configuration_files();
    } else if (method == "textDocument/didOpen") {
      did_open(params.at("textDocument"));
    } else if (method == "textDocument/didChange") {
      did_change(params);
    } else if (method == "textDocument/didSave") {
      const std::string uri = params.at("textDocument").at("uri").get<std::string>();
      // A saved configuration file changes what every open page is linted with.
      if (uri.ends_with("/.reflint.toml") || is_open(uri)) schedule(true, {});
    } else if (method == "textDocument/didClose") {
      did_close(params.at("textDocument").at("uri").get<std::string>());
    } else if (method == "workspace/didChangeConfiguration") {
      configure(params.value("settings", json::object()));
      schedule(false, {});
    } else if (method == "workspace/didChangeWatchedFiles") {
      schedule(false, {});  // a .reflint.toml changed: each lint reads the configuration afresh
    }
  }

  /// Asks the client to report changes of any .reflint.toml (LSP 3.17 dynamic registration), so
  /// that a configuration edited outside the editor applies at once.
  void watch_configuration_files() {
    if (!can_watch_files_) return;
    transport_.write(
        {{"jsonrpc", "2.0"},
         {"id", "reflint-watch-configuration"},
         {"method", "client/registerCapability"},
         {"params",
          {{"registrations",
            {{{"id", "reflint-configuration-files"},
              {"method", "workspace/didChangeWatchedFiles"},
              {"registerOptions", {{"watchers", {{{"globPattern", "**/.reflint.toml"}}}}}}}}}}}});
  }

  json initialize(const json& params) {
    initialized_ = true;
    can_watch_files_ = params.value("capabilities", json::object())
                           .value("workspace", json::object())
                           .value("didChangeWatchedFiles", json::object())
                           .value("dynamicRegistration", false);
    // LSP 3.17: the client lists the encodings it can take; UTF-16 is the one every client has.
    const json offered = params.value("capabilities", json::object())
                             .value("general", json::object())
                             .value("positionEncodings", json::array());
    for (const auto& [name, encoding] :
         {std::pair{"utf-8", PositionEncoding::utf8}, std::pair{"utf-32", PositionEncoding::utf32}}) {
      if (std::find(offered.begin(), offered.end(), name) != offered.end()) {
        encoding_ = encoding;
        break;
      }
    }
    // The workspace's folder is the current folder of a lint: its .reflint.toml gives the run's
    // settings (the network's among them), as the current folder's does for the command line.
    const json& root = params.contains("rootUri") ? params.at("rootUri") : json();
    if (root.is_string()) {
      std::error_code error;
      if (const std::optional<std::string> folder = path_of_uri(root.get<std::string>()))
        fs::current_path(*folder, error);
    }
    if (params.contains("initializationOptions") && params.at("initializationOptions").is_object())
      configure(params.at("initializationOptions"));
    return {{"capabilities",
             {{"positionEncoding", to_string(encoding_)},
              {"textDocumentSync",
               {{"openClose", true}, {"change", kSyncIncremental}, {"save", {{"includeText", false}}}}},
              {"codeActionProvider", {{"codeActionKinds", {"quickfix", "source.fixAll.reflint"}}}},
              {"hoverProvider", true}}},
            {"serverInfo", {{"name", "reflint"}, {"version", kVersion}}}};
  }

  void configure(const json& given) {
    const json& settings = given.contains("reflint") ? given.at("reflint") : given;
    if (!settings.is_object()) return;
    ServerSettings parsed;
    {
      const std::lock_guard lock(mutex_);
      parsed = settings_;
    }
    try {
      if (settings.contains("configFile")) {
        const std::string file = settings.at("configFile").get<std::string>();
        parsed.config_file = file.empty() ? std::nullopt : std::optional<fs::path>(file);
      }
      if (settings.contains("offline")) parsed.offline = settings.at("offline").get<bool>();
      if (settings.contains("enable")) parsed.enable = settings.at("enable").get<std::vector<std::string>>();
      if (settings.contains("disable"))
        parsed.disable = settings.at("disable").get<std::vector<std::string>>();
      if (settings.contains("debounceMs"))
        parsed.debounce = std::chrono::milliseconds(settings.at("debounceMs").get<uint32_t>());
    } catch (const json::exception& failure) {
      show(kMessageWarning, fmt::format("reflint: settings ignored: {}", failure.what()));
      return;
    }
    for (std::vector<std::string>* ids : {&parsed.enable, &parsed.disable}) {
      std::erase_if(*ids, [&](const std::string& id) {
        if (metadata_.find(id) != nullptr) return false;
        show(kMessageWarning,
             fmt::format("reflint: settings: unknown rule '{}'{}, ignored (see reflint --list-rules)", id,
                         metadata_.did_you_mean(id)));
        return true;
      });
    }
    const std::lock_guard lock(mutex_);
    settings_ = std::move(parsed);
  }

  void did_open(const json& item) {
    const std::string uri = item.at("uri").get<std::string>();
    if (!is_html_document(uri, item.value("languageId", ""))) return;
    {
      const std::lock_guard lock(mutex_);
      OpenDocument& document = documents_[uri];
      document.path = path_of_uri(uri).value_or(uri);
      document.version = item.value("version", int64_t{0});
      document.text = TextDocument(item.at("text").get<std::string>());
      document.linted_version = -1;
    }
    schedule(true, {});
  }

  void did_change(const json& params) {
    const std::string uri = params.at("textDocument").at("uri").get<std::string>();
    std::chrono::milliseconds debounce{};
    {
      const std::lock_guard lock(mutex_);
      const auto found = documents_.find(uri);
      if (found == documents_.end()) return;
      OpenDocument& document = found->second;
      for (const json& change : params.at("contentChanges")) {
        const std::string& text = change.at("text").get_ref<const std::string&>();
        if (!change.contains("range")) {
          document.text = TextDocument(text);
          continue;
        }
        const json& range = change.at("range");
        const size_t begin = document.text.offset_of(position_from_json(range.at("start")), encoding_);
        const size_t end = document.text.offset_of(position_from_json(range.at("end")), encoding_);
        document.text.replace(begin, end, text);
      }
      document.version = params.at("textDocument").value("version", document.version + 1);
      debounce = settings_.debounce;
    }
    schedule(false, debounce);
  }

  void did_close(const std::string& uri) {
    {
      const std::lock_guard lock(mutex_);
      if (documents_.erase(uri) == 0) return;
    }
    transport_.write({{"jsonrpc", "2.0"},
                      {"method", "textDocument/publishDiagnostics"},
                      {"params", {{"uri", uri}, {"diagnostics", json::array()}}}});
    schedule(false, {});  // what the others repeated of it is gone with it
  }

  bool is_open(const std::string& uri) {
    const std::lock_guard lock(mutex_);
    return documents_.contains(uri);
  }

  json code_actions(const json& params) {
    const std::string uri = params.at("textDocument").at("uri").get<std::string>();
    const json context = params.value("context", json::object());
    const std::lock_guard lock(mutex_);
    const auto found = documents_.find(uri);
    json actions = json::array();
    if (found == documents_.end() || found->second.linted_version != found->second.version) return actions;
    const OpenDocument& document = found->second;
    const size_t begin =
        document.text.offset_of(position_from_json(params.at("range").at("start")), encoding_);
    const size_t end = document.text.offset_of(position_from_json(params.at("range").at("end")), encoding_);

    json all_edits = json::array();
    size_t fixes = 0;
    size_t covered_to = 0;
    for (const PublishedFinding& finding : document.findings) {
      if (finding.edits.empty() || !still_applies(document, finding)) continue;
      if (finding.safe && finding.edits.front().begin >= covered_to) {  // findings are in source order
        for (const PublishedFinding::Edit& edit : finding.edits) all_edits.push_back(edit.text_edit);
        covered_to = finding.edits.back().end;
        ++fixes;
      }
      if (finding.end < begin || finding.begin > end || !kind_wanted(context, "quickfix")) continue;
      json edits = json::array();
      for (const PublishedFinding::Edit& edit : finding.edits) edits.push_back(edit.text_edit);
      actions.push_back({{"title", fmt::format("{}{} ({})", finding.safe ? "" : "Suggestion: ",
                                               finding.fix_title, finding.rule_id)},
                         {"kind", "quickfix"},
                         {"diagnostics", json::array({finding.diagnostic})},
                         {"isPreferred", finding.safe},
                         {"edit", {{"changes", {{uri, std::move(edits)}}}}}});
    }
    if (fixes > 0 && kind_wanted(context, "source.fixAll.reflint")) {
      actions.push_back(
          {{"title", fmt::format("Apply reflint's {} fix{} in this file", fixes, fixes == 1 ? "" : "es")},
           {"kind", "source.fixAll.reflint"},
           {"edit", {{"changes", {{uri, std::move(all_edits)}}}}}});
    }
    return actions;
  }

  /// Whether the text a finding's fixes replace is still what they were made for.
  static bool still_applies(const OpenDocument& document, const PublishedFinding& finding) {
    return std::all_of(finding.edits.begin(), finding.edits.end(), [&](const PublishedFinding::Edit& edit) {
      return document.text.text().compare(edit.begin, edit.end - edit.begin, edit.expected) == 0;
    });
  }

  json hover(const json& params) {
    const std::string uri = params.at("textDocument").at("uri").get<std::string>();
    const std::lock_guard lock(mutex_);
    const auto found = documents_.find(uri);
    if (found == documents_.end() || found->second.linted_version != found->second.version) return nullptr;
    const OpenDocument& document = found->second;
    const size_t at = document.text.offset_of(position_from_json(params.at("position")), encoding_);
    std::string markdown;
    json range;
    for (const PublishedFinding& finding : document.findings) {
      if (at < finding.begin || at > finding.end) continue;
      const Rule* rule = metadata_.find(finding.rule_id);
      if (!markdown.empty()) markdown += "\n\n---\n\n";
      markdown += fmt::format("**{}** ({})", finding.message, finding.rule_id);
      if (rule != nullptr) markdown += fmt::format("\n\n{}", rule->meta().help);
      if (range.is_null()) range = finding.range;
    }
    if (markdown.empty()) return nullptr;
    return {{"contents", {{"kind", "markdown"}, {"value", markdown}}}, {"range", range}};
  }

  /// A lint of the open documents is due after `delay`, with the network or from the cache alone;
  /// the lint under way, if any, is of texts that are no longer current and is cancelled.
  void schedule(bool with_network, std::chrono::milliseconds delay) {
    {
      const std::lock_guard lock(mutex_);
      const bool network = with_network || (pending_ && pending_->network);
      pending_ = PendingLint{network, Clock::now() + delay};
      if (linting_) cancel_ = true;
    }
    wake_.notify_all();
  }

  void lint_loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      if (!pending_) {
        wake_.wait(lock);
        continue;
      }
      if (Clock::now() < pending_->due) {
        wake_.wait_until(lock, pending_->due);
        continue;
      }
      const bool network = pending_->network;
      pending_.reset();
      cancel_ = false;
      linting_ = true;
      lock.unlock();
      const bool done = lint_open_documents(network);
      lock.lock();
      linting_ = false;
      // A cancelled lint's lookups are still owed: the next lint makes them.
      if (!done && network && pending_) pending_->network = true;
    }
  }

  struct Snapshot {
    std::string uri, path;
    int64_t version = 0;
    std::shared_ptr<const TextDocument> text;  // its lines indexed once, for the lint and the positions
  };

  /// Lints every open document as one run; false when it was cancelled.
  bool lint_open_documents(bool with_network) {
    std::vector<Snapshot> snapshots;
    ServerSettings settings;
    {
      const std::lock_guard lock(mutex_);
      for (const auto& [uri, document] : documents_)
        snapshots.push_back(
            {uri, document.path, document.version, std::make_shared<const TextDocument>(document.text)});
      settings = settings_;
    }
    if (snapshots.empty()) return true;
    RuleRegistry registry;
    register_rules_(registry);
    RunOptions options;
    for (const Snapshot& snapshot : snapshots) {
      options.paths.push_back(snapshot.path);
      // The lint reads the snapshot's own text (an aliasing pointer: no copy).
      options.editor_buffers[snapshot.path] =
          std::shared_ptr<const std::string>(snapshot.text, &snapshot.text->text());
    }
    options.config_file = settings.config_file;
    options.overrides.enable = settings.enable;
    options.overrides.disable = settings.disable;
    options.cancel = &cancel_;
    options.tool_version = kVersion;
    const bool offline = settings.offline || !with_network;
    options.adjust_settings = [offline](RunSettings& run) {
      if (offline) run.network.offline = true;
    };
    const RunResult result = run_lint(registry, options);
    if (result.cancelled) return false;
    report_run_problems(result);

    std::map<std::string, std::vector<const Finding*>> by_path;
    for (const Finding& finding : result.findings) by_path[finding.location.path].push_back(&finding);
    std::map<std::string, std::shared_ptr<const TextDocument>> texts;  // of the files findings name
    for (const Snapshot& snapshot : snapshots) texts[snapshot.path] = snapshot.text;
    std::vector<std::vector<PublishedFinding>> published(snapshots.size());
    for (size_t i = 0; i < snapshots.size(); ++i) {
      for (const Finding* finding : by_path[snapshots[i].path])
        published[i].push_back(publish(*finding, *texts.at(snapshots[i].path), texts));
    }

    const std::lock_guard lock(mutex_);
    for (size_t i = 0; i < snapshots.size(); ++i) {
      const auto found = documents_.find(snapshots[i].uri);
      if (found == documents_.end() || found->second.version != snapshots[i].version) continue;  // stale
      OpenDocument& document = found->second;
      document.findings = std::move(published[i]);
      document.linted_version = snapshots[i].version;
      json diagnostics = json::array();
      for (const PublishedFinding& finding : document.findings) diagnostics.push_back(finding.diagnostic);
      transport_.write({{"jsonrpc", "2.0"},
                        {"method", "textDocument/publishDiagnostics"},
                        {"params",
                         {{"uri", snapshots[i].uri},
                          {"version", snapshots[i].version},
                          {"diagnostics", std::move(diagnostics)}}}});
    }
    return true;
  }

  /// A configuration error, or a rule that failed, told to the user once until it changes.
  void report_run_problems(const RunResult& result) {
    std::string problem = result.fatal_error;
    for (const Notice& notice : result.notices) {
      if (problem.empty() && notice.level == NoticeLevel::error)
        problem = notice.path.empty() ? notice.message : fmt::format("{}: {}", notice.path, notice.message);
    }
    if (problem == last_problem_) return;
    last_problem_ = problem;
    if (!problem.empty()) show(kMessageError, fmt::format("reflint: {}", problem));
  }

  json range_in(const TextDocument& text, const Location& location) const {
    return range_json(text.position_of(text.offset_of(location.start), encoding_),
                      text.position_of(text.offset_of(location.end), encoding_));
  }

  PublishedFinding publish(const Finding& finding, const TextDocument& text,
                           std::map<std::string, std::shared_ptr<const TextDocument>>& texts) const {
    PublishedFinding published;
    published.rule_id = finding.rule_id;
    published.message = finding.message;
    published.begin = text.offset_of(finding.location.start);
    published.end = text.offset_of(finding.location.end);
    published.range = range_in(text, finding.location);
    const int severity = finding.level == Level::error     ? kSeverityError
                         : finding.level == Level::warning ? kSeverityWarning
                                                           : kSeverityInformation;
    json diagnostic = {
        {"range", published.range},
        {"severity", severity},
        {"code", finding.rule_id},
        {"codeDescription",
         {{"href", fmt::format("{}/blob/main/docs/rules/{}.md", kInformationUri, finding.rule_id)}}},
        {"source", "reflint"},
        {"message", finding.message}};
    json related = json::array();
    for (const RelatedLocation& place : finding.related) {
      const std::shared_ptr<const TextDocument> other = text_of(place.location.path, texts);
      if (other == nullptr) continue;
      related.push_back(
          {{"location", {{"uri", uri_of(place.location.path)}, {"range", range_in(*other, place.location)}}},
           {"message", place.message}});
    }
    if (!related.empty()) diagnostic["relatedInformation"] = std::move(related);
    for (const Fix& fix : finding.fixes) {
      if (fix.location.path != finding.location.path) continue;
      PublishedFinding::Edit edit;
      edit.begin = text.offset_of(fix.location.start);
      edit.end = text.offset_of(fix.location.end);
      edit.expected = fix.location.snippet;
      edit.text_edit = {{"range", range_in(text, fix.location)}, {"newText", fix.replacement}};
      published.edits.push_back(std::move(edit));
      published.safe = published.safe && fix.safe;
      if (!published.fix_title.empty()) published.fix_title += "; ";
      published.fix_title += fix.description;
    }
    if (!published.fix_title.empty())
      published.fix_title[0] = static_cast<char>(std::toupper(published.fix_title[0]));
    published.diagnostic = std::move(diagnostic);
    return published;
  }

  /// The text of a file a related location names: an open document's, else read from the disk.
  static std::shared_ptr<const TextDocument> text_of(
      const std::string& path, std::map<std::string, std::shared_ptr<const TextDocument>>& texts) {
    if (const auto found = texts.find(path); found != texts.end()) return found->second;
    std::ifstream in(path, std::ios::binary);
    if (!in) return texts[path] = nullptr;
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return texts[path] = std::make_shared<const TextDocument>(bytes.str());
  }

  /// The URI of a path the lint named: a file's, or the URI that a buffer without a file has as its
  /// path.
  static std::string uri_of(const std::string& path) {
    if (!path.starts_with('/')) return path;
    return uri_of_path(path);
  }

  void respond(const json& id, json result) {
    transport_.write({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
  }

  void respond_error(const json& id, int code, std::string message) {
    transport_.write(
        {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", std::move(message)}}}});
  }

  void show(int type, const std::string& message) {
    transport_.write({{"jsonrpc", "2.0"},
                      {"method", "window/showMessage"},
                      {"params", {{"type", type}, {"message", message}}}});
  }

  void log(int type, const std::string& message) {
    transport_.write({{"jsonrpc", "2.0"},
                      {"method", "window/logMessage"},
                      {"params", {{"type", type}, {"message", message}}}});
  }

  struct PendingLint {
    bool network = false;
    Clock::time_point due;
  };

  const std::function<void(RuleRegistry&)>& register_rules_;
  RuleRegistry metadata_;  // the rules' documentation, for hovers
  Transport transport_;
  PositionEncoding encoding_ = PositionEncoding::utf16;
  bool can_watch_files_ = false;  // the client takes a dynamic didChangeWatchedFiles registration
  bool initialized_ = false;      // these two only on the main loop
  bool shutdown_ = false;
  std::string last_problem_;  // only on the lint thread

  std::mutex mutex_;  // guards what follows
  std::condition_variable wake_;
  std::map<std::string, OpenDocument> documents_;  // by URI
  ServerSettings settings_;
  std::optional<PendingLint> pending_;
  bool linting_ = false;
  bool stopping_ = false;
  std::atomic<bool> cancel_{false};
  std::thread worker_;
};

}  // namespace
}  // namespace lsp

int run_language_server(int argc, const char* const* argv,
                        const std::function<void(RuleRegistry&)>& register_rules, std::istream& in,
                        std::ostream& out, std::ostream& err) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view argument = argv[i];
    if (argument == "--stdio") continue;  // what clients pass; standard input and output are all it speaks
    if (argument == "--help" || argument == "-h") {
      out << "reflint lsp [--stdio]: the language server (LSP 3.17) over standard input and output.\n"
             "Lints open HTML documents as they change (offline, from the cache) and on open and save\n"
             "(with the network); quick fixes for the findings' fixes; the rule's documentation on\n"
             "hover. Settings (initializationOptions or the \"reflint\" section): configFile, offline,\n"
             "enable, disable, debounceMs. See docs/editors.md.\n";
      return 0;
    }
    err << fmt::format("reflint lsp: unknown argument '{}' (reflint lsp --help)\n", argument);
    return 2;
  }
  std::ios::sync_with_stdio(false);
  // std::cin is tied to std::cout: each read would flush the output from the main loop while the
  // lint thread writes to it, outside the transport's lock. Messages are flushed when written.
  in.tie(nullptr);
  return lsp::Server(register_rules, in, out).run();
}

}  // namespace reflint
