// TrackingApi: every call of MLflow's tracking service (experiments, runs, logging, history).
//
// Each method is one REST call (log_batch may be several: it chunks at the server's limits)
// and returns a Status or Result. Inputs are validated client-side first with MLflow's rules;
// a bad key or value fails fast with INVALID_PARAMETER_VALUE naming it, before anything is
// sent. Retries happen in the RestChannel underneath (see RetryingRestChannel).
// Thread-safe: holds no mutable state besides the shared channel.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mlflow/core/result.h"
#include "mlflow/tracking/entities.h"
#include "mlflow/transport/rest_channel.h"

namespace mlflow {

struct SearchExperimentsRequest {
  std::string filter;                 // e.g. "name LIKE 'exp%'"
  std::vector<std::string> order_by;  // e.g. {"last_update_time DESC"}
  int max_results = 1000;
  std::string page_token;
  ViewType view_type = ViewType::kActiveOnly;
};

struct SearchRunsRequest {
  std::vector<std::string> experiment_ids;
  std::string filter;  // e.g. "metrics.loss < 0.5 and params.lr = '0.1'"
  ViewType run_view_type = ViewType::kActiveOnly;
  int max_results = 1000;
  std::vector<std::string> order_by;
  std::string page_token;
};

struct CreateRunRequest {
  std::string experiment_id;
  std::string run_name;               // optional; the server picks one when empty
  std::optional<int64_t> start_time;  // default: now
  std::vector<RunTag> tags;
  std::string user_id;  // deprecated upstream, still accepted
};

struct UpdateRunRequest {
  std::string run_id;
  std::optional<RunStatus> status;
  std::optional<int64_t> end_time;
  std::string run_name;  // empty: unchanged
};

// Everything LogBatch may carry; chunked transparently at the server's limits.
struct LogBatchRequest {
  std::string run_id;
  std::vector<Metric> metrics;
  std::vector<Param> params;
  std::vector<RunTag> tags;
};

class TrackingApi {
 public:
  explicit TrackingApi(std::shared_ptr<transport::RestChannel> channel);

  // Experiments
  Result<std::string> CreateExperiment(const std::string& name, const std::string& artifact_location = "",
                                       const std::vector<ExperimentTag>& tags = {});
  Result<Experiment> GetExperiment(const std::string& experiment_id);
  Result<Experiment> GetExperimentByName(const std::string& name);
  Result<Page<Experiment>> SearchExperiments(const SearchExperimentsRequest& request);
  // Follows page tokens until the listing is complete.
  Result<std::vector<Experiment>> SearchAllExperiments(SearchExperimentsRequest request);
  Status RenameExperiment(const std::string& experiment_id, const std::string& new_name);
  Status DeleteExperiment(const std::string& experiment_id);
  Status RestoreExperiment(const std::string& experiment_id);
  Status SetExperimentTag(const std::string& experiment_id, const std::string& key, const std::string& value);
  Status DeleteExperimentTag(const std::string& experiment_id, const std::string& key);
  // Gets the experiment by name, creating it when missing (races with another creator resolve).
  Result<std::string> GetOrCreateExperiment(const std::string& name);

  // Runs
  Result<Run> CreateRun(const CreateRunRequest& request);
  Result<Run> GetRun(const std::string& run_id);
  Result<RunInfo> UpdateRun(const UpdateRunRequest& request);
  // Sets status (default FINISHED) and end_time = now.
  Status EndRun(const std::string& run_id, RunStatus status = RunStatus::kFinished);
  Status DeleteRun(const std::string& run_id);
  Status RestoreRun(const std::string& run_id);
  Result<Page<Run>> SearchRuns(const SearchRunsRequest& request);
  Result<std::vector<Run>> SearchAllRuns(SearchRunsRequest request);
  Status SetTag(const std::string& run_id, const std::string& key, const std::string& value);
  Status DeleteTag(const std::string& run_id, const std::string& key);

  // Logging
  Status LogMetric(const std::string& run_id, const Metric& metric);
  Status LogParam(const std::string& run_id, const std::string& key, const std::string& value);
  Status LogBatch(const LogBatchRequest& request);
  Status LogInputs(const std::string& run_id, const std::vector<DatasetInput>& datasets);
  Status LogOutputs(const std::string& run_id, const std::vector<ModelOutput>& models);

  // History
  Result<Page<Metric>> GetMetricHistory(const std::string& run_id, const std::string& key, int max_results = 25000,
                                        const std::string& page_token = "");
  Result<std::vector<Metric>> GetFullMetricHistory(const std::string& run_id, const std::string& key);

  transport::RestChannel& channel() { return *channel_; }

 private:
  std::shared_ptr<transport::RestChannel> channel_;
};

// Splits a batch into requests within the server's limits (1000 metrics, 100 params, 100 tags,
// 1000 entities, ~1 MB body, no duplicate param key in one request). Order is preserved.
std::vector<LogBatchRequest> ChunkLogBatch(const LogBatchRequest& request);

}  // namespace mlflow
