#include "lint/net/address_policy.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <fnmatch.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <cstring>

#include "lint/text/ascii.h"

namespace reflint {
namespace {

struct Range4 {
  uint32_t network;
  int prefix;
  const char* kind;
};

// Special-purpose IPv4 ranges (RFC 6890 and the IANA registry) that are not public unicast.
constexpr std::array<Range4, 15> kIpv4Ranges{{
    {0x00000000, 8, "an unspecified (\"this network\") address"},
    {0x0A000000, 8, "a private (RFC 1918) address"},
    {0x64400000, 10, "a shared (carrier-grade NAT) address"},
    {0x7F000000, 8, "a loopback address"},
    {0xA9FE0000, 16, "a link-local address"},  // 169.254.169.254, cloud metadata, included
    {0xAC100000, 12, "a private (RFC 1918) address"},
    {0xC0000000, 24, "an IETF protocol assignment address"},
    {0xC0000200, 24, "a documentation address"},
    {0xC0A80000, 16, "a private (RFC 1918) address"},
    {0xC6120000, 15, "a benchmarking address"},
    {0xC6336400, 24, "a documentation address"},
    {0xCB007100, 24, "a documentation address"},
    {0xE0000000, 4, "a multicast address"},
    {0xF0000000, 4, "a reserved address"},
    {0xFFFFFFFF, 32, "the broadcast address"},
}};

std::string ipv4_reason(uint32_t address) {
  for (const Range4& range : kIpv4Ranges) {
    const uint32_t mask = range.prefix == 0 ? 0 : ~uint32_t{0} << (32 - range.prefix);
    if ((address & mask) == range.network) {
      in_addr written{htonl(address)};
      char text[INET_ADDRSTRLEN] = {};
      inet_ntop(AF_INET, &written, text, sizeof text);
      return fmt::format("{} is {}", text, range.kind);
    }
  }
  return {};
}

std::string ipv6_reason(const in6_addr& address) {
  const uint8_t* bytes = address.s6_addr;
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(AF_INET6, &address, text, sizeof text);
  const auto starts_with = [bytes](std::initializer_list<uint8_t> prefix) {
    size_t i = 0;
    for (const uint8_t byte : prefix) {
      if (bytes[i++] != byte) return false;
    }
    return true;
  };
  const auto zeros = [bytes](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      if (bytes[i] != 0) return false;
    }
    return true;
  };
  const auto embedded_ipv4 = [bytes] {
    return (uint32_t{bytes[12]} << 24) | (uint32_t{bytes[13]} << 16) | (uint32_t{bytes[14]} << 8) | bytes[15];
  };
  if (zeros(0, 16)) return fmt::format("{} is the unspecified address", text);
  if (zeros(0, 15) && bytes[15] == 1) return fmt::format("{} is a loopback address", text);
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), 64:ff9b::a.b.c.d (NAT64) reach an IPv4 host.
  const bool mapped = zeros(0, 10) && bytes[10] == 0xFF && bytes[11] == 0xFF;
  const bool compatible = zeros(0, 12);
  const bool nat64 = starts_with({0x00, 0x64, 0xFF, 0x9B}) && zeros(4, 12);
  if (mapped || compatible || nat64) {
    if (const std::string reason = ipv4_reason(embedded_ipv4()); !reason.empty())
      return fmt::format("{} reaches {}", text, reason);
    if (!nat64) return fmt::format("{} is an IPv4-{} IPv6 address", text, mapped ? "mapped" : "compatible");
    return {};
  }
  if ((bytes[0] & 0xFE) == 0xFC) return fmt::format("{} is a unique local (RFC 4193) address", text);
  if (bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0x80) return fmt::format("{} is a link-local address", text);
  if (bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0xC0) return fmt::format("{} is a site-local address", text);
  if (bytes[0] == 0xFF) return fmt::format("{} is a multicast address", text);
  if (starts_with({0x20, 0x01, 0x0D, 0xB8})) return fmt::format("{} is a documentation address", text);
  if (starts_with({0x01, 0x00}) && zeros(2, 8)) return fmt::format("{} is a discard-only address", text);
  return {};
}

}  // namespace

std::string non_public_reason(const sockaddr* address) {
  if (address->sa_family == AF_INET) {
    sockaddr_in ipv4{};
    std::memcpy(&ipv4, address, sizeof ipv4);
    return ipv4_reason(ntohl(ipv4.sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 ipv6{};
    std::memcpy(&ipv6, address, sizeof ipv6);
    return ipv6_reason(ipv6.sin6_addr);
  }
  return "the address is neither IPv4 nor IPv6";
}

std::string non_public_reason(std::string_view numeric_address) {
  const std::string text(numeric_address);
  in_addr ipv4{};
  if (inet_pton(AF_INET, text.c_str(), &ipv4) == 1) return ipv4_reason(ntohl(ipv4.s_addr));
  in6_addr ipv6{};
  if (inet_pton(AF_INET6, text.c_str(), &ipv6) == 1) return ipv6_reason(ipv6);
  return fmt::format("{} is not a numeric address", text);
}

bool host_matches(std::string_view host, const std::vector<std::string>& patterns) {
  // IPv6 addresses are compared as written, without their brackets ('[' would start a glob class).
  const auto unbracketed = [](std::string_view name) {
    if (name.size() >= 2 && name.front() == '[' && name.back() == ']') name = name.substr(1, name.size() - 2);
    return lower_ascii(name);
  };
  const std::string wanted = unbracketed(host);
  for (const std::string& pattern : patterns) {
    const std::string glob = unbracketed(pattern);
    const bool matches =
        glob.find(':') != std::string::npos ? glob == wanted : fnmatch(glob.c_str(), wanted.c_str(), 0) == 0;
    if (matches) return true;
  }
  return false;
}

}  // namespace reflint
