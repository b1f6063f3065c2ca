#include "mlflow/fluent/fallback_backend.h"

namespace mlflow {

bool IsUnreachable(const Status& status) {
  switch (status.code()) {
    case ErrorCode::kConnectionError:
    case ErrorCode::kTimeout:
    case ErrorCode::kTemporarilyUnavailable:
    case ErrorCode::kDeadlineExceeded:
      return true;
    default:
      return status.http_status() == 502 || status.http_status() == 503 || status.http_status() == 504;
  }
}

FallbackBackend::FallbackBackend(std::shared_ptr<ServerBackend> server, std::string journal_dir)
    : server_(std::move(server)), journal_dir_(std::move(journal_dir)) {}

std::string FallbackBackend::Describe() const {
  return server_->Describe() + " (journal fallback: " + journal_dir_ + ")";
}

bool FallbackBackend::IsJournaled(const std::string& run_id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return journaled_runs_.count(run_id) > 0;
}

Result<std::shared_ptr<JournalBackend>> FallbackBackend::Journal() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!journal_) {
    MLFLOW_ASSIGN_OR_RETURN(journal_, JournalBackend::Open(journal_dir_));
  }
  return journal_;
}

Result<std::shared_ptr<JournalBackend>> FallbackBackend::Divert(const std::string& run_id) {
  MLFLOW_ASSIGN_OR_RETURN(auto journal, Journal());
  std::lock_guard<std::mutex> lock(mutex_);
  if (journaled_runs_.insert(run_id).second) {
    RunStartRequest resume;
    resume.resume_run_id = run_id;
    auto started = journal->StartRun(resume);
    if (!started.ok()) {
      journaled_runs_.erase(run_id);
      return started.status();
    }
  }
  return journal;
}

Result<StartedRun> FallbackBackend::StartRun(const RunStartRequest& request) {
  auto started = server_->StartRun(request);
  if (started.ok() || !IsUnreachable(started.status())) return started;
  MLFLOW_ASSIGN_OR_RETURN(auto journal, Journal());
  MLFLOW_ASSIGN_OR_RETURN(StartedRun run, journal->StartRun(request));
  std::lock_guard<std::mutex> lock(mutex_);
  journaled_runs_.insert(run.run_id);
  return run;
}

Status FallbackBackend::LogBatch(const LogBatchRequest& batch) {
  if (!IsJournaled(batch.run_id)) {
    Status sent = server_->LogBatch(batch);
    if (sent.ok() || !IsUnreachable(sent)) return sent;
  }
  MLFLOW_ASSIGN_OR_RETURN(auto journal, Divert(batch.run_id));
  return journal->LogBatch(batch);
}

Status FallbackBackend::EndRun(const std::string& run_id, RunStatus status, int64_t end_time) {
  if (!IsJournaled(run_id)) {
    Status ended = server_->EndRun(run_id, status, end_time);
    if (ended.ok() || !IsUnreachable(ended)) return ended;
  }
  MLFLOW_ASSIGN_OR_RETURN(auto journal, Divert(run_id));
  return journal->EndRun(run_id, status, end_time);
}

Status FallbackBackend::Sync() {
  std::shared_ptr<JournalBackend> journal;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    journal = journal_;
  }
  return journal ? journal->Sync() : Status::Ok();
}

}  // namespace mlflow
