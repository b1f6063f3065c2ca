#include "mlflow/client/mlflow_client.h"

#include "mlflow/transport/curl_transport.h"

namespace mlflow {

Result<MlflowClient> MlflowClient::Create(const ClientConfig& config) {
  MLFLOW_RETURN_IF_ERROR(ValidateTrackingUri(config.tracking_uri));
  auto transport = std::make_shared<transport::CurlTransport>(config.transport);
  auto http = std::make_shared<transport::HttpRestChannel>(config.tracking_uri, transport);
  return MlflowClient(std::make_shared<transport::RetryingRestChannel>(http, config.retry));
}

Result<MlflowClient> MlflowClient::FromEnvironment(const std::string& tracking_uri) {
  MLFLOW_ASSIGN_OR_RETURN(ClientConfig config, ClientConfig::FromEnvironment(tracking_uri));
  return Create(config);
}

MlflowClient::MlflowClient(std::shared_ptr<transport::RestChannel> channel)
    : channel_(std::move(channel)), tracking_(std::make_shared<TrackingApi>(channel_)) {}

}  // namespace mlflow
