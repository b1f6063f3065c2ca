#include "mlflow/server/registry_model_source.h"

#include <algorithm>

namespace mlflow::server {

Result<std::shared_ptr<RegistryModelSource>> RegistryModelSource::Create(std::shared_ptr<MlflowClient> client,
                                                                         std::string uri, ModelLoader loader) {
  if (!client) return InvalidArgument("no MLflow client for " + uri);
  MLFLOW_ASSIGN_OR_RETURN(ModelUri parsed, ParseModelUri(uri));
  return std::shared_ptr<RegistryModelSource>(new RegistryModelSource(std::move(client), parsed, std::move(loader)));
}

namespace {

std::shared_ptr<MlflowClient> QuickResolver(const std::shared_ptr<MlflowClient>& client) {
  if (client->config().tracking_uri.empty()) return client;  // built on a channel: keep it
  ClientConfig quick = client->config();
  quick.retry.max_retries = std::min(quick.retry.max_retries, 1);
  quick.retry.backoff_factor = std::min(quick.retry.backoff_factor, 0.25);
  quick.retry.backoff_jitter = std::min(quick.retry.backoff_jitter, 0.25);
  quick.retry.max_backoff_seconds = std::min(quick.retry.max_backoff_seconds, 0.5);
  quick.retry.max_retry_after_seconds = std::min(quick.retry.max_retry_after_seconds, 0.5);
  quick.transport.timeout_seconds = std::min(quick.transport.timeout_seconds, 30.0);
  Result<MlflowClient> made = MlflowClient::Create(quick);
  return made.ok() ? std::make_shared<MlflowClient>(std::move(made).value()) : client;
}

}  // namespace

RegistryModelSource::RegistryModelSource(std::shared_ptr<MlflowClient> client, ModelUri uri, ModelLoader loader)
    : client_(std::move(client)), resolver_(QuickResolver(client_)), uri_(std::move(uri)), loader_(std::move(loader)) {}

bool RegistryModelSource::follows_changes() const {
  return uri_.kind == ModelUri::Kind::kAlias || uri_.kind == ModelUri::Kind::kLatest ||
         uri_.kind == ModelUri::Kind::kStage;
}

Result<ModelIdentity> RegistryModelSource::Resolve() {
  MLFLOW_ASSIGN_OR_RETURN(ResolvedModel resolved, resolver_->model_uris().Resolve(uri_.uri));
  ModelIdentity identity;
  identity.uri = uri_.uri;
  identity.alias = uri_.alias;
  if (!resolved.name.empty()) {
    identity.name = resolved.name;
    identity.version = resolved.version;
  } else if (!resolved.model_id.empty()) {
    identity.name = resolved.model_id;
    identity.version = resolved.model_id;
  } else {
    identity.name = uri_.run_id;
    identity.version = uri_.run_id;
    identity.run_id = uri_.run_id;
  }
  return identity;
}

Result<LoadedModel> RegistryModelSource::Load(const ModelIdentity& identity) {
  if (!loader_) return InternalError("no model loader configured");
  // Pin the version that was resolved; re-resolving the alias could give another one.
  std::string pinned = uri_.kind == ModelUri::Kind::kRun || uri_.kind == ModelUri::Kind::kLoggedModel
                           ? uri_.uri
                           : "models:/" + identity.name + "/" + identity.version;
  MLFLOW_ASSIGN_OR_RETURN(std::string directory, client_->model_uris().DownloadCached(pinned));
  MLFLOW_ASSIGN_OR_RETURN(LoadedModel model, loader_(directory));
  model.identity = identity;
  model.identity.local_dir = directory;
  if (model.identity.run_id.empty() && !identity.version.empty() && uri_.kind != ModelUri::Kind::kRun &&
      uri_.kind != ModelUri::Kind::kLoggedModel) {
    if (Result<ModelVersion> version = client_->registry().GetModelVersion(identity.name, identity.version);
        version.ok()) {
      model.identity.run_id = version->run_id;
    }
  }
  return model;
}

ModelVersionTagger MakeRegistryTagger(std::shared_ptr<MlflowClient> client) {
  return [client](const ModelIdentity& model, const std::string& key, const std::string& value) -> Status {
    if (model.version.empty() || model.version == "local" || model.name == model.version) return Status::Ok();
    return client->registry().SetModelVersionTag(model.name, model.version, key, value);
  };
}

}  // namespace mlflow::server
