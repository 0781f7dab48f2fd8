#pragma once
// Settings that apply to a whole run (not per file).

#include "lint/net/settings.h"

namespace reflint {

struct RunSettings {
  NetworkSettings network;
  bool cross_page = true;  // site-wide checks across the inputs of one run
};

}  // namespace reflint
