#pragma once
// LSP's base protocol: JSON-RPC messages, each after a header block with its Content-Length, over
// a pair of streams (the server's standard input and output).

#include <iosfwd>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace reflint::lsp {

class Transport {
 public:
  Transport(std::istream& in, std::ostream& out) : in_(in), out_(out) {}

  struct Incoming {
    std::string body;   // the message's JSON text
    std::string error;  // a header block without a usable Content-Length: the stream is unusable
  };
  /// The next message; nullopt at the end of input. Only one thread reads.
  std::optional<Incoming> read();
  /// Writes one message whole; any thread may write.
  void write(const nlohmann::json& message);

 private:
  std::istream& in_;
  std::ostream& out_;
  std::mutex write_mutex_;
};

}  // namespace reflint::lsp
