#include "mlflow/registry/model_uri_resolver.h"

#include <filesystem>
#include <system_error>

#include "mlflow/artifacts/artifact_paths.h"

namespace mlflow {
namespace fs = std::filesystem;

namespace {
constexpr int kMaxIndirections = 4;

bool IsEmptyDirectory(const std::string& path) {
  std::error_code ec;
  return fs::is_directory(path, ec) && fs::directory_iterator(path, ec) == fs::directory_iterator();
}

int64_t VersionNumber(const std::string& version) {
  auto parsed = DecodeInt64(Json(version), "version");
  return parsed.ok() ? *parsed : -1;
}

Result<ModelVersion> Highest(const std::vector<ModelVersion>& versions, const std::string& what) {
  const ModelVersion* best = nullptr;
  for (const auto& version : versions) {
    if (!best || VersionNumber(version.version) > VersionNumber(best->version)) best = &version;
  }
  if (!best) return Status(ErrorCode::kResourceDoesNotExist, "no versions of " + what + " found", 404);
  return *best;
}
}  // namespace

ModelUriResolver::ModelUriResolver(std::shared_ptr<transport::RestChannel> channel,
                                   std::shared_ptr<ArtifactsApi> artifacts, std::shared_ptr<RegistryApi> registry,
                                   std::shared_ptr<LoggedModelsApi> logged_models, ModelCacheOptions options)
    : channel_(std::move(channel)),
      artifacts_(std::move(artifacts)),
      registry_(std::move(registry)),
      logged_models_(std::move(logged_models)),
      cache_(options.cache_dir.empty() ? DefaultModelCacheDir() : options.cache_dir) {}

Result<ResolvedModel> ModelUriResolver::ResolveVersion(ResolvedModel resolved, const ModelVersion& version) {
  resolved.name = version.name.empty() ? resolved.uri.name : version.name;
  resolved.version = version.version;
  MLFLOW_ASSIGN_OR_RETURN(resolved.artifact_uri, registry_->GetModelVersionDownloadUri(resolved.name, version.version));
  resolved.cache_key = channel_->base_url() + " models/" + resolved.name + "/" + version.version + "@" +
                       std::to_string(version.creation_timestamp);
  return resolved;
}

Result<ResolvedModel> ModelUriResolver::Resolve(const std::string& model_uri) {
  ResolvedModel resolved;
  MLFLOW_ASSIGN_OR_RETURN(resolved.uri, ParseModelUri(model_uri));
  const ModelUri& uri = resolved.uri;
  switch (uri.kind) {
    case ModelUri::Kind::kRun:
      resolved.artifact_uri = model_uri;
      resolved.cache_key = channel_->base_url() + " runs/" + uri.run_id + "/" + uri.artifact_path;
      return resolved;
    case ModelUri::Kind::kLoggedModel: {
      MLFLOW_ASSIGN_OR_RETURN(LoggedModel model, logged_models_->Get(uri.model_id));
      resolved.model_id = model.model_id;
      resolved.artifact_uri = model.artifact_uri;
      resolved.cache_key = channel_->base_url() + " logged-models/" + model.model_id;
      return resolved;
    }
    case ModelUri::Kind::kVersion: {
      MLFLOW_ASSIGN_OR_RETURN(ModelVersion version, registry_->GetModelVersion(uri.name, uri.version));
      return ResolveVersion(resolved, version);
    }
    case ModelUri::Kind::kAlias: {
      MLFLOW_ASSIGN_OR_RETURN(ModelVersion version, registry_->GetModelVersionByAlias(uri.name, uri.alias));
      return ResolveVersion(resolved, version);
    }
    case ModelUri::Kind::kLatest: {
      MLFLOW_ASSIGN_OR_RETURN(auto versions, registry_->GetLatestVersions(uri.name));
      MLFLOW_ASSIGN_OR_RETURN(ModelVersion version, Highest(versions, "model '" + uri.name + "'"));
      return ResolveVersion(resolved, version);
    }
    case ModelUri::Kind::kStage: {
      MLFLOW_ASSIGN_OR_RETURN(auto versions, registry_->GetLatestVersions(uri.name, {uri.stage}));
      MLFLOW_ASSIGN_OR_RETURN(ModelVersion version,
                              Highest(versions, "model '" + uri.name + "' in stage '" + uri.stage + "'"));
      return ResolveVersion(resolved, version);
    }
  }
  return InternalError("unknown model URI kind");
}

Result<std::string> ModelUriResolver::DownloadArtifactUri(const std::string& artifact_uri, const std::string& dest_dir,
                                                          int depth) {
  if (depth > kMaxIndirections) {
    return Status(ErrorCode::kInvalidState,
                  "model URI '" + artifact_uri + "' refers to itself (too many indirections)");
  }
  if (artifact_uri.rfind("models:", 0) == 0) {
    MLFLOW_ASSIGN_OR_RETURN(ResolvedModel inner, Resolve(artifact_uri));
    return DownloadResolved(inner, dest_dir, depth + 1);
  }
  if (artifact_uri.rfind("runs:", 0) == 0) {
    MLFLOW_ASSIGN_OR_RETURN(ModelUri uri, ParseModelUri(artifact_uri));
    MLFLOW_ASSIGN_OR_RETURN(ArtifactRepository run, artifacts_->ForRun(uri.run_id));
    if (!uri.artifact_path.empty()) {
      MLFLOW_ASSIGN_OR_RETURN(Page<FileInfo> inside, run.ListPage(uri.artifact_path));
      if (inside.items.empty()) {  // a single file: <dest_dir>/<name>
        std::string name = artifacts::BaseName(uri.artifact_path);
        MLFLOW_ASSIGN_OR_RETURN(fs::path local, artifacts::LocalPathFor(dest_dir, name));
        MLFLOW_RETURN_IF_ERROR(run.DownloadFile(uri.artifact_path, local.string()));
        return local.string();
      }
    }
    MLFLOW_ASSIGN_OR_RETURN(ArtifactRepository tree, artifacts_->ForRun(uri.run_id, uri.artifact_path));
    return tree.Download("", dest_dir);
  }
  MLFLOW_ASSIGN_OR_RETURN(ArtifactRepository repository, artifacts_->ForUri(artifact_uri));
  return repository.Download("", dest_dir);
}

Result<std::string> ModelUriResolver::DownloadResolved(const ResolvedModel& resolved, const std::string& dest_dir,
                                                       int depth) {
  MLFLOW_ASSIGN_OR_RETURN(std::string local, DownloadArtifactUri(resolved.artifact_uri, dest_dir, depth));
  if (IsEmptyDirectory(local)) {
    return Status(ErrorCode::kResourceDoesNotExist,
                  "model '" + resolved.uri.uri + "' has no files at " + resolved.artifact_uri, 404);
  }
  return local;
}

Result<std::string> ModelUriResolver::Download(const std::string& model_uri, const std::string& dest_dir) {
  MLFLOW_ASSIGN_OR_RETURN(ResolvedModel resolved, Resolve(model_uri));
  return DownloadResolved(resolved, dest_dir, 0);
}

Result<std::string> ModelUriResolver::DownloadCached(const std::string& model_uri) {
  MLFLOW_ASSIGN_OR_RETURN(ResolvedModel resolved, Resolve(model_uri));
  return cache_.GetOrFill(resolved.cache_key,
                          [&](const std::string& files_dir) { return DownloadResolved(resolved, files_dir, 0); });
}

}  // namespace mlflow
