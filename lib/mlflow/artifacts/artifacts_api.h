// ArtifactsApi: files attached to runs and logged models, on the tracking server's proxied
// artifact store (mlflow-artifacts:/) or on a file: root this machine can reach.
//
//   auto repo = client.artifacts().ForRun(run_id).value();
//   repo.LogDirectory("out/model", "model");             // -> <run artifacts>/model/...
//   repo.Download("model", "/tmp/restore");               // -> /tmp/restore/model/...
//
// ForRun/ForUri return an ArtifactRepository (artifact_repository.h) that does the work; the
// rest are one-line conveniences in the spirit of the Python client. Large uploads try
// multipart first and fall back to a single streamed PUT (artifacts_options.h).
// Thread-safe; holds only shared, immutable state (plus the "server has no multipart" flag).
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "mlflow/artifacts/artifact_repository.h"
#include "mlflow/artifacts/artifacts_options.h"
#include "mlflow/artifacts/file_info.h"
#include "mlflow/transport/rest_channel.h"

namespace mlflow {

class ArtifactsApi {
 public:
  // `storage` carries presigned multipart part uploads to absolute URLs (cloud storage); it must
  // not send the tracking server's credentials. Default: a CurlTransport with default options.
  explicit ArtifactsApi(std::shared_ptr<transport::RestChannel> channel, ArtifactsOptions options = {},
                        std::shared_ptr<transport::RestChannel> storage = nullptr);

  // The artifacts of run `run_id` (one runs/get call), optionally below `sub_path`.
  Result<ArtifactRepository> ForRun(const std::string& run_id, const std::string& sub_path = "");
  // Any supported artifact root URI (artifact_location.h), including runs:/<run_id>/<path>.
  Result<ArtifactRepository> ForUri(const std::string& artifact_uri);
  // The run's artifact root URI, as runs/get reports it.
  Result<std::string> GetRunArtifactUri(const std::string& run_id);

  // Uploads a file (to <artifact_path>/<name>) or a directory's contents (to <artifact_path>/...).
  Status LogArtifacts(const std::string& run_id, const std::string& local_path, const std::string& artifact_path = "");
  // Every entry directly inside `path` of the run's artifacts (all pages).
  Result<std::vector<FileInfo>> ListArtifacts(const std::string& run_id, const std::string& path = "");
  // Like mlflow.artifacts.download_artifacts(artifact_uri=..., dst_path=...): downloads the file
  // or directory the URI names into dest_dir and returns its local path (<dest_dir>/<last
  // segment>, or dest_dir itself for a run's or store's root).
  Result<std::string> DownloadArtifacts(const std::string& artifact_uri, const std::string& dest_dir);

  const ArtifactsOptions& options() const { return options_; }

 private:
  Result<ArtifactRepository> ForLocation(const std::string& uri, const std::string& sub_path);

  std::shared_ptr<transport::RestChannel> channel_;
  std::shared_ptr<transport::RestChannel> storage_;
  ArtifactsOptions options_;
  std::shared_ptr<std::atomic<bool>> multipart_unsupported_;
};

}  // namespace mlflow
