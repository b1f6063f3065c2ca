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

#include "mlflow/client/client_config.h"
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

  TrackingApi& tracking() { return *tracking_; }
  const std::shared_ptr<transport::RestChannel>& channel() const { return channel_; }
  const std::string& tracking_uri() const { return channel_->base_url(); }

 private:
  std::shared_ptr<transport::RestChannel> channel_;
  std::shared_ptr<TrackingApi> tracking_;
};

}  // namespace mlflow
