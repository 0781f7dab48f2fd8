// The layers as CMakeLists.txt declares them (reflint_layer(NAME FOLDER PUBLIC ... PRIVATE ...)):
// the graph is acyclic, every source file includes only its own layer and the layers it links
// (directly, or through a PUBLIC link of those), and each third-party library that a layer wraps is
// included by that layer alone. The build enforces the first rule too (a layer's include path holds
// only what it links); this test names the file and the include when it breaks.

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace reflint {
namespace {
namespace fs = std::filesystem;

struct Layer {
  std::string folder;                    // "lint/net", "rules"
  std::vector<std::string> public_deps;  // other layers, by target name
  std::vector<std::string> private_deps;
};

/// The reflint_layer() calls of CMakeLists.txt, by target name.
std::map<std::string, Layer> declared_layers() {
  const std::string cmake = testing::read_file(testing::source_dir() / "CMakeLists.txt");
  std::map<std::string, Layer> layers;
  for (size_t at = cmake.find("\nreflint_layer("); at != std::string::npos;
       at = cmake.find("\nreflint_layer(", at + 1)) {
    const size_t open = cmake.find('(', at);
    std::istringstream arguments(cmake.substr(open + 1, cmake.find(')', open) - open - 1));
    std::string name;
    Layer layer;
    arguments >> name >> layer.folder;
    std::vector<std::string>* deps = nullptr;
    for (std::string word; arguments >> word;) {
      if (word == "PUBLIC") deps = &layer.public_deps;
      if (word == "PRIVATE") deps = &layer.private_deps;
      if (deps != nullptr && word.starts_with("reflint_")) deps->push_back(word);
    }
    layers.emplace(name, std::move(layer));
  }
  return layers;
}

/// The layers whose headers `name`'s sources may include: itself, what it links, and what those
/// export through PUBLIC links.
std::set<std::string> visible_layers(const std::map<std::string, Layer>& layers, const std::string& name) {
  std::set<std::string> visible{name};
  std::function<void(const std::string&)> add_public = [&](const std::string& layer) {
    if (!layers.contains(layer) || !visible.insert(layer).second) return;
    for (const std::string& dep : layers.at(layer).public_deps) add_public(dep);
  };
  const Layer& layer = layers.at(name);
  for (const std::string& dep : layer.public_deps) add_public(dep);
  for (const std::string& dep : layer.private_deps) add_public(dep);
  return visible;
}

/// The layer a repository path ("lint/net/http.h") belongs to: the one with the longest folder
/// that holds it, or "" for none.
std::string layer_of(const std::map<std::string, Layer>& layers, const std::string& path) {
  std::string found;
  size_t longest = 0;
  for (const auto& [name, layer] : layers) {
    if (path.starts_with(layer.folder + "/") && layer.folder.size() > longest) {
      found = name;
      longest = layer.folder.size();
    }
  }
  return found;
}

struct Include {
  std::string path;
  bool angled = false;
  int line = 0;
};

std::vector<Include> includes_of(const fs::path& file) {
  std::vector<Include> includes;
  std::istringstream lines(testing::read_file(file));
  int number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    if (!line.starts_with("#include ")) continue;
    const char open = line[9];
    const char close = open == '<' ? '>' : '"';
    const size_t end = line.find(close, 10);
    if ((open == '<' || open == '"') && end != std::string::npos)
      includes.push_back({line.substr(10, end - 10), open == '<', number});
  }
  return includes;
}

/// Every .h and .cpp under lint/ and rules/, as repository paths.
std::vector<std::string> product_sources() {
  std::vector<std::string> sources;
  for (const char* top : {"lint", "rules"}) {
    for (const auto& entry : fs::recursive_directory_iterator(testing::source_dir() / top)) {
      const std::string extension = entry.path().extension().string();
      if (extension == ".h" || extension == ".cpp")
        sources.push_back(fs::relative(entry.path(), testing::source_dir()).generic_string());
    }
  }
  std::sort(sources.begin(), sources.end());
  return sources;
}

TEST(Layers, CMakeDeclaresTheLayersAndTheirGraphIsAcyclic) {
  const auto layers = declared_layers();
  for (const char* name : {"reflint_text", "reflint_model", "reflint_html", "reflint_analysis", "reflint_net",
                           "reflint_engine", "reflint_report", "reflint_rules", "reflint_cli"}) {
    EXPECT_TRUE(layers.contains(name)) << name << " is not declared with reflint_layer() in CMakeLists.txt";
  }
  // Depth-first search; a layer met again while it is still on the path closes a cycle.
  std::map<std::string, int> state;  // 1 on the path, 2 done
  std::function<void(const std::string&, std::vector<std::string>&)> visit =
      [&](const std::string& name, std::vector<std::string>& path) {
        if (state[name] == 2 || !layers.contains(name)) return;
        path.push_back(name);
        ASSERT_NE(state[name], 1) << "layer cycle: " << fmt::format("{}", fmt::join(path, " -> "));
        state[name] = 1;
        const Layer& layer = layers.at(name);
        for (const auto* deps : {&layer.public_deps, &layer.private_deps}) {
          for (const std::string& dep : *deps) visit(dep, path);
        }
        state[name] = 2;
        path.pop_back();
      };
  for (const auto& [name, layer] : layers) {
    std::vector<std::string> path;
    visit(name, path);
  }
  // The direction the architecture names: the model knows nothing of parsing or analyses, the
  // network layer nothing of the model, the analyses nothing of the engine.
  const auto sees = [&](const std::string& from, const std::string& to) {
    return visible_layers(layers, from).contains(to);
  };
  EXPECT_FALSE(sees("reflint_model", "reflint_html"));
  EXPECT_FALSE(sees("reflint_model", "reflint_analysis"));
  EXPECT_FALSE(sees("reflint_net", "reflint_model"));
  EXPECT_FALSE(sees("reflint_net", "reflint_html"));
  EXPECT_FALSE(sees("reflint_analysis", "reflint_html"));
  EXPECT_FALSE(sees("reflint_analysis", "reflint_engine"));
  EXPECT_FALSE(sees("reflint_html", "reflint_analysis"));
  EXPECT_FALSE(sees("reflint_engine", "reflint_rules"));
  EXPECT_FALSE(sees("reflint_rules", "reflint_report"));
}

/// The layers the `reflint` executable (lint/cli/main.cpp) links, as CMakeLists.txt says.
std::vector<std::string> executable_layers(const std::map<std::string, Layer>& layers) {
  const std::string cmake = testing::read_file(testing::source_dir() / "CMakeLists.txt");
  const std::string call = "target_link_libraries(reflint PRIVATE";
  const size_t at = cmake.find(call);
  if (at == std::string::npos) return {};
  std::istringstream arguments(cmake.substr(at + call.size(), cmake.find(')', at) - at - call.size()));
  std::vector<std::string> linked;
  for (std::string word; arguments >> word;) {
    if (layers.contains(word)) linked.push_back(word);
  }
  return linked;
}

TEST(Layers, EverySourceIncludesOnlyTheLayersItsLayerLinks) {
  const auto layers = declared_layers();
  const std::vector<std::string> sources = product_sources();
  ASSERT_GT(sources.size(), 50u);
  for (const std::string& source : sources) {
    const std::string layer = layer_of(layers, source);
    ASSERT_FALSE(layer.empty()) << source << " belongs to no layer of CMakeLists.txt";
    std::set<std::string> visible = visible_layers(layers, layer);
    if (source == "lint/cli/main.cpp") {  // the executable: what it links
      for (const std::string& linked : executable_layers(layers))
        visible.merge(visible_layers(layers, linked));
    }
    for (const Include& include : includes_of(testing::source_dir() / source)) {
      if (include.angled || !(include.path.starts_with("lint/") || include.path.starts_with("rules/")))
        continue;
      const std::string target = layer_of(layers, include.path);
      EXPECT_TRUE(visible.contains(target)) << source << ":" << include.line << " includes " << include.path
                                            << " of " << target << ", which " << layer << " does not link";
    }
  }
}

TEST(Layers, ThirdPartyLibrariesAreIncludedByTheirOwnLayerOnly) {
  // Header prefix -> the folder allowed to include it.
  const std::vector<std::pair<std::string, std::string>> owners = {
      {"libxml/", "lint/html/"},    {"curl/", "lint/net/"},    {"sqlite3.h", "lint/net/"},
      {"utf8proc.h", "lint/text/"}, {"toml++/", "lint/core/"}, {"CLI/", "lint/cli/"},
      {"zlib.h", "lint/net/"},
  };
  for (const std::string& source : product_sources()) {
    for (const Include& include : includes_of(testing::source_dir() / source)) {
      if (!include.angled) continue;
      for (const auto& [prefix, folder] : owners) {
        EXPECT_FALSE(include.path.starts_with(prefix) && !source.starts_with(folder))
            << source << ":" << include.line << " includes <" << include.path << ">, which only " << folder
            << " may use";
      }
    }
  }
}

}  // namespace
}  // namespace reflint
