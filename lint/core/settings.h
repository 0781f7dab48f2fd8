#pragma once
// Settings that apply to a whole run (not per file).

#include <cstdint>

#include "lint/net/settings.h"

namespace reflint {

struct RunSettings {
  NetworkSettings network;
  bool cross_page = true;  // site-wide checks across the inputs of one run
  // A larger input is not read (an error naming it): a page is megabytes, not gigabytes.
  int64_t max_input_bytes = int64_t{64} * 1024 * 1024;
  // Findings of one rule on one page beyond this many are counted in one note, not listed: a page
  // that repeats one mistake a million times needs one fix, not a million lines (0: no limit).
  int64_t max_findings_per_rule = 500;
};

}  // namespace reflint
