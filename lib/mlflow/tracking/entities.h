// Tracking entities: plain value types mirroring MLflow's protos (service.proto).
// Times are milliseconds since the Unix epoch; ids are strings as on the wire.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mlflow {

enum class RunStatus { kRunning, kScheduled, kFinished, kFailed, kKilled };
enum class ViewType { kActiveOnly, kDeletedOnly, kAll };

const char* RunStatusName(RunStatus status);  // "RUNNING", ...
std::optional<RunStatus> RunStatusFromName(const std::string& name);
const char* ViewTypeName(ViewType view);  // "ACTIVE_ONLY", ...
// Accepts MLflow's spelling in any case ("ACTIVE_ONLY", "active_only", "all").
std::optional<ViewType> ViewTypeFromName(const std::string& name);

struct Metric {
  std::string key;
  double value = 0;       // NaN and ±Inf are legal
  int64_t timestamp = 0;  // ms; stamp when the value was observed, not when it is sent
  int64_t step = 0;
  std::string model_id;      // optional (MLflow 3): the logged model the point belongs to
  std::string dataset_name;  // optional
  std::string dataset_digest;
};

struct Param {
  std::string key;
  std::string value;
};

struct RunTag {
  std::string key;
  std::string value;
};

struct ExperimentTag {
  std::string key;
  std::string value;
};

struct Experiment {
  std::string experiment_id;
  std::string name;
  std::string artifact_location;
  std::string lifecycle_stage;  // "active" | "deleted"
  int64_t creation_time = 0;
  int64_t last_update_time = 0;
  std::map<std::string, std::string> tags;
};

struct RunInfo {
  std::string run_id;
  std::string run_name;
  std::string experiment_id;
  std::string user_id;
  RunStatus status = RunStatus::kRunning;
  int64_t start_time = 0;
  std::optional<int64_t> end_time;
  std::string artifact_uri;
  std::string lifecycle_stage;
};

struct Dataset {
  std::string name;
  std::string digest;
  std::string source_type;  // "local", "http", "s3", ...
  std::string source;       // JSON text describing the source, e.g. {"uri": "..."}
  std::string schema;       // JSON text, optional
  std::string profile;      // JSON text, optional
};

struct InputTag {
  std::string key;
  std::string value;
};

struct DatasetInput {
  Dataset dataset;
  std::vector<InputTag> tags;  // e.g. {"mlflow.data.context", "training"}
};

struct ModelOutput {
  std::string model_id;
  int64_t step = 0;
};

struct RunData {
  std::vector<Metric> metrics;  // latest value per key
  std::vector<Param> params;
  std::map<std::string, std::string> tags;
};

struct Run {
  RunInfo info;
  RunData data;
  std::vector<DatasetInput> dataset_inputs;
  std::vector<ModelOutput> model_outputs;
};

// One page of a paginated listing; next_page_token is empty on the last page.
template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_page_token;
};

}  // namespace mlflow
