#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "fake_mlflow.h"
#include "mlflow/fluent/journal.h"
#include "mlflow/fluent/journal_sync.h"
#include "support/test_env.h"

using namespace mlflow;
namespace fs = std::filesystem;

namespace {

// Writes one run of `batches` x 100 points (keys a, b) with a param and a tag, ended FINISHED.
std::string WriteRun(JournalBackend& journal, int batches, const std::string& experiment = "journaled",
                     const std::vector<RunTag>& tags = {{"mlflow.user", "tester"}}) {
  RunStartRequest start;
  start.experiment_name = experiment;
  start.run_name = "offline";
  start.start_time = 1000;
  start.tags = tags;
  auto run = journal.StartRun(start);
  REQUIRE(run.ok());
  for (int b = 0; b < batches; ++b) {
    LogBatchRequest batch;
    batch.run_id = run->run_id;
    for (int i = 0; i < 100; ++i) {
      int step = b * 50 + i / 2;
      batch.metrics.push_back(testing::Point(i % 2 ? "b" : "a", step * 0.5, 2000 + step, step));
    }
    if (b == 0) {
      batch.params.push_back({"lr", "0.1"});
      batch.tags.push_back({"phase", "train"});
    }
    REQUIRE(journal.LogBatch(batch).ok());
  }
  REQUIRE(journal.EndRun(run->run_id, RunStatus::kFinished, 9000).ok());
  REQUIRE(journal.Sync().ok());
  return run->run_id;
}

const testing::FakeRun& OnlyRun(const std::vector<std::string>& ids, testing::FakeMlflow& fake,
                                testing::FakeRun& holder) {
  REQUIRE(ids.size() == 1);
  holder = fake.run(ids[0]);
  return holder;
}

}  // namespace

TEST_CASE("sync replays a journal: experiment, run, params, tags, metrics in order, end status") {
  std::string dir = testing::MakeTempDir("sync-basic");
  std::string local_id;
  {
    auto journal = JournalBackend::Open(dir);
    REQUIRE(journal.ok());
    local_id = WriteRun(**journal, 5);
  }
  auto fake = std::make_shared<testing::FakeMlflow>();
  TrackingApi tracking(fake);
  auto report = SyncJournal(dir, tracking);
  REQUIRE(report.ok());
  CHECK(report->runs_created == 1);
  CHECK(report->runs_ended == 1);
  CHECK(report->metrics == 500);
  CHECK(report->torn_bytes == 0);
  testing::FakeRun run;
  OnlyRun(fake->run_ids(), *fake, run);
  CHECK(run.experiment_id != "0");
  CHECK(run.run_name == "offline");
  CHECK(run.start_time == 1000);
  CHECK(run.status == "FINISHED");
  CHECK(run.end_time == 9000);
  CHECK(run.params["lr"] == "0.1");
  CHECK(run.tags["phase"] == "train");
  CHECK(run.tags["mlflow.user"] == "tester");
  CHECK(run.tags[kJournalRunIdTag] == local_id);
  REQUIRE(run.metrics.size() == 500);
  for (size_t i = 0; i < run.metrics.size(); ++i) CHECK(std::get<3>(run.metrics[i]) == static_cast<int64_t>(i / 2));
}

TEST_CASE("a second sync applies nothing again") {
  std::string dir = testing::MakeTempDir("sync-twice");
  {
    auto journal = JournalBackend::Open(dir);
    REQUIRE(journal.ok());
    WriteRun(**journal, 3);
  }
  auto fake = std::make_shared<testing::FakeMlflow>();
  TrackingApi tracking(fake);
  REQUIRE(SyncJournal(dir, tracking).ok());
  int batches = fake->calls("/api/2.0/mlflow/runs/log-batch");
  auto again = SyncJournal(dir, tracking);
  REQUIRE(again.ok());
  CHECK(again->records_applied == 0);
  CHECK(fake->calls("/api/2.0/mlflow/runs/log-batch") == batches);
  CHECK(fake->calls("/api/2.0/mlflow/runs/create") == 1);
  CHECK(fake->run_ids().size() == 1);
}

TEST_CASE("an interrupted sync resumes where it stopped and creates no duplicates") {
  std::string dir = testing::MakeTempDir("sync-interrupted");
  {
    auto journal = JournalBackend::Open(dir);
    REQUIRE(journal.ok());
    WriteRun(**journal, 40);  // 4000 points: several groups
  }
  auto fake = std::make_shared<testing::FakeMlflow>();
  TrackingApi tracking(fake);
  SyncOptions options;
  options.max_group_metrics = 1000;
  fake->FailLogBatches(1, Status(ErrorCode::kInvalidState, "INVALID_STATE", "stop here", 400), /*after=*/2);
  auto first = SyncJournal(dir, tracking, options);
  REQUIRE_FALSE(first.ok());
  CHECK(first.status().message().find("stop here") != std::string::npos);
  auto second = SyncJournal(dir, tracking, options);
  REQUIRE(second.ok());
  CHECK(second->runs_created == 0);
  testing::FakeRun run;
  OnlyRun(fake->run_ids(), *fake, run);
  CHECK(run.metrics.size() == 4000);
  CHECK(run.status == "FINISHED");
}

TEST_CASE("a run created by a sync that died before saving its state is matched by tag") {
  std::string dir = testing::MakeTempDir("sync-lost-state");
  {
    auto journal = JournalBackend::Open(dir);
    REQUIRE(journal.ok());
    WriteRun(**journal, 2);
  }
  auto fake = std::make_shared<testing::FakeMlflow>();
  TrackingApi tracking(fake);
  REQUIRE(SyncJournal(dir, tracking).ok());
  fs::remove_all(fs::path(dir) / "sync");  // as if the state was never saved
  auto again = SyncJournal(dir, tracking);
  REQUIRE(again.ok());
  CHECK(again->runs_created == 0);
  CHECK(again->runs_matched == 1);
  testing::FakeRun run;
  OnlyRun(fake->run_ids(), *fake, run);
  CHECK(run.metrics.size() == 200);  // replayed points were identical: the server kept one copy
}

TEST_CASE("a torn tail is ignored and reported; the records before it are synced") {
  std::string dir = testing::MakeTempDir("sync-torn");
  std::string segment;
  {
    auto journal = JournalBackend::Open(dir);
    REQUIRE(journal.ok());
    WriteRun(**journal, 2);
    segment = (*journal)->segment_path();
  }
  auto size = fs::file_size(segment);
  std::ofstream(segment, std::ios::binary | std::ios::app) << std::string("\x40\x00\x00\x00garbage", 11);
  auto fake = std::make_shared<testing::FakeMlflow>();
  TrackingApi tracking(fake);
  auto report = SyncJournal(dir, tracking);
  REQUIRE(report.ok());
  CHECK(report->torn_bytes == 11);
  CHECK(report->torn_segments.size() == 1);
  CHECK(report->metrics == 200);
  CHECK(fs::file_size(segment) == size + 11);  // sync never modifies the journal
}

TEST_CASE("nested journal runs point at their parent's server run; resumed runs keep their id") {
  std::string dir = testing::MakeTempDir("sync-nested");
  auto fake = std::make_shared<testing::FakeMlflow>();
  TrackingApi tracking(fake);
  CreateRunRequest existing_request;
  existing_request.experiment_id = "0";
  auto existing = tracking.CreateRun(existing_request);
  REQUIRE(existing.ok());
  std::string parent_local;
  {
    auto journal = JournalBackend::Open(dir);
    REQUIRE(journal.ok());
    parent_local = WriteRun(**journal, 1, "nested");
    WriteRun(**journal, 1, "nested", {{"mlflow.parentRunId", parent_local}});
    RunStartRequest resume;
    resume.resume_run_id = existing->info.run_id;
    auto resumed = (*journal)->StartRun(resume);
    REQUIRE(resumed.ok());
    CHECK(resumed->run_id == existing->info.run_id);
    LogBatchRequest batch;
    batch.run_id = resumed->run_id;
    batch.metrics.push_back(testing::Point("late", 1, 5, 0));
    REQUIRE((*journal)->LogBatch(batch).ok());
  }
  auto report = SyncJournal(dir, tracking);
  REQUIRE(report.ok());
  CHECK(report->runs_created == 2);
  CHECK(report->runs_resumed == 1);
  auto ids = fake->run_ids();
  REQUIRE(ids.size() == 3);
  std::string parent_server = ids[1];
  CHECK(fake->run(ids[2]).tags["mlflow.parentRunId"] == parent_server);
  CHECK(fake->run(existing->info.run_id).metrics.size() == 1);
}

TEST_CASE("segments of several writers are all replayed; a non-journal directory is refused") {
  std::string dir = testing::MakeTempDir("sync-segments");
  for (int writer = 0; writer < 3; ++writer) {
    auto journal = JournalBackend::Open(dir);
    REQUIRE(journal.ok());
    WriteRun(**journal, 1);
  }
  auto fake = std::make_shared<testing::FakeMlflow>();
  TrackingApi tracking(fake);
  auto report = SyncJournal(dir, tracking);
  REQUIRE(report.ok());
  CHECK(report->segments == 3);
  CHECK(fake->run_ids().size() == 3);
  auto refused = SyncJournal(testing::MakeTempDir("not-a-journal"), tracking);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().message().find("not a journal directory") != std::string::npos);
}

TEST_CASE("journal URIs") {
  CHECK(IsJournalUri("journal:/tmp/x"));
  CHECK_FALSE(IsJournalUri("http://host"));
  CHECK(JournalDirFromUri("journal:/tmp/x") == "/tmp/x");
  CHECK(JournalDirFromUri("journal:///tmp/x") == "/tmp/x");
  CHECK(JournalDirFromUri("journal:relative/dir") == "relative/dir");
}
