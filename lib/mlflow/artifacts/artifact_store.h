// ArtifactStore (internal): the byte-moving backend under one artifact root. Paths are
// relative to that root and already checked by the caller (artifact_paths.h); listing entries
// come back unchecked, as the store reported them, for the caller to check.
//
// Implementations: ProxiedArtifactStore (the tracking server's artifact service) and
// LocalArtifactStore (a file: root). Both are thread-safe.
#pragma once

#include <string>
#include <vector>

#include "mlflow/artifacts/file_info.h"
#include "mlflow/core/result.h"
#include "mlflow/tracking/entities.h"

namespace mlflow::artifacts {

class ArtifactStore {
 public:
  virtual ~ArtifactStore() = default;
  // Entries directly inside `dir` ("" = root), paths relative to the root ("dir/name").
  // A missing directory or a file lists as empty.
  virtual Result<Page<FileInfo>> ListPage(const std::string& dir, const std::string& page_token) = 0;
  // Stores `local_file` (streamed, never loaded into memory) at `path`, replacing what is there.
  virtual Status Upload(const std::string& local_file, const std::string& path) = 0;
  // Writes the artifact at `path` to `local_file` (created or truncated).
  virtual Status DownloadTo(const std::string& path, const std::string& local_file) = 0;
  // Deletes the file or directory tree at `path` ("" = everything); deleting nothing is OK.
  virtual Status Delete(const std::string& path) = 0;
};

}  // namespace mlflow::artifacts
