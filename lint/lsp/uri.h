#pragma once
// file: URIs, as LSP clients send them, and the paths reflint lints.

#include <optional>
#include <string>
#include <string_view>

namespace reflint::lsp {

/// The path of a file: URI ("file:///a%20b/c.html" -> "/a b/c.html"); nullopt for another scheme
/// (an unsaved "untitled:" buffer) or a URI naming another host.
std::optional<std::string> path_of_uri(std::string_view uri);
/// The file: URI of an absolute path, percent-encoding what RFC 3986 does not allow in a path.
std::string uri_of_path(std::string_view path);

}  // namespace reflint::lsp
