// Small file helpers for the models library; failures are kIoError statuses naming the path.
#pragma once

#include <string>
#include <string_view>

#include "mlflow/core/result.h"

namespace mlflow::models {

// The whole file as bytes.
Result<std::string> ReadFileToString(const std::string& path);

// Writes `contents` to `path` through a temporary file in the same directory and a rename,
// so a reader never sees a half-written file.
Status WriteFileAtomically(const std::string& path, std::string_view contents);

}  // namespace mlflow::models
