// Model URIs, parsed as MLflow parses them (mlflow/store/artifact/utils/models.py):
//   runs:/<run_id>/<path>       a run's artifacts
//   models:/<name>/<version>    a registered version ("models:/sentiment/3")
//   models:/<name>@<alias>      the version an alias points at ("models:/sentiment@champion")
//   models:/<name>/latest       the highest version (any stage; "latest" in any case)
//   models:/<name>/<stage>      deprecated: the latest version in a stage ("Production")
//   models:/<model_id>          a logged model (MLflow 3, "models:/m-0123...")
// Pure functions, thread-safe. Malformed URIs are INVALID_PARAMETER_VALUE.
#pragma once

#include <string>

#include "mlflow/core/result.h"

namespace mlflow {

struct ModelUri {
  enum class Kind { kRun, kVersion, kAlias, kLatest, kStage, kLoggedModel };
  Kind kind = Kind::kVersion;
  std::string uri;            // as given
  std::string run_id;         // kRun
  std::string artifact_path;  // kRun: path inside the run's artifacts ("" = root)
  std::string name;           // kVersion, kAlias, kLatest, kStage
  std::string version;        // kVersion
  std::string alias;          // kAlias
  std::string stage;          // kStage
  std::string model_id;       // kLoggedModel
};

Result<ModelUri> ParseModelUri(const std::string& uri);

}  // namespace mlflow
