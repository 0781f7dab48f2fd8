#include "rules/quotes/quote_sources.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "lint/model/build.h"
#include "lint/model/citations.h"
#include "lint/model/doi.h"

namespace reflint {
namespace {

bool is_name_character(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-';
}

/// `text` with every run of other characters replaced by `replacement`, none at the ends.
std::string slug(std::string_view text, char replacement, bool keep_dots_and_dashes) {
  std::string result;
  bool pending = false;
  for (const char c : text) {
    const bool keep =
        keep_dots_and_dashes ? is_name_character(c) : std::isalnum(static_cast<unsigned char>(c)) != 0;
    if (!keep) {
      pending = !result.empty();
      continue;
    }
    if (pending) result += replacement;
    pending = false;
    result += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return result;
}

std::optional<std::string> read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

/// The readable text of an HTML page: its blocks outside navigation, headers, footers and code.
std::string page_text(const std::string& name, const std::string& html) {
  const std::unique_ptr<Document> page = build_document(name, html);
  std::string text;
  for (const TextBlock& block : page->blocks()) {
    if (block.in(kPageChrome | kInCode)) continue;
    text += block.text;
    text += '\n';
  }
  return text;
}

}  // namespace

std::string doi_source_name(std::string_view doi) {
  std::string name = doi_key(doi);
  for (char& c : name) {
    if (c == '/') c = '_';
  }
  return name;
}

std::string url_source_name(std::string_view url) {
  if (const size_t scheme = url.find("://"); scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
  if (url.starts_with("www.")) url.remove_prefix(4);
  return slug(url, '_', true);
}

std::string author_year_source_name(std::string_view first_author, int year) {
  if (first_author.empty() || year == 0) return {};
  return slug(fold_for_comparison(first_author), '-', false) + "-" + std::to_string(year);
}

std::optional<LoadedSource> QuoteSources::for_entry(const ReferenceEntry& entry) {
  for (const std::string& doi : entry.dois) {
    if (auto source = for_doi(doi)) return source;
  }
  for (const std::string& url : entry.urls) {
    if (auto source = for_url(url)) return source;
  }
  const std::string name = author_year_source_name(entry.first_author, entry.year);
  return name.empty() ? std::nullopt : load(name);
}

std::optional<LoadedSource> QuoteSources::for_doi(std::string_view doi) {
  return load(doi_source_name(doi));
}

std::optional<LoadedSource> QuoteSources::for_url(std::string_view url) {
  const std::string name = url_source_name(url);
  return name.empty() ? std::nullopt : load(name);
}

std::optional<LoadedSource> QuoteSources::load(const std::string& name) {
  if (directory_.empty() || name.empty()) return std::nullopt;
  if (const auto it = loaded_.find(name); it != loaded_.end()) return it->second;
  std::optional<LoadedSource> loaded;
  const std::filesystem::path base = std::filesystem::path(directory_) / name;
  if (const auto text = read_text_file(base.string() + ".txt")) {
    loaded = LoadedSource{std::make_shared<const SourceText>(*text), "local file " + name + ".txt"};
  } else if (const auto html = read_text_file(base.string() + ".html")) {
    loaded = LoadedSource{std::make_shared<const SourceText>(page_text(name + ".html", *html)),
                          "local file " + name + ".html"};
  }
  loaded_.emplace(name, loaded);
  return loaded;
}

}  // namespace reflint
