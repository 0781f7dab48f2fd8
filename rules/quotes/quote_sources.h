#pragma once
// Local source texts for quotations: files from --sources DIR, for offline and CI use.
//
// File naming in DIR (the first that exists wins; .txt is read as plain text, .html as a page whose
// main text is used, page chrome left out):
//   - a DOI: the DOI in lower case with every '/' replaced by '_':
//       10.1186/s12891-019-2668-z  ->  10.1186_s12891-019-2668-z.txt
//   - a web address: without the scheme and "www.", in lower case, every run of characters other
//     than letters, digits, '.' and '-' replaced by '_', no trailing '_':
//       https://www.example.org/papers/smith?id=2  ->  example.org_papers_smith_id_2.html
//   - a reference without DOI or address: the first author's surname (accents removed, lower case)
//     and the year:  Teirlinck CH, ... 2020  ->  teirlinck-2020.txt
//
// A local file, when there is one, is the source's whole text: the network is not asked.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/quotes/quote_match.h"

namespace reflint {

struct LoadedSource {
  std::shared_ptr<const SourceText> text;
  std::string checked;    // what was read, for messages: "local file 10.1186_x.txt"
  bool abstract = false;  // an abstract: a quotation from the work's body may be missing from it
};

/// File names a source may have in the sources folder, in the order they are tried (no extension).
std::string doi_source_name(std::string_view doi);
std::string url_source_name(std::string_view url);
std::string author_year_source_name(std::string_view first_author, int year);

/// Loads and indexes source texts for one document check; each file is read at most once.
class QuoteSources {
 public:
  /// Indexes a text read from `key` (a file name); by default each time it is called.
  using Indexer =
      std::function<std::shared_ptr<const SourceText>(const std::string& key, std::string_view text)>;
  explicit QuoteSources(std::string directory, Indexer index = {});

  /// The first file named after one of the DOIs, one of the addresses, or the author and year.
  std::optional<LoadedSource> find(const std::vector<std::string>& dois, const std::vector<std::string>& urls,
                                   std::string_view first_author, int year);

 private:
  std::optional<LoadedSource> load(const std::string& name);

  std::string directory_;
  Indexer index_;
  std::map<std::string, std::optional<LoadedSource>> loaded_;  // by name
};

}  // namespace reflint
