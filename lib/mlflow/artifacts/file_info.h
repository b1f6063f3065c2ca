// FileInfo: one entry of an artifact listing, as MLflow's ListArtifacts returns it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace mlflow {

struct FileInfo {
  std::string path;  // relative to the repository root, '/'-separated, never ".." or absolute
  bool is_dir = false;
  std::optional<int64_t> file_size;  // bytes; absent for directories (and when the store does not say)
};

}  // namespace mlflow
