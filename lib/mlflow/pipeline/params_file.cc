#include "mlflow/pipeline/params_file.h"

#include <cmath>

#include <fmt/format.h>

namespace mlflow::pipeline {
namespace {

void FlattenInto(const YamlValue& node, const std::string& prefix,
                 std::vector<std::pair<std::string, std::string>>* out) {
  if (node.is_object()) {
    for (const auto& [key, child] : node.items()) FlattenInto(child, prefix.empty() ? key : prefix + "." + key, out);
    return;
  }
  out->emplace_back(prefix, ScalarText(node));
}

}  // namespace

std::string ScalarText(const YamlValue& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  if (value.is_number_float()) {
    double v = value.get<double>();
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    return fmt::format("{}", v);
  }
  return value.dump(-1, ' ', false, YamlValue::error_handler_t::replace);
}

Result<Params> Params::Load(const std::string& path) {
  MLFLOW_ASSIGN_OR_RETURN(YamlValue root, ReadYamlFile(path));
  if (root.is_null()) root = YamlValue::object();
  if (!root.is_object()) return InvalidArgument(fmt::format("{}: the top level must be a mapping", path));
  return Params(std::move(root), path);
}

Status Params::TypeError(std::string_view key, const char* expected) const {
  return InvalidArgument(fmt::format("{}: '{}' must be {}", source_.empty() ? "params" : source_, key, expected));
}

Result<std::string> Params::GetString(std::string_view key, std::optional<std::string> fallback) const {
  const YamlValue* node = Find(key);
  if (!node || node->is_null()) {
    if (fallback) return *fallback;
    return TypeError(key, "set");
  }
  if (node->is_object() || node->is_array()) return TypeError(key, "a scalar");
  return ScalarText(*node);
}

Result<double> Params::GetDouble(std::string_view key, std::optional<double> fallback) const {
  const YamlValue* node = Find(key);
  if (!node || node->is_null()) {
    if (fallback) return *fallback;
    return TypeError(key, "set");
  }
  if (!node->is_number()) return TypeError(key, "a number");
  return node->get<double>();
}

Result<int64_t> Params::GetInt(std::string_view key, std::optional<int64_t> fallback) const {
  const YamlValue* node = Find(key);
  if (!node || node->is_null()) {
    if (fallback) return *fallback;
    return TypeError(key, "set");
  }
  if (node->is_number_integer()) return node->get<int64_t>();
  if (node->is_number_float() && std::floor(node->get<double>()) == node->get<double>()) {
    return static_cast<int64_t>(node->get<double>());
  }
  return TypeError(key, "an integer");
}

Result<bool> Params::GetBool(std::string_view key, std::optional<bool> fallback) const {
  const YamlValue* node = Find(key);
  if (!node || node->is_null()) {
    if (fallback) return *fallback;
    return TypeError(key, "set");
  }
  if (!node->is_boolean()) return TypeError(key, "true or false");
  return node->get<bool>();
}

Result<YamlValue> Params::GetMap(std::string_view key) const {
  const YamlValue* node = Find(key);
  if (!node || node->is_null()) return YamlValue::object();
  if (!node->is_object()) return TypeError(key, "a mapping");
  return *node;
}

std::vector<std::pair<std::string, std::string>> Params::Flatten(std::string_view key) const {
  std::vector<std::pair<std::string, std::string>> out;
  const YamlValue* node = key.empty() ? &root_ : Find(key);
  if (node) FlattenInto(*node, std::string(key), &out);
  return out;
}

}  // namespace mlflow::pipeline
