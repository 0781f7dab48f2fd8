#include "lint/lsp/transport.h"

#include <fmt/format.h>

#include <charconv>
#include <istream>
#include <ostream>

#include "lint/text/ascii.h"

namespace reflint::lsp {

std::optional<Transport::Incoming> Transport::read() {
  std::optional<size_t> length;
  std::string line;
  bool any_header = false;
  while (std::getline(in_, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      if (!any_header) continue;  // stray blank lines between messages
      break;
    }
    any_header = true;
    constexpr std::string_view kLength = "content-length:";
    if (starts_with_ascii_nocase(line, kLength)) {
      const std::string_view value = trim_ascii(std::string_view(line).substr(kLength.size()));
      size_t parsed = 0;
      const auto [end, failure] = std::from_chars(value.data(), value.data() + value.size(), parsed);
      if (failure == std::errc() && end == value.data() + value.size()) length = parsed;
    }
  }
  if (!any_header) return std::nullopt;
  if (!length) return Incoming{{}, "a message header without a valid Content-Length"};
  Incoming message;
  message.body.resize(*length);
  in_.read(message.body.data(), static_cast<std::streamsize>(*length));
  if (static_cast<size_t>(in_.gcount()) != *length)
    return Incoming{{}, fmt::format("the input ended inside a message of {} bytes", *length)};
  return message;
}

void Transport::write(const nlohmann::json& message) {
  const std::string body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const std::lock_guard lock(write_mutex_);
  out_ << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out_.flush();
}

}  // namespace reflint::lsp
