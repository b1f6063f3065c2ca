// Alerts: a monitoring signal crossing its threshold (raised) or coming back (cleared), and
// the interface of whatever reacts to them.
//
// Alerts are edge-triggered: AlertState turns each report into the transitions since the
// previous one, so a signal that stays breached raises one alert, not one per evaluation.
// AlertState is not synchronised (the monitor thread owns it).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "mlflow/server/drift_report.h"
#include "mlflow/server/loaded_model.h"

namespace mlflow::server {

struct AlertEvent {
  std::string signal;  // "prediction_drift", ...
  bool raised = true;  // false: the signal came back under its threshold
  double value;
  double threshold;
  bool below = false;  // breached when value < threshold
  uint64_t step = 0;   // the evaluation that saw it
  int64_t timestamp_ms = 0;

  // "prediction_drift raised: 0.213 >= 0.1 (step 12)" style one-liner.
  std::string Describe() const;
};

class AlertState {
 public:
  // Transitions implied by `report` (all currently active signals clear on Reset()).
  std::vector<AlertEvent> Update(const DriftReport& report, uint64_t step, int64_t timestamp_ms);
  void Reset() { active_.clear(); }
  bool active(const std::string& signal) const;
  uint64_t raised_count(const std::string& signal) const;
  // Every signal seen so far with its active flag, for the /metrics gauge.
  const std::map<std::string, bool>& signals() const { return active_; }

 private:
  std::map<std::string, bool> active_;
  std::map<std::string, uint64_t> raised_;
};

// Reacts to the monitor's events. Called only from the monitor's thread, one call at a time;
// implementations must not block for long (they delay the next evaluation) and report their
// own failures (a failed MLflow call is logged, never thrown).
class MonitoringSink {
 public:
  virtual ~MonitoringSink() = default;
  // A model generation starts being served (its monitoring phase begins).
  virtual void OnModel(const LoadedModel& model) = 0;
  virtual void OnReport(const LoadedModel& model, const DriftReport& report, uint64_t step) = 0;
  virtual void OnAlert(const LoadedModel& model, const AlertEvent& alert) = 0;
  // The server is stopping: flush and close.
  virtual void OnStop() = 0;
};

}  // namespace mlflow::server
