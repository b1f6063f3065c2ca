// Where a fluent run goes: the two interfaces between the fluent layer and its destinations.
//
// LogSink receives the batches the AsyncLogger coalesces; RunBackend adds starting and ending
// runs. Implementations: ServerBackend (an MLflow server), JournalBackend (an offline journal
// directory, replayed later by `mlflow-cpp sync`) and FallbackBackend (the server, switching
// to a journal when the server cannot be reached). Implementations are thread-safe: one
// backend is shared by a run, its nested runs and their logger threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mlflow/core/result.h"
#include "mlflow/tracking/entities.h"
#include "mlflow/tracking/tracking_api.h"

namespace mlflow {

class LogSink {
 public:
  virtual ~LogSink() = default;
  // Delivers one batch that is within the server's limits (≤1000 metrics, ≤100 params,
  // ≤100 tags, body < 1 MB). Metric points carry the timestamps stamped at log time, so a
  // resend is a duplicate of the same points, which the server ignores.
  virtual Status LogBatch(const LogBatchRequest& batch) = 0;
  // Makes everything delivered so far durable (a journal fsyncs; a server has nothing to do).
  virtual Status Sync() { return Status::Ok(); }
};

struct RunStartRequest {
  std::string experiment_name;  // wins when set; created when missing
  std::string experiment_id;    // used when experiment_name is empty; both empty: "0" (Default)
  std::string run_name;         // empty: the server picks one
  int64_t start_time = 0;       // ms since the epoch
  std::vector<RunTag> tags;     // system and user tags set at creation
  std::string resume_run_id;    // when set: attach to this existing run instead of creating one
};

struct StartedRun {
  std::string run_id;
  std::string experiment_id;  // empty when not known yet (a journal resolves it at sync time)
  std::string run_name;
};

class RunBackend : public LogSink {
 public:
  virtual Result<StartedRun> StartRun(const RunStartRequest& request) = 0;
  virtual Status EndRun(const std::string& run_id, RunStatus status, int64_t end_time) = 0;
  // "http://host:port" or "journal:/dir", for messages.
  virtual std::string Describe() const = 0;
};

}  // namespace mlflow
