// ActiveRun: a scoped MLflow run for training code (the fluent API).
//
//   mlflow::RunOptions options;
//   options.run_name = "train";
//   auto run = mlflow::ActiveRun::Start(options).value();  // value() throws on failure
//   run.LogParam("lr", "0.01");
//   for (int step = 0; step < steps; ++step) run.LogMetric("loss", loss, step);  // ~0.1 µs each
//   // leaving the scope ends the run FINISHED; leaving it by an exception ends it FAILED
//
// Start() creates the run, or attaches to an existing one ($MLFLOW_RUN_ID, consumed by the
// first top-level run of the process, as in Python), with the system tags (system_tags.h) and
// the given tags. The experiment is RunOptions' name or id, else $MLFLOW_EXPERIMENT_NAME
// (created when missing) or $MLFLOW_EXPERIMENT_ID, else "0"; a nested run defaults to its
// parent's. The destination is the tracking URI: an MLflow server, or `journal:/dir` for an
// offline journal (journal.h); with a fallback directory, a server that cannot be reached is
// replaced by a journal (fallback_backend.h).
//
// Log calls go through the run's AsyncLogger (async_logger.h): they return at once and fail
// only on an invalid key/value, a full queue with QueueFullPolicy::kDrop, or after the run
// ended. Flush() waits for delivery and reports failures. End() stops the system metrics
// sampler, flushes, ends the run with the given status, and returns the first error. The
// destructor ends a still active run FINISHED, or FAILED when an exception is unwinding the
// scope the run was created in (std::uncaught_exceptions); a destructor cannot return a
// Status, so it writes any error to stderr: call End() to handle it.
//
// Nested runs: StartChild(), or RunOptions::nested (the innermost active run of the process
// becomes the parent), or RunOptions::parent_run_id set mlflow.parentRunId; a child shares its
// parent's destination. Signals: with RunOptions::handle_signals (or InstallRunSignalHandlers())
// SIGINT/SIGTERM flush and end every active run KILLED, then terminate the process as the
// signal would have. EndActiveRuns() does the same without a signal.
//
// Thread safety: an ActiveRun object may be used from several threads (log calls, Flush, End);
// moving it is not thread-safe. Runs are independent of each other.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mlflow/client/client_config.h"
#include "mlflow/client/mlflow_client.h"
#include "mlflow/core/result.h"
#include "mlflow/fluent/async_logger.h"
#include "mlflow/fluent/run_backend.h"

namespace mlflow {

struct RunOptions {
  // Default: $MLFLOW_TRACKING_URI. "journal:/path/dir" writes an offline journal instead.
  std::string tracking_uri;
  // Default: $MLFLOW_EXPERIMENT_NAME, then $MLFLOW_EXPERIMENT_ID, then the parent's
  // experiment (nested runs), then "0". A name wins over an id; a missing name is created.
  std::string experiment_name;
  std::string experiment_id;
  std::string run_name;  // default: the server picks one
  std::vector<RunTag> tags;
  // Make this a child of the innermost active run of the process. Default: false.
  bool nested = false;
  // Sets mlflow.parentRunId explicitly (wins over `nested`; the parent need not be active here).
  std::string parent_run_id;
  // Attach to this run instead of creating one. Default: $MLFLOW_RUN_ID for the first
  // top-level run of the process.
  std::string resume_run_id;
  // When set, a server that cannot be reached is replaced by a journal in this directory.
  // Default: $MLFLOW_CPP_JOURNAL_FALLBACK_DIR (unset: no fallback).
  std::string journal_fallback_dir;
  AsyncLoggerOptions logging;
  // Sample system metrics (system_metrics.h) every this many seconds; 0 turns it off.
  // Default: off, unless $MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING is true, then
  // $MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL seconds (default 10), as in Python.
  std::optional<double> system_metrics_interval_seconds;
  // Install the SIGINT/SIGTERM handlers (InstallRunSignalHandlers) first. Default: false.
  bool handle_signals = false;
  EnvLookup env = ProcessEnvironment();  // where the defaults above are read
};

class RunState;  // shared by an ActiveRun, its registration and the signal watcher

class ActiveRun {
 public:
  // Starts a run at the destination options.tracking_uri (or $MLFLOW_TRACKING_URI) names.
  static Result<ActiveRun> Start(RunOptions options = {});
  // Starts a run on the server `client` talks to (options.tracking_uri is ignored).
  static Result<ActiveRun> Start(MlflowClient client, RunOptions options = {});

  ActiveRun(ActiveRun&& other) noexcept;
  ActiveRun& operator=(ActiveRun&& other) noexcept;  // ends the run this object held first
  ~ActiveRun();

  // A nested run: same destination, mlflow.parentRunId = this run, this run's experiment
  // unless `options` names another.
  Result<ActiveRun> StartChild(RunOptions options = {}) const;

  Status LogMetric(std::string_view key, double value, int64_t step = 0);
  Status LogMetric(std::string_view key, double value, int64_t step, int64_t timestamp_ms);
  Status LogParam(std::string_view key, std::string_view value);
  Status SetTag(std::string_view key, std::string_view value);
  Status Flush();
  Status End(RunStatus status = RunStatus::kFinished);

  bool active() const;  // false once ended (or moved from)
  const std::string& run_id() const;
  const std::string& experiment_id() const;  // empty for a journal run until it is synced
  const std::string& run_name() const;
  AsyncLoggerStats logging_stats() const;
  // Where the run goes, e.g. "http://127.0.0.1:5000" or "journal:/scratch/j".
  std::string destination() const;

 private:
  explicit ActiveRun(std::shared_ptr<RunState> state);
  static Result<ActiveRun> StartOn(std::shared_ptr<RunBackend> backend, const RunState* parent, RunOptions options);

  std::shared_ptr<RunState> state_;
  int uncaught_at_start_ = 0;
};

// Flushes and ends every active run of the process with `status`, innermost first; returns
// the first error. Used by the signal watcher; safe to call from any thread.
Status EndActiveRuns(RunStatus status);

// Installs SIGINT and SIGTERM handlers (once per process; later calls do nothing): the
// handler only writes to a pipe (async-signal-safe); a watcher thread then runs
// EndActiveRuns(kKilled), restores the previous disposition and re-raises the signal, so the
// process ends as it would have. A second signal during the flush terminates at once.
// Signals whose disposition is SIG_IGN stay ignored.
Status InstallRunSignalHandlers();

}  // namespace mlflow
