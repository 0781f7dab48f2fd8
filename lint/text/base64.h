#pragma once
// Base64 (RFC 4648, with padding), for bytes that must travel in JSON (a fetched page in a shard's
// state).

#include <optional>
#include <string>
#include <string_view>

namespace reflint {

std::string base64_encode(std::string_view bytes);
/// The bytes, or nullopt when `text` is not padded base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace reflint
