// MlflowTrainingObserver: plugs SentimentModel::Train's progress into an MLflow run.
//
// OnParam -> run param (the TrainingConfig as flat params); OnEpoch -> metrics with the
// report's step: "train_loss" and "holdout_macro_recall" (when the monitor data was scored),
// prefixed "<stage>/" for stages that are not the model itself (ensemble members). Logging
// goes through ActiveRun's async logger, so callbacks return at once; the first failure is
// kept and returned by status(). Called from the training thread only (not synchronised).
#pragma once

#include <string>

#include "mlflow/fluent/active_run.h"
#include "mlflow/models/training_observer.h"

namespace mlflow::pipeline {

class MlflowTrainingObserver : public models::TrainingObserver {
 public:
  // `model_stage` is the stage name of the top-level model (ModelTypeName of the config).
  MlflowTrainingObserver(ActiveRun& run, std::string model_stage) : run_(run), model_stage_(std::move(model_stage)) {}

  void OnParam(const std::string& key, const std::string& value) override;
  void OnEpoch(const models::EpochReport& report) override;

  const Status& status() const { return status_; }

 private:
  void Keep(Status status);
  ActiveRun& run_;
  std::string model_stage_;
  Status status_;
};

}  // namespace mlflow::pipeline
