#include "lint/lsp/uri.h"

#include <fmt/format.h>

#include "lint/text/ascii.h"

namespace reflint::lsp {

std::optional<std::string> path_of_uri(std::string_view uri) {
  constexpr std::string_view kScheme = "file://";
  if (!starts_with_ascii_nocase(uri, kScheme)) return std::nullopt;
  uri.remove_prefix(kScheme.size());
  // "file:///path" and "file://localhost/path" name this machine; another host is not a file here.
  if (uri.starts_with("localhost/")) uri.remove_prefix(std::string_view("localhost").size());
  if (!uri.starts_with('/')) return std::nullopt;
  return percent_decode(uri.substr(0, uri.find_first_of("?#")));
}

std::string uri_of_path(std::string_view path) {
  std::string uri = "file://";
  for (const char c : path) {
    if (is_ascii_alnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      uri += c;
    } else {
      uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
  }
  return uri;
}

}  // namespace reflint::lsp
