#pragma once
// Site audits: the pages a run fetches to lint, from URLs, sitemaps and a crawl. Polite as a site
// owner would want (robots.txt, Crawl-delay, per-host concurrency and rate caps of the shared
// HttpClient, a deadline), and thrifty on a re-audit: pages are cached with their validators
// (ETag, Last-Modified) and asked for again conditionally; a sitemap <lastmod> that has not
// changed spares the request altogether. A page that cannot be fetched is a notice, never a finding.
//
// The addresses fetched are the user's (the URLs, sitemaps and crawl roots named) and those within
// their scope only: a crawl follows links within its scope, a sitemap lists pages of its own site,
// and a redirect is followed only where its target would have been fetched too.

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lint/net/settings.h"

namespace reflint {

struct SiteSources {
  std::vector<std::string> pages;     // URLs to fetch
  std::vector<std::string> sitemaps;  // URLs or files; a bare site root: its robots.txt Sitemap lines
  std::vector<std::string> crawl_roots;
  std::vector<std::string> scopes;   // URL prefixes a crawl stays within; none: each root's folder
  std::vector<std::string> include;  // URL globs: when any is given, only pages that match one
  std::vector<std::string> exclude;  // URL globs
  // Query parameters dropped from every URL (globs): tracking, never content.
  std::vector<std::string> strip_parameters = {"utm_*", "fbclid", "gclid", "mc_cid", "mc_eid"};
  int64_t max_pages = 10000;
  int max_depth = -1;          // a crawl follows links this many hops from its root; -1: no limit
  std::string save_pages_dir;  // when set, each fetched page's bytes are kept there
  // A page whose sitemap <lastmod> (read for --sitemap, and by a crawl from the sitemaps robots.txt
  // names) is the one of its cached copy is linted from the cache without a request.
  bool trust_lastmod = true;
  // A sharded run (--shard): only the named and listed pages this returns true for are fetched
  // (a page's redirects go with it); empty: all.
  std::function<bool(const std::string& url)> in_shard;

  bool empty() const { return pages.empty() && sitemaps.empty() && crawl_roots.empty(); }
};

struct FetchedPage {
  std::string url;              // where the page was found, after redirects
  std::string redirected_from;  // the URL asked for, when it redirected
  std::string bytes;
  bool from_cache = false;  // unchanged since the last audit (304, or the sitemap's lastmod)
  std::string saved_path;   // under SiteSources::save_pages_dir
};

struct SiteSummary {
  uint64_t pages = 0;         // linted (fetched, or unchanged and taken from the cache)
  uint64_t downloaded = 0;    // full downloads (200)
  uint64_t not_modified = 0;  // 304 answers: the cached copy linted
  uint64_t unchanged = 0;     // the sitemap's lastmod unchanged: no request at all
  uint64_t fresh = 0;         // still fresh by the server's Cache-Control or Expires: no request
  uint64_t skipped_type = 0;  // not HTML or XHTML
  uint64_t not_fetched = 0;   // errors, timeouts, 4xx and 5xx
  uint64_t disallowed = 0;    // by robots.txt
  uint64_t excluded = 0;      // by include and exclude globs
  uint64_t out_of_scope = 0;  // links and redirects leaving the scope
  uint64_t over_limit = 0;    // beyond max_pages
  uint64_t redirects = 0;
  uint64_t twins = 0;  // pages whose rel=canonical is another page of the audit
  uint64_t requests = 0;
  uint64_t other_shards = 0;  // named or listed pages another shard fetches (--shard)
  struct Host {
    std::string host;
    uint64_t requests = 0;
    double seconds = 0;  // transfer time, summed
  };
  std::vector<Host> hosts;  // slowest (mean transfer time) first

  /// Adds another shard's counts and hosts; the pages each shard left to the others are the
  /// others' own, so they are not counted again.
  void add_shard(const SiteSummary& other);
};

/// The counts of a summary that add up over shards, in the order a shard's state lists them.
inline constexpr std::array<uint64_t SiteSummary::*, 14> kSiteSummaryCounts = {
    &SiteSummary::pages,    &SiteSummary::downloaded,   &SiteSummary::not_modified, &SiteSummary::unchanged,
    &SiteSummary::fresh,    &SiteSummary::skipped_type, &SiteSummary::not_fetched,  &SiteSummary::disallowed,
    &SiteSummary::excluded, &SiteSummary::out_of_scope, &SiteSummary::over_limit,   &SiteSummary::redirects,
    &SiteSummary::twins,    &SiteSummary::requests};

struct SiteNotice {
  bool warning = false;
  std::string message;
  std::string url;  // the page or sitemap it is about; empty when about the run
};

/// Live counts for a progress display; written by the audit, read from any thread.
struct SiteProgress {
  std::atomic<uint64_t> found{0};    // pages accepted for fetching
  std::atomic<uint64_t> fetched{0};  // answered or given up on
  std::atomic<uint64_t> waiting{0};  // requests in flight or queued
};

/// What the crawl needs of a fetched page's markup.
struct CrawlLinks {
  std::string base;                // <base href>, as written
  std::string canonical;           // <link rel=canonical href>, as written
  std::vector<std::string> hrefs;  // links to follow, as written
  bool nofollow = false;           // follow none of them
};

/// What the audit needs of a sitemap.
struct CrawlSitemap {
  struct Entry {
    std::string location;
    std::string lastmod;
  };
  bool readable = false;
  bool index = false;  // the entries are sitemaps, else pages
  std::vector<Entry> entries;
};

/// What lint/html reads from fetched markup (the network layer reads none itself).
struct SiteReaders {
  std::function<CrawlLinks(std::string_view html)> links;
  std::function<CrawlSitemap(std::string_view xml)> sitemap;
};

class SiteAudit {
 public:
  SiteAudit(const NetworkSettings& settings, SiteReaders readers, SiteProgress* progress = nullptr);
  ~SiteAudit();
  SiteAudit(const SiteAudit&) = delete;
  SiteAudit& operator=(const SiteAudit&) = delete;

  /// Fetches every page the sources name or lead to, once each; the pages sorted by URL.
  std::vector<FetchedPage> run(const SiteSources& sources);
  const std::vector<SiteNotice>& notices() const;
  const SiteSummary& summary() const;

 private:
  class Crawl;
  std::unique_ptr<Crawl> crawl_;
};

}  // namespace reflint
