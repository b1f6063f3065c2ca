// ModelUriResolver: turns a model URI (model_uri.h) into the version or logged model it names
// and downloads its files, through a local cache keyed by the resolved identity.
//
//   auto dir = client.model_uris().DownloadCached("models:/sentiment@champion").value();
//
// Resolution: models:/<name>/<version> -> that version; @<alias> -> the version the alias
// points at now; /latest -> the highest version; /<stage> -> the latest in that stage
// (deprecated); models:/<model_id> -> the logged model; runs:/<run_id>/<path> -> those
// artifacts. A version's files come from get-download-uri (which may itself be a runs:/ or
// models:/ URI, followed).
// Cache keys: the server plus "models/<name>/<version>@<creation_timestamp>" (a re-created model
// whose version number repeats gets a new key), "logged-models/<model_id>" or
// "runs/<run_id>/<path>". A second DownloadCached of the same resolved version returns the
// cached directory after only the resolution calls; an alias moved to another version
// resolves to that version's entry. Run artifacts are assumed immutable once written.
// Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "mlflow/artifacts/artifacts_api.h"
#include "mlflow/logged_models/logged_models_api.h"
#include "mlflow/registry/model_cache.h"
#include "mlflow/registry/model_uri.h"
#include "mlflow/registry/registry_api.h"

namespace mlflow {

struct ResolvedModel {
  ModelUri uri;
  std::string name;          // registered model (registry URIs)
  std::string version;       // resolved version (registry URIs)
  std::string model_id;      // logged model (models:/<model_id>)
  std::string artifact_uri;  // where the files are downloaded from
  std::string cache_key;
};

struct ModelCacheOptions {
  std::string cache_dir;  // empty: DefaultModelCacheDir()
};

class ModelUriResolver {
 public:
  ModelUriResolver(std::shared_ptr<transport::RestChannel> channel, std::shared_ptr<ArtifactsApi> artifacts,
                   std::shared_ptr<RegistryApi> registry, std::shared_ptr<LoggedModelsApi> logged_models,
                   ModelCacheOptions options = {});

  Result<ResolvedModel> Resolve(const std::string& model_uri);
  // Downloads the model's files into dest_dir (no cache) and returns their local path: dest_dir
  // itself for a directory, <dest_dir>/<file name> for a single-file runs:/ URI.
  Result<std::string> Download(const std::string& model_uri, const std::string& dest_dir);
  // Like Download, through the cache; returns the path inside the cache entry.
  Result<std::string> DownloadCached(const std::string& model_uri);

  ModelCache& cache() { return cache_; }

 private:
  Result<ResolvedModel> ResolveVersion(ResolvedModel resolved, const ModelVersion& version);
  Result<std::string> DownloadResolved(const ResolvedModel& resolved, const std::string& dest_dir, int depth);
  Result<std::string> DownloadArtifactUri(const std::string& artifact_uri, const std::string& dest_dir, int depth);

  std::shared_ptr<transport::RestChannel> channel_;
  std::shared_ptr<ArtifactsApi> artifacts_;
  std::shared_ptr<RegistryApi> registry_;
  std::shared_ptr<LoggedModelsApi> logged_models_;
  ModelCache cache_;
};

}  // namespace mlflow
