#include "mlflow/fluent/active_run.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <map>
#include <mutex>

#include "mlflow/core/clock.h"
#include "mlflow/fluent/fallback_backend.h"
#include "mlflow/fluent/journal.h"
#include "mlflow/fluent/server_backend.h"
#include "mlflow/fluent/system_metrics.h"
#include "mlflow/fluent/system_tags.h"
#include "mlflow/core/text.h"

namespace mlflow {

// Everything a started run owns. Ends once, whoever asks first (owner, signal watcher).
class RunState {
 public:
  std::shared_ptr<RunBackend> backend;
  StartedRun started;
  std::string experiment_name;  // as requested, for a journal run's children
  std::unique_ptr<AsyncLogger> logger;
  std::unique_ptr<SystemMetricsSampler> sampler;

  Status End(RunStatus status);
  bool ended() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return ended_;
  }

 private:
  mutable std::mutex mutex_;
  bool ended_ = false;
  Status end_status_;
};

namespace {

// The process's active runs, in start order (the last one is the innermost).
class RunRegistry {
 public:
  static RunRegistry& Get() {
    static auto* registry = new RunRegistry();  // never destroyed: signal watcher may outlive statics
    return *registry;
  }
  void Add(std::shared_ptr<RunState> state) {
    std::lock_guard<std::mutex> lock(mutex_);
    runs_.push_back(std::move(state));
  }
  void Remove(const RunState* state) {
    std::lock_guard<std::mutex> lock(mutex_);
    runs_.erase(std::remove_if(runs_.begin(), runs_.end(), [&](const auto& s) { return s.get() == state; }),
                runs_.end());
  }
  std::shared_ptr<RunState> Innermost() {
    std::lock_guard<std::mutex> lock(mutex_);
    return runs_.empty() ? nullptr : runs_.back();
  }
  std::vector<std::shared_ptr<RunState>> Snapshot() {
    std::lock_guard<std::mutex> lock(mutex_);
    return runs_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::shared_ptr<RunState>> runs_;
};

std::atomic<bool> g_env_run_id_consumed{false};

std::string EnvOr(const EnvLookup& env, const char* name) {
  const char* value = env(name);
  return value ? value : "";
}

bool IsTrue(const std::string& value) { return ParseBoolText(value).value_or(false); }

double SystemMetricsInterval(const RunOptions& options) {
  if (options.system_metrics_interval_seconds) return std::max(0.0, *options.system_metrics_interval_seconds);
  if (!IsTrue(EnvOr(options.env, "MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING"))) return 0;
  std::string interval = EnvOr(options.env, "MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL");
  double seconds = interval.empty() ? 10.0 : std::strtod(interval.c_str(), nullptr);
  return seconds > 0 ? seconds : 10.0;
}

// System tags first, then parent, then the caller's own tags; a later key overrides.
std::vector<RunTag> MergeTags(std::vector<RunTag> base, const std::vector<RunTag>& overrides) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < base.size(); ++i) index[base[i].key] = i;
  for (const RunTag& tag : overrides) {
    auto it = index.find(tag.key);
    if (it != index.end()) {
      base[it->second].value = tag.value;
    } else {
      index[tag.key] = base.size();
      base.push_back(tag);
    }
  }
  return base;
}

Result<std::shared_ptr<RunBackend>> ServerDestination(MlflowClient client, const RunOptions& options) {
  auto server = std::make_shared<ServerBackend>(std::move(client));
  std::string fallback = options.journal_fallback_dir;
  if (fallback.empty()) fallback = EnvOr(options.env, "MLFLOW_CPP_JOURNAL_FALLBACK_DIR");
  if (fallback.empty()) return std::shared_ptr<RunBackend>(server);
  return std::shared_ptr<RunBackend>(std::make_shared<FallbackBackend>(server, fallback));
}

}  // namespace

Status RunState::End(RunStatus status) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (ended_) return end_status_;
  if (sampler) sampler->Stop();
  Status flushed = logger->Close();
  Status ended = backend->EndRun(started.run_id, status, NowMillis());
  Status synced = backend->Sync();
  ended_ = true;
  RunRegistry::Get().Remove(this);
  if (!flushed.ok()) {
    end_status_ = flushed;
  } else if (!ended.ok()) {
    end_status_ = ended.WithContext("ending run " + started.run_id);
  } else {
    end_status_ = synced;
  }
  return end_status_;
}

Result<ActiveRun> ActiveRun::Start(RunOptions options) {
  std::shared_ptr<RunState> parent;
  if (options.nested && options.parent_run_id.empty()) parent = RunRegistry::Get().Innermost();
  if (parent) return StartOn(parent->backend, parent.get(), std::move(options));
  std::string uri = options.tracking_uri.empty() ? EnvOr(options.env, "MLFLOW_TRACKING_URI") : options.tracking_uri;
  if (IsJournalUri(uri)) {
    MLFLOW_ASSIGN_OR_RETURN(auto journal, JournalBackend::Open(JournalDirFromUri(uri)));
    return StartOn(std::move(journal), nullptr, std::move(options));
  }
  MLFLOW_ASSIGN_OR_RETURN(MlflowClient client, MlflowClient::FromEnvironment(uri));
  return Start(std::move(client), std::move(options));
}

Result<ActiveRun> ActiveRun::Start(MlflowClient client, RunOptions options) {
  MLFLOW_ASSIGN_OR_RETURN(auto backend, ServerDestination(std::move(client), options));
  std::shared_ptr<RunState> parent;
  if (options.nested && options.parent_run_id.empty()) parent = RunRegistry::Get().Innermost();
  return StartOn(std::move(backend), parent.get(), std::move(options));
}

Result<ActiveRun> ActiveRun::StartChild(RunOptions options) const {
  if (!state_) return Status(ErrorCode::kInvalidState, "StartChild on a moved-from ActiveRun");
  return StartOn(state_->backend, state_.get(), std::move(options));
}

Result<ActiveRun> ActiveRun::StartOn(std::shared_ptr<RunBackend> backend, const RunState* parent, RunOptions options) {
  if (options.handle_signals) MLFLOW_RETURN_IF_ERROR(InstallRunSignalHandlers());
  RunStartRequest request;
  request.experiment_name = options.experiment_name;
  request.experiment_id = options.experiment_id;
  if (request.experiment_name.empty() && request.experiment_id.empty()) {
    if (parent) {
      request.experiment_id = parent->started.experiment_id;
      if (request.experiment_id.empty()) request.experiment_name = parent->experiment_name;
    } else {
      request.experiment_name = EnvOr(options.env, "MLFLOW_EXPERIMENT_NAME");
      if (request.experiment_name.empty()) request.experiment_id = EnvOr(options.env, "MLFLOW_EXPERIMENT_ID");
    }
  }
  request.run_name = options.run_name;
  request.start_time = NowMillis();
  request.resume_run_id = options.resume_run_id;
  bool top_level = !parent && options.parent_run_id.empty();
  if (request.resume_run_id.empty() && top_level && !g_env_run_id_consumed.load()) {
    std::string env_run = EnvOr(options.env, "MLFLOW_RUN_ID");
    if (!env_run.empty() && !g_env_run_id_consumed.exchange(true)) request.resume_run_id = env_run;
  }
  std::vector<RunTag> tags = request.resume_run_id.empty() ? fluent::SystemTags(options.env) : std::vector<RunTag>{};
  std::string parent_id = !options.parent_run_id.empty() ? options.parent_run_id : parent ? parent->started.run_id : "";
  if (!parent_id.empty()) tags.push_back({"mlflow.parentRunId", parent_id});
  request.tags = MergeTags(std::move(tags), options.tags);

  MLFLOW_ASSIGN_OR_RETURN(StartedRun started, backend->StartRun(request));
  auto state = std::make_shared<RunState>();
  state->backend = backend;
  state->started = std::move(started);
  state->experiment_name = request.experiment_name;
  state->logger = std::make_unique<AsyncLogger>(backend, state->started.run_id, options.logging);
  double interval = SystemMetricsInterval(options);
  if (interval > 0) {
    AsyncLogger* logger = state->logger.get();
    state->sampler = std::make_unique<SystemMetricsSampler>(
        [logger](std::string_view key, double value, int64_t step) { (void)logger->LogMetric(key, value, step); },
        std::chrono::milliseconds(static_cast<int64_t>(interval * 1000)));
  }
  RunRegistry::Get().Add(state);
  return ActiveRun(std::move(state));
}

ActiveRun::ActiveRun(std::shared_ptr<RunState> state)
    : state_(std::move(state)), uncaught_at_start_(std::uncaught_exceptions()) {}

ActiveRun::ActiveRun(ActiveRun&& other) noexcept
    : state_(std::move(other.state_)), uncaught_at_start_(std::uncaught_exceptions()) {}

ActiveRun& ActiveRun::operator=(ActiveRun&& other) noexcept {
  if (this != &other) {
    if (state_ && !state_->ended()) {
      Status ended = state_->End(RunStatus::kFinished);
      if (!ended.ok()) std::cerr << "mlflow-cpp: ending run " << state_->started.run_id << ": " << ended << "\n";
    }
    state_ = std::move(other.state_);
    uncaught_at_start_ = std::uncaught_exceptions();
  }
  return *this;
}

ActiveRun::~ActiveRun() {
  if (!state_ || state_->ended()) return;
  RunStatus status = std::uncaught_exceptions() > uncaught_at_start_ ? RunStatus::kFailed : RunStatus::kFinished;
  Status ended = state_->End(status);
  if (!ended.ok()) std::cerr << "mlflow-cpp: ending run " << state_->started.run_id << ": " << ended << "\n";
}

namespace {
const std::string kEmpty;
Status Ended() { return Status(ErrorCode::kInvalidState, "the run is not active (moved from)"); }
}  // namespace

Status ActiveRun::LogMetric(std::string_view key, double value, int64_t step) {
  return state_ ? state_->logger->LogMetric(key, value, step) : Ended();
}

Status ActiveRun::LogMetric(std::string_view key, double value, int64_t step, int64_t timestamp_ms) {
  return state_ ? state_->logger->LogMetric(key, value, step, timestamp_ms) : Ended();
}

Status ActiveRun::LogParam(std::string_view key, std::string_view value) {
  return state_ ? state_->logger->LogParam(key, value) : Ended();
}

Status ActiveRun::SetTag(std::string_view key, std::string_view value) {
  return state_ ? state_->logger->SetTag(key, value) : Ended();
}

Status ActiveRun::Flush() { return state_ ? state_->logger->Flush() : Ended(); }

Status ActiveRun::End(RunStatus status) { return state_ ? state_->End(status) : Ended(); }

bool ActiveRun::active() const { return state_ && !state_->ended(); }
const std::string& ActiveRun::run_id() const { return state_ ? state_->started.run_id : kEmpty; }
const std::string& ActiveRun::experiment_id() const { return state_ ? state_->started.experiment_id : kEmpty; }
const std::string& ActiveRun::run_name() const { return state_ ? state_->started.run_name : kEmpty; }
AsyncLoggerStats ActiveRun::logging_stats() const { return state_ ? state_->logger->stats() : AsyncLoggerStats{}; }
std::string ActiveRun::destination() const { return state_ ? state_->backend->Describe() : ""; }

Status EndActiveRuns(RunStatus status) {
  auto runs = RunRegistry::Get().Snapshot();
  Status first;
  for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
    Status ended = (*it)->End(status);
    if (first.ok() && !ended.ok()) first = ended;
  }
  return first;
}

}  // namespace mlflow
