// MonitoringRun: the MonitoringSink that records monitoring in MLflow.
//
// For each served model version it opens a run in the monitoring experiment (default
// "<model name>-monitoring") named "monitor-<name>-v<version>", tagged
//   mlflowcpp.monitoring.model_name / .model_version / .model_uri / .model_alias / .reference
// and logs every report as metrics at step = evaluation number (js_distance, psi,
// chi_square_p_value, mean_confidence, confidence_shift, mean_entropy, entropy_shift,
// oov_rate, oov_rate_shift, mean_text_length, length_shift, window_texts,
// class_fraction.<class>, feedback_accuracy, feedback_macro_recall, feedback_labels,
// alerts_active, alert.<signal>); NaN statistics are skipped. An alert sets the run tag
// "mlflowcpp.alert.<signal>" and, through `tag_model_version`, the same tag on the model
// version (the model version also gets "mlflowcpp.monitoring_run_id"). A version change or
// OnStop ends the run as FINISHED.
//
// MLflow failures are logged and never stop serving; a failed run creation is retried at
// the next report. Called from the monitor thread only.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "mlflow/server/alert.h"
#include "mlflow/server/monitor.h"
#include "mlflow/server/server_log.h"
#include "mlflow/tracking/tracking_api.h"

namespace mlflow::server {

// Sets a tag on a registered model version; null when the model does not come from the
// registry. Returns the call's status.
using ModelVersionTagger =
    std::function<Status(const ModelIdentity& model, const std::string& key, const std::string& value)>;

struct MonitoringRunOptions {
  std::string experiment_name;  // Default "": "<model name>-monitoring".
  MonitorOptions monitor;       // logged as the run's params
};

class MonitoringRun final : public MonitoringSink {
 public:
  MonitoringRun(std::shared_ptr<TrackingApi> tracking, ModelVersionTagger tag_model_version,
                MonitoringRunOptions options, ServerLog log);

  void OnModel(const LoadedModel& model) override;
  void OnReport(const LoadedModel& model, const DriftReport& report, uint64_t step) override;
  void OnAlert(const LoadedModel& model, const AlertEvent& alert) override;
  void OnStop() override;

  // The current run's id ("" before the first successful creation). Monitor thread only.
  const std::string& run_id() const { return run_id_; }
  // Called with the run id whenever a new run starts (e.g. to hand it to the alert hook).
  void set_on_run_started(std::function<void(const std::string&)> callback) { on_run_started_ = std::move(callback); }

 private:
  bool EnsureRun(const LoadedModel& model);
  void EndRun();

  std::shared_ptr<TrackingApi> tracking_;
  ModelVersionTagger tag_model_version_;
  MonitoringRunOptions options_;
  ServerLog log_;
  std::function<void(const std::string&)> on_run_started_;
  std::string run_id_;
  uint64_t run_generation_ = 0;
  bool failed_once_ = false;
};

}  // namespace mlflow::server
