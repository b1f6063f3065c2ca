// SyncJournal: replays an offline journal (journal.h) into an MLflow server.
//
// Segments are replayed in name (= creation time) order, records in order. Experiments are
// resolved by name (created when missing) or id. A journal run is created on the server with
// the tag mlflow.cpp.journalRunId = <local id>; before creating, sync looks for a run carrying
// that tag, so a run created by an interrupted sync is matched, not duplicated. The local ->
// server run id map and a per-segment high-water mark are saved (sync_state.h) after every
// applied record or group of consecutive batches, so a sync that is interrupted and run again
// applies each record once. Even a group applied just before an interruption and applied again
// creates no duplicates: metric points carry their original timestamps (the server ignores an
// identical point), params are re-logged with the same value, tags overwrite.
//
// A torn tail (a writer killed mid-record) is skipped and reported; the records before it are
// synced. A record the server rejects stops the sync with that error (state saved up to the
// record before it), unless skip_failed_records is set. Runs that have no end record stay
// RUNNING on the server (their writer died, or is still writing: sync it again later).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mlflow/core/result.h"
#include "mlflow/tracking/tracking_api.h"

namespace mlflow {

inline constexpr const char* kJournalRunIdTag = "mlflow.cpp.journalRunId";

struct SyncOptions {
  // Skip (and report) records the server rejects instead of stopping. Default: false.
  bool skip_failed_records = false;
  // Metric points sent per LogBatch group (chunked at 1000 per request). Default: 10,000.
  size_t max_group_metrics = 10000;
};

struct SyncReport {
  int segments = 0;
  int64_t records_applied = 0;  // in this sync; records applied by earlier syncs are not read
  int64_t records_skipped = 0;  // rejected by the server, skipped (skip_failed_records)
  int runs_created = 0;
  int runs_matched = 0;  // created by an earlier, interrupted sync and found by tag
  int runs_resumed = 0;  // start records that attach to an existing server run
  int runs_ended = 0;
  int64_t metrics = 0;
  int64_t params = 0;
  int64_t tags = 0;
  int64_t torn_bytes = 0;  // incomplete or damaged bytes at segment ends, ignored
  std::vector<std::string> torn_segments;
  std::vector<std::string> errors;  // of skipped records
};

Result<SyncReport> SyncJournal(const std::string& journal_dir, TrackingApi& tracking, const SyncOptions& options = {});

}  // namespace mlflow
