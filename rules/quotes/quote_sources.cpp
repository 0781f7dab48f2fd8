#include "rules/quotes/quote_sources.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "lint/html/page_text.h"
#include "lint/text/doi_text.h"
#include "lint/text/unicode.h"

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

QuoteSources::QuoteSources(std::string directory, Indexer index)
    : directory_(std::move(directory)), index_(std::move(index)) {
  if (!index_) {
    index_ = [](const std::string&, std::string_view text) {
      return std::make_shared<const SourceText>(text);
    };
  }
}

std::optional<LoadedSource> QuoteSources::find(const std::vector<std::string>& dois,
                                               const std::vector<std::string>& urls,
                                               std::string_view first_author, int year) {
  for (const std::string& doi : dois) {
    if (auto source = load(doi_source_name(doi))) return source;
  }
  for (const std::string& url : urls) {
    if (auto source = load(url_source_name(url))) return source;
  }
  return load(author_year_source_name(first_author, year));
}

std::optional<LoadedSource> QuoteSources::load(const std::string& name) {
  if (directory_.empty() || name.empty()) return std::nullopt;
  if (const auto it = loaded_.find(name); it != loaded_.end()) return it->second;
  std::optional<LoadedSource> loaded;
  const std::filesystem::path base = std::filesystem::path(directory_) / name;
  if (const auto text = read_text_file(base.string() + ".txt")) {
    loaded = LoadedSource{index_("local:" + name + ".txt", *text), "local file " + name + ".txt"};
  } else if (const auto html = read_text_file(base.string() + ".html")) {
    loaded = LoadedSource{index_("local:" + name + ".html", readable_text(name + ".html", *html)),
                          "local file " + name + ".html"};
  }
  loaded_.emplace(name, loaded);
  return loaded;
}

}  // namespace reflint
