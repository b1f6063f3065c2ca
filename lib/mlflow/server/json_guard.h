// Bounded JSON parsing for request bodies: the server never hands untrusted bytes to the
// parser unchecked.
//
// ParseRequestJson() checks, in one linear pass before parsing, that the body is valid
// UTF-8 and that arrays/objects nest at most `max_depth` levels, then parses without
// exceptions. Every failure is a 400 BAD_REQUEST Status whose message says what is wrong
// and where (byte offset). Pure and thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

#include "mlflow/core/json.h"

namespace mlflow::server {

inline constexpr size_t kDefaultMaxJsonDepth = 32;

// Deepest array/object nesting in `text`, ignoring brackets inside strings. Stops counting
// (and returns max_depth + 1) as soon as the limit is passed.
size_t JsonNestingDepth(std::string_view text, size_t max_depth);

Result<Json> ParseRequestJson(std::string_view body, size_t max_depth = kDefaultMaxJsonDepth);

}  // namespace mlflow::server
