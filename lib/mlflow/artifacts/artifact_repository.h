// ArtifactRepository: the artifacts under one root (a run's, a logged model's, or any
// supported artifact URI; see artifact_location.h). Obtained from ArtifactsApi::ForRun/ForUri.
//
// Bytes always stream between disk and network: no file is held in memory, whatever its size.
// Downloads are written to a temp name next to the target and renamed when complete. Every
// path a server lists is checked before anything is written: an entry that is absolute or
// contains '..' (or otherwise leaves the listed directory) fails the whole call with
// INVALID_RESPONSE. Paths are relative to the root and '/'-separated; "" is the root.
//
// A cheap value: copies share the same backend. Thread-safe. Failures are Status values:
// INVALID_PARAMETER_VALUE for a bad path argument, IO_ERROR for local disk problems, MLflow's
// codes for server answers (e.g. RESOURCE_DOES_NOT_EXIST for a missing artifact).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "mlflow/artifacts/file_info.h"
#include "mlflow/core/result.h"
#include "mlflow/tracking/entities.h"
#include "mlflow/transport/rest_channel.h"

namespace mlflow {
namespace artifacts {
class ArtifactStore;
}

class ArtifactRepository {
 public:
  // The root as a URI ("mlflow-artifacts:/1/<run>/artifacts/model").
  const std::string& root_uri() const { return root_uri_; }
  // The run whose artifacts these are; empty when the root is not a run's.
  const std::string& run_id() const { return run_id_; }

  // Uploads one file to <artifact_dir>/<file name>.
  Status LogFile(const std::string& local_file, const std::string& artifact_dir = "");
  // Uploads every regular file under `local_dir` to <artifact_dir>/<relative path>, keeping the
  // tree (the directory's own name is not part of the artifact paths; symlinked directories
  // are not followed).
  Status LogDirectory(const std::string& local_dir, const std::string& artifact_dir = "");

  // One page of the entries directly inside `path`. Run roots on a tracking server list through
  // GET /api/2.0/mlflow/artifacts/list, which may paginate; other roots answer in one page.
  Result<Page<FileInfo>> ListPage(const std::string& path = "", const std::string& page_token = "");
  // Every entry directly inside `path` (all pages), sorted by path.
  Result<std::vector<FileInfo>> List(const std::string& path = "");
  // Every file and directory below `path`, depth first, sorted.
  Result<std::vector<FileInfo>> ListRecursive(const std::string& path = "");

  // Downloads the file or directory tree at `path` to <dest_dir>/<path> and returns that local
  // path ("" downloads the whole root into dest_dir itself). A path that lists entries is a
  // directory; anything else is fetched as a file.
  Result<std::string> Download(const std::string& path, const std::string& dest_dir);
  // Downloads the single file at `path` to exactly `local_file`.
  Status DownloadFile(const std::string& path, const std::string& local_file);

  // Deletes the file or tree at `path` ("" = everything under the root).
  Status Delete(const std::string& path);

 private:
  friend class ArtifactsApi;
  ArtifactRepository(std::shared_ptr<artifacts::ArtifactStore> store, std::string root_uri);

  Status DownloadTree(const std::string& path, const std::string& local_dir);

  std::shared_ptr<artifacts::ArtifactStore> store_;
  std::string root_uri_;
  std::string run_id_;
  // When set, listings go through the run-scoped endpoint: paths there are relative to the
  // run's artifact root, of which this repository's root is `run_prefix_`.
  std::shared_ptr<transport::RestChannel> run_listing_channel_;
  std::string run_prefix_;
};

}  // namespace mlflow
