#include "mlflow/logged_models/logged_model_codec.h"

namespace mlflow {

const char* LoggedModelStatusName(LoggedModelStatus status) {
  switch (status) {
    case LoggedModelStatus::kPending:
      return "LOGGED_MODEL_PENDING";
    case LoggedModelStatus::kReady:
      return "LOGGED_MODEL_READY";
    case LoggedModelStatus::kUploadFailed:
      return "LOGGED_MODEL_UPLOAD_FAILED";
    case LoggedModelStatus::kUnspecified:
      return "LOGGED_MODEL_STATUS_UNSPECIFIED";
  }
  return "LOGGED_MODEL_STATUS_UNSPECIFIED";
}

LoggedModelStatus LoggedModelStatusFromName(const std::string& name) {
  if (name == "LOGGED_MODEL_PENDING") return LoggedModelStatus::kPending;
  if (name == "LOGGED_MODEL_READY") return LoggedModelStatus::kReady;
  if (name == "LOGGED_MODEL_UPLOAD_FAILED") return LoggedModelStatus::kUploadFailed;
  return LoggedModelStatus::kUnspecified;
}

namespace logged_models {

LoggedModel DecodeLoggedModel(const Json& json) {
  const Json& info = GetObject(json, "info");
  const Json& data = GetObject(json, "data");
  LoggedModel model;
  model.model_id = GetString(info, "model_id");
  model.experiment_id = GetString(info, "experiment_id");
  model.name = GetString(info, "name");
  model.artifact_uri = GetString(info, "artifact_uri");
  model.model_type = GetString(info, "model_type");
  model.source_run_id = GetString(info, "source_run_id");
  model.status = LoggedModelStatusFromName(GetString(info, "status"));
  model.status_message = GetString(info, "status_message");
  model.creation_timestamp_ms = GetInt64(info, "creation_timestamp_ms");
  model.last_updated_timestamp_ms = GetInt64(info, "last_updated_timestamp_ms");
  for (const Json& tag : GetArray(info, "tags")) model.tags[GetString(tag, "key")] = GetString(tag, "value");
  for (const Json& param : GetArray(data, "params")) model.params[GetString(param, "key")] = GetString(param, "value");
  for (const Json& entry : GetArray(data, "metrics")) {
    Metric metric;
    metric.key = GetString(entry, "key");
    if (entry.is_object() && entry.contains("value")) {
      auto value = DecodeDouble(entry["value"], "value");
      if (value.ok()) metric.value = *value;
    }
    metric.timestamp = GetInt64(entry, "timestamp");
    metric.step = GetInt64(entry, "step");
    metric.model_id = GetString(entry, "model_id");
    metric.dataset_name = GetString(entry, "dataset_name");
    metric.dataset_digest = GetString(entry, "dataset_digest");
    model.metrics.push_back(std::move(metric));
  }
  return model;
}

}  // namespace logged_models
}  // namespace mlflow
