#pragma once
// --fix and --diff: the fixes findings carry, applied to the files they were found in (never to
// another file, never to standard input) or shown as a unified diff.

#include <string>
#include <vector>

#include "lint/core/finding.h"

namespace reflint {

struct FileEdit {
  struct Span {
    size_t old_begin, old_end;  // the replaced bytes of `before`
    size_t new_begin, new_end;  // their replacement in `after`
  };
  std::string path;
  std::string before;       // the file's bytes as read
  std::string after;        // with the fixes applied
  std::vector<Span> spans;  // one per fix applied, in order
};

struct FixPlan {
  std::vector<FileEdit> edits;        // files that change, in path order
  std::vector<std::string> problems;  // fixes left out, each naming its file and why
  std::vector<size_t> fixed;          // indices of the findings whose fixes all apply
};

/// The edits that the fixes of `findings` make to the files among `files` (read now; a fix whose
/// text is no longer where it was found is left out, and so is one that overlaps an earlier one).
/// A finding with a suggestion among its fixes (Fix::safe false) is fixed only with `unsafe`.
FixPlan plan_fixes(const std::vector<Finding>& findings, const std::vector<std::string>& files, bool unsafe);

/// A unified diff of one edit (3 lines of context), as `diff -u` and git print it.
std::string unified_diff(const FileEdit& edit);

/// Writes the edit's new bytes in place of the file, atomically (a temporary file beside it,
/// renamed over it, with the file's permissions); an error message, or "".
std::string write_edit(const FileEdit& edit);

}  // namespace reflint
