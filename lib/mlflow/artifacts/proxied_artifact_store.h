// ProxiedArtifactStore (internal): artifacts behind the tracking server's artifact service
// (mlflow-artifacts:/ roots), under /api/2.0/mlflow-artifacts/.
//
//   list      GET    artifacts?path=<root>/<dir>  -> {"files": [{"path": <name>, "is_dir", "file_size"}]}
//   download  GET    artifacts/<root>/<path>      (streamed into a file; rewound on retry)
//   upload    PUT    artifacts/<root>/<path>      (streamed from the file), or multipart for
//                                                 large files (multipart_upload.h)
//   delete    DELETE artifacts/<root>/<path>
// Thread-safe. `multipart_unsupported` is shared by the stores of one ArtifactsApi: once a
// server answers NOT_IMPLEMENTED to mpu/create, later large files go straight to a single PUT.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "mlflow/artifacts/artifact_store.h"
#include "mlflow/artifacts/artifacts_options.h"
#include "mlflow/transport/rest_channel.h"

namespace mlflow::artifacts {

class ProxiedArtifactStore final : public ArtifactStore {
 public:
  ProxiedArtifactStore(std::shared_ptr<transport::RestChannel> server, std::shared_ptr<transport::RestChannel> storage,
                       std::string root, ArtifactsOptions options,
                       std::shared_ptr<std::atomic<bool>> multipart_unsupported);

  Result<Page<FileInfo>> ListPage(const std::string& dir, const std::string& page_token) override;
  Status Upload(const std::string& local_file, const std::string& path) override;
  Status DownloadTo(const std::string& path, const std::string& local_file) override;
  Status Delete(const std::string& path) override;

 private:
  std::string UrlFor(const std::string& path) const;
  Status SinglePut(const std::string& local_file, const std::string& path);

  std::shared_ptr<transport::RestChannel> server_;
  std::shared_ptr<transport::RestChannel> storage_;
  std::string root_;
  ArtifactsOptions options_;
  std::shared_ptr<std::atomic<bool>> multipart_unsupported_;
};

}  // namespace mlflow::artifacts
