// Model Registry entities: plain value types mirroring model_registry.proto.
// Times are milliseconds since the Unix epoch; versions are decimal strings as on the wire.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mlflow {

enum class ModelVersionStatus { kPendingRegistration, kFailedRegistration, kReady, kUnknown };
const char* ModelVersionStatusName(ModelVersionStatus status);  // "READY", ...
ModelVersionStatus ModelVersionStatusFromName(const std::string& name);

// Deprecated upstream (use aliases); the server's names, matched case-insensitively there.
namespace stages {
inline constexpr const char* kNone = "None";
inline constexpr const char* kStaging = "Staging";
inline constexpr const char* kProduction = "Production";
inline constexpr const char* kArchived = "Archived";
}  // namespace stages

struct ModelVersion {
  std::string name;
  std::string version;
  int64_t creation_timestamp = 0;
  int64_t last_updated_timestamp = 0;
  std::string user_id;
  std::string current_stage;  // deprecated: "None", "Staging", "Production", "Archived"
  std::string description;
  std::string source;  // where the artifacts are (mlflow-artifacts:/..., runs:/..., models:/<model_id>)
  std::string run_id;
  std::string run_link;
  std::string model_id;  // MLflow 3: the logged model registered, when the server reports it
  ModelVersionStatus status = ModelVersionStatus::kUnknown;
  std::string status_message;
  std::map<std::string, std::string> tags;
  std::vector<std::string> aliases;
};

struct RegisteredModel {
  std::string name;
  int64_t creation_timestamp = 0;
  int64_t last_updated_timestamp = 0;
  std::string user_id;
  std::string description;
  std::vector<ModelVersion> latest_versions;  // deprecated: latest per stage
  std::map<std::string, std::string> tags;
  std::map<std::string, std::string> aliases;  // alias -> version
};

}  // namespace mlflow
