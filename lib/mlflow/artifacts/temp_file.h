// Download-then-rename: artifacts are written to a temp name next to their target and renamed
// over it only when complete, so a reader never sees a half-written file.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "mlflow/core/result.h"

namespace mlflow::artifacts {

// "<dir>/.<name>.mlflowcpp-<random>.tmp" next to `target`.
std::filesystem::path TempPathFor(const std::filesystem::path& target);

// Creates target's parent directories, runs `write(temp_path)`, then renames the temp file over
// `target`. The temp file is removed whenever `write` or the rename fails.
Status WriteAtomically(const std::filesystem::path& target, const std::function<Status(const std::string&)>& write);

}  // namespace mlflow::artifacts
