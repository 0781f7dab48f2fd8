#pragma once
// "Did you mean": the nearest of a few known words (rule ids, option names) to a mistyped one.

#include <string_view>
#include <vector>

namespace reflint {

/// Levenshtein distance between two short ASCII words (insertions, deletions, substitutions).
size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate nearest to `word`, when it is at most a third of the word's length (and at least
/// two) edits away; "" when none is that near, so a guess is never wild.
std::string_view closest_spelling(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace reflint
