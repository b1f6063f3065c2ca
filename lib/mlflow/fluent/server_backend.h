// ServerBackend: a fluent run's destination when it is an MLflow server.
//
// Starting a run resolves the experiment (by name, created when missing; or by id; default
// "0"), then creates the run with its tags, or attaches to an existing one (checks that it
// exists and sets it RUNNING). Batches are posted to runs/log-batch with a body written
// directly (EncodeLogBatchBody); the client's retrying channel resends the same body on
// transient failures. Thread-safe.
#pragma once

#include <string>

#include "mlflow/client/mlflow_client.h"
#include "mlflow/fluent/run_backend.h"

namespace mlflow {

class ServerBackend final : public RunBackend {
 public:
  explicit ServerBackend(MlflowClient client);

  Result<StartedRun> StartRun(const RunStartRequest& request) override;
  Status LogBatch(const LogBatchRequest& batch) override;
  Status EndRun(const std::string& run_id, RunStatus status, int64_t end_time) override;
  std::string Describe() const override { return client_.tracking_uri(); }

  MlflowClient& client() { return client_; }

 private:
  MlflowClient client_;
};

// Resolves the experiment a run start names: by name (created when missing), else by id,
// else "0". Shared by ServerBackend and the journal's sync.
Result<std::string> ResolveExperimentId(TrackingApi& tracking, const std::string& name, const std::string& id);

}  // namespace mlflow
