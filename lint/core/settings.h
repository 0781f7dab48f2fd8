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
};

}  // namespace reflint
