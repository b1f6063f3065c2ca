// LocalArtifactStore (internal): a file: artifact root this machine reads and writes directly.
// Uploads copy into a temp name and rename, so readers never see partial files. Thread-safe
// (the filesystem arbitrates between concurrent writers of the same path: last rename wins).
#pragma once

#include <string>

#include "mlflow/artifacts/artifact_store.h"

namespace mlflow::artifacts {

class LocalArtifactStore final : public ArtifactStore {
 public:
  explicit LocalArtifactStore(std::string root_dir) : root_(std::move(root_dir)) {}

  Result<Page<FileInfo>> ListPage(const std::string& dir, const std::string& page_token) override;
  Status Upload(const std::string& local_file, const std::string& path) override;
  Status DownloadTo(const std::string& path, const std::string& local_file) override;
  Status Delete(const std::string& path) override;

 private:
  std::string Resolve(const std::string& path) const;
  std::string root_;
};

}  // namespace mlflow::artifacts
