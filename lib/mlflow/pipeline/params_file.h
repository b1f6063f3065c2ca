// Params: typed, dotted-key access to a params.yaml (the pipeline's single configuration).
//
//   auto params = Params::Load("params.yaml").value();
//   double c = params.GetDouble("models.logreg.c", 1.0).value();
//
// A missing key gives the fallback (or kInvalidParameterValue when there is none); a present
// key of the wrong type is always kInvalidParameterValue naming the key and file. Values
// keep params.yaml's order. Immutable after loading; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mlflow/core/result.h"
#include "mlflow/pipeline/yaml_subset.h"

namespace mlflow::pipeline {

class Params {
 public:
  Params() : root_(YamlValue::object()) {}
  Params(YamlValue root, std::string source) : root_(std::move(root)), source_(std::move(source)) {}
  static Result<Params> Load(const std::string& path);

  const YamlValue& root() const { return root_; }
  const std::string& source() const { return source_; }
  const YamlValue* Find(std::string_view key) const { return FindPath(root_, key); }
  bool Has(std::string_view key) const { return Find(key) != nullptr && !Find(key)->is_null(); }

  Result<std::string> GetString(std::string_view key, std::optional<std::string> fallback = std::nullopt) const;
  Result<double> GetDouble(std::string_view key, std::optional<double> fallback = std::nullopt) const;
  Result<int64_t> GetInt(std::string_view key, std::optional<int64_t> fallback = std::nullopt) const;
  Result<bool> GetBool(std::string_view key, std::optional<bool> fallback = std::nullopt) const;
  // The mapping at `key` (empty object when absent; kInvalidParameterValue when not a mapping).
  Result<YamlValue> GetMap(std::string_view key) const;

  // Every scalar below `key` as ("a.b.c", "value") pairs, in file order; lists are written as
  // JSON. For logging a section as MLflow params.
  std::vector<std::pair<std::string, std::string>> Flatten(std::string_view key) const;

 private:
  Status TypeError(std::string_view key, const char* expected) const;

  YamlValue root_;
  std::string source_;
};

// A scalar as text ("0.1", "true", "logreg"); lists and maps as compact JSON.
std::string ScalarText(const YamlValue& value);

}  // namespace mlflow::pipeline
