#pragma once
// Which blocks of a page are the article's own text and which are page furniture: navigation,
// headers and footers, sidebars, reader comments, author and affiliation blocks, declarations,
// captions, pull quotes, related-story teasers, share bars and promotional boxes. Structure
// decides first (tags, ARIA roles, schema.org microdata, class and id words, section headings);
// where it says nothing, the article is the smallest element holding nearly all of the prose that
// is left, and what lies outside it is furniture too.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lint/model/document.h"

namespace reflint {

enum class BlockRole : uint8_t {
  article,
  navigation,   // nav, menus, breadcrumbs, pagination, tables of contents
  page_header,  // the site's header (an article's own header is its byline, title and lead)
  page_footer,
  sidebar,      // aside, widgets, rails, infoboxes
  comment,      // reader comments, pingbacks, replies
  byline,       // authors, affiliations, contributions, correspondence
  declaration,  // competing interests, funding, licence, copyright, acknowledgements, ethics
  caption,      // figure and table captions and legends, supplementary file descriptions
  pull_quote,
  embed,            // embedded posts: tweets, Instagram, TikTok, Facebook
  peer_review,      // decision letters, reviewer reports, author responses printed with an article
  related,          // related and recommended stories, teasers, "read more"
  share,            // share and social bars
  promo,            // cookie and consent banners, newsletter, subscription and donation boxes, ads, dialogs
  outside_article,  // outside the element that holds the article's prose
};
std::string_view to_string(BlockRole role);

/// What made a block furniture: an element (by tag, role, microdata or class and id words), the
/// parser's context flags (a page header or footer), a section heading, the block's own text (a
/// licence template), or lying outside the article's element.
struct RoleSource {
  enum Kind : uint8_t { none, element, context, heading, text, outside };
  Kind kind = none;
  uint32_t index = kNoIndex;  // the element, or the heading block
};

class ContentModel {
 public:
  ContentModel() = default;
  ContentModel(std::vector<BlockRole> roles, std::vector<RoleSource> sources, uint32_t article_root,
               bool blockquotes_are_layout)
      : roles_(std::move(roles)),
        sources_(std::move(sources)),
        article_root_(article_root),
        blockquotes_are_layout_(blockquotes_are_layout) {}

  BlockRole role(uint32_t block) const { return roles_[block]; }
  bool is_article(uint32_t block) const { return roles_[block] == BlockRole::article; }
  RoleSource source(uint32_t block) const { return sources_[block]; }
  /// The element found to hold the article's prose, or kNoIndex when the whole page does.
  uint32_t article_root() const { return article_root_; }
  /// True when most of the page's prose lies in <blockquote>s: old pages indent their whole text
  /// with them, and then a blockquote is not a quotation.
  bool blockquotes_are_layout() const { return blockquotes_are_layout_; }
  /// True when `block` lies in a blockquote that is a quotation.
  bool in_quotation(const TextBlock& block) const {
    return block.in(kInBlockquote) && !blockquotes_are_layout_;
  }

 private:
  std::vector<BlockRole> roles_;
  std::vector<RoleSource> sources_;
  uint32_t article_root_ = kNoIndex;
  bool blockquotes_are_layout_ = false;
};

/// Classifies every block of `document`. `reference_entries` marks the blocks of recognised
/// reference entries (always article text: the reference list belongs to the article).
ContentModel classify_content(const Document& document, const std::vector<bool>& reference_entries);

/// Why block `block` has its role, for --dump-model: `div.comment-body`, `heading "Funding"`,
/// `outside div#main`; empty for article text.
std::string describe_role_source(const Document& document, const ContentModel& content, uint32_t block);

}  // namespace reflint
