#pragma once
// --dump-model: the Document and its analyses as JSON, for debugging rules and for tests.

#include <nlohmann/json.hpp>

#include "lint/analysis/page_analyses.h"

namespace reflint {

nlohmann::json dump_document(const PageAnalyses& analyses);

}  // namespace reflint
