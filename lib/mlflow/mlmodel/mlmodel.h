// MLmodel: the YAML file at the root of every MLflow model directory.
//
// Fields follow what MLflow 3.x writes: artifact_path, run_id, model_id, utc_time_created
// ('2026-01-01 10:57:16.077123'), model_uuid (hex uuid4), mlflow_version, flavors (one
// mapping per flavor), signature (inputs/outputs as JSON strings of column specs) and
// saved_input_example_info. Top-level keys this struct does not model (model_size_bytes,
// prompts, ...) are kept in `extra` and written back, so read -> write preserves a file
// written by MLflow. Plain value; Save/Load touch only the given path.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mlflow/core/result.h"
#include "mlflow/mlmodel/yaml.h"

namespace mlflow::mlmodel {

inline constexpr const char* kMLmodelFileName = "MLmodel";

struct ModelSignature {
  std::string inputs;   // JSON, e.g. [{"type": "string", "name": "text", "required": true}]
  std::string outputs;  // JSON column specs; empty = null
  std::string params;   // JSON param specs; empty = null
};

struct InputExampleInfo {
  std::string artifact_path = "input_example.json";
  std::string type = "dataframe";
  std::string pandas_orient = "split";
  std::string serving_input_path = "serving_input_example.json";  // empty = omitted
};

struct MLmodel {
  std::string artifact_path;  // empty = omitted
  std::string run_id;         // empty = omitted
  std::string model_id;       // empty = null
  std::string utc_time_created;
  std::string model_uuid;
  std::string mlflow_version;
  YamlNode flavors = YamlNode::Mapping();
  std::optional<ModelSignature> signature;
  std::optional<InputExampleInfo> saved_input_example_info;
  YamlNode extra = YamlNode::Mapping();

  // The flavor's mapping, or null when the file has no such flavor.
  const YamlNode* Flavor(std::string_view name) const;

  std::string ToYaml() const;
  // kInvalidParameterValue when the text is not YAML, not a mapping, or lacks `flavors`.
  static Result<MLmodel> FromYaml(std::string_view text);

  // Writes <directory>/MLmodel.
  Status Save(const std::string& directory) const;
  // Reads a directory's MLmodel, or the file itself when `path` is a file.
  static Result<MLmodel> Load(const std::string& path);
};

// A fresh random model_uuid: 32 lowercase hex digits of a version-4 UUID.
std::string NewModelUuid();
// The current UTC time as MLflow writes utc_time_created.
std::string UtcTimeCreated();

}  // namespace mlflow::mlmodel
