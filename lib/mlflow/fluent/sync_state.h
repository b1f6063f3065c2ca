// SyncState: what `mlflow-cpp sync` has already applied from a journal to one server.
//
// Kept in DIR/sync/<hash of the tracking URI>.json, one file per target server: for each
// segment the offset up to which its records were applied (a high-water mark), and the map
// from journal-local run ids to server run ids. Save() replaces the file atomically (write a
// temporary, fsync, rename, fsync the directory), so an interrupted sync leaves either the
// old or the new state. SyncLock keeps two syncs of one journal from running at once.
// Not thread-safe (one sync at a time holds it).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "mlflow/core/result.h"

namespace mlflow::journal {

class SyncState {
 public:
  // Loads the state for `tracking_uri`, or an empty one when this journal was never synced there.
  static Result<SyncState> Load(const std::string& journal_dir, const std::string& tracking_uri);
  Status Save() const;

  int64_t SegmentOffset(const std::string& segment) const;  // 0 when never synced
  void SetSegmentOffset(const std::string& segment, int64_t offset) { segments_[segment] = offset; }
  // The server run a journal-local id maps to; empty when unknown.
  std::string ServerRunId(const std::string& local_run_id) const;
  void MapRun(const std::string& local_run_id, const std::string& server_run_id) {
    runs_[local_run_id] = server_run_id;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string tracking_uri_;
  std::map<std::string, int64_t> segments_;
  std::map<std::string, std::string> runs_;
};

// An exclusive advisory lock (flock) on DIR/sync/lock, held while the object lives.
class SyncLock {
 public:
  static Result<std::unique_ptr<SyncLock>> Acquire(const std::string& journal_dir);
  ~SyncLock();
  SyncLock(const SyncLock&) = delete;
  SyncLock& operator=(const SyncLock&) = delete;

 private:
  explicit SyncLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace mlflow::journal
