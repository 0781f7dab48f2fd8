#pragma once
// Plain text from the markup the registries send with a work's text: Crossref's JATS abstract
// fragments ("<jats:p>…</jats:p>"), Europe PMC's HTML abstractText ("<h4>Background</h4>…") and
// Europe PMC's open-access JATS articles (fullTextXML). Paragraphs, titles and list items become
// lines of their own; reference lists, tables' markup and the article's front matter other than its
// abstract are left out.

#include <string>
#include <string_view>

namespace reflint {

/// A Crossref `abstract`: a JATS fragment whose `jats:` prefix is never declared.
std::string jats_fragment_text(std::string_view fragment);
/// A Europe PMC `abstractText`: an HTML fragment.
std::string html_fragment_text(std::string_view fragment);
/// The abstract and body of a JATS <article>, as Europe PMC's fullTextXML serves it. Empty when
/// `xml` is not a JATS article.
std::string jats_article_text(std::string_view xml);

}  // namespace reflint
