#pragma once
// --dump-model: the Document as JSON, for debugging rules and for tests.

#include <nlohmann/json.hpp>

#include "lint/model/document.h"

namespace reflint {

nlohmann::json dump_document(const Document& document);

}  // namespace reflint
