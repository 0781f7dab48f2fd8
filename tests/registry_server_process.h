#pragma once
// Runs the loopback test servers (tests/registry_server/registry_server.py, the registries;
// tests/site_server/site_server.py, a generated web site) as child processes for the network tests
// and benchmarks, and talks to their /_control/ endpoints over a plain loopback socket. Header-only
// and free of GoogleTest, so bench/ can use it too. Never the internet: a server binds 127.0.0.1 (or
// another loopback address: 127.0.0.2, ::1) and every request here goes there.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace reflint::testing {

/// A loopback port that nothing listens on (bound once, then closed), or 0 when none could be had.
inline int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  const bool bound = bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 &&
                     getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0;
  close(fd);
  return bound ? ntohs(address.sin_port) : 0;
}

/// Sends SIGTERM to the child `pid` (when there is one), waits for it and leaves -1 in `pid`.
inline void terminate_child(pid_t& pid) {
  if (pid <= 0) return;
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  pid = -1;
}

/// A loopback test server (a Python script under tests/) as a child process: started on a free
/// port of `bind` with `arguments`, ready once it prints "READY <port>", stopped with SIGTERM.
class LoopbackServerProcess {
 public:
  LoopbackServerProcess(const std::filesystem::path& script, const std::vector<std::string>& arguments,
                        std::string bind = "127.0.0.1")
      : bind_(std::move(bind)) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    const std::string script_path = script.string();
    std::vector<std::string> words = {"/usr/bin/python3", script_path, "--port", "0", "--bind", bind_};
    words.insert(words.end(), arguments.begin(), arguments.end());
    pid_ = fork();
    if (pid_ == 0) {
      // A test that crashes must not leave its server running (holding CTest's output pipe open).
      prctl(PR_SET_PDEATHSIG, SIGTERM);
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      std::vector<const char*> argv;
      argv.reserve(words.size() + 1);
      for (const std::string& word : words) argv.push_back(word.c_str());
      argv.push_back(nullptr);
      execv(argv[0], const_cast<char* const*>(argv.data()));
      _exit(127);
    }
    close(out[1]);
    std::string line;
    char c = 0;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    if (!line.starts_with("READY ")) {
      stop();
      throw std::runtime_error(script_path + " did not start: " + line);
    }
    port_ = std::stoi(line.substr(6));
  }
  ~LoopbackServerProcess() { stop(); }
  LoopbackServerProcess(const LoopbackServerProcess&) = delete;
  LoopbackServerProcess& operator=(const LoopbackServerProcess&) = delete;

  int port() const { return port_; }
  /// "http://127.0.0.1:PORT", "http://[::1]:PORT".
  std::string base_url() const {
    const bool v6 = bind_.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + bind_ + "]" : bind_) + ":" + std::to_string(port_);
  }

  /// The body of a control request (GET when `body` is empty, else POST with a JSON body).
  std::string control(const std::string& path, const std::string& body = "") const {
    const bool v6 = bind_.find(':') != std::string::npos;
    const int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (v6) {
      auto* address = reinterpret_cast<sockaddr_in6*>(&storage);
      address->sin6_family = AF_INET6;
      address->sin6_port = htons(static_cast<uint16_t>(port_));
      inet_pton(AF_INET6, bind_.c_str(), &address->sin6_addr);
      length = sizeof *address;
    } else {
      auto* address = reinterpret_cast<sockaddr_in*>(&storage);
      address->sin_family = AF_INET;
      address->sin_port = htons(static_cast<uint16_t>(port_));
      inet_pton(AF_INET, bind_.c_str(), &address->sin_addr);
      length = sizeof *address;
    }
    if (connect(fd, reinterpret_cast<const sockaddr*>(&storage), length) != 0) {
      close(fd);
      throw std::runtime_error("cannot reach the loopback server");
    }
    const std::string request =
        (body.empty() ? "GET " : "POST ") + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
        (body.empty()
             ? ""
             : "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n") +
        "\r\n" + body;
    for (size_t sent = 0; sent < request.size();) {
      const ssize_t n = write(fd, request.data() + sent, request.size() - sent);
      if (n <= 0) break;
      sent += static_cast<size_t>(n);
    }
    std::string response;
    char buffer[4096];
    for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;)
      response.append(buffer, static_cast<size_t>(n));
    close(fd);
    const size_t header_end = response.find("\r\n\r\n");
    return header_end == std::string::npos ? "" : response.substr(header_end + 4);
  }

 private:
  void stop() { terminate_child(pid_); }

  std::string bind_;
  pid_t pid_ = -1;
  int port_ = 0;
};

/// tests/registry_server/registry_server.py, the loopback registries, serving `data` (a data file,
/// see the server's README).
class RegistryServerProcess : public LoopbackServerProcess {
 public:
  RegistryServerProcess(const std::filesystem::path& source_dir, const std::filesystem::path& data,
                        int latency_ms = 0, std::string bind = "127.0.0.1")
      : LoopbackServerProcess(
            source_dir / "tests" / "registry_server" / "registry_server.py",
            {"--data", data.string(), "--latency-ms", std::to_string(latency_ms), "--max-seconds", "900"},
            std::move(bind)) {}
};

/// tests/site_server/site_server.py, a generated web site, with its command-line `arguments`.
class SiteServerProcess : public LoopbackServerProcess {
 public:
  SiteServerProcess(const std::filesystem::path& source_dir, const std::vector<std::string>& arguments)
      : LoopbackServerProcess(source_dir / "tests" / "site_server" / "site_server.py", arguments) {}
};

}  // namespace reflint::testing
