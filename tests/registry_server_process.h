#pragma once
// Runs tests/registry_server/registry_server.py (the loopback registries) as a child process for
// the network tests and benchmarks, and talks to its /_control/ endpoints over a plain loopback
// socket. Header-only and free of GoogleTest, so bench/ can use it too. Never the internet: the
// server binds 127.0.0.1 and every request here goes there.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace reflint::testing {

/// Sends SIGTERM to the child `pid` (when there is one), waits for it and leaves -1 in `pid`.
inline void terminate_child(pid_t& pid) {
  if (pid <= 0) return;
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  pid = -1;
}

class RegistryServerProcess {
 public:
  /// Starts the server on a free port with `data` (a data file, see the server's README) and waits
  /// for its READY line. Throws when it cannot start.
  RegistryServerProcess(const std::filesystem::path& source_dir, const std::filesystem::path& data,
                        int latency_ms = 0) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    const std::string script = (source_dir / "tests" / "registry_server" / "registry_server.py").string();
    const std::string data_arg = data.string();
    const std::string latency = std::to_string(latency_ms);
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      std::vector<const char*> argv = {
          "/usr/bin/python3", script.c_str(),  "--port",        "0",   "--data", data_arg.c_str(),
          "--latency-ms",     latency.c_str(), "--max-seconds", "900", nullptr};
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
      throw std::runtime_error("registry server did not start: " + line);
    }
    port_ = std::stoi(line.substr(6));
  }
  ~RegistryServerProcess() { stop(); }
  RegistryServerProcess(const RegistryServerProcess&) = delete;
  RegistryServerProcess& operator=(const RegistryServerProcess&) = delete;

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  /// The body of a control request (GET when `body` is empty, else POST with a JSON body).
  std::string control(const std::string& path, const std::string& body = "") const {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port_));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      close(fd);
      throw std::runtime_error("cannot reach the registry server");
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

  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace reflint::testing
