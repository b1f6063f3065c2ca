// TrackingApi: logging (metric, param, batch, inputs, outputs) and metric history.
#include <algorithm>

#include "mlflow/core/validation.h"
#include "mlflow/tracking/entity_codec.h"
#include "mlflow/tracking/log_batch.h"
#include "mlflow/tracking/tracking_api.h"

namespace mlflow {

namespace endpoints = transport::endpoints;

namespace {

Status ValidateDatasetInput(const DatasetInput& input, size_t index) {
  using namespace validation;
  const Dataset& dataset = input.dataset;
  std::string at = "datasets[" + std::to_string(index) + "]";
  MLFLOW_RETURN_IF_ERROR(ValidateMaxLength(at + " name", dataset.name, kMaxDatasetNameLength));
  MLFLOW_RETURN_IF_ERROR(ValidateMaxLength(at + " digest", dataset.digest, kMaxDatasetDigestLength));
  MLFLOW_RETURN_IF_ERROR(ValidateMaxLength(at + " source", dataset.source, kMaxDatasetSourceLength));
  MLFLOW_RETURN_IF_ERROR(ValidateMaxLength(at + " schema", dataset.schema, kMaxDatasetSchemaLength));
  MLFLOW_RETURN_IF_ERROR(ValidateMaxLength(at + " profile", dataset.profile, kMaxDatasetProfileLength));
  for (const auto& tag : input.tags) {
    MLFLOW_RETURN_IF_ERROR(
        ValidateMaxLength(at + " input tag key '" + Preview(tag.key) + "'", tag.key, kMaxInputTagKeyLength));
    MLFLOW_RETURN_IF_ERROR(ValidateMaxLength(at + " input tag value for key '" + Preview(tag.key) + "'", tag.value,
                                             kMaxInputTagValueLength));
  }
  return Status::Ok();
}

}  // namespace

Status TrackingApi::LogMetric(const std::string& run_id, const Metric& metric) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateRunId(run_id));
  MLFLOW_RETURN_IF_ERROR(validation::ValidateMetric(metric.key, metric.timestamp));
  Json body = codec::EncodeMetric(metric);
  body["run_id"] = run_id;
  body["run_uuid"] = run_id;
  return channel_->Call(endpoints::kLogMetric, body).status();
}

Status TrackingApi::LogParam(const std::string& run_id, const std::string& key, const std::string& value) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateRunId(run_id));
  MLFLOW_RETURN_IF_ERROR(validation::ValidateParam(key, value));
  return channel_
      ->Call(endpoints::kLogParam, {{"run_id", run_id}, {"run_uuid", run_id}, {"key", key}, {"value", value}})
      .status();
}

Status TrackingApi::LogBatch(const LogBatchRequest& request) {
  MLFLOW_RETURN_IF_ERROR(ValidateLogBatch(request));
  std::vector<LogBatchRequest> chunks = ChunkLogBatch(request);
  for (size_t i = 0; i < chunks.size(); ++i) {
    Status status = channel_->Call(endpoints::kLogBatch, EncodeLogBatch(chunks[i])).status();
    if (!status.ok()) {
      if (chunks.size() == 1) return status;
      return status.WithContext("log_batch request " + std::to_string(i + 1) + " of " + std::to_string(chunks.size()) +
                                " failed (" + std::to_string(i) + " earlier requests were stored)");
    }
  }
  return Status::Ok();
}

Status TrackingApi::LogInputs(const std::string& run_id, const std::vector<DatasetInput>& datasets) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateRunId(run_id));
  for (size_t i = 0; i < datasets.size(); ++i) MLFLOW_RETURN_IF_ERROR(ValidateDatasetInput(datasets[i], i));
  if (datasets.empty()) return Status::Ok();
  for (size_t start = 0; start < datasets.size(); start += validation::kMaxDatasetsPerRequest) {
    size_t end = std::min(datasets.size(), start + validation::kMaxDatasetsPerRequest);
    Json encoded = Json::array();
    for (size_t i = start; i < end; ++i) encoded.push_back(codec::EncodeDatasetInput(datasets[i]));
    MLFLOW_RETURN_IF_ERROR(channel_->Call(endpoints::kLogInputs, {{"run_id", run_id}, {"datasets", encoded}}).status());
  }
  return Status::Ok();
}

Status TrackingApi::LogOutputs(const std::string& run_id, const std::vector<ModelOutput>& models) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateRunId(run_id));
  if (models.empty()) return Status::Ok();
  Json encoded = Json::array();
  for (const auto& model : models) {
    if (model.model_id.empty()) return InvalidArgument("log_outputs: a model output needs a model_id");
    encoded.push_back(codec::EncodeModelOutput(model));
  }
  return channel_->Call(endpoints::kLogOutputs, {{"run_id", run_id}, {"models", encoded}}).status();
}

Result<Page<Metric>> TrackingApi::GetMetricHistory(const std::string& run_id, const std::string& key, int max_results,
                                                   const std::string& page_token) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateRunId(run_id));
  if (key.empty()) return InvalidArgument("get_metric_history: the metric key must not be empty");
  if (max_results < 1) {
    return InvalidArgument("get_metric_history: max_results must be at least 1, got " + std::to_string(max_results));
  }
  Json query{{"run_id", run_id}, {"run_uuid", run_id}, {"metric_key", key}, {"max_results", max_results}};
  if (!page_token.empty()) query["page_token"] = page_token;
  MLFLOW_ASSIGN_OR_RETURN(Json response, channel_->Call(endpoints::kGetMetricHistory, query));
  Page<Metric> page;
  for (const auto& item : GetArray(response, "metrics")) {
    MLFLOW_ASSIGN_OR_RETURN(Metric metric, codec::DecodeMetric(item));
    page.items.push_back(std::move(metric));
  }
  page.next_page_token = GetString(response, "next_page_token");
  return page;
}

Result<std::vector<Metric>> TrackingApi::GetFullMetricHistory(const std::string& run_id, const std::string& key) {
  constexpr int kPageSize = 25000;  // the server's MAX_RESULTS_GET_METRIC_HISTORY
  std::vector<Metric> all;
  std::string token;
  while (true) {
    MLFLOW_ASSIGN_OR_RETURN(Page<Metric> page, GetMetricHistory(run_id, key, kPageSize, token));
    all.insert(all.end(), std::make_move_iterator(page.items.begin()), std::make_move_iterator(page.items.end()));
    if (page.next_page_token.empty()) return all;
    if (page.next_page_token == token) {
      return Status(ErrorCode::kInvalidResponse, "metrics/get-history returned the same page token twice");
    }
    token = page.next_page_token;
  }
}

}  // namespace mlflow
