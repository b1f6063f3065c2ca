// Monitor: watches the served model's live traffic against its reference distribution.
//
// Request threads call Observe() and Feedback(). Observe computes each text's observation
// outside any lock and appends it to the TrafficWindow; the request that completes another
// `evaluate_every` texts also evaluates (a DriftReport is O(classes): about a microsecond), so
// when an alert fires depends only on the traffic, not on timing. Evaluation publishes the
// report (/monitoring, /metrics gauges), writes a log line per alert transition, and queues
// the report and alerts for the sinks (MLflow monitoring run, registry tag, hook command),
// which one background thread feeds in order; it also evaluates every
// `evaluate_interval_seconds` when feedback or traffic arrived since the last evaluation.
// OnModelInstalled() starts a new phase: window, feedback window, alert state and the step
// counter reset, so each served version is judged on its own traffic.
//
// Defaults: window 1000 texts, evaluate every 100 texts or 10 s, feedback window 500 labels,
// feedback memory 100,000 predictions, sink queue 1000 events (older reports are dropped
// first when sinks fall behind; model changes and alerts are kept).
// Thread-safe; Stop() drains the queue, calls OnStop on every sink, and is idempotent.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "mlflow/core/json.h"
#include "mlflow/server/alert.h"
#include "mlflow/server/drift_report.h"
#include "mlflow/server/feedback_tracker.h"
#include "mlflow/server/loaded_model.h"
#include "mlflow/server/prometheus_writer.h"
#include "mlflow/server/server_log.h"
#include "mlflow/server/traffic_window.h"

namespace mlflow::server {

struct MonitorOptions {
  size_t window = 1000;
  uint64_t evaluate_every = 100;
  double evaluate_interval_seconds = 10;
  size_t feedback_window = 500;
  size_t feedback_capacity = 100000;
  size_t sink_queue = 1000;
  DriftThresholds thresholds;
};

class Monitor {
 public:
  Monitor(MonitorOptions options, ServerLog log);
  ~Monitor();
  Monitor(const Monitor&) = delete;
  Monitor& operator=(const Monitor&) = delete;

  // Sinks must be added before Start().
  void AddSink(std::shared_ptr<MonitoringSink> sink);
  void Start();
  void Stop();

  void OnModelInstalled(std::shared_ptr<const LoadedModel> model);
  // Request path. `texts` and `batch` must be consistent (ValidatePredictionBatch).
  void Observe(const LoadedModel& model, const std::vector<std::string>& texts, const PredictionBatch& batch,
               const std::string& request_id);
  Result<FeedbackOutcome> Feedback(const std::string& request_id,
                                   const std::vector<std::optional<std::string>>& labels);

  // Evaluates now on the calling thread (nullopt before any model is installed).
  std::optional<DriftReport> EvaluateNow();
  // Blocks until the sinks have processed everything queued so far (tests, shutdown).
  void Flush();

  Json LatestReportJson() const;
  void WriteMetrics(PrometheusWriter& writer) const;
  const MonitorOptions& options() const { return options_; }

 private:
  struct SinkEvent {
    enum Kind { kModel, kReport, kAlert } kind;
    std::shared_ptr<const LoadedModel> model;
    DriftReport report;
    AlertEvent alert;
    uint64_t step = 0;
  };
  void Run();
  void Enqueue(SinkEvent event);  // requires mutex_
  void Deliver(const SinkEvent& event);

  const MonitorOptions options_;
  const ServerLog log_;
  TrafficWindow window_;
  FeedbackTracker feedback_;
  std::vector<std::shared_ptr<MonitoringSink>> sinks_;

  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable wake_;
  std::condition_variable drained_;
  bool stop_ = false;
  bool running_ = false;
  bool delivering_ = false;
  std::shared_ptr<const LoadedModel> model_;
  std::shared_ptr<const std::vector<std::string>> classes_;
  uint64_t step_ = 0;
  uint64_t evaluated_total_ = 0;
  uint64_t evaluated_feedback_ = 0;
  std::optional<DriftReport> latest_;
  AlertState alerts_;
  std::map<std::string, uint64_t> raised_totals_;  // across phases, for the counter
  std::deque<SinkEvent> queue_;
  uint64_t dropped_reports_ = 0;
  std::thread thread_;
};

}  // namespace mlflow::server
