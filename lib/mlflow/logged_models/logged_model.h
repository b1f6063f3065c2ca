// LoggedModel (MLflow 3): a model as a first-class entity of an experiment, with its own
// artifact location, params, tags and status. Mirrors service.proto's LoggedModel.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mlflow/tracking/entities.h"

namespace mlflow {

enum class LoggedModelStatus { kUnspecified, kPending, kReady, kUploadFailed };
// "LOGGED_MODEL_PENDING", "LOGGED_MODEL_READY", "LOGGED_MODEL_UPLOAD_FAILED", "LOGGED_MODEL_STATUS_UNSPECIFIED".
const char* LoggedModelStatusName(LoggedModelStatus status);
LoggedModelStatus LoggedModelStatusFromName(const std::string& name);

struct LoggedModel {
  std::string model_id;  // "m-<hex>"
  std::string experiment_id;
  std::string name;
  std::string artifact_uri;  // e.g. mlflow-artifacts:/<exp>/models/<model_id>/artifacts
  std::string model_type;
  std::string source_run_id;
  LoggedModelStatus status = LoggedModelStatus::kUnspecified;
  std::string status_message;
  int64_t creation_timestamp_ms = 0;
  int64_t last_updated_timestamp_ms = 0;
  std::map<std::string, std::string> tags;
  std::map<std::string, std::string> params;
  std::vector<Metric> metrics;
};

}  // namespace mlflow
