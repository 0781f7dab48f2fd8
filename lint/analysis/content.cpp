#include "lint/analysis/content.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <unordered_map>

#include "lint/text/ascii.h"

namespace reflint {
namespace {

// Classes and ids are read as words: "c-article-author-list" is {c, article, author, list},
// "commentBody" is {comment, body}. A word names a role; so does a whole token written without
// separators ("pullquote", "commentlist").
const std::unordered_map<std::string_view, BlockRole>& role_words() {
  static const std::unordered_map<std::string_view, BlockRole> kWords = [] {
    std::unordered_map<std::string_view, BlockRole> words;
    const auto add = [&](BlockRole role, std::initializer_list<std::string_view> list) {
      for (const std::string_view word : list) words.emplace(word, role);
    };
    add(BlockRole::comment, {"comment",    "comments",    "commentlist",  "commentary-list", "disqus",
                             "pingback",   "pingbacks",   "trackback",    "trackbacks",      "replies",
                             "respond",    "topicpost",   "poststream",   "usercomments",    "kommentar",
                             "kommentare", "commentaire", "commentaires", "comentario",      "comentarios"});
    add(BlockRole::byline, {"author", "authors", "byline", "bylines", "contrib", "contribs", "contributor",
                            "contributors", "affiliation", "affiliations", "aff", "affl", "affil", "affils",
                            "correspondence", "corresp", "orcid", "authorinfo", "bio"});
    add(BlockRole::declaration, {"declaration",
                                 "declarations",
                                 "competing",
                                 "conflict",
                                 "conflicts",
                                 "coi",
                                 "funding",
                                 "license",
                                 "licence",
                                 "licensing",
                                 "copyright",
                                 "permissions",
                                 "disclaimer",
                                 "disclosure",
                                 "disclosures",
                                 "ethics",
                                 "acknowledgments",
                                 "acknowledgements",
                                 "acknowledgment",
                                 "acknowledgement",
                                 "ack",
                                 "acks",
                                 "howtocite",
                                 "citeas",
                                 "articleinfo",
                                 "articlemeta",
                                 "articleinformation",
                                 "openaccess",
                                 "cit"});
    add(BlockRole::caption,
        {"caption",   "captions",  "figcaption", "thumbcaption",  "gallerytext", "legend",
         "legends",   "fig",       "figure",     "figures",       "credit",      "credits",
         "tablewrap", "figs",      "addfile",    "supplementary", "supplement",  "slider",
         "slides",    "slideshow", "carousel",   "gallery"});
    add(BlockRole::pull_quote, {"pullquote", "pullquotes", "blockquotepull"});
    add(BlockRole::embed, {"twittertweet", "twitter", "tweet", "instagrammedia", "instagram", "tiktokembed",
                           "fbpost", "embed", "embedded", "oembed"});
    add(BlockRole::peer_review,
        {"decisionletter", "authorresponse", "peerreview", "referee", "referees", "reviewer", "reviewers"});
    add(BlockRole::related,
        {"related", "teaser", "teasers", "recommended", "recommendations", "trending", "popular", "mostread",
         "mostpopular", "readmore", "morestories", "outbrain", "taboola", "alsoread", "readnext", "upnext"});
    add(BlockRole::share, {"share", "sharing", "social", "sharebar", "addthis", "shariff", "sns"});
    add(BlockRole::promo,
        {"cookie",       "cookies",       "consent",  "gdpr",     "newsletter",    "newsletters", "subscribe",
         "subscription", "subscriptions", "signup",   "paywall",  "promo",         "promos",      "promotion",
         "ad",           "ads",           "advert",   "adverts",  "advertisement", "advertising", "sponsor",
         "sponsored",    "optin",         "donate",   "donation", "membership",    "paid",        "paidbox",
         "buybutton",    "shop",          "checkout", "modal",    "popup",         "lightbox",    "alert"});
    add(BlockRole::navigation,
        {"nav", "navbar", "navigation", "menu", "menus", "breadcrumb", "breadcrumbs", "pagination", "pager"});
    add(BlockRole::page_header, {"masthead", "topbar"});
    add(BlockRole::page_footer, {"footer", "colophon"});
    add(BlockRole::sidebar, {"sidebar", "widget", "widgets", "rail", "sidebox", "infobox"});
    return words;
  }();
  return kWords;
}

// Words after one of these describe a state or a taxonomy, not the element's content:
// "has-sidebar", "no-comments", "layout-w-sidebar", "tag-social-media", "flag-unfollowComments-on".
constexpr std::string_view kModifierWords[] = {
    "has", "with",   "w",       "no",       "without", "show", "hide", "is",
    "js",  "enable", "disable", "can",      "and",     "tag",  "tags", "category",
    "cat", "format", "status",  "taxonomy", "term",    "type", "flag",
};

// Tokens of the elements that publishers and CMSs put the article's body in.
constexpr std::string_view kBodyTokens[] = {
    "articlebody",  "articlecontent", "articletext", "articlefulltext", "entrycontent",
    "entrybody",    "postcontent",    "postbody",    "posttext",        "storybody",
    "storycontent", "storytext",      "contentbody", "fulltext",        "bodytext",
    "maincontent",  "articlesection", "htmlbody",    "jatsbody",
};

std::vector<std::string> words_of(std::string_view token) {
  std::vector<std::string> words;
  std::string word;
  for (size_t i = 0; i < token.size(); ++i) {
    const char c = token[i];
    if (!is_ascii_alnum(c)) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
      continue;
    }
    // camelCase: a capital after a lower-case letter starts a word.
    if (c >= 'A' && c <= 'Z' && i > 0 && is_ascii_lower(token[i - 1]) && !word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
    word.push_back(ascii_lower(c));
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

template <typename Visit>
void for_each_token(std::string_view list, Visit&& visit) {
  while (!list.empty()) {
    const size_t start = list.find_first_not_of(" \t\n\r\f");
    if (start == std::string_view::npos) break;
    list.remove_prefix(start);
    const size_t end = std::min(list.find_first_of(" \t\n\r\f"), list.size());
    visit(list.substr(0, end));
    list.remove_prefix(end);
  }
}

struct TokenVerdict {
  BlockRole role = BlockRole::article;
  bool body = false;  // a token of the article's body element
};

TokenVerdict read_token(std::string_view token) {
  // A BEM modifier ("TestReport__Section--Ads", "card--sponsored") is a variant of the element,
  // not what it is.
  if (const size_t modifier = token.find("--"); modifier != std::string_view::npos && modifier > 0)
    token = token.substr(0, modifier);
  std::vector<std::string> words = words_of(token);
  if (words.empty()) return {};
  std::string joined;
  for (const std::string& word : words) joined += word;
  // BEM namespaces ("c-article-body", "o-story__body") do not change what a token names.
  std::string unprefixed;
  for (size_t i = words[0].size() == 1 ? 1 : 0; i < words.size(); ++i) unprefixed += words[i];
  for (const std::string_view body : kBodyTokens) {
    if (joined == body || unprefixed == body) return {BlockRole::article, true};
  }
  const auto modifier = std::find_if(words.begin(), words.end(), [](const std::string& word) {
    return std::find(std::begin(kModifierWords), std::end(kModifierWords), word) != std::end(kModifierWords);
  });
  if (modifier == words.begin()) return {};
  const bool stated = modifier != words.end();
  words.erase(modifier, words.end());
  const auto& table = role_words();
  if (stated) joined.clear();
  if (const auto found = table.find(joined); found != table.end()) return {found->second, false};
  for (const std::string& word : words) {
    if (const auto found = table.find(word); found != table.end()) return {found->second, false};
  }
  return {};
}

bool contains_ascii_lower(std::string_view text, std::string_view needle) {
  return lower_ascii(text).find(needle) != std::string::npos;
}

struct ElementVerdict {
  BlockRole role = BlockRole::article;
  bool from_class = false;  // decided by class or id words (weaker than tag, role or microdata)
  bool body = false;
};

/// read_token's verdicts for one page: a page repeats a few hundred class tokens on thousands of
/// elements. Keys view the Document's attribute values, which outlive the classification.
class TokenVerdicts {
 public:
  TokenVerdict of(std::string_view token) {
    const auto [known, added] = verdicts_.try_emplace(token);
    if (added) known->second = read_token(token);
    return known->second;
  }

 private:
  std::unordered_map<std::string_view, TokenVerdict> verdicts_;
};

ElementVerdict read_element(const Element& element, TokenVerdicts& token_verdicts) {
  const std::string_view tag = element.tag;
  // Classes of the root elements describe the page (its template, its feature flags).
  if (tag == "html" || tag == "body") return {};
  TokenVerdict words;
  const auto read = [&](std::string_view token) {
    const TokenVerdict token_verdict = token_verdicts.of(token);
    if (token_verdict.body) words.body = true;
    if (words.role == BlockRole::article) words.role = token_verdict.role;
  };
  if (const std::string* classes = element.attribute("class")) for_each_token(*classes, read);
  if (const std::string* id = element.attribute("id")) read(*id);
  // A tag that is furniture in itself, more precisely named by its class ("<aside class=pull-quote>").
  const auto furniture_tag = [&](BlockRole role) -> ElementVerdict {
    return {words.role != BlockRole::article && !words.body ? words.role : role};
  };
  if (tag == "nav") return furniture_tag(BlockRole::navigation);
  if (tag == "aside") return furniture_tag(BlockRole::sidebar);
  if (tag == "figure" || tag == "figcaption" || tag == "caption") return furniture_tag(BlockRole::caption);
  if (tag == "dialog") return furniture_tag(BlockRole::promo);
  if (const std::string* itemtype = element.attribute("itemtype")) {
    if (contains_ascii_lower(*itemtype, "schema.org/comment") ||
        contains_ascii_lower(*itemtype, "schema.org/usercomments")) {
      return {BlockRole::comment};
    }
  }
  if (const std::string* itemprop = element.attribute("itemprop")) {
    const std::string prop = lower_ascii(*itemprop);
    if (prop == "comment") return {BlockRole::comment};
    if (prop == "articlebody") return {BlockRole::article, false, true};
    if (prop == "author" || prop == "creator") return {BlockRole::byline};
  }
  if (const std::string* role = element.attribute("role")) {
    const std::string value = lower_ascii(*role);
    if (value == "navigation" || value == "menubar" || value == "menu") return {BlockRole::navigation};
    if (value == "complementary") return furniture_tag(BlockRole::sidebar);
    if (value == "dialog" || value == "alertdialog") return {BlockRole::promo};
    if (value == "main") return {BlockRole::article, false, true};
  }
  if (words.body) return {BlockRole::article, false, true};
  const bool from_class = words.role != BlockRole::article;
  return {words.role, from_class, tag == "main" || tag == "article"};
}

/// The role of the section a heading opens: "Competing interests" opens a declaration, "12
/// Comments" a comment thread.
BlockRole heading_role(std::string_view heading) {
  struct HeadingPattern {
    BlockRole role;
    const char* pattern;
  };
  static const std::array<std::pair<BlockRole, std::unique_ptr<RE2>>, 7> kPatterns = [] {
    const HeadingPattern patterns[] = {
        {BlockRole::comment,
         R"((?i)^(?:\d+\s+)?(?:comments?|responses?|repl(?:y|ies)|reader comments|leave a (?:reply|comment)|)"
         R"(join the discussion|thoughts on\b|kommentare?|commentaires?|comentarios?|commenti|reacties)\b)"},
        {BlockRole::declaration,
         R"((?i)^(?:acknowledge?ments?|funding|financial (?:support|disclosure)|competing interests?|)"
         R"(conflicts? of interests?|declaration of (?:competing )?interests?|declarations?|ethics|)"
         R"(ethical (?:approval|statement)|consent for publication|data availability|availability of data|)"
         R"(rights and permissions|copyright|licen[cs]e|disclosures?|about this article|additional information|)"
         R"(open access\b|)"
         R"(publisher'?s note|how to cite|cite this article|author contributions?|contributions|)"
         R"(credit authorship|danksagung|remerciements)\b)"},
        {BlockRole::byline,
         R"((?i)^(?:author information|authors? and affiliations|affiliations|about the authors?|)"
         R"(corresponding authors?|author details|authors?)$)"},
        {BlockRole::caption,
         R"((?i)^(?:supplementary (?:information|materials?|data|files?)|supporting information|)"
         R"(additional files?|electronic supplementary material)\b)"},
        {BlockRole::related,
         R"((?i)^(?:related (?:articles?|stories|posts|content|reading|coverage)|you (?:may|might) also like|)"
         R"(recommended|more from\b|more stories|read more|read next|most (?:read|popular)|trending|)"
         R"(weitere artikel|das könnte sie auch interessieren))"},
        {BlockRole::promo, R"((?i)^(?:newsletter|subscribe|sign up\b|support (?:us|our)))"},
        {BlockRole::peer_review,
         R"((?i)^(?:decision letter|author response|authors' response|peer review|reviewer #?\d|reviewers?'? )"
         R"((?:comments|reports?)|referee reports?|review history|editor'?s evaluation|evaluation summary))"},
    };
    std::array<std::pair<BlockRole, std::unique_ptr<RE2>>, 7> compiled;
    for (size_t i = 0; i < compiled.size(); ++i)
      compiled[i] = {patterns[i].role, std::make_unique<RE2>(patterns[i].pattern)};
    return compiled;
  }();
  // "7. Funding", "§ Comments": numbering and marks before the words do not count.
  size_t start = 0;
  while (start < heading.size() && (is_ascii_digit(heading[start]) || heading[start] == '.' ||
                                    heading[start] == ' ' || heading[start] == ')')) {
    ++start;
  }
  const std::string_view words =
      start < heading.size() && start > 0 && heading[start - 1] == ' ' ? heading.substr(start) : heading;
  for (const auto& [role, pattern] : kPatterns) {
    if (RE2::PartialMatch(words, *pattern)) return role;
  }
  return BlockRole::article;
}

/// Templates every publisher prints whatever the markup around them: licence and copyright lines
/// and paywall notices.
BlockRole template_role(std::string_view text) {
  static const RE2 kDeclaration(
      R"((?i)^(?:copyright\b|©|\(c\)\s*\d{4})|distributed under the terms of|creative commons (?:attribution|licen)|)"
      R"(this is an open[- ]access article|all rights reserved|this (?:article|work) is licensed under)");
  static const RE2 kPromo(
      R"((?i)this is a preview of subscription content|log in (?:via|through) (?:an|your) institution|)"
      R"(sign up for (?:our|the) newsletter|subscribe (?:now|today) (?:to|for|and))");
  if (RE2::PartialMatch(text, kDeclaration)) return BlockRole::declaration;
  if (RE2::PartialMatch(text, kPromo)) return BlockRole::promo;
  return BlockRole::article;
}

bool is_prose(const TextBlock& block) {
  switch (block.kind) {
    case BlockKind::paragraph:
    case BlockKind::list_item:
    case BlockKind::blockquote:
    case BlockKind::definition_description:
    case BlockKind::bare_text:
      return true;
    default:
      return false;
  }
}

/// Text bytes of each block that are prose, not link text.
std::vector<size_t> prose_bytes(const Document& document) {
  std::vector<size_t> link_bytes(document.blocks().size(), 0);
  for (const Link& link : document.links()) {
    if (link.block < link_bytes.size()) link_bytes[link.block] += link.text_end - link.text_begin;
  }
  std::vector<size_t> prose(document.blocks().size(), 0);
  for (size_t i = 0; i < prose.size(); ++i) {
    const TextBlock& block = document.blocks()[i];
    if (is_prose(block)) prose[i] = block.text.size() - std::min(block.text.size(), link_bytes[i]);
  }
  return prose;
}

/// Sums per element the prose of the blocks inside it (elements are stored parents first).
std::vector<size_t> subtree_prose(const Document& document, const std::vector<size_t>& prose,
                                  const std::vector<bool>& counted) {
  const std::vector<Element>& elements = document.elements();
  std::vector<size_t> sums(elements.size(), 0);
  for (size_t i = 0; i < prose.size(); ++i) {
    const uint32_t element = document.blocks()[i].element;
    if (counted[i] && element < sums.size()) sums[element] += prose[i];
  }
  for (size_t i = elements.size(); i-- > 0;) {
    if (elements[i].parent < sums.size()) sums[elements[i].parent] += sums[i];
  }
  return sums;
}

// A class-word verdict on an element holding more than this share of the page's prose is a
// wrapper's name ("page-with-sidebar"), not the element's content; comments are exempt, since a
// long thread can outweigh a short post.
constexpr double kWrapperShare = 0.5;
// With no body element marked, the article is the deepest element holding this share of the prose
// that is not furniture.
constexpr double kArticleShare = 0.85;
// A marked body element is the article when it holds this share of that prose.
constexpr double kBodyShare = 0.6;
// Below this much prose a page has no article to find.
constexpr size_t kMinProse = 400;

}  // namespace

std::string_view to_string(BlockRole role) {
  switch (role) {
    case BlockRole::article:
      return "article";
    case BlockRole::navigation:
      return "navigation";
    case BlockRole::page_header:
      return "page-header";
    case BlockRole::page_footer:
      return "page-footer";
    case BlockRole::sidebar:
      return "sidebar";
    case BlockRole::comment:
      return "comment";
    case BlockRole::byline:
      return "byline";
    case BlockRole::declaration:
      return "declaration";
    case BlockRole::caption:
      return "caption";
    case BlockRole::pull_quote:
      return "pull-quote";
    case BlockRole::embed:
      return "embed";
    case BlockRole::peer_review:
      return "peer-review";
    case BlockRole::related:
      return "related";
    case BlockRole::share:
      return "share";
    case BlockRole::promo:
      return "promo";
    case BlockRole::outside_article:
      return "outside-article";
  }
  return "?";
}

ContentModel classify_content(const Document& document, const std::vector<bool>& reference_entries) {
  const std::vector<Element>& elements = document.elements();
  const std::vector<TextBlock>& blocks = document.blocks();
  const std::vector<size_t> prose = prose_bytes(document);
  const std::vector<size_t> all_prose =
      subtree_prose(document, prose, std::vector<bool>(blocks.size(), true));
  size_t page_prose = 0;
  for (const size_t bytes : prose) page_prose += bytes;

  std::vector<ElementVerdict> verdicts;
  verdicts.reserve(elements.size());
  std::vector<uint32_t> bodies;
  TokenVerdicts token_verdicts;
  for (uint32_t i = 0; i < elements.size(); ++i) {
    verdicts.push_back(read_element(elements[i], token_verdicts));
    if (verdicts.back().body && verdicts.back().role == BlockRole::article) bodies.push_back(i);
  }
  // A wrapper of the article's body is not furniture, whatever its classes say.
  for (const uint32_t body : bodies) {
    for (uint32_t at = body; at != kNoIndex; at = elements[at].parent) {
      if (at != body && verdicts[at].role != BlockRole::comment) verdicts[at].role = BlockRole::article;
    }
  }
  for (uint32_t i = 0; i < elements.size(); ++i) {
    ElementVerdict& verdict = verdicts[i];
    if (verdict.from_class && verdict.role != BlockRole::comment &&
        static_cast<double>(all_prose[i]) > kWrapperShare * static_cast<double>(page_prose)) {
      verdict.role = BlockRole::article;
    }
  }
  // Each element takes the verdict of its nearest furniture ancestor-or-self.
  std::vector<BlockRole> element_roles(elements.size(), BlockRole::article);
  std::vector<uint32_t> element_sources(elements.size(), kNoIndex);
  for (uint32_t i = 0; i < elements.size(); ++i) {
    const uint32_t parent = elements[i].parent;
    if (verdicts[i].role != BlockRole::article) {
      element_roles[i] = verdicts[i].role;
      element_sources[i] = i;
    } else if (parent < elements.size()) {
      element_roles[i] = element_roles[parent];
      element_sources[i] = element_sources[parent];
    }
  }

  std::vector<BlockRole> roles(blocks.size(), BlockRole::article);
  std::vector<RoleSource> sources(blocks.size());
  // Section headings: the role lasts until a heading of the same or a higher level.
  // It lasts no further than the heading's container: a widget's "Most popular" heading ends with
  // the widget.
  BlockRole section_role = BlockRole::article;
  uint32_t section_heading = kNoIndex;
  uint32_t section_end = 0;
  uint8_t section_level = 0;
  for (uint32_t i = 0; i < blocks.size(); ++i) {
    const TextBlock& block = blocks[i];
    if (i >= section_end) section_role = BlockRole::article;
    if (block.kind == BlockKind::heading && block.text.size() < 120) {
      if (section_role != BlockRole::article && block.heading_level <= section_level)
        section_role = BlockRole::article;
      if (section_role == BlockRole::article) {
        const BlockRole role = heading_role(block.text);
        if (role != BlockRole::article) {
          section_role = role;
          section_heading = i;
          section_level = block.heading_level;
          // A wrapper holding only the heading ("<div class=title><h2>…</h2></div>") is not the
          // section's container.
          uint32_t container = block.element < elements.size() ? elements[block.element].parent : kNoIndex;
          while (container < elements.size() && elements[container].end_block <= i + 1)
            container = elements[container].parent;
          section_end = container < elements.size() ? elements[container].end_block
                                                    : static_cast<uint32_t>(blocks.size());
        }
      }
    }
    if (reference_entries[i]) continue;
    // A block whose whole text sits in one inline element ("<li><span class=credit>…") has its role.
    uint32_t decided_by = block.element;
    for (const InlineSpan& span : block.spans) {
      if (span.text_begin == 0 && span.text_end == block.text.size() && span.element < elements.size() &&
          element_roles[span.element] != BlockRole::article) {
        decided_by = span.element;
      }
    }
    if (decided_by < elements.size() && element_roles[decided_by] != BlockRole::article) {
      roles[i] = element_roles[decided_by];
      sources[i] = {RoleSource::element, element_sources[decided_by]};
    } else if (block.in(kInNav | kInHeader | kInFooter | kInAside | kInFigure)) {
      roles[i] = block.in(kInNav)      ? BlockRole::navigation
                 : block.in(kInHeader) ? BlockRole::page_header
                 : block.in(kInFooter) ? BlockRole::page_footer
                 : block.in(kInAside)  ? BlockRole::sidebar
                                       : BlockRole::caption;
      sources[i] = {RoleSource::context, kNoIndex};
    } else if (section_role != BlockRole::article) {
      roles[i] = section_role;
      sources[i] = {RoleSource::heading, section_heading};
    } else if (const BlockRole role = template_role(block.text); role != BlockRole::article) {
      roles[i] = role;
      sources[i] = {RoleSource::text, i};
    }
  }

  // The article's element: a marked body holding most of the prose left, or else the deepest
  // element holding nearly all of it.
  std::vector<bool> unmarked(blocks.size());
  size_t unmarked_prose = 0;
  for (uint32_t i = 0; i < blocks.size(); ++i) {
    unmarked[i] = roles[i] == BlockRole::article;
    if (unmarked[i]) unmarked_prose += prose[i];
  }
  uint32_t root = kNoIndex;
  if (unmarked_prose >= kMinProse) {
    const std::vector<size_t> article_prose = subtree_prose(document, prose, unmarked);
    const auto share = [&](uint32_t element) {
      return static_cast<double>(article_prose[element]) / static_cast<double>(unmarked_prose);
    };
    for (const uint32_t body : bodies) {
      if (element_roles[body] == BlockRole::article && share(body) >= kBodyShare &&
          (root == kNoIndex || article_prose[body] > article_prose[root])) {
        root = body;
      }
    }
    if (root == kNoIndex) {
      for (uint32_t i = 0; i < elements.size(); ++i) {
        if (share(i) >= kArticleShare && (root == kNoIndex || elements[i].depth > elements[root].depth))
          root = i;
      }
    }
    if (root != kNoIndex && (elements[root].tag == "body" || elements[root].tag == "html")) root = kNoIndex;
  }
  if (root != kNoIndex) {
    const Element& article = elements[root];
    for (uint32_t i = 0; i < blocks.size(); ++i) {
      const bool inside = i >= article.first_block && i < article.end_block;
      if (!inside && roles[i] == BlockRole::article && !reference_entries[i]) {
        roles[i] = BlockRole::outside_article;
        sources[i] = {RoleSource::outside, root};
      }
    }
  }
  size_t quoted_prose = 0;
  for (uint32_t i = 0; i < blocks.size(); ++i) quoted_prose += blocks[i].in(kInBlockquote) ? prose[i] : 0;
  const bool blockquotes_are_layout =
      page_prose > 0 && static_cast<double>(quoted_prose) >= kWrapperShare * static_cast<double>(page_prose);
  return {std::move(roles), std::move(sources), root, blockquotes_are_layout};
}

std::string describe_role_source(const Document& document, const ContentModel& content, uint32_t block) {
  const auto describe = [&](uint32_t element_index) {
    const Element& element = document.elements()[element_index];
    std::string text = element.tag;
    if (const std::string* id = element.attribute("id"); id != nullptr && !id->empty()) text += "#" + *id;
    if (const std::string* classes = element.attribute("class")) {
      for_each_token(*classes, [&](std::string_view token) {
        text += '.';
        text += token;
      });
    }
    for (const char* name : {"itemprop", "itemtype", "role"}) {
      if (const std::string* value = element.attribute(name)) text += fmt::format("[{}={}]", name, *value);
    }
    return text;
  };
  const RoleSource source = content.source(block);
  switch (source.kind) {
    case RoleSource::none:
      return {};
    case RoleSource::element:
      return describe(source.index);
    case RoleSource::text:
      return "its text is a licence, copyright or paywall template";
    case RoleSource::context:
      return "inside a page header, footer, navigation, aside or figure";
    case RoleSource::heading:
      return fmt::format("heading \"{}\"", document.blocks()[source.index].text);
    case RoleSource::outside:
      return "outside " + describe(source.index);
  }
  return {};
}

}  // namespace reflint
