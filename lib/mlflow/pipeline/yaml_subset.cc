#include "mlflow/pipeline/yaml_subset.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <regex>

#include <fmt/format.h>

#include "mlflow/mlmodel/yaml.h"
#include "mlflow/models/file_util.h"
#include "mlflow/core/text.h"

namespace mlflow::pipeline {
namespace {

YamlValue TypePlainScalar(const std::string& s) {
  static const std::regex kInt("[-+]?[0-9]+");
  static const std::regex kFloat("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  const std::string lower = AsciiLowercase(s);
  if (lower == "true") return true;
  if (lower == "false") return false;
  if (std::regex_match(s, kInt)) {
    errno = 0;
    long long v = std::strtoll(s.c_str(), nullptr, 10);
    if (errno == 0) return v;
  }
  if (std::regex_match(s, kFloat)) return std::strtod(s.c_str(), nullptr);
  if (lower == ".inf" || lower == "+.inf") return std::numeric_limits<double>::infinity();
  if (lower == "-.inf") return -std::numeric_limits<double>::infinity();
  if (lower == ".nan") return std::numeric_limits<double>::quiet_NaN();
  return s;
}

YamlValue ToValue(const mlmodel::YamlNode& node) {
  switch (node.kind()) {
    case mlmodel::YamlNode::Kind::kNull:
      return nullptr;
    case mlmodel::YamlNode::Kind::kScalar:
      return node.is_string() ? YamlValue(node.scalar()) : TypePlainScalar(node.scalar());
    case mlmodel::YamlNode::Kind::kSequence: {
      YamlValue out = YamlValue::array();
      for (const auto& item : node.items()) out.push_back(ToValue(item));
      return out;
    }
    case mlmodel::YamlNode::Kind::kMapping: {
      YamlValue out = YamlValue::object();
      for (const auto& [key, value] : node.entries()) out[key] = ToValue(value);
      return out;
    }
  }
  return nullptr;
}

}  // namespace

Result<YamlValue> ParseYaml(std::string_view text, std::string_view source) {
  auto node = mlmodel::ParseYaml(text);
  if (!node.ok()) return InvalidArgument(fmt::format("{}: {}", source, node.status().message()));
  return ToValue(node.value());
}

Result<YamlValue> ReadYamlFile(const std::string& path) {
  MLFLOW_ASSIGN_OR_RETURN(std::string text, models::ReadFileToString(path));
  return ParseYaml(text, path);
}

const YamlValue* FindPath(const YamlValue& root, std::string_view dotted_path) {
  const YamlValue* node = &root;
  size_t start = 0;
  for (;;) {
    size_t dot = dotted_path.find('.', start);
    std::string key(dotted_path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (!node->is_object()) return nullptr;
    auto it = node->find(key);
    if (it == node->end()) return nullptr;
    node = &*it;
    if (dot == std::string_view::npos) return node;
    start = dot + 1;
  }
}

}  // namespace mlflow::pipeline
