// Scenario (c): the server stays down past the retry budget.
//   - Without a journal fallback, Flush() reports the failure clearly: the error code, how many
//     points were not logged, of which run, after how many attempts.
//   - With journal fallback on, the points go to the offline journal instead; `sync` later
//     delivers them, exactly once, even when run twice.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <string>

#include "mlflow/fluent/journal_format.h"
#include "reliability_support.h"
#include "support/test_env.h"

namespace mlflow::testing {
namespace {

using Clock = std::chrono::steady_clock;
const int64_t kT0 = 1700000000000;

void LogSteps(ActiveRun& run, Histories& logged, int64_t first, int64_t count) {
  for (int64_t step = first; step < first + count; ++step) {
    double value = static_cast<double>(step) * 0.5;
    REQUIRE(run.LogMetric("loss", value, step, kT0 + step).ok());
    logged["loss"].push_back({step, value, kT0 + step});
  }
}

// Metric points of `run_id` in the journal's log_batch records, and whether it has an end record.
std::pair<int64_t, bool> ReadJournal(const std::string& dir, const std::string& run_id) {
  int64_t points = 0;
  bool ended = false;
  for (const auto& entry : std::filesystem::directory_iterator(dir + "/segments")) {
    journal::SegmentReader reader;
    REQUIRE(reader.Open(entry.path().string()).ok());
    journal::Record record;
    while (reader.Next(&record)) {
      Json payload = ParseJson(record.payload).value();
      std::string type = GetString(payload, "type");
      if (type == "log_batch" && GetString(payload["batch"], "run_id") == run_id) {
        points += static_cast<int64_t>(GetArray(payload["batch"], "metrics").size());
      }
      if (type == "end_run" && GetString(payload, "run") == run_id) ended = true;
    }
    CHECK_FALSE(reader.torn_tail());
  }
  return {points, ended};
}

std::string CliPath() { return MLFLOWCPP_BINARY_DIR "/bin/mlflow-cpp"; }

bool CliHasSync() {
  return std::filesystem::exists(CliPath()) && RunCommand("'" + CliPath() + "' sync --help >/dev/null 2>&1") == 0;
}

TEST_CASE("a server down past the retry budget: Flush reports the loss clearly", "[reliability][outage]") {
  auto proxy = StartFaultProxy(TrackingUri(), {});
  RetryBudget budget;
  budget.max_retries = 3;
  MlflowClient client = MakeClient(proxy->url(), budget);
  RunOptions options;
  options.env = EmptyEnvironment();
  options.experiment_name = UniqueName("reliability-outage");
  ActiveRun run = ActiveRun::Start(client, options).value();
  Histories logged;
  LogSteps(run, logged, 0, 1000);
  REQUIRE(run.Flush().ok());

  SECTION("every attempt answered 503") {
    fault::FaultOptions down;
    down.rate = 1.0;
    down.weights = {{fault::FaultKind::kServiceUnavailable, 1.0}};
    down.retry_after_seconds = 0;
    proxy->plan().Reconfigure(down);
    LogSteps(run, logged, 1000, 2000);
    auto started = Clock::now();
    Status flushed = run.Flush();
    double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    INFO(flushed.ToString());
    REQUIRE_FALSE(flushed.ok());
    CHECK(flushed.code() == ErrorCode::kTemporarilyUnavailable);
    CHECK(flushed.http_status() == 503);
    std::string message = flushed.ToString();
    CHECK_THAT(message, Catch::Contains("2000 item(s)"));
    CHECK_THAT(message, Catch::Contains(run.run_id()));
    CHECK_THAT(message, Catch::Contains("after 4 attempts"));
    CHECK(run.logging_stats().failed == 2000);
    CHECK(seconds < 30);
    RecordFigures("c1: 503 past the retry budget, no journal",
                  {{"points_logged", 3000},
                   {"points_delivered", run.logging_stats().sent},
                   {"points_reported_lost", run.logging_stats().failed},
                   {"faults_injected", proxy->plan().stats().total_faults()},
                   {"flush_seconds", seconds},
                   {"flush_status", message}});
    // The server holds the 1000 points delivered before the outage, and only those.
    Histories found = FetchHistoriesWithPython(TrackingUri(), run.run_id(), {"loss"});
    CHECK(found["loss"].size() == 1000);
  }
  SECTION("the server's port closed (connection refused)") {
    proxy->Stop();
    LogSteps(run, logged, 1000, 500);
    Status flushed = run.Flush();
    INFO(flushed.ToString());
    REQUIRE_FALSE(flushed.ok());
    CHECK(flushed.code() == ErrorCode::kConnectionError);
    CHECK_THAT(flushed.ToString(), Catch::Contains("500 item(s)"));
  }
  Status ended = run.End();  // the run's end cannot reach the server either: a clear error, no crash
  CHECK_FALSE(ended.ok());
}

TEST_CASE("with journal fallback, an outage goes to the journal and sync delivers it once",
          "[reliability][outage][journal]") {
  auto proxy = StartFaultProxy(TrackingUri(), {});
  RetryBudget budget;
  budget.max_retries = 3;
  MlflowClient client = MakeClient(proxy->url(), budget);
  std::string journal_dir = MakeTempDir("journal-fallback");
  RunOptions options;
  options.env = EmptyEnvironment();
  options.experiment_name = UniqueName("reliability-journal");
  options.journal_fallback_dir = journal_dir;
  ActiveRun run = ActiveRun::Start(client, options).value();
  const std::string run_id = run.run_id();
  Histories logged;
  LogSteps(run, logged, 0, 1000);
  REQUIRE(run.Flush().ok());

  proxy->Stop();  // the server is gone for good (connection refused)
  LogSteps(run, logged, 1000, 4000);
  Status flushed = run.Flush();
  INFO(flushed.ToString());
  REQUIRE(flushed.ok());
  REQUIRE(run.End().ok());  // the end is journaled too

  auto [journaled, ended] = ReadJournal(journal_dir, run_id);
  CHECK(journaled == 4000);
  CHECK(ended);
  CHECK(FetchHistoriesWithPython(TrackingUri(), run_id, {"loss"})["loss"].size() == 1000);

  // `mlflow-cpp sync` (or the library's SyncJournal when the CLI is not built), twice.
  bool cli = CliHasSync();
  auto sync = [&]() {
    if (cli) {
      std::string output;
      int rc = RunCommand(
          "'" + CliPath() + "' sync --journal '" + journal_dir + "' --tracking-uri '" + TrackingUri() + "' 2>&1",
          &output);
      INFO(output);
      CHECK(rc == 0);
      return;
    }
    MlflowClient direct = MakeClient(TrackingUri());
    auto report = SyncJournal(journal_dir, direct.tracking());
    INFO(report.status().ToString());
    CHECK(report.ok());
  };
  sync();
  Histories after_first = FetchHistoriesWithPython(TrackingUri(), run_id, {"loss"});
  sync();
  Histories after_second = FetchHistoriesWithPython(TrackingUri(), run_id, {"loss"});
  HistoryComparison first = CompareHistories(logged, after_first);
  HistoryComparison second = CompareHistories(logged, after_second);
  std::string status =
      RunPython("import mlflow\nprint(mlflow.tracking.MlflowClient().get_run('" + run_id + "').info.status)\n");
  RecordFigures("c2: outage with journal fallback, then sync", {{"points_logged", first.expected},
                                                                {"points_delivered_before_outage", 1000},
                                                                {"points_journaled", journaled},
                                                                {"points_found_after_sync", first.found},
                                                                {"points_found_after_second_sync", second.found},
                                                                {"missing", first.missing},
                                                                {"duplicated", second.duplicated},
                                                                {"sync", cli ? "mlflow-cpp sync" : "SyncJournal()"}});
  INFO(first.Describe() << " / second sync: " << second.Describe());
  CHECK(first.exact());
  CHECK(second.exact());
  CHECK(status == "FINISHED\n");
}

}  // namespace
}  // namespace mlflow::testing
