#pragma once
// Which hosts a request that an article supplied (a cited page, a quotation's cite= address) may
// reach. An article is untrusted input: a CI gate lints pull requests, an audit lints whatever a
// site serves. Such requests may reach public unicast addresses only, checked on the address each
// connection actually opens (so a name that resolves to an internal address, or is re-resolved to
// one, does not pass), unless the user names the host in allow-hosts. The registry base URLs are
// the user's own choice and are trusted.

#include <string>
#include <string_view>
#include <vector>

struct sockaddr;

namespace reflint {

/// Why `address` may not be reached by an article-supplied request ("127.0.0.2 is a loopback
/// address"), or empty for a public unicast address. IPv4 and IPv6; IPv4-mapped, -compatible and
/// NAT64 IPv6 forms are judged by the IPv4 address they carry.
std::string non_public_reason(const sockaddr* address);
/// The same for a numeric address written as text ("10.1.2.3", "::ffff:127.0.0.1"); a text that is
/// not a numeric address gets a reason too.
std::string non_public_reason(std::string_view numeric_address);

/// Whether `host` (a URL's host: a name, an IPv4 address or a bracketed IPv6 address) matches one
/// of `patterns`: shell globs compared case-insensitively ("*.example.org", "127.0.0.2", "[::1]").
bool host_matches(std::string_view host, const std::vector<std::string>& patterns);

}  // namespace reflint
