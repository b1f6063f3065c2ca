#include "mlflow/client/mlflow_client.h"

#include "mlflow/transport/curl_transport.h"

namespace mlflow {

Result<MlflowClient> MlflowClient::Create(const ClientConfig& config) {
  MLFLOW_RETURN_IF_ERROR(ValidateTrackingUri(config.tracking_uri));
  auto transport = std::make_shared<transport::CurlTransport>(config.transport);
  auto http = std::make_shared<transport::HttpRestChannel>(config.tracking_uri, transport);
  // Presigned artifact URLs carry their own authorisation: never send the server's credentials there.
  transport::TransportOptions storage_options = config.transport;
  storage_options.auth = {};
  auto storage = std::make_shared<transport::RetryingRestChannel>(
      std::make_shared<transport::HttpRestChannel>("", std::make_shared<transport::CurlTransport>(storage_options)),
      config.retry);
  MLFLOW_ASSIGN_OR_RETURN(ArtifactsOptions artifacts_options, ArtifactsOptions::FromEnvironment());
  MlflowClient client(std::make_shared<transport::RetryingRestChannel>(http, config.retry), storage, artifacts_options);
  client.config_ = config;
  return client;
}

Result<MlflowClient> MlflowClient::FromEnvironment(const std::string& tracking_uri) {
  MLFLOW_ASSIGN_OR_RETURN(ClientConfig config, ClientConfig::FromEnvironment(tracking_uri));
  return Create(config);
}

MlflowClient::MlflowClient(std::shared_ptr<transport::RestChannel> channel)
    : MlflowClient(std::move(channel), nullptr) {}

MlflowClient::MlflowClient(std::shared_ptr<transport::RestChannel> channel,
                           std::shared_ptr<transport::RestChannel> storage, ArtifactsOptions artifacts_options)
    : channel_(std::move(channel)),
      tracking_(std::make_shared<TrackingApi>(channel_)),
      artifacts_(std::make_shared<ArtifactsApi>(channel_, artifacts_options, std::move(storage))),
      registry_(std::make_shared<RegistryApi>(channel_)),
      logged_models_(std::make_shared<LoggedModelsApi>(channel_, artifacts_, registry_)),
      model_uris_(std::make_shared<ModelUriResolver>(channel_, artifacts_, registry_, logged_models_)) {}

Result<std::string> MlflowClient::DefaultExperimentId() {
  if (!config_.experiment_name.empty()) return tracking().GetOrCreateExperiment(config_.experiment_name);
  if (!config_.experiment_id.empty()) return config_.experiment_id;
  return std::string("0");
}

}  // namespace mlflow
