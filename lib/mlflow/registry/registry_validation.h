// Model Registry rules checked client-side before anything is sent (MLflow 3.18's
// mlflow/utils/validation.py). Each returns OK or INVALID_PARAMETER_VALUE naming the problem.
// Pure functions, thread-safe.
#pragma once

#include <string_view>

#include "mlflow/core/status.h"

namespace mlflow::registry {

inline constexpr size_t kMaxAliasLength = 255;

// Not blank; no '/' or ':' (they would be ambiguous in models:/ URIs); not "." or "..*".
Status ValidateModelName(std::string_view name);
// A positive decimal integer ("1", "42").
Status ValidateVersion(std::string_view version);
// `^[\w\-]*$` (non-ASCII letters are left to the server), 1..255 characters, and not reserved:
// "latest" (any case) and "v<digits>"/"V<digits>" name versions in models:/ URIs.
Status ValidateAlias(std::string_view alias);
// Registered-model and model-version tags: key rules of run tags, key <= 250, value <= 100,000.
Status ValidateTag(std::string_view key, std::string_view value);

}  // namespace mlflow::registry
