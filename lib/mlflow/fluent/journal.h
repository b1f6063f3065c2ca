// JournalBackend: an offline journal as a fluent run's destination.
//
// Selected with a `journal:` tracking URI (`journal:/path/dir` or `journal:///path/dir`), or
// used by FallbackBackend when the server cannot be reached. Every run start, batch and run end
// is appended to this process's own segment in DIR/segments (format: journal_format.h) as a
// JSON record:
//   {"type":"segment", "pid":..., "host":..., "created":ms}             first record
//   {"type":"start_run", "run":ID, "experiment_name", "experiment_id", "run_name",
//    "start_time", "tags":[{"key","value"}], "resume_run_id"}          ID: journal-local
//   {"type":"log_batch", "batch":{log-batch body, run_id = ID}}
//   {"type":"end_run", "run":ID, "status":"FINISHED", "end_time":ms}
// Local run ids are 32 random hex digits; `mlflow-cpp sync` maps them to server runs. A
// resumed run (resume_run_id: a server run id, e.g. MLFLOW_RUN_ID) keeps that id.
// Sync() fsyncs; records written before a SIGKILL survive it without one (they are in the
// page cache), fsync protects against a machine crash. Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "mlflow/fluent/run_backend.h"

namespace mlflow {

// True for "journal:..." tracking URIs.
bool IsJournalUri(std::string_view uri);
// The directory a journal URI names ("journal:///a/b" and "journal:/a/b" -> "/a/b").
std::string JournalDirFromUri(std::string_view uri);

class JournalBackend final : public RunBackend {
 public:
  // Creates DIR and DIR/segments when missing, and a new segment for this process.
  static Result<std::shared_ptr<JournalBackend>> Open(const std::string& dir);
  ~JournalBackend() override;
  JournalBackend(const JournalBackend&) = delete;
  JournalBackend& operator=(const JournalBackend&) = delete;

  Result<StartedRun> StartRun(const RunStartRequest& request) override;
  Status LogBatch(const LogBatchRequest& batch) override;
  Status EndRun(const std::string& run_id, RunStatus status, int64_t end_time) override;
  Status Sync() override;
  std::string Describe() const override { return "journal:" + dir_; }

  const std::string& segment_path() const { return segment_path_; }

 private:
  JournalBackend(std::string dir, std::string segment_path, int fd);
  Status Append(std::string_view payload);

  const std::string dir_;
  const std::string segment_path_;
  std::mutex mutex_;
  int fd_;
  bool dirty_ = false;  // appended since the last fsync
};

}  // namespace mlflow
