#include "mlflow/fluent/server_backend.h"

#include "mlflow/core/json.h"
#include "mlflow/fluent/log_batch_body.h"
#include "mlflow/transport/endpoints.h"

namespace mlflow {

Result<std::string> ResolveExperimentId(TrackingApi& tracking, const std::string& name, const std::string& id) {
  if (!name.empty()) return tracking.GetOrCreateExperiment(name);
  if (!id.empty()) return id;
  return std::string("0");
}

ServerBackend::ServerBackend(MlflowClient client) : client_(std::move(client)) {}

Result<StartedRun> ServerBackend::StartRun(const RunStartRequest& request) {
  TrackingApi& tracking = client_.tracking();
  if (!request.resume_run_id.empty()) {
    MLFLOW_ASSIGN_OR_RETURN(Run existing, tracking.GetRun(request.resume_run_id));
    UpdateRunRequest update;
    update.run_id = existing.info.run_id;
    update.status = RunStatus::kRunning;
    auto updated = tracking.UpdateRun(update);
    if (!updated.ok()) return updated.status();
    if (!request.tags.empty()) {
      LogBatchRequest tags;
      tags.run_id = existing.info.run_id;
      tags.tags = request.tags;
      MLFLOW_RETURN_IF_ERROR(tracking.LogBatch(tags));
    }
    return StartedRun{existing.info.run_id, existing.info.experiment_id, existing.info.run_name};
  }
  MLFLOW_ASSIGN_OR_RETURN(std::string experiment_id,
                          ResolveExperimentId(tracking, request.experiment_name, request.experiment_id));
  CreateRunRequest create;
  create.experiment_id = experiment_id;
  create.run_name = request.run_name;
  create.start_time = request.start_time;
  create.tags = request.tags;
  for (const RunTag& tag : request.tags) {
    if (tag.key == "mlflow.user") create.user_id = tag.value;
  }
  MLFLOW_ASSIGN_OR_RETURN(Run run, tracking.CreateRun(create));
  return StartedRun{run.info.run_id, run.info.experiment_id, run.info.run_name};
}

Status ServerBackend::LogBatch(const LogBatchRequest& batch) {
  transport::HttpRequest request;
  request.method = transport::HttpMethod::kPost;
  request.url = transport::endpoints::kLogBatch.path;
  request.headers["Content-Type"] = "application/json";
  fluent::EncodeLogBatchBody(batch, request.body);
  auto response = client_.channel()->Send(std::move(request), transport::endpoints::kLogBatch.idempotency);
  if (!response.ok()) return response.status().WithContext("log-batch");
  // MLflow answers a stored batch with a JSON object ("{}"); a 200 with anything else (a captive
  // portal, a misrouted proxy, a cut-off body) is not an acknowledgement.
  if (!response->body.empty()) {
    auto parsed = ParseJson(response->body, "log-batch response");
    if (!parsed.ok()) return parsed.status();
    if (!parsed->is_object()) {
      return Status(ErrorCode::kInvalidResponse,
                    "log-batch response is not a JSON object: " + response->body.substr(0, 120));
    }
  }
  return Status::Ok();
}

Status ServerBackend::EndRun(const std::string& run_id, RunStatus status, int64_t end_time) {
  UpdateRunRequest update;
  update.run_id = run_id;
  update.status = status;
  update.end_time = end_time;
  auto result = client_.tracking().UpdateRun(update);
  return result.ok() ? Status::Ok() : result.status();
}

}  // namespace mlflow
