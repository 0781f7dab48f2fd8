#pragma once
// What a site audit reads from the pages and sitemaps it fetches: the links a crawl follows and the
// page addresses a sitemap lists. The network layer reads no markup itself; the engine passes these
// readers in.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace reflint {

struct PageLinks {
  std::string base;       // <base href>, as written; empty when there is none
  std::string canonical;  // <link rel=canonical href>, as written
  std::vector<std::string>
      hrefs;              // of <a> and <area>, as written, in document order, without rel=nofollow ones
  bool nofollow = false;  // <meta name=robots content=nofollow>: follow none of them
};

struct SitemapEntry {
  std::string location;  // <loc>
  std::string lastmod;   // <lastmod>, as written (W3C datetime); empty when absent
};

struct Sitemap {
  enum class Kind : uint8_t { urlset, index, unreadable };
  Kind kind = Kind::unreadable;
  std::vector<SitemapEntry> entries;  // pages of a urlset, sitemaps of an index
};

/// The links of an HTML page (any encoding; bytes as fetched).
PageLinks page_links(std::string_view html);

/// A sitemap (sitemaps.org protocol) as XML text, already decompressed. External entities and
/// network access are never resolved.
Sitemap read_sitemap(std::string_view xml);

}  // namespace reflint
