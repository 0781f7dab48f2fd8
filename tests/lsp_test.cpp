// The language server: its text and URI conversions, and `reflint lsp` spoken to over pipes as an
// editor speaks to it (initialize, didOpen, didChange, diagnostics, codeAction, hover, shutdown).
// tests/lsp/nvim_quick_fix.lua drives it from Neovim's own client.

#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "lint/lsp/text_document.h"
#include "lint/lsp/uri.h"
#include "registry_server_process.h"
#include "test_support.h"

namespace reflint {
namespace {
namespace fs = std::filesystem;
using json = nlohmann::json;
using lsp::LspPosition;
using lsp::PositionEncoding;
using lsp::TextDocument;

// "a😀b" then CJK: 😀 is 4 bytes, 2 UTF-16 units, 1 code point; 潮 is 3 bytes, 1 unit.
constexpr std::string_view kWide =
    "a\xF0\x9F\x98\x80"
    "b\r\n\xE6\xBD\xAE"
    "x\ry\n";

TEST(LspText, PositionsCountTheNegotiatedUnits) {
  const TextDocument text{std::string(kWide)};
  const size_t b = 5;  // the byte offset of "b"
  EXPECT_EQ(text.position_of(b, PositionEncoding::utf16), (LspPosition{0, 3}));
  EXPECT_EQ(text.position_of(b, PositionEncoding::utf8), (LspPosition{0, 5}));
  EXPECT_EQ(text.position_of(b, PositionEncoding::utf32), (LspPosition{0, 2}));
  EXPECT_EQ(text.offset_of(LspPosition{0, 3}, PositionEncoding::utf16), b);
  EXPECT_EQ(text.offset_of(LspPosition{0, 2}, PositionEncoding::utf32), b);
  // Inside the surrogate pair: the character's start.
  EXPECT_EQ(text.offset_of(LspPosition{0, 2}, PositionEncoding::utf16), 1U);
  // reflint's 1-based code-point column 3 is "b".
  EXPECT_EQ(text.offset_of(Position{1, 3}), b);
}

TEST(LspText, CrLfAndALoneCrEachEndALine) {
  const TextDocument text{std::string(kWide)};
  const size_t x = 11;  // after "a😀b\r\n潮"
  EXPECT_EQ(text.position_of(x, PositionEncoding::utf16), (LspPosition{1, 1}));
  EXPECT_EQ(text.offset_of(Position{2, 2}), x);
  EXPECT_EQ(text.offset_of(LspPosition{2, 0}, PositionEncoding::utf16), 13U);  // "y", after the lone CR
  // Past the end of a line: its end, before the line break; past the last line: the text's end.
  EXPECT_EQ(text.offset_of(LspPosition{0, 99}, PositionEncoding::utf16), 6U);
  EXPECT_EQ(text.offset_of(LspPosition{9, 0}, PositionEncoding::utf16), kWide.size());
}

TEST(LspText, AnEditReindexesTheLines) {
  TextDocument text{"one\ntwo\n"};
  text.replace(3, 4, " and ");  // the first line break
  EXPECT_EQ(text.text(), "one and two\n");
  EXPECT_EQ(text.position_of(8, PositionEncoding::utf16), (LspPosition{0, 8}));
  text.replace(0, 0, "\n");
  EXPECT_EQ(text.position_of(1, PositionEncoding::utf16), (LspPosition{1, 0}));
}

TEST(LspUri, FileUrisAndPaths) {
  EXPECT_EQ(lsp::path_of_uri("file:///home/a%20b/p%C3%A4ge.html"), "/home/a b/p\xC3\xA4ge.html");
  EXPECT_EQ(lsp::path_of_uri("file://localhost/srv/x.html"), "/srv/x.html");
  EXPECT_EQ(lsp::path_of_uri("file://elsewhere/srv/x.html"), std::nullopt);
  EXPECT_EQ(lsp::path_of_uri("untitled:Untitled-1"), std::nullopt);
  EXPECT_EQ(lsp::uri_of_path("/home/a b/p\xC3\xA4ge.html"), "file:///home/a%20b/p%C3%A4ge.html");
  EXPECT_EQ(lsp::path_of_uri(lsp::uri_of_path("/x/#50%.html")), "/x/#50%.html");
}

/// `reflint lsp` as a child process, spoken to over its standard input and output; its default DOI
/// cache in a folder of its own.
class LanguageServerProcess {
 public:
  LanguageServerProcess()
      : home_(fs::temp_directory_path() / fmt::format("reflint-lsp-test-{}-{}", getpid(), ++started_)) {
    fs::create_directories(home_);
    int to_child[2];
    int from_child[2];
    if (pipe(to_child) != 0 || pipe(from_child) != 0) throw std::runtime_error("pipe");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(to_child[0], STDIN_FILENO);
      dup2(from_child[1], STDOUT_FILENO);
      close(to_child[1]);
      close(from_child[0]);
      setenv("XDG_CACHE_HOME", home_.c_str(), 1);
      execl(REFLINT_BINARY, REFLINT_BINARY, "lsp", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(to_child[0]);
    close(from_child[1]);
    in_ = to_child[1];
    out_ = from_child[0];
    signal(SIGPIPE, SIG_IGN);
  }
  LanguageServerProcess(const LanguageServerProcess&) = delete;
  LanguageServerProcess& operator=(const LanguageServerProcess&) = delete;
  ~LanguageServerProcess() {
    if (in_ >= 0) close(in_);
    close(out_);
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    std::error_code ignored;
    fs::remove_all(home_, ignored);
  }
  const fs::path& home() const { return home_; }

  void send(const json& message) {
    const std::string body = message.dump();
    const std::string framed = fmt::format("Content-Length: {}\r\n\r\n{}", body.size(), body);
    for (size_t written = 0; written < framed.size();) {
      const ssize_t n = write(in_, framed.data() + written, framed.size() - written);
      if (n <= 0) throw std::runtime_error("the server closed its input");
      written += static_cast<size_t>(n);
    }
  }
  void request(int id, const std::string& method, json params = json::object()) {
    send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
  }
  void notify(const std::string& method, json params = json::object()) {
    send({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
  }

  /// The next message, or nullopt after `timeout` without one.
  std::optional<json> receive(std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      if (auto message = take_message()) return message;
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd ready{out_, POLLIN, 0};
      if (poll(&ready, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
      char chunk[65536];
      const ssize_t n = read(out_, chunk, sizeof chunk);
      if (n <= 0) return std::nullopt;
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }
  /// The next message with this id (a response) or method (a notification), skipping others.
  json wait_for(const json& id_or_method) {
    while (std::optional<json> message = receive()) {
      if (id_or_method.is_number() && message->value("id", json()) == id_or_method) return *message;
      if (id_or_method.is_string() && message->value("method", "") == id_or_method) return *message;
    }
    ADD_FAILURE() << "no message " << id_or_method.dump() << " from the server";
    return json::object();
  }
  /// The diagnostics published for `uri` at `version`.
  json diagnostics_of(const std::string& uri, int version) {
    while (true) {
      const json published = wait_for("textDocument/publishDiagnostics");
      if (!published.contains("params")) return json::array();
      if (published["params"]["uri"] == uri && published["params"].value("version", -1) == version)
        return published["params"]["diagnostics"];
    }
  }

  /// initialize, and its answer.
  json initialize(json params) {
    request(1, "initialize", std::move(params));
    return wait_for(1);
  }
  /// shutdown, answered, then exit: the exit code.
  int shut_down(int id) {
    request(id, "shutdown");
    wait_for(id);
    notify("exit");
    return exit_code();
  }

  void close_input() {
    close(in_);
    in_ = -1;
  }
  int exit_code() {
    int status = 0;
    waitpid(pid_, &status, 0);
    exited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  std::optional<json> take_message() {
    const size_t header_end = buffer_.find("\r\n\r\n");
    if (header_end == std::string::npos) return std::nullopt;
    const size_t length = std::stoul(buffer_.substr(buffer_.find(':') + 1, header_end));
    if (buffer_.size() < header_end + 4 + length) return std::nullopt;
    json message = json::parse(buffer_.substr(header_end + 4, length));
    buffer_.erase(0, header_end + 4 + length);
    return message;
  }

  static inline int started_ = 0;
  fs::path home_;
  pid_t pid_ = -1;
  int in_ = -1;
  int out_ = -1;
  bool exited_ = false;
  std::string buffer_;
};

/// The tests' pages cite DOIs: offline, they are looked up in the (empty) cache alone.
json initialize_params(json encodings = json::array(), json options = {{"offline", true}}) {
  return {{"processId", nullptr},
          {"rootUri", nullptr},
          {"capabilities", {{"general", {{"positionEncodings", std::move(encodings)}}}}},
          {"initializationOptions", std::move(options)}};
}

json open_params(const std::string& uri, const std::string& text, int version = 1) {
  return {{"textDocument", {{"uri", uri}, {"languageId", "html"}, {"version", version}, {"text", text}}}};
}

json range_of(int line, int start, int end) {
  return {{"start", {{"line", line}, {"character", start}}}, {"end", {{"line", line}, {"character", end}}}};
}

const fs::path kWideFixture = "fixtures/doi-malformed/wide-characters.html";

TEST(LanguageServer, LifecycleAsLspSaysIt) {
  LanguageServerProcess server;
  server.request(1, "textDocument/hover");
  EXPECT_EQ(server.wait_for(1)["error"]["code"], -32002);  // not initialized
  server.request(2, "initialize", initialize_params({"utf-16", "utf-8"}));
  const json initialized = server.wait_for(2)["result"];
  EXPECT_EQ(initialized["capabilities"]["positionEncoding"], "utf-8");
  EXPECT_EQ(initialized["capabilities"]["textDocumentSync"]["change"], 2);
  EXPECT_EQ(initialized["serverInfo"]["name"], "reflint");
  server.notify("initialized");
  server.request(3, "workspace/symbol", {{"query", ""}});
  EXPECT_EQ(server.wait_for(3)["error"]["code"], -32601);
  server.send(json::parse(R"({"jsonrpc":"2.0","id":4,"method":"textDocument/hover","params":{}})"));
  EXPECT_EQ(server.wait_for(4)["error"]["code"], -32602);  // no textDocument
  server.request(5, "shutdown");
  EXPECT_TRUE(server.wait_for(5)["result"].is_null());
  server.request(6, "textDocument/hover");
  EXPECT_EQ(server.wait_for(6)["error"]["code"], -32600);  // after shutdown
  server.notify("exit");
  EXPECT_EQ(server.exit_code(), 0);
}

TEST(LanguageServer, ExitWithoutShutdownOrAtTheEndOfInputIsAnError) {
  LanguageServerProcess exits;
  exits.initialize(initialize_params());
  exits.notify("exit");
  EXPECT_EQ(exits.exit_code(), 1);
  LanguageServerProcess ends;
  ends.close_input();
  EXPECT_EQ(ends.exit_code(), 1);
}

TEST(LanguageServer, DiagnosticsInUtf16ThenAChangeAFixAndAHover) {
  LanguageServerProcess server;
  EXPECT_EQ(server.initialize(initialize_params())["result"]["capabilities"]["positionEncoding"], "utf-16");
  const std::string text = testing::read_file(testing::source_dir() / kWideFixture);
  const std::string uri =
      lsp::uri_of_path((fs::temp_directory_path() / "reflint-lsp-test" / "wide.html").string());
  server.notify("textDocument/didOpen", open_params(uri, text));
  json diagnostics = server.diagnostics_of(uri, 1);
  ASSERT_EQ(diagnostics.size(), 2U) << diagnostics.dump(1);
  // The UTF-16 columns of the two DOIs (code points 30 and 14, bytes 68 and 27: each count differs).
  EXPECT_EQ(diagnostics[0]["range"], range_of(4, 34, 51));
  EXPECT_EQ(diagnostics[1]["range"], range_of(5, 15, 43));
  EXPECT_EQ(diagnostics[0]["code"], "doi-malformed");
  EXPECT_EQ(diagnostics[0]["severity"], 1);
  EXPECT_TRUE(
      diagnostics[0]["codeDescription"]["href"].get<std::string>().ends_with("/docs/rules/doi-malformed.md"));

  // The dash typed over as a slash: only the second DOI is left.
  server.notify("textDocument/didChange",
                {{"textDocument", {{"uri", uri}, {"version", 2}}},
                 {"contentChanges", {{{"range", range_of(4, 41, 42)}, {"text", "/"}}}}});
  diagnostics = server.diagnostics_of(uri, 2);
  ASSERT_EQ(diagnostics.size(), 1U) << diagnostics.dump(1);
  EXPECT_EQ(diagnostics[0]["range"], range_of(5, 15, 43));

  server.request(2, "textDocument/codeAction",
                 {{"textDocument", {{"uri", uri}}},
                  {"range", range_of(5, 20, 20)},
                  {"context", {{"diagnostics", diagnostics}, {"only", {"quickfix"}}}}});
  const json actions = server.wait_for(2)["result"];
  ASSERT_EQ(actions.size(), 1U) << actions.dump(1);
  EXPECT_EQ(actions[0]["kind"], "quickfix");
  const json edit = actions[0]["edit"]["changes"][uri][0];
  EXPECT_EQ(edit["range"], range_of(5, 15, 43));
  EXPECT_EQ(edit["newText"], "doi: 10.1186/fict-2018-2230");

  server.request(3, "textDocument/hover",
                 {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 5}, {"character", 20}}}});
  const json hover = server.wait_for(3)["result"];
  EXPECT_NE(hover["contents"]["value"].get<std::string>().find("(doi-malformed)"), std::string::npos);
  EXPECT_EQ(hover["range"], range_of(5, 15, 43));
  server.request(4, "textDocument/hover",
                 {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 1}, {"character", 0}}}});
  EXPECT_TRUE(server.wait_for(4)["result"].is_null());

  // The quick fix applied as the editor would: the page is clean.
  server.notify("textDocument/didChange",
                {{"textDocument", {{"uri", uri}, {"version", 3}}},
                 {"contentChanges", {{{"range", edit["range"]}, {"text", edit["newText"]}}}}});
  EXPECT_TRUE(server.diagnostics_of(uri, 3).empty());
  // Stale: no action for a version the lint has not seen yet.
  server.notify("textDocument/didChange",
                {{"textDocument", {{"uri", uri}, {"version", 4}}}, {"contentChanges", {{{"text", text}}}}});
  EXPECT_EQ(server.diagnostics_of(uri, 4).size(), 2U);
  EXPECT_EQ(server.shut_down(5), 0);
}

TEST(LanguageServer, ASuggestionIsOfferedButNeverPreferredNorAmongTheFixAll) {
  LanguageServerProcess server;
  server.initialize(initialize_params());
  const std::string text =
      testing::read_file(testing::source_dir() / "fixtures/citation-link-mismatch/pmc_style_links.html");
  server.notify("textDocument/didOpen", open_params("untitled:links", text));
  const json diagnostics = server.diagnostics_of("untitled:links", 1);
  ASSERT_EQ(diagnostics.size(), 2U) << diagnostics.dump(1);
  server.request(2, "textDocument/codeAction",
                 {{"textDocument", {{"uri", "untitled:links"}}},
                  {"range", diagnostics[0]["range"]},
                  {"context", {{"diagnostics", json::array({diagnostics[0]})}}}});
  const json actions = server.wait_for(2)["result"];
  ASSERT_EQ(actions.size(), 1U) << actions.dump(1);  // the suggestion; no fix-all of certain fixes
  EXPECT_TRUE(actions[0]["title"].get<std::string>().starts_with("Suggestion: ")) << actions[0]["title"];
  EXPECT_EQ(actions[0]["isPreferred"], false);
  const json edit = actions[0]["edit"]["changes"]["untitled:links"][0];
  EXPECT_EQ(edit["newText"], "B3");
  EXPECT_EQ(edit["range"], range_of(4, 34, 36));  // B4 in href="#B4"
}

TEST(LanguageServer, Utf8WhenTheClientOffersIt) {
  LanguageServerProcess server;
  server.initialize(initialize_params({"utf-8"}));
  const std::string text = testing::read_file(testing::source_dir() / kWideFixture);
  server.notify("textDocument/didOpen", open_params("untitled:Untitled-1", text));
  const json diagnostics = server.diagnostics_of("untitled:Untitled-1", 1);
  ASSERT_EQ(diagnostics.size(), 2U);
  const std::string line = "<p>\xE6\x9E\xB6\xE7\xA9\xBA";  // the fifth line's start, to find it
  const size_t fifth = text.find(line);
  const size_t doi = text.find(
      "10.1000\xE2\x80\x93"
      "abc",
      fifth);
  EXPECT_EQ(diagnostics[0]["range"]["start"]["character"], doi - fifth);
}

TEST(LanguageServer, OpenPagesAreComparedWithEachOther) {
  LanguageServerProcess server;
  server.initialize(initialize_params());
  // The six pages of one site, as the CLI lints the folder: article-4 repeats a paragraph of article-2.
  const fs::path site = testing::source_dir() / "fixtures/duplicate-paragraph/site";
  for (const char* page : {"index.html", "article-1.html", "article-2.html", "article-3.html",
                           "article-4.html", "article-5.html"}) {
    server.notify("textDocument/didOpen",
                  open_params(lsp::uri_of_path((site / page).string()), testing::read_file(site / page)));
  }
  const std::string first = lsp::uri_of_path((site / "article-2.html").string());
  const std::string later = lsp::uri_of_path((site / "article-4.html").string());
  json diagnostics;
  // Each open lints the pages open so far; the lint of all six finds the copy.
  for (int pass = 0; pass < 6 && diagnostics.empty(); ++pass) diagnostics = server.diagnostics_of(later, 1);
  ASSERT_EQ(diagnostics.size(), 1U) << diagnostics.dump(1);
  EXPECT_EQ(diagnostics[0]["code"], "duplicate-paragraph");
  EXPECT_EQ(diagnostics[0]["range"]["start"]["line"], 13);
  ASSERT_EQ(diagnostics[0]["relatedInformation"].size(), 1U);
  EXPECT_EQ(diagnostics[0]["relatedInformation"][0]["location"]["uri"], first);
  EXPECT_EQ(diagnostics[0]["relatedInformation"][0]["location"]["range"]["start"]["line"], 13);

  // Closed, the first copy is no longer compared: the finding is gone with it.
  server.notify("textDocument/didClose", {{"textDocument", {{"uri", first}}}});
  for (int pass = 0; pass < 6 && !diagnostics.empty(); ++pass) diagnostics = server.diagnostics_of(later, 1);
  EXPECT_TRUE(diagnostics.empty()) << diagnostics.dump(1);
}

TEST(LanguageServer, SettingsTurnRulesOffAndOn) {
  LanguageServerProcess server;
  server.initialize(initialize_params(json::array(), {{"offline", true}, {"disable", {"doi-malformed"}}}));
  const std::string text = testing::read_file(testing::source_dir() / kWideFixture);
  server.notify("textDocument/didOpen", open_params("untitled:page", text));
  EXPECT_TRUE(server.diagnostics_of("untitled:page", 1).empty());
  server.notify("workspace/didChangeConfiguration",
                {{"settings", {{"reflint", {{"disable", json::array()}}}}}});
  EXPECT_EQ(server.diagnostics_of("untitled:page", 1).size(), 2U);
  // An unknown rule is told to the user, and the rest of the settings still apply.
  server.notify("workspace/didChangeConfiguration",
                {{"settings", {{"reflint", {{"disable", {"doi-malformd", "doi-malformed"}}}}}}});
  const std::string shown = server.wait_for("window/showMessage")["params"]["message"];
  EXPECT_NE(shown.find("unknown rule 'doi-malformd' (did you mean 'doi-malformed'?)"), std::string::npos)
      << shown;
  EXPECT_TRUE(server.diagnostics_of("untitled:page", 1).empty());
}

/// The doi-unresolvable diagnostics among `diagnostics`.
size_t unresolvable(const json& diagnostics) {
  return static_cast<size_t>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                           [](const json& d) { return d["code"] == "doi-unresolvable"; }));
}

TEST(LanguageServer, LooksUpDoisOnOpenAndSaveAndAnswersChangesFromTheCache) {
  if (!fs::exists("/usr/bin/python3")) GTEST_SKIP() << "no /usr/bin/python3 for the registry server";
  const fs::path fixtures = testing::source_dir() / "fixtures/doi-unresolvable";
  testing::RegistryServerProcess registry(testing::source_dir(), fixtures / "registry.json");
  LanguageServerProcess server;
  // The page's folder configures the loopback registry and a cache of its own, as a project would.
  const std::string base = registry.base_url();
  std::ofstream(server.home() / ".reflint.toml") << fmt::format(
      "[network]\ndoi-resolver = \"{0}\"\ncrossref-api = \"{0}\"\ndatacite-api = \"{0}\"\n"
      "europepmc-api = \"{0}\"\ncache = \"{1}\"\n",
      base, (server.home() / "cache.sqlite").string());
  json initialize = initialize_params(json::array(), json::object());
  initialize["rootUri"] = lsp::uri_of_path(server.home().string());
  server.initialize(initialize);
  const std::string uri = lsp::uri_of_path((server.home() / "page.html").string());
  const std::string text = testing::read_file(fixtures / "unknown-and-registered.html");
  server.notify("textDocument/didOpen", open_params(uri, text));
  EXPECT_EQ(unresolvable(server.diagnostics_of(uri, 1)), 4U);  // the fixture's four
  const std::string asked = registry.control("/_control/stats");
  EXPECT_GT(json::parse(asked)["total"].get<int>(), 0) << asked;

  // While typing, the answers come from the cache: the registry is not asked again.
  registry.control("/_control/reset", "{}");
  server.notify("textDocument/didChange",
                {{"textDocument", {{"uri", uri}, {"version", 2}}},
                 {"contentChanges", {{{"range", range_of(0, 0, 0)}, {"text", " "}}}}});
  EXPECT_EQ(unresolvable(server.diagnostics_of(uri, 2)), 4U);
  EXPECT_EQ(json::parse(registry.control("/_control/stats"))["total"], 0);

  // A DOI typed in is looked up on save, not before.
  server.notify(
      "textDocument/didChange",
      {{"textDocument", {{"uri", uri}, {"version", 3}}},
       {"contentChanges",
        {{{"range", range_of(8, 0, 0)}, {"text", "<p>doi:10.5555/reflint-fixture.typed-1</p>\n"}}}}});
  EXPECT_EQ(unresolvable(server.diagnostics_of(uri, 3)), 4U);
  EXPECT_EQ(json::parse(registry.control("/_control/stats"))["total"], 0);
  server.notify("textDocument/didSave", {{"textDocument", {{"uri", uri}}}});
  EXPECT_EQ(unresolvable(server.diagnostics_of(uri, 3)), 5U);
}

TEST(LanguageServer, AConfigurationFileChangedOutsideTheEditorAppliesAtOnce) {
  LanguageServerProcess server;
  json initialize = initialize_params();
  initialize["capabilities"]["workspace"] = {{"didChangeWatchedFiles", {{"dynamicRegistration", true}}}};
  initialize["rootUri"] = lsp::uri_of_path(server.home().string());
  server.initialize(initialize);
  server.notify("initialized");
  const json registration = server.wait_for("client/registerCapability");
  EXPECT_EQ(registration["params"]["registrations"][0]["registerOptions"]["watchers"][0]["globPattern"],
            "**/.reflint.toml");
  server.send({{"jsonrpc", "2.0"}, {"id", registration["id"]}, {"result", nullptr}});  // the client's answer

  const std::string uri = lsp::uri_of_path((server.home() / "page.html").string());
  server.notify("textDocument/didOpen",
                open_params(uri, testing::read_file(testing::source_dir() / kWideFixture)));
  EXPECT_EQ(server.diagnostics_of(uri, 1).size(), 2U);
  std::ofstream(server.home() / ".reflint.toml") << "[rules.doi-malformed]\nenabled = false\n";
  server.notify(
      "workspace/didChangeWatchedFiles",
      {{"changes", {{{"uri", lsp::uri_of_path((server.home() / ".reflint.toml").string())}, {"type", 1}}}}});
  EXPECT_TRUE(server.diagnostics_of(uri, 1).empty());
}

TEST(LanguageServer, RapidChangesEndWithTheLastVersion) {
  LanguageServerProcess server;
  server.initialize(initialize_params());
  const std::string text = testing::read_file(testing::source_dir() / kWideFixture);
  server.notify("textDocument/didOpen", open_params("untitled:typing", text));
  for (int version = 2; version <= 30; ++version) {
    server.notify("textDocument/didChange",
                  {{"textDocument", {{"uri", "untitled:typing"}, {"version", version}}},
                   {"contentChanges", {{{"range", range_of(8, 0, 0)}, {"text", " "}}}}});
  }
  // Every publication is of a version at least as new as the one before; the last is of version 30.
  int last = 0;
  while (last < 30) {
    const json published = server.wait_for("textDocument/publishDiagnostics");
    ASSERT_TRUE(published.contains("params"));
    const int version = published["params"]["version"];
    EXPECT_GE(version, last);
    last = version;
  }
  EXPECT_EQ(last, 30);
}

}  // namespace
}  // namespace reflint
