// MlflowClient: the entry point. Owns the transport and the retrying channel, and hands out
// one API object per MLflow area, all sharing them.
//
//   auto client = mlflow::MlflowClient::FromEnvironment().value();
//   auto experiment_id = client.tracking().GetOrCreateExperiment("demo").value();
//
// Creation fails only on a bad configuration (no/unsupported tracking URI, malformed env var);
// it does not contact the server. Thread-safe: the API objects may be used from any thread.
// Copies share the same connections.
#pragma once

#include <memory>

#include "mlflow/artifacts/artifacts_api.h"
#include "mlflow/client/client_config.h"
#include "mlflow/logged_models/logged_models_api.h"
#include "mlflow/registry/model_uri_resolver.h"
#include "mlflow/registry/registry_api.h"
#include "mlflow/tracking/tracking_api.h"
#include "mlflow/transport/http.h"
#include "mlflow/transport/rest_channel.h"

namespace mlflow {

class MlflowClient {
 public:
  static Result<MlflowClient> Create(const ClientConfig& config);
  // ClientConfig::FromEnvironment(tracking_uri) then Create().
  static Result<MlflowClient> FromEnvironment(const std::string& tracking_uri = "");
  // Over any channel, e.g. a fake in unit tests.
  explicit MlflowClient(std::shared_ptr<transport::RestChannel> channel);
  // `storage` carries presigned artifact transfers to absolute URLs without the tracking
  // server's credentials (see ArtifactsApi); nullptr picks a default one.
  MlflowClient(std::shared_ptr<transport::RestChannel> channel, std::shared_ptr<transport::RestChannel> storage,
               ArtifactsOptions artifacts_options = {});

  TrackingApi& tracking() { return *tracking_; }
  ArtifactsApi& artifacts() { return *artifacts_; }
  RegistryApi& registry() { return *registry_; }
  LoggedModelsApi& logged_models() { return *logged_models_; }
  // Model URIs (runs:/, models:/) resolved and downloaded through the local model cache.
  ModelUriResolver& model_uris() { return *model_uris_; }
  const std::shared_ptr<transport::RestChannel>& channel() const { return channel_; }
  const std::string& tracking_uri() const { return channel_->base_url(); }
  // The configuration the client was created with (default-constructed for the channel
  // constructor).
  const ClientConfig& config() const { return config_; }

  // The experiment runs go to by default, as the Python client picks it: MLFLOW_EXPERIMENT_NAME
  // (created when missing) wins over MLFLOW_EXPERIMENT_ID; with neither, "0" (the Default
  // experiment). Contacts the server only when a name is configured.
  Result<std::string> DefaultExperimentId();

 private:
  ClientConfig config_;
  std::shared_ptr<transport::RestChannel> channel_;
  std::shared_ptr<TrackingApi> tracking_;
  std::shared_ptr<ArtifactsApi> artifacts_;
  std::shared_ptr<RegistryApi> registry_;
  std::shared_ptr<LoggedModelsApi> logged_models_;
  std::shared_ptr<ModelUriResolver> model_uris_;
};

}  // namespace mlflow
