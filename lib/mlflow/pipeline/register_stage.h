// The `register` stage: registers a model directory as a version of a registered model.
//
// When the directory's MLmodel names a run (train wrote it) that this server knows, the
// version is created from that run's artifacts (runs:/<run_id>/<artifact_path>), and a
// version already registered from the same run and path is reused instead of duplicated, so
// re-running the stage is idempotent. Otherwise (no run, or a run on another server) the
// directory is uploaded to a new "register" run and registered from there.
// The version waits until READY; `alias`, when set, is moved to it. The source run gets
// the tag pipeline.registered.<name> = <version>.
// Failures: kInvalidParameterValue (not a model directory, bad name/alias), MLflow errors.
#pragma once

#include <string>

#include "mlflow/client/mlflow_client.h"
#include "mlflow/core/json.h"
#include "mlflow/core/result.h"

namespace mlflow::pipeline {

struct RegisterStageOptions {
  std::string model_dir;
  std::string name;
  std::string alias;       // optional
  std::string experiment;  // for an upload run (stage_run.h defaults)
};

struct RegisterResult {
  std::string name;
  std::string version;
  std::string run_id;
  std::string source;
  bool created = false;  // false: an existing version was reused
  Json ToJson() const;
};

Result<RegisterResult> RunRegister(const RegisterStageOptions& options, MlflowClient& client);

}  // namespace mlflow::pipeline
