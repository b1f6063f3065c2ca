// AlertHook: runs a shell command when an alert is raised — for example the retraining
// pipeline or `mlflow-cpp promote --rollback`.
//
// The command runs as `/bin/sh -c COMMAND` in its own process with the server's environment
// plus MLFLOWCPP_ALERT_SIGNAL, MLFLOWCPP_ALERT_VALUE, MLFLOWCPP_ALERT_THRESHOLD,
// MLFLOWCPP_ALERT_STEP, MLFLOWCPP_MODEL_NAME, MLFLOWCPP_MODEL_VERSION, MLFLOWCPP_MODEL_URI and
// MLFLOWCPP_MONITORING_RUN_ID (when known). The server does not wait for it: finished hooks are
// reaped on later calls and their exit status logged; a hook that cannot start is logged.
// Only raised alerts run the hook (not recoveries). Used from the monitor thread only.
#pragma once

#include <string>
#include <vector>

#include <sys/types.h>

#include "mlflow/server/alert.h"
#include "mlflow/server/server_log.h"

namespace mlflow::server {

class AlertHook final : public MonitoringSink {
 public:
  AlertHook(std::string command, ServerLog log);

  void OnModel(const LoadedModel&) override { Reap(false); }
  void OnReport(const LoadedModel&, const DriftReport&, uint64_t) override { Reap(false); }
  void OnAlert(const LoadedModel& model, const AlertEvent& alert) override;
  void OnStop() override { Reap(false); }

  // Sets the run id passed to hooks (the monitoring run sink knows it).
  void set_monitoring_run_id(std::string run_id) { run_id_ = std::move(run_id); }
  // Waits for every running hook (tests).
  void WaitAll() { Reap(true); }

 private:
  void Reap(bool wait);

  std::string command_;
  ServerLog log_;
  std::string run_id_;
  std::vector<pid_t> children_;
};

}  // namespace mlflow::server
