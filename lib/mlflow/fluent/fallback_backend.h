// FallbackBackend: an MLflow server, with an offline journal for when it cannot be reached.
//
// Every call goes to the server first. When the server is unreachable — a connection failure,
// a client timeout, or 502/503/504 from a proxy, after the client's own retries — the call is
// written to the journal instead, and from then on everything of that run goes to the journal
// (a run started while the server is down lives entirely in the journal; a run that loses the
// server midway continues there under its server run id). `mlflow-cpp sync` uploads it later.
// Other errors (a rejected key, a missing run) are returned as they are. The journal segment is
// created on first use. Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "mlflow/fluent/journal.h"
#include "mlflow/fluent/server_backend.h"

namespace mlflow {

// Whether a status means "the server cannot be reached" (as opposed to "it said no").
bool IsUnreachable(const Status& status);

class FallbackBackend final : public RunBackend {
 public:
  FallbackBackend(std::shared_ptr<ServerBackend> server, std::string journal_dir);

  Result<StartedRun> StartRun(const RunStartRequest& request) override;
  Status LogBatch(const LogBatchRequest& batch) override;
  Status EndRun(const std::string& run_id, RunStatus status, int64_t end_time) override;
  Status Sync() override;
  std::string Describe() const override;

  // Whether any call of this run went to the journal.
  bool IsJournaled(const std::string& run_id) const;

 private:
  Result<std::shared_ptr<JournalBackend>> Journal();
  // Moves `run_id` to the journal (records a start that resumes it) and returns the journal.
  Result<std::shared_ptr<JournalBackend>> Divert(const std::string& run_id);

  const std::shared_ptr<ServerBackend> server_;
  const std::string journal_dir_;
  mutable std::mutex mutex_;
  std::shared_ptr<JournalBackend> journal_;
  std::set<std::string> journaled_runs_;
};

}  // namespace mlflow
