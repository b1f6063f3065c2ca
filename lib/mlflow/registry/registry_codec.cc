#include "mlflow/registry/registry_codec.h"

#include <algorithm>
#include <cctype>

namespace mlflow {

const char* ModelVersionStatusName(ModelVersionStatus status) {
  switch (status) {
    case ModelVersionStatus::kPendingRegistration:
      return "PENDING_REGISTRATION";
    case ModelVersionStatus::kFailedRegistration:
      return "FAILED_REGISTRATION";
    case ModelVersionStatus::kReady:
      return "READY";
    case ModelVersionStatus::kUnknown:
      return "UNKNOWN";
  }
  return "UNKNOWN";
}

ModelVersionStatus ModelVersionStatusFromName(const std::string& name) {
  if (name == "READY") return ModelVersionStatus::kReady;
  if (name == "PENDING_REGISTRATION") return ModelVersionStatus::kPendingRegistration;
  if (name == "FAILED_REGISTRATION") return ModelVersionStatus::kFailedRegistration;
  return ModelVersionStatus::kUnknown;
}

namespace registry {
namespace {

std::map<std::string, std::string> DecodeTags(const Json& json) {
  std::map<std::string, std::string> tags;
  for (const Json& tag : GetArray(json, "tags")) tags[GetString(tag, "key")] = GetString(tag, "value");
  return tags;
}

}  // namespace

std::string VersionString(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  if (value.is_null()) return "";
  return DumpJson(value);
}

ModelVersion DecodeModelVersion(const Json& json) {
  ModelVersion version;
  version.name = GetString(json, "name");
  version.version = json.is_object() && json.contains("version") ? VersionString(json["version"]) : "";
  version.creation_timestamp = GetInt64(json, "creation_timestamp");
  version.last_updated_timestamp = GetInt64(json, "last_updated_timestamp");
  version.user_id = GetString(json, "user_id");
  version.current_stage = GetString(json, "current_stage");
  version.description = GetString(json, "description");
  version.source = GetString(json, "source");
  version.run_id = GetString(json, "run_id");
  version.run_link = GetString(json, "run_link");
  version.model_id = GetString(json, "model_id");
  version.status = ModelVersionStatusFromName(GetString(json, "status"));
  version.status_message = GetString(json, "status_message");
  version.tags = DecodeTags(json);
  for (const Json& alias : GetArray(json, "aliases")) {
    if (alias.is_string()) version.aliases.push_back(alias.get<std::string>());
  }
  return version;
}

RegisteredModel DecodeRegisteredModel(const Json& json) {
  RegisteredModel model;
  model.name = GetString(json, "name");
  model.creation_timestamp = GetInt64(json, "creation_timestamp");
  model.last_updated_timestamp = GetInt64(json, "last_updated_timestamp");
  model.user_id = GetString(json, "user_id");
  model.description = GetString(json, "description");
  for (const Json& version : GetArray(json, "latest_versions"))
    model.latest_versions.push_back(DecodeModelVersion(version));
  model.tags = DecodeTags(json);
  for (const Json& alias : GetArray(json, "aliases")) {
    model.aliases[GetString(alias, "alias")] = alias.contains("version") ? VersionString(alias["version"]) : "";
  }
  return model;
}

Json EncodeTags(const std::map<std::string, std::string>& tags) {
  Json out = Json::array();
  for (const auto& [key, value] : tags) out.push_back({{"key", key}, {"value", value}});
  return out;
}

}  // namespace registry
}  // namespace mlflow
