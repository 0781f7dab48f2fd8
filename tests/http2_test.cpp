// HTTP/2 over TLS against a real server: Debian's nghttpd (package nghttp2-server) serves registry
// answers from a static folder written here, with a self-signed certificate the openssl CLI makes at
// test time (no key is ever committed). The DOI network rules must ask over HTTP/2 and multiplex on
// one connection, trust the server only through --cacert / ca-file, and refuse it without. Skips
// with a message when nghttpd or openssl is missing (tools/setup.sh --test installs both).

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <re2/re2.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "lint/cli/app.h"
#include "lint/core/runner.h"
#include "lint/net/http.h"
#include "loopback_lint.h"
#include "registry_server_process.h"
#include "rules/register_all.h"
#include "test_support.h"

namespace reflint {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using testing::free_port;
using testing::make_temp_dir;
using testing::write_file;

constexpr int kWorks = 6;  // DOIs 10.5555/reflint-h2-1 .. -6, all Crossref

/// `name` on PATH or in the usual sbin folders (nghttpd lives in /usr/sbin, often not on PATH).
std::optional<fs::path> find_program(const std::string& name) {
  std::vector<std::string> dirs;
  if (const char* path = std::getenv("PATH")) {
    std::istringstream list(path);
    for (std::string dir; std::getline(list, dir, ':');) dirs.push_back(dir);
  }
  for (const char* dir : {"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin"})
    dirs.emplace_back(dir);
  for (const std::string& dir : dirs) {
    const fs::path candidate = fs::path(dir) / name;
    if (!dir.empty() && access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

/// Starts `argv` with its output in `log`; the child's pid. The child ends with the test process,
/// even one killed before its suite's teardown.
pid_t spawn(const std::vector<std::string>& args, const fs::path& log) {
  std::vector<const char*> argv;
  argv.reserve(args.size() + 1);
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
    }
    execv(argv[0], const_cast<char* const*>(argv.data()));
    _exit(127);
  }
  return pid;
}

bool accepts_connections(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool connected = connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return connected;
}

/// nghttpd on 127.0.0.1 serving `htdocs` over TLS (h2 by ALPN). nghttpd cannot report a port it
/// chose, so a free one is picked and the start retried should another process take it first.
class Nghttpd {
 public:
  Nghttpd(const fs::path& program, const fs::path& htdocs, const fs::path& key, const fs::path& cert,
          const fs::path& log) {
    for (int attempt = 0; attempt < 5 && port_ == 0; ++attempt) {
      const int port = free_port();
      pid_ = spawn({program.string(), "--address=127.0.0.1", "--htdocs=" + htdocs.string(),
                    std::to_string(port), key.string(), cert.string()},
                   log);
      const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
      while (std::chrono::steady_clock::now() < give_up) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {  // it exited: the port was taken, or worse
          pid_ = -1;
          break;
        }
        if (accepts_connections(port)) {
          port_ = port;
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      if (port_ == 0) stop();
    }
  }
  ~Nghttpd() { stop(); }
  Nghttpd(const Nghttpd&) = delete;
  Nghttpd& operator=(const Nghttpd&) = delete;

  bool running() const { return port_ != 0; }
  std::string base_url() const { return fmt::format("https://127.0.0.1:{}", port_); }

 private:
  void stop() { testing::terminate_child(pid_); }
  pid_t pid_ = -1;
  int port_ = 0;
};

std::string doi_of(int n) {
  return fmt::format("10.5555/reflint-h2-{}", n);
}

/// The Crossref /works answer for work `n`, in the shape tests/registry_server serves.
std::string crossref_answer(int n) {
  const json message = {
      {"DOI", doi_of(n)},
      {"URL", "https://doi.org/" + doi_of(n)},
      {"prefix", "10.5555"},
      {"type", "journal-article"},
      {"title", {fmt::format("[TEST RECORD, fictional] Multiplexed lookups, part {}", n)}},
      {"author",
       {{{"given", "Ada"}, {"family", "Streamwell"}, {"sequence", "first"}, {"affiliation", json::array()}}}},
      {"container-title", {"Journal of Loopback Tests"}},
      {"short-container-title", {"J Loopback Tests"}},
      {"publisher", "Reflint Test Press"},
      {"issued", {{"date-parts", {{2023, 3, n}}}}},
      {"published", {{"date-parts", {{2023, 3, n}}}}},
  };
  return json{{"status", "ok"}, {"message-type", "work"}, {"message-version", "1.0.0"}, {"message", message}}
      .dump();
}

class Http2Test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::optional<fs::path> nghttpd = find_program("nghttpd");
    const std::optional<fs::path> openssl = find_program("openssl");
    if (!nghttpd || !openssl) {
      skip_reason_ = fmt::format(
          "needs {}{}{} (Debian: tools/setup.sh --test installs nghttp2-server, openssl)",
          nghttpd ? "" : "nghttpd", !nghttpd && !openssl ? " and " : "", openssl ? "" : "openssl");
      return;
    }
    dir_ = new fs::path(make_temp_dir("http2-server"));
    const fs::path key = *dir_ / "key.pem";
    cert_ = new fs::path(*dir_ / "cert.pem");
    const pid_t made =
        spawn({openssl->string(), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
               "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
               "-keyout", key.string(), "-out", cert_->string()},
              *dir_ / "openssl.log");
    int status = 0;
    waitpid(made, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !fs::exists(*cert_)) {
      skip_reason_ =
          "openssl could not make a self-signed certificate: " + testing::read_file(*dir_ / "openssl.log");
      return;
    }
    const fs::path htdocs = *dir_ / "htdocs";
    fs::create_directories(htdocs / "ra");
    fs::create_directories(htdocs / "works" / "10.5555");
    write_file(htdocs / "ra" / "10.5555", R"([{"DOI": "10.5555", "RA": "Crossref"}])");
    for (int n = 1; n <= kWorks; ++n) write_file(htdocs / "works" / doi_of(n), crossref_answer(n));
    server_ = new Nghttpd(*nghttpd, htdocs, key, *cert_, *dir_ / "nghttpd.log");
    if (!server_->running())
      skip_reason_ = "nghttpd did not start: " + testing::read_file(*dir_ / "nghttpd.log");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    if (dir_ != nullptr) fs::remove_all(*dir_);
    delete dir_;
    dir_ = nullptr;
    delete cert_;
    cert_ = nullptr;
  }

  void SetUp() override {
    if (!skip_reason_.empty()) GTEST_SKIP() << skip_reason_;
    work_dir_ = make_temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override {
    if (!work_dir_.empty()) fs::remove_all(work_dir_);
  }

  /// A page citing every test work, each entry matching its record.
  fs::path page() const {
    std::string body = "<h2>References</h2>\n<ol>\n";
    for (int n = 1; n <= kWorks; ++n) {
      body += fmt::format(
          "<li>Streamwell A. [TEST RECORD, fictional] Multiplexed lookups, part {}. J Loopback Tests. 2023. "
          "doi:{}</li>\n",
          n, doi_of(n));
    }
    body += "</ol>\n";
    fs::path path = work_dir_ / "h2.html";
    write_file(path, "<!doctype html><html lang=\"en\"><head><title>t</title></head><body>\n" + body +
                         "</body></html>\n");
    return path;
  }

  /// Lints the page with the DOI network rules, every registry at the HTTPS server, no cache.
  RunResult lint(const std::string& ca_file) const {
    RuleRegistry registry;
    register_all_rules(registry);
    RunOptions options;
    options.jobs = 2;
    options.config_file = testing::source_dir() / "fixtures" / "fixture.reflint.toml";
    for (const auto& rule : registry.rules()) {
      const bool wanted = rule->meta().family == "doi" && rule->meta().needs_network;
      (wanted ? options.overrides.enable : options.overrides.disable).emplace_back(rule->meta().id);
    }
    options.paths.push_back(page().string());
    const std::string base = server_->base_url();
    options.adjust_settings = [base, ca_file](RunSettings& settings) {
      NetworkSettings& network = settings.network;
      network.doi_resolver = network.crossref_api = network.datacite_api = network.europepmc_api = base;
      network.use_cache = false;
      network.ca_file = ca_file;
      network.request_timeout_seconds = 5;
      network.connect_timeout_seconds = 5;
      network.deadline_seconds = 20;
      network.per_host_rate = 1000;
    };
    RunResult result = run_lint(registry, options);
    EXPECT_TRUE(result.fatal_error.empty()) << result.fatal_error;
    return result;
  }

  static std::string notices_text(const RunResult& result) {
    std::string text;
    for (const Notice& notice : result.notices) text += notice.message + "\n";
    return text;
  }

  static inline std::string skip_reason_;
  static inline fs::path* dir_ = nullptr;
  static inline fs::path* cert_ = nullptr;
  static inline Nghttpd* server_ = nullptr;
  fs::path work_dir_;
};

TEST_F(Http2Test, DoiLookupsGoOverHttp2OnFewerConnectionsThanRequests) {
  const RunResult result = lint(cert_->string());
  const std::string notices = notices_text(result);
  EXPECT_TRUE(result.findings.empty()) << result.findings.front().message << "\n" << notices;
  EXPECT_EQ(notices.find("could not verify"), std::string::npos) << notices;

  // "DOIs: 6 asked for, 0 from the cache, 0 not verified; 7 HTTP requests (0 retries) on 1 connection,
  // 7 over HTTP/2"
  int looked_up = 0;
  int requests = 0;
  int retries = 0;
  int connections = 0;
  int http2 = 0;
  ASSERT_TRUE(RE2::PartialMatch(
      notices,
      R"(DOIs: (\d+) asked for.*; (\d+) HTTP requests \((\d+) retries\) on (\d+) connections?, (\d+) over HTTP/2)",
      &looked_up, &requests, &retries, &connections, &http2))
      << notices;
  std::cout << fmt::format("[ measured ] {} DOIs: {} requests, {} over HTTP/2, {} connection(s)\n", looked_up,
                           requests, http2, connections);
  EXPECT_EQ(looked_up, kWorks);
  EXPECT_EQ(requests, 1 + kWorks);  // the agency of the prefix once, then each work
  EXPECT_EQ(http2, requests);
  EXPECT_GE(connections, 1);
  EXPECT_LT(connections, requests);
}

TEST_F(Http2Test, ConcurrentRequestsAreMultiplexedOnOneConnection) {
  NetworkSettings settings;
  settings.ca_file = cert_->string();
  settings.per_host_concurrency = 3;
  settings.per_host_rate = 1e9;  // no spacing: the first three start together, before any connection
  settings.deadline_seconds = 20;
  constexpr int kRequests = 48;  // many, so that transfers overlap even on a loaded machine
  std::vector<std::promise<HttpResponse>> answers(kRequests);
  HttpStats stats;
  {
    HttpClient client(settings, make_user_agent(""));
    for (int i = 0; i < kRequests; ++i) {
      client.get(server_->base_url() + "/works/" + doi_of(i % kWorks + 1),
                 [&answers, i](HttpResponse response) { answers[i].set_value(std::move(response)); });
    }
    for (int i = 0; i < kRequests; ++i) {
      const HttpResponse response = answers[i].get_future().get();
      EXPECT_EQ(response.outcome, HttpResponse::Outcome::answered) << response.error;
      EXPECT_EQ(response.status, 200);
    }
    stats = client.stats();
  }
  std::cout << fmt::format(
      "[ measured ] {} requests, {} over HTTP/2, {} connection(s), {} in flight at most\n", stats.requests,
      stats.http2_responses, stats.connections, stats.max_in_flight);
  EXPECT_EQ(stats.requests, static_cast<uint64_t>(kRequests));
  EXPECT_EQ(stats.http2_responses, static_cast<uint64_t>(kRequests));
  // Transfers at once (how many depends on the machine's load; never more than the cap) ...
  EXPECT_GE(stats.max_in_flight, 2);
  EXPECT_LE(stats.max_in_flight, 3);
  EXPECT_EQ(stats.connections, 1u);  // ... on the one connection
}

TEST_F(Http2Test, WithoutItsCertificateTheServerIsRefused) {
  const RunResult result = lint("");
  const std::string notices = notices_text(result);
  EXPECT_TRUE(result.findings.empty()) << result.findings.front().message;
  // The six DOIs share one reason: one notice names them with their count.
  EXPECT_NE(notices.find(fmt::format("could not verify {} DOIs (", kWorks)), std::string::npos) << notices;
  EXPECT_NE(notices.find("SSL certificate problem: self-signed certificate"), std::string::npos) << notices;
  EXPECT_NE(notices.find("6 not verified"), std::string::npos) << notices;
  EXPECT_NE(notices.find("(0 retries)"), std::string::npos) << notices;  // a certificate is not transient
}

TEST_F(Http2Test, CacertOptionAndCaFileKeyTrustTheServer) {
  const std::string html = page().string();
  const std::string base = server_->base_url();
  RuleRegistry registry;
  register_all_rules(registry);
  const auto run = [&](const std::vector<std::string>& args) {
    const testing::CliRun result = testing::run_reflint(registry, args);
    return std::make_pair(result.exit_code, result.out + result.err);
  };
  const std::vector<std::string> registries = {"--doi-resolver", base, "--crossref-api",  base,
                                               "--datacite-api", base, "--europepmc-api", base,
                                               "--no-cache"};

  std::vector<std::string> args = registries;
  args.insert(args.end(), {"--cacert", cert_->string(), html});
  auto [code, output] = run(args);
  EXPECT_EQ(code, 0) << output;
  EXPECT_EQ(output.find("could not verify"), std::string::npos) << output;
  EXPECT_NE(output.find("7 over HTTP/2"), std::string::npos) << output;

  // ca-file in [network], relative to the configuration file's folder. [network] is run-wide: it
  // comes from the current folder's configuration or from --config.
  fs::create_directories(work_dir_ / "certs");
  fs::copy_file(*cert_, work_dir_ / "certs" / "local-ca.pem");
  write_file(work_dir_ / "network.toml", "[network]\nca-file = \"certs/local-ca.pem\"\n");
  args = registries;
  args.insert(args.end(), {"--config", (work_dir_ / "network.toml").string(), html});
  std::tie(code, output) = run(args);
  EXPECT_EQ(code, 0) << output;
  EXPECT_EQ(output.find("could not verify"), std::string::npos) << output;
  EXPECT_NE(output.find("7 over HTTP/2"), std::string::npos) << output;
}

/// Needs no server: a CA file that is not there is a usage or configuration error, not a lookup.
TEST(CaFile, AMissingFileIsAnError) {
  const fs::path dir = make_temp_dir("ca-file-missing");
  const std::string html = (dir / "a.html").string();
  write_file(html, "<p>text</p>");
  RuleRegistry registry;
  register_all_rules(registry);
  const auto run = [&](const std::vector<std::string>& args) {
    const testing::CliRun result = testing::run_reflint(registry, args);
    return std::make_pair(result.exit_code, result.err);
  };
  auto [code, err] = run({"--offline", "--no-cache", "--cacert", (dir / "none.pem").string(), html});
  EXPECT_EQ(code, 2);
  EXPECT_NE(err.find("--cacert"), std::string::npos) << err;

  write_file(dir / ".reflint.toml", "[network]\nca-file = \"none.pem\"\n");
  std::tie(code, err) = run({"--offline", "--no-cache", html});
  EXPECT_EQ(code, 2);
  EXPECT_NE(err.find(".reflint.toml:2:11: 'ca-file': no such file:"), std::string::npos) << err;
  EXPECT_NE(err.find("none.pem"), std::string::npos) << err;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace reflint
