// StartStageRun: the MLflow run every pipeline stage logs to, tagged so that a run can be
// traced back to the exact code and data versions that produced it.
//
// Tags (on top of the fluent API's system tags):
//   pipeline.stage            the stage ("train", "promote", ...)
//   dvc.stage                 $DVC_STAGE when DVC runs the command ("train@logreg")
//   mlflow.source.git.*       commit/branch/remote of the git checkout of the working
//                             directory (the pipeline's repository), overriding the
//                             executable's checkout that the system tags describe
//   dvc.lock.<path>           the md5 dvc.lock records for each input (or the DVC output
//                             directory containing it), when a dvc.lock is in the working
//                             directory; the running stage's own entries are skipped
// Experiment: options.experiment, else $MLFLOW_EXPERIMENT_NAME, else $MLFLOW_EXPERIMENT_ID,
// else kDefaultExperiment. Failures: those of ActiveRun::Start (server, bad names).
#pragma once

#include <string>
#include <vector>

#include "mlflow/client/mlflow_client.h"
#include "mlflow/core/result.h"
#include "mlflow/fluent/active_run.h"

namespace mlflow::pipeline {

inline constexpr const char* kDefaultExperiment = "tweet-sentiment";

struct StageRunOptions {
  std::string stage;
  std::string experiment;
  std::string run_name;             // default: "<stage>" or "<dvc stage>"
  std::vector<std::string> inputs;  // files or directories the stage reads
  std::vector<RunTag> tags;         // extra tags
  EnvLookup env = ProcessEnvironment();
};

// The pipeline tags described above (without the system tags).
std::vector<RunTag> PipelineTags(const std::string& stage, const std::vector<std::string>& inputs,
                                 const EnvLookup& env = ProcessEnvironment());

Result<ActiveRun> StartStageRun(MlflowClient client, const StageRunOptions& options);

// Makes `text` usable inside an MLflow key: characters outside [A-Za-z0-9_.-/ :] become '_',
// ".." becomes "__" and leading '/' are dropped.
std::string SanitizeKey(const std::string& text);

}  // namespace mlflow::pipeline
