#include "mlflow/fluent/journal_sync.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "mlflow/fluent/journal_format.h"
#include "mlflow/fluent/log_batch_body.h"
#include "mlflow/fluent/server_backend.h"
#include "mlflow/fluent/sync_state.h"

namespace mlflow {
namespace {
namespace fs = std::filesystem;

// Replays the records of one journal into one server; owns the state while it runs.
class Replayer {
 public:
  Replayer(TrackingApi& tracking, journal::SyncState& state, const SyncOptions& options, SyncReport& report)
      : tracking_(tracking), state_(state), options_(options), report_(report) {}

  Status ReplaySegment(const std::string& path);

 private:
  // Applies one decoded record; batches are only collected (see FlushGroup).
  Status Apply(const Json& record, int64_t end_offset);
  Status StartRun(const Json& record);
  Status EndRun(const Json& record);
  Status AddBatch(const Json& record, int64_t end_offset);
  // Sends the collected batches of one run and advances the high-water mark past them.
  Status FlushGroup();
  Status Advance(int64_t end_offset);  // saves the high-water mark
  Result<std::string> ServerRun(const std::string& local_id) const;
  Status Failed(const Status& error, int64_t end_offset);

  TrackingApi& tracking_;
  journal::SyncState& state_;
  const SyncOptions& options_;
  SyncReport& report_;
  std::string segment_;
  std::map<std::string, std::string> experiment_ids_;  // name/id in the journal -> server id
  LogBatchRequest group_;                              // run_id: server id
  int64_t group_records_ = 0;
  int64_t group_end_ = 0;
};

Result<std::string> Replayer::ServerRun(const std::string& local_id) const {
  std::string server_id = state_.ServerRunId(local_id);
  if (server_id.empty()) {
    return Status(ErrorCode::kInvalidState, "journal record refers to run " + local_id + " whose start was not synced");
  }
  return server_id;
}

Status Replayer::Advance(int64_t end_offset) {
  state_.SetSegmentOffset(segment_, end_offset);
  return state_.Save();
}

Status Replayer::Failed(const Status& error, int64_t end_offset) {
  if (!options_.skip_failed_records) return error;
  ++report_.records_skipped;
  report_.errors.push_back(segment_ + "@" + std::to_string(end_offset) + ": " + error.ToString());
  return Advance(end_offset);
}

Status Replayer::StartRun(const Json& record) {
  const std::string local_id = GetString(record, "run");
  if (local_id.empty()) return Status(ErrorCode::kInvalidState, "start_run record without a run id");
  std::vector<RunTag> tags;
  for (const Json& tag : GetArray(record, "tags")) {
    RunTag t{GetString(tag, "key"), GetString(tag, "value")};
    if (t.key == "mlflow.parentRunId") {  // a journal-local parent becomes its server run
      std::string parent = state_.ServerRunId(t.value);
      if (!parent.empty()) t.value = parent;
    }
    tags.push_back(std::move(t));
  }
  std::string resume = GetString(record, "resume_run_id");
  if (!resume.empty()) {
    std::string mapped = state_.ServerRunId(resume);
    std::string server_id = mapped.empty() ? resume : mapped;
    MLFLOW_ASSIGN_OR_RETURN(Run run, tracking_.GetRun(server_id));
    if (run.info.status != RunStatus::kRunning) {
      UpdateRunRequest update;
      update.run_id = server_id;
      update.status = RunStatus::kRunning;
      auto updated = tracking_.UpdateRun(update);
      if (!updated.ok()) return updated.status();
    }
    if (!tags.empty()) {
      LogBatchRequest batch;
      batch.run_id = server_id;
      batch.tags = tags;
      MLFLOW_RETURN_IF_ERROR(tracking_.LogBatch(batch));
    }
    state_.MapRun(local_id, server_id);
    ++report_.runs_resumed;
    return Status::Ok();
  }

  std::string name = GetString(record, "experiment_name");
  std::string id = GetString(record, "experiment_id");
  std::string cache_key = name.empty() ? "id:" + id : "name:" + name;
  auto cached = experiment_ids_.find(cache_key);
  if (cached == experiment_ids_.end()) {
    MLFLOW_ASSIGN_OR_RETURN(std::string resolved, ResolveExperimentId(tracking_, name, id));
    cached = experiment_ids_.emplace(cache_key, resolved).first;
  }
  const std::string& experiment_id = cached->second;

  SearchRunsRequest search;
  search.experiment_ids = {experiment_id};
  search.filter = std::string("tags.`") + kJournalRunIdTag + "` = '" + local_id + "'";
  search.run_view_type = ViewType::kAll;
  search.max_results = 1;
  MLFLOW_ASSIGN_OR_RETURN(Page<Run> found, tracking_.SearchRuns(search));
  if (!found.items.empty()) {
    state_.MapRun(local_id, found.items.front().info.run_id);
    ++report_.runs_matched;
    return Status::Ok();
  }
  CreateRunRequest create;
  create.experiment_id = experiment_id;
  create.run_name = GetString(record, "run_name");
  create.start_time = GetInt64(record, "start_time");
  create.tags = std::move(tags);
  create.tags.push_back({kJournalRunIdTag, local_id});
  for (const RunTag& tag : create.tags) {
    if (tag.key == "mlflow.user") create.user_id = tag.value;
  }
  MLFLOW_ASSIGN_OR_RETURN(Run run, tracking_.CreateRun(create));
  state_.MapRun(local_id, run.info.run_id);
  ++report_.runs_created;
  return Status::Ok();
}

Status Replayer::EndRun(const Json& record) {
  MLFLOW_ASSIGN_OR_RETURN(std::string server_id, ServerRun(GetString(record, "run")));
  auto status = RunStatusFromName(GetString(record, "status"));
  if (!status) return Status(ErrorCode::kInvalidState, "end_run record with an unknown status");
  UpdateRunRequest update;
  update.run_id = server_id;
  update.status = *status;
  update.end_time = GetInt64(record, "end_time");
  auto updated = tracking_.UpdateRun(update);
  if (!updated.ok()) return updated.status();
  ++report_.runs_ended;
  return Status::Ok();
}

Status Replayer::AddBatch(const Json& record, int64_t end_offset) {
  MLFLOW_ASSIGN_OR_RETURN(LogBatchRequest batch, fluent::DecodeLogBatchBody(GetObject(record, "batch")));
  MLFLOW_ASSIGN_OR_RETURN(std::string server_id, ServerRun(batch.run_id));
  if (group_records_ > 0 && (server_id != group_.run_id || group_.metrics.size() >= options_.max_group_metrics)) {
    MLFLOW_RETURN_IF_ERROR(FlushGroup());
  }
  group_.run_id = server_id;
  std::move(batch.metrics.begin(), batch.metrics.end(), std::back_inserter(group_.metrics));
  std::move(batch.params.begin(), batch.params.end(), std::back_inserter(group_.params));
  std::move(batch.tags.begin(), batch.tags.end(), std::back_inserter(group_.tags));
  ++group_records_;
  group_end_ = end_offset;
  return Status::Ok();
}

Status Replayer::FlushGroup() {
  if (group_records_ == 0) return Status::Ok();
  Status sent = tracking_.LogBatch(group_);
  int64_t records = group_records_;
  int64_t end = group_end_;
  size_t metrics = group_.metrics.size(), params = group_.params.size(), tags = group_.tags.size();
  group_ = LogBatchRequest{};
  group_records_ = 0;
  if (!sent.ok()) return Failed(sent.WithContext("log_batch"), end);
  report_.records_applied += records;
  report_.metrics += static_cast<int64_t>(metrics);
  report_.params += static_cast<int64_t>(params);
  report_.tags += static_cast<int64_t>(tags);
  return Advance(end);
}

Status Replayer::Apply(const Json& record, int64_t end_offset) {
  std::string type = GetString(record, "type");
  if (type == "log_batch") return AddBatch(record, end_offset);
  MLFLOW_RETURN_IF_ERROR(FlushGroup());
  Status applied;
  if (type == "start_run") {
    applied = StartRun(record);
  } else if (type == "end_run") {
    applied = EndRun(record);
  } else {
    return Advance(end_offset);  // "segment" and record types of later versions: nothing to apply
  }
  if (!applied.ok()) return Failed(applied.WithContext(type), end_offset);
  ++report_.records_applied;
  return Advance(end_offset);
}

Status Replayer::ReplaySegment(const std::string& path) {
  segment_ = fs::path(path).filename().string();
  journal::SegmentReader reader;
  MLFLOW_RETURN_IF_ERROR(reader.Open(path, state_.SegmentOffset(segment_)));
  journal::Record record;
  while (reader.Next(&record)) {
    auto json = ParseJson(record.payload, "journal record");
    Status applied = json.ok() ? Apply(*json, record.end_offset) : Failed(json.status(), record.end_offset);
    if (!applied.ok()) {
      return applied.WithContext(segment_ + " record at offset " + std::to_string(record.offset));
    }
  }
  Status flushed = FlushGroup();
  if (!flushed.ok()) return flushed.WithContext(segment_);
  if (reader.torn_tail()) {
    report_.torn_bytes += reader.torn_bytes();
    report_.torn_segments.push_back(segment_);
  }
  return Status::Ok();
}

}  // namespace

Result<SyncReport> SyncJournal(const std::string& journal_dir, TrackingApi& tracking, const SyncOptions& options) {
  fs::path segments_dir = fs::path(journal_dir) / "segments";
  std::error_code ec;
  if (!fs::is_directory(segments_dir, ec)) {
    return NotFound("'" + journal_dir + "' is not a journal directory (no segments/ folder)");
  }
  MLFLOW_ASSIGN_OR_RETURN(auto lock, journal::SyncLock::Acquire(journal_dir));
  MLFLOW_ASSIGN_OR_RETURN(journal::SyncState state,
                          journal::SyncState::Load(journal_dir, tracking.channel().base_url()));
  std::vector<std::string> segments;
  for (const auto& entry : fs::directory_iterator(segments_dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == journal::kSegmentSuffix) {
      segments.push_back(entry.path().string());
    }
  }
  if (ec) return IoError("cannot list '" + segments_dir.string() + "': " + ec.message());
  std::sort(segments.begin(), segments.end());
  SyncReport report;
  Replayer replayer(tracking, state, options, report);
  for (const std::string& segment : segments) {
    ++report.segments;
    MLFLOW_RETURN_IF_ERROR(replayer.ReplaySegment(segment));
  }
  return report;
}

}  // namespace mlflow
