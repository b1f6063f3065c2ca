// The `train` stage: trains one model variant from params.yaml and writes its model
// directory, logging everything to an MLflow run.
//
// params.yaml:
//   train:                 shared by every variant
//     train_file           default data/prepared/train.tsv (SemEval TSV unless `format`)
//     format, text_column, label_column, id_column   generic CSV/TSV loader options
//     holdout_fraction     a seeded slice of the training file held out to monitor each
//                          epoch and report the final holdout metrics; never trained on.
//                          Default 0.1; 0 trains on everything and monitors nothing.
//     seed, threads        defaults for every variant (TrainingConfig seed/threads)
//   models:
//     <variant>:           TrainingConfig::FromParams keys (model_type, c, word_ngrams,
//                          epochs, member0.c, ...); the first variant is the baseline.
// Logged: every TrainingConfig param (+ pipeline.variant and the data files), per-epoch
// train_loss / holdout_macro_recall, final holdout_* metrics, training_seconds,
// num_features, the training and holdout datasets as run inputs, the holdout confusion
// matrix as JSON and SVG, and the model directory as the `model` artifact. The saved MLmodel
// names that run and artifact path, so `register` can register it.
// Failures: kInvalidParameterValue (params, data), kIoError, MLflow errors (when `client`).
#pragma once

#include <string>

#include "mlflow/client/mlflow_client.h"
#include "mlflow/core/json.h"
#include "mlflow/core/result.h"
#include "mlflow/pipeline/params_file.h"

namespace mlflow::pipeline {

struct TrainStageOptions {
  Params params;
  std::string variant;     // a key of `models`; empty: the first one
  std::string output_dir;  // the model directory to write
  std::string experiment;  // stage_run.h defaults
  bool progress = true;    // a progress line on stderr when it is a terminal
};

struct TrainResult {
  std::string variant;
  std::string model_type;
  std::string run_id;  // empty without a client
  Json holdout_metrics = Json::object();
  double training_seconds = 0;
};

// `client` may be null: trains and saves without logging.
Result<TrainResult> RunTrain(const TrainStageOptions& options, MlflowClient* client);

// The TrainingConfig parameters of `variant`: train.seed/threads, overridden by the
// variant's own (nested mappings flattened with '.').
Result<std::map<std::string, std::string>> VariantParams(const Params& params, const std::string& variant);

}  // namespace mlflow::pipeline
