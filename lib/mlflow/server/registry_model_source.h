// RegistryModelSource: serves a model URI from the MLflow registry, typically
// `models:/tweet-sentiment@champion`, and follows it as the alias moves.
//
// Resolve() asks the registry which version the URI names now (one REST call for an alias);
// Load() downloads exactly that version (`models:/<name>/<version>`, not the alias again, so
// a move between the two calls cannot mix versions) through the client's model cache and
// hands the directory to the ModelLoader. follows_changes() is true for alias, "latest" and
// stage URIs; a fixed version or a runs:/ URI is loaded once. Failures are the client's
// Status values (unreachable server, unknown model or alias). Used from one thread at a time.
//
// Resolve() goes through a copy of the client that retries at most once, after at most a
// quarter second, and times out after 30 s: a poll that fails is simply made again at the next
// poll interval, where the client's own policy (MLflow's defaults: 7 retries, backoff from 2 s
// doubling up to 60 s) would keep the server on the old version long after the alias moved.
// Load() keeps the given client's policy: a download is worth waiting for.
#pragma once

#include <memory>
#include <string>

#include "mlflow/client/mlflow_client.h"
#include "mlflow/server/model_source.h"
#include "mlflow/server/monitoring_run.h"

namespace mlflow::server {

class RegistryModelSource final : public ModelSource {
 public:
  // Fails on a malformed URI (INVALID_PARAMETER_VALUE).
  static Result<std::shared_ptr<RegistryModelSource>> Create(std::shared_ptr<MlflowClient> client, std::string uri,
                                                             ModelLoader loader);

  Result<ModelIdentity> Resolve() override;
  Result<LoadedModel> Load(const ModelIdentity& identity) override;
  bool follows_changes() const override;
  std::string Describe() const override { return uri_.uri; }

 private:
  RegistryModelSource(std::shared_ptr<MlflowClient> client, ModelUri uri, ModelLoader loader);

  std::shared_ptr<MlflowClient> client_;
  std::shared_ptr<MlflowClient> resolver_;  // client_, retrying at most once quickly
  ModelUri uri_;
  ModelLoader loader_;
};

// Tags registered model versions through `client` (versions named "local" or empty are
// skipped: they are not in the registry).
ModelVersionTagger MakeRegistryTagger(std::shared_ptr<MlflowClient> client);

}  // namespace mlflow::server
