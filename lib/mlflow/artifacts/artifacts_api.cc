#include "mlflow/artifacts/artifacts_api.h"

#include <filesystem>
#include <system_error>

#include "mlflow/artifacts/artifact_location.h"
#include "mlflow/artifacts/artifact_paths.h"
#include "mlflow/artifacts/local_artifact_store.h"
#include "mlflow/artifacts/proxied_artifact_store.h"
#include "mlflow/core/validation.h"
#include "mlflow/transport/curl_transport.h"

namespace mlflow {
namespace fs = std::filesystem;
using artifacts::ArtifactLocation;
using artifacts::JoinArtifactPath;

namespace {

std::shared_ptr<transport::RestChannel> DefaultStorageChannel() {
  auto curl = std::make_shared<transport::CurlTransport>();
  auto http = std::make_shared<transport::HttpRestChannel>("", curl);
  return std::make_shared<transport::RetryingRestChannel>(http, transport::RetryPolicy{});
}

}  // namespace

ArtifactsApi::ArtifactsApi(std::shared_ptr<transport::RestChannel> channel, ArtifactsOptions options,
                           std::shared_ptr<transport::RestChannel> storage)
    : channel_(std::move(channel)),
      storage_(storage ? std::move(storage) : DefaultStorageChannel()),
      options_(options),
      multipart_unsupported_(std::make_shared<std::atomic<bool>>(false)) {}

Result<std::string> ArtifactsApi::GetRunArtifactUri(const std::string& run_id) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateRunId(run_id));
  MLFLOW_ASSIGN_OR_RETURN(Json body, channel_->Call(transport::endpoints::kGetRun, Json{{"run_id", run_id}}));
  std::string uri = GetString(GetObject(GetObject(body, "run"), "info"), "artifact_uri");
  if (uri.empty()) return Status(ErrorCode::kInvalidResponse, "run '" + run_id + "' has no artifact_uri");
  return uri;
}

Result<ArtifactRepository> ArtifactsApi::ForLocation(const std::string& uri, const std::string& sub_path) {
  MLFLOW_ASSIGN_OR_RETURN(ArtifactLocation location, artifacts::ParseArtifactLocation(uri, channel_->base_url()));
  std::string root_uri = sub_path.empty() ? uri : JoinArtifactPath(uri, sub_path);
  switch (location.kind) {
    case ArtifactLocation::Kind::kProxied: {
      auto store = std::make_shared<artifacts::ProxiedArtifactStore>(
          channel_, storage_, JoinArtifactPath(location.path, sub_path), options_, multipart_unsupported_);
      return ArtifactRepository(store, root_uri);
    }
    case ArtifactLocation::Kind::kLocal: {
      std::string dir = sub_path.empty() ? location.path : (fs::path(location.path) / sub_path).string();
      return ArtifactRepository(std::make_shared<artifacts::LocalArtifactStore>(dir), root_uri);
    }
    case ArtifactLocation::Kind::kRun:
      return ForRun(location.run_id, JoinArtifactPath(location.path, sub_path));
  }
  return InternalError("unknown artifact location kind");
}

Result<ArtifactRepository> ArtifactsApi::ForRun(const std::string& run_id, const std::string& sub_path) {
  MLFLOW_ASSIGN_OR_RETURN(std::string path, artifacts::NormalizeArtifactPath(sub_path, "artifact path"));
  MLFLOW_ASSIGN_OR_RETURN(std::string run_root, GetRunArtifactUri(run_id));
  MLFLOW_ASSIGN_OR_RETURN(ArtifactLocation location, artifacts::ParseArtifactLocation(run_root, channel_->base_url()));
  if (location.kind == ArtifactLocation::Kind::kRun) {
    return Status(ErrorCode::kInvalidResponse, "run '" + run_id + "' has a runs:/ artifact root: " + run_root);
  }
  MLFLOW_ASSIGN_OR_RETURN(ArtifactRepository repository, ForLocation(run_root, path));
  repository.run_id_ = run_id;
  if (location.kind == ArtifactLocation::Kind::kProxied) {
    repository.run_listing_channel_ = channel_;
    repository.run_prefix_ = path;
  }
  return repository;
}

Result<ArtifactRepository> ArtifactsApi::ForUri(const std::string& artifact_uri) {
  return ForLocation(artifact_uri, "");
}

Status ArtifactsApi::LogArtifacts(const std::string& run_id, const std::string& local_path,
                                  const std::string& artifact_path) {
  MLFLOW_ASSIGN_OR_RETURN(ArtifactRepository repository, ForRun(run_id));
  std::error_code ec;
  if (fs::is_directory(local_path, ec)) return repository.LogDirectory(local_path, artifact_path);
  return repository.LogFile(local_path, artifact_path);
}

Result<std::vector<FileInfo>> ArtifactsApi::ListArtifacts(const std::string& run_id, const std::string& path) {
  MLFLOW_ASSIGN_OR_RETURN(ArtifactRepository repository, ForRun(run_id));
  return repository.List(path);
}

Result<std::string> ArtifactsApi::DownloadArtifacts(const std::string& artifact_uri, const std::string& dest_dir) {
  MLFLOW_ASSIGN_OR_RETURN(ArtifactLocation location,
                          artifacts::ParseArtifactLocation(artifact_uri, channel_->base_url()));
  if (location.kind == ArtifactLocation::Kind::kRun) {
    // runs:/<id>/a/b lands at <dest_dir>/b, as in Python.
    std::string path = location.path;
    while (!path.empty() && path.back() == '/') path.pop_back();
    size_t slash = path.rfind('/');
    std::string parent = slash == std::string::npos ? "" : path.substr(0, slash);
    std::string last = slash == std::string::npos ? path : path.substr(slash + 1);
    MLFLOW_ASSIGN_OR_RETURN(ArtifactRepository repository, ForRun(location.run_id, parent));
    return repository.Download(last, dest_dir);
  }
  // Split "<root>/<last>" so that the download lands at <dest_dir>/<last>, as in Python.
  std::string uri = artifact_uri;
  while (uri.size() > 1 && uri.back() == '/') uri.pop_back();
  size_t slash = uri.rfind('/');
  std::string last = slash == std::string::npos ? "" : uri.substr(slash + 1);
  std::string parent = slash == std::string::npos ? uri : uri.substr(0, slash);
  if (last.empty() || location.path.empty() || location.path == "/" || parent.back() == ':' || parent.back() == '/') {
    MLFLOW_ASSIGN_OR_RETURN(ArtifactRepository repository, ForUri(uri));
    return repository.Download("", dest_dir);
  }
  MLFLOW_ASSIGN_OR_RETURN(ArtifactRepository repository, ForUri(parent));
  if (location.kind == ArtifactLocation::Kind::kLocal) last = artifacts::PercentDecode(last);
  return repository.Download(last, dest_dir);
}

}  // namespace mlflow
