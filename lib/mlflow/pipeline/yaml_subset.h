// params.yaml and dvc.lock as JSON values: the MLmodel library's YAML subset reader
// (mlflow/mlmodel/yaml.h) with scalars typed the way YAML 1.2's core schema types them.
//
// Plain scalars become null (""/~/null), booleans (true/false in any case), integers, floats
// (.inf/.nan included) or strings; quoted scalars are always strings. Mapping order is kept
// (ordered_json), which matters for params such as `models:` whose order is meaningful.
// What the reader does not support (anchors, tags, block scalars, several documents) is a
// kInvalidParameterValue naming the source; pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mlflow/core/result.h"

namespace mlflow::pipeline {

using YamlValue = nlohmann::ordered_json;

// Parses `text`; `source` names it in error messages ("params.yaml").
Result<YamlValue> ParseYaml(std::string_view text, std::string_view source = "YAML");

// Reads and parses a file; an unreadable file is kIoError.
Result<YamlValue> ReadYamlFile(const std::string& path);

// Follows a dotted path ("train.epochs") through nested mappings; nullptr when absent.
const YamlValue* FindPath(const YamlValue& root, std::string_view dotted_path);

}  // namespace mlflow::pipeline
