// JSON -> registry entities (internal). Lenient like the Python client: missing fields keep
// their defaults, int64 fields may be numbers or strings, versions may be numbers or strings.
#pragma once

#include "mlflow/core/json.h"
#include "mlflow/registry/registry_entities.h"

namespace mlflow::registry {

ModelVersion DecodeModelVersion(const Json& json);
RegisteredModel DecodeRegisteredModel(const Json& json);
// [{"key": k, "value": v}, ...] from a tag map.
Json EncodeTags(const std::map<std::string, std::string>& tags);
// A version as the wire wants it (a decimal string).
std::string VersionString(const Json& value);

}  // namespace mlflow::registry
