#include "lint/cli/fixes.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace reflint {
namespace {

namespace fs = std::filesystem;

struct Replacement {
  uint32_t begin = 0;
  uint32_t end = 0;
  const std::string* text = nullptr;
  const std::string* expected = nullptr;  // the source text the fix was made for
  size_t finding = 0;
};

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end + 1 - start));
    start = end + 1;
  }
  return lines;
}

/// The 0-based line of byte `offset`.
size_t line_of(const std::vector<size_t>& line_starts, size_t offset) {
  return static_cast<size_t>(std::upper_bound(line_starts.begin(), line_starts.end(), offset) -
                             line_starts.begin()) -
         1;
}

std::vector<size_t> line_starts_of(std::string_view text) {
  std::vector<size_t> starts = {0};
  for (size_t at = text.find('\n'); at != std::string_view::npos; at = text.find('\n', at + 1))
    starts.push_back(at + 1);
  return starts;
}

}  // namespace

FixPlan plan_fixes(const std::vector<Finding>& findings, const std::vector<std::string>& files, bool unsafe) {
  FixPlan plan;
  const std::set<std::string> linted(files.begin(), files.end());
  std::map<std::string, std::vector<Replacement>> by_file;
  for (size_t index = 0; index < findings.size(); ++index) {
    const std::vector<Fix>& fixes = findings[index].fixes;
    if (!unsafe && std::any_of(fixes.begin(), fixes.end(), [](const Fix& fix) { return !fix.safe; }))
      continue;
    for (const Fix& fix : fixes) {
      by_file[fix.location.path].push_back(
          {fix.location.range.begin, fix.location.range.end, &fix.replacement, &fix.location.snippet, index});
    }
  }
  std::set<size_t> failed;
  std::map<size_t, size_t> applied;  // finding -> fixes applied
  for (auto& [path, replacements] : by_file) {
    std::error_code error;
    if (!linted.contains(path) || !fs::is_regular_file(path, error)) {
      plan.problems.push_back(fmt::format("{}: not a file this run linted; its fixes are not applied", path));
      for (const Replacement& replacement : replacements) failed.insert(replacement.finding);
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    FileEdit edit{path, bytes.str(), "", {}};
    std::stable_sort(replacements.begin(), replacements.end(),
                     [](const Replacement& a, const Replacement& b) { return a.begin < b.begin; });
    size_t copied = 0;
    for (const Replacement& replacement : replacements) {
      const bool in_place =
          replacement.end <= edit.before.size() &&
          std::string_view(edit.before).substr(replacement.begin, replacement.end - replacement.begin) ==
              *replacement.expected;
      if (replacement.begin < copied || !in_place) {
        plan.problems.push_back(
            fmt::format("{}: a fix at byte {} was left out ({})", path, replacement.begin,
                        in_place ? "it overlaps another fix"
                                 : "the text it fixes is not there: the file changed, or is not UTF-8"));
        failed.insert(replacement.finding);
        continue;
      }
      edit.after.append(edit.before, copied, replacement.begin - copied);
      const size_t new_begin = edit.after.size();
      edit.after += *replacement.text;
      edit.spans.push_back({replacement.begin, replacement.end, new_begin, edit.after.size()});
      copied = replacement.end;
      ++applied[replacement.finding];
    }
    edit.after.append(edit.before, copied);
    if (edit.after != edit.before) plan.edits.push_back(std::move(edit));
  }
  for (const auto& [finding, count] : applied) {
    if (!failed.contains(finding)) plan.fixed.push_back(finding);
  }
  return plan;
}

std::string unified_diff(const FileEdit& edit) {
  constexpr size_t kContext = 3;
  const std::vector<std::string_view> old_lines = split_lines(edit.before);
  const std::vector<std::string_view> new_lines = split_lines(edit.after);
  const std::vector<size_t> old_starts = line_starts_of(edit.before);
  const std::vector<size_t> new_starts = line_starts_of(edit.after);
  // Whole lines: the lines holding a fix's bytes, and the line its end falls on (the rest of
  // that line follows the replacement), become the lines holding the replacement. Fixes sharing
  // a line are one change.
  struct Change {
    size_t old_begin, old_end, new_begin, new_end;  // half-open line ranges
  };
  const auto last_line = [](const std::vector<std::string_view>& lines, const std::vector<size_t>& starts,
                            size_t offset) {
    return std::min(line_of(starts, offset), std::max<size_t>(lines.size(), 1) - 1);
  };
  std::vector<Change> changes;
  for (const FileEdit::Span& span : edit.spans) {
    Change change{line_of(old_starts, span.old_begin), last_line(old_lines, old_starts, span.old_end) + 1,
                  line_of(new_starts, span.new_begin), last_line(new_lines, new_starts, span.new_end) + 1};
    change.old_end = std::min(change.old_end, old_lines.size());
    change.new_end = std::min(change.new_end, new_lines.size());
    if (!changes.empty() && change.old_begin < changes.back().old_end) {
      changes.back().old_end = std::max(changes.back().old_end, change.old_end);
      changes.back().new_end = std::max(changes.back().new_end, change.new_end);
    } else {
      changes.push_back(change);
    }
  }
  // git's a/ and b/ prefixes for a relative path (git apply and patch -p1 take it); an absolute
  // one as it is.
  const fs::path path = fs::path(edit.path).lexically_normal();
  const std::string shown = path.generic_string();
  std::string diff = path.is_absolute() ? fmt::format("--- {0}\n+++ {0}\n", shown)
                                        : fmt::format("--- a/{0}\n+++ b/{0}\n", shown);
  const auto line = [&](char mark, std::string_view text) {
    diff += mark;
    diff += text;
    if (!text.ends_with('\n')) diff += "\n\\ No newline at end of file\n";
  };
  for (size_t first = 0; first < changes.size();) {
    size_t last = first;
    while (last + 1 < changes.size() && changes[last + 1].old_begin <= changes[last].old_end + 2 * kContext)
      ++last;
    const size_t old_begin = changes[first].old_begin - std::min(kContext, changes[first].old_begin);
    const size_t old_end = std::min(old_lines.size(), changes[last].old_end + kContext);
    const size_t new_begin = changes[first].new_begin - (changes[first].old_begin - old_begin);
    const size_t new_end = changes[last].new_end + (old_end - changes[last].old_end);
    diff += fmt::format("@@ -{},{} +{},{} @@\n", old_end > old_begin ? old_begin + 1 : old_begin,
                        old_end - old_begin, new_end > new_begin ? new_begin + 1 : new_begin,
                        new_end - new_begin);
    size_t at = old_begin;
    for (size_t c = first; c <= last; ++c) {
      for (; at < changes[c].old_begin; ++at) line(' ', old_lines[at]);
      for (size_t i = changes[c].old_begin; i < changes[c].old_end; ++i) line('-', old_lines[i]);
      for (size_t i = changes[c].new_begin; i < changes[c].new_end; ++i) line('+', new_lines[i]);
      at = changes[c].old_end;
    }
    for (; at < old_end; ++at) line(' ', old_lines[at]);
    first = last + 1;
  }
  return diff;
}

std::string write_edit(const FileEdit& edit) {
  const fs::path target(edit.path);
  const fs::path temporary =
      target.parent_path() / fmt::format(".{}.reflint-fix-{}", target.filename().string(), ::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << edit.after;
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      return fmt::format("{}: cannot write the fixed file beside it", edit.path);
    }
  }
  std::error_code error;
  fs::permissions(temporary, fs::status(target, error).permissions(), error);
  fs::rename(temporary, target, error);
  if (error) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    return fmt::format("{}: cannot replace it with the fixed file: {}", edit.path, error.message());
  }
  return "";
}

}  // namespace reflint
