#include "mlflow/tracking/entity_codec.h"

#include <cmath>
#include <limits>

namespace mlflow::codec {
namespace {

Status Missing(std::string_view entity, std::string_view field) {
  return Status(ErrorCode::kInvalidResponse,
                "the server sent a " + std::string(entity) + " without '" + std::string(field) + "'");
}

Result<int64_t> RequiredInt64(const Json& json, std::string_view entity, std::string_view field) {
  auto it = json.find(field);
  if (it == json.end() || it->is_null()) return Missing(entity, field);
  return DecodeInt64(*it, std::string(entity) + "." + std::string(field));
}

// Optional int64: absent or null gives `fallback`, a malformed value is an error.
Result<int64_t> OptionalInt64(const Json& json, std::string_view entity, std::string_view field, int64_t fallback) {
  auto it = json.find(field);
  if (it == json.end() || it->is_null()) return fallback;
  return DecodeInt64(*it, std::string(entity) + "." + std::string(field));
}

Status RequireObject(const Json& json, std::string_view entity) {
  if (json.is_object()) return Status::Ok();
  return Status(ErrorCode::kInvalidResponse,
                "expected a " + std::string(entity) + " object, got " + DumpJson(json).substr(0, 120));
}

template <typename Tag>
Json EncodeKeyValue(const Tag& tag) {
  return Json{{"key", tag.key}, {"value", tag.value}};
}

void PutIfNotEmpty(Json& json, const char* field, const std::string& value) {
  if (!value.empty()) json[field] = value;
}

}  // namespace

Json EncodeMetric(const Metric& metric) {
  Json json{{"key", metric.key},
            {"value", EncodeDouble(metric.value)},
            {"timestamp", metric.timestamp},
            {"step", metric.step}};
  PutIfNotEmpty(json, "model_id", metric.model_id);
  PutIfNotEmpty(json, "dataset_name", metric.dataset_name);
  PutIfNotEmpty(json, "dataset_digest", metric.dataset_digest);
  return json;
}

Json EncodeParam(const Param& param) { return EncodeKeyValue(param); }
Json EncodeRunTag(const RunTag& tag) { return EncodeKeyValue(tag); }
Json EncodeExperimentTag(const ExperimentTag& tag) { return EncodeKeyValue(tag); }

Json EncodeDatasetInput(const DatasetInput& input) {
  Json dataset{{"name", input.dataset.name},
               {"digest", input.dataset.digest},
               {"source_type", input.dataset.source_type},
               {"source", input.dataset.source}};
  PutIfNotEmpty(dataset, "schema", input.dataset.schema);
  PutIfNotEmpty(dataset, "profile", input.dataset.profile);
  Json tags = Json::array();
  for (const auto& tag : input.tags) tags.push_back(EncodeKeyValue(tag));
  return Json{{"tags", std::move(tags)}, {"dataset", std::move(dataset)}};
}

Json EncodeModelOutput(const ModelOutput& output) { return Json{{"model_id", output.model_id}, {"step", output.step}}; }

Result<double> DecodeMetricValue(const Json& value) {
  MLFLOW_ASSIGN_OR_RETURN(double decoded, DecodeDouble(value, "metric.value"));
  constexpr double kMax = std::numeric_limits<double>::max();
  if (decoded == kMax) return std::numeric_limits<double>::infinity();
  if (decoded == -kMax) return -std::numeric_limits<double>::infinity();
  return decoded;
}

Result<Metric> DecodeMetric(const Json& json) {
  MLFLOW_RETURN_IF_ERROR(RequireObject(json, "metric"));
  Metric metric;
  metric.key = GetString(json, "key");
  if (metric.key.empty()) return Missing("metric", "key");
  auto value = json.find("value");
  if (value == json.end() || value->is_null()) return Missing("metric", "value");
  MLFLOW_ASSIGN_OR_RETURN(metric.value, DecodeMetricValue(*value));
  MLFLOW_ASSIGN_OR_RETURN(metric.timestamp, OptionalInt64(json, "metric", "timestamp", 0));
  MLFLOW_ASSIGN_OR_RETURN(metric.step, OptionalInt64(json, "metric", "step", 0));
  metric.model_id = GetString(json, "model_id");
  metric.dataset_name = GetString(json, "dataset_name");
  metric.dataset_digest = GetString(json, "dataset_digest");
  return metric;
}

Result<Experiment> DecodeExperiment(const Json& json) {
  MLFLOW_RETURN_IF_ERROR(RequireObject(json, "experiment"));
  Experiment experiment;
  experiment.experiment_id = GetString(json, "experiment_id");
  if (experiment.experiment_id.empty()) return Missing("experiment", "experiment_id");
  experiment.name = GetString(json, "name");
  experiment.artifact_location = GetString(json, "artifact_location");
  experiment.lifecycle_stage = GetString(json, "lifecycle_stage");
  MLFLOW_ASSIGN_OR_RETURN(experiment.creation_time, OptionalInt64(json, "experiment", "creation_time", 0));
  MLFLOW_ASSIGN_OR_RETURN(experiment.last_update_time, OptionalInt64(json, "experiment", "last_update_time", 0));
  for (const auto& tag : GetArray(json, "tags")) experiment.tags[GetString(tag, "key")] = GetString(tag, "value");
  return experiment;
}

Result<RunInfo> DecodeRunInfo(const Json& json) {
  MLFLOW_RETURN_IF_ERROR(RequireObject(json, "run info"));
  RunInfo info;
  info.run_id = GetString(json, "run_id", GetString(json, "run_uuid"));
  if (info.run_id.empty()) return Missing("run info", "run_id");
  info.run_name = GetString(json, "run_name");
  info.experiment_id = GetString(json, "experiment_id");
  info.user_id = GetString(json, "user_id");
  std::string status = GetString(json, "status", "RUNNING");
  auto parsed = RunStatusFromName(status);
  if (!parsed) return Status(ErrorCode::kInvalidResponse, "unknown run status '" + status + "'");
  info.status = *parsed;
  MLFLOW_ASSIGN_OR_RETURN(info.start_time, OptionalInt64(json, "run info", "start_time", 0));
  if (json.contains("end_time") && !json["end_time"].is_null()) {
    MLFLOW_ASSIGN_OR_RETURN(info.end_time, RequiredInt64(json, "run info", "end_time"));
  }
  info.artifact_uri = GetString(json, "artifact_uri");
  info.lifecycle_stage = GetString(json, "lifecycle_stage");
  return info;
}

Result<DatasetInput> DecodeDatasetInput(const Json& json) {
  MLFLOW_RETURN_IF_ERROR(RequireObject(json, "dataset input"));
  DatasetInput input;
  const Json& dataset = GetObject(json, "dataset");
  input.dataset.name = GetString(dataset, "name");
  input.dataset.digest = GetString(dataset, "digest");
  input.dataset.source_type = GetString(dataset, "source_type");
  input.dataset.source = GetString(dataset, "source");
  input.dataset.schema = GetString(dataset, "schema");
  input.dataset.profile = GetString(dataset, "profile");
  for (const auto& tag : GetArray(json, "tags")) input.tags.push_back({GetString(tag, "key"), GetString(tag, "value")});
  return input;
}

Result<Run> DecodeRun(const Json& json) {
  MLFLOW_RETURN_IF_ERROR(RequireObject(json, "run"));
  Run run;
  MLFLOW_ASSIGN_OR_RETURN(run.info, DecodeRunInfo(GetObject(json, "info")));
  const Json& data = GetObject(json, "data");
  for (const auto& metric : GetArray(data, "metrics")) {
    MLFLOW_ASSIGN_OR_RETURN(Metric decoded, DecodeMetric(metric));
    run.data.metrics.push_back(std::move(decoded));
  }
  for (const auto& param : GetArray(data, "params")) {
    run.data.params.push_back({GetString(param, "key"), GetString(param, "value")});
  }
  for (const auto& tag : GetArray(data, "tags")) run.data.tags[GetString(tag, "key")] = GetString(tag, "value");
  for (const auto& input : GetArray(GetObject(json, "inputs"), "dataset_inputs")) {
    MLFLOW_ASSIGN_OR_RETURN(DatasetInput decoded, DecodeDatasetInput(input));
    run.dataset_inputs.push_back(std::move(decoded));
  }
  for (const auto& output : GetArray(GetObject(json, "outputs"), "model_outputs")) {
    ModelOutput decoded;
    decoded.model_id = GetString(output, "model_id");
    MLFLOW_ASSIGN_OR_RETURN(decoded.step, OptionalInt64(output, "model output", "step", 0));
    run.model_outputs.push_back(std::move(decoded));
  }
  return run;
}

}  // namespace mlflow::codec
