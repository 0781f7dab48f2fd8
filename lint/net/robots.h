#pragma once
// robots.txt (RFC 9309): which paths of a site a crawler may fetch, how fast, and the sitemaps the
// site names.

#include <string>
#include <string_view>
#include <vector>

namespace reflint {

class RobotsRules {
 public:
  /// The rules of the group for `agent` (its product token, compared case-insensitively), else of
  /// the `*` group; every Sitemap line whatever the group.
  static RobotsRules parse(std::string_view text, std::string_view agent);
  /// Everything allowed (a robots.txt that is absent: 4xx).
  static RobotsRules allow_all() { return {}; }
  /// Nothing allowed (a robots.txt that could not be fetched: 5xx or no answer, RFC 9309 2.3.1.4).
  static RobotsRules disallow_all();

  /// Whether `path_and_query` ("/a/b?c") may be fetched: the longest matching rule wins, Allow on a
  /// tie; `*` matches any run of characters and a final `$` the end.
  bool allows(std::string_view path_and_query) const;
  double crawl_delay_seconds() const { return crawl_delay_; }
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }

 private:
  struct Rule {
    bool allow = false;
    std::string pattern;
  };
  std::vector<Rule> rules_;
  double crawl_delay_ = 0;
  std::vector<std::string> sitemaps_;
};

}  // namespace reflint
