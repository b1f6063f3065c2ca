#include "mlflow/pipeline/mlflow_training_observer.h"

#include <cmath>

#include "mlflow/pipeline/stage_run.h"

namespace mlflow::pipeline {

void MlflowTrainingObserver::Keep(Status status) {
  if (status_.ok() && !status.ok()) status_ = std::move(status);
}

void MlflowTrainingObserver::OnParam(const std::string& key, const std::string& value) {
  Keep(run_.LogParam(SanitizeKey(key), value.size() > 6000 ? value.substr(0, 6000) : value));
}

void MlflowTrainingObserver::OnEpoch(const models::EpochReport& report) {
  std::string prefix = report.stage.empty() || report.stage == model_stage_ ? "" : SanitizeKey(report.stage) + "/";
  Keep(run_.LogMetric(prefix + "train_loss", report.loss, report.step));
  if (!std::isnan(report.monitor_macro_recall)) {
    Keep(run_.LogMetric(prefix + "holdout_macro_recall", report.monitor_macro_recall, report.step));
  }
}

}  // namespace mlflow::pipeline
