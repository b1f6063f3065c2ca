// Scenario (b): the MLflow server is killed with SIGKILL in the middle of a run and restarted
// on the same port with the same SQLite database. The training loop keeps logging throughout;
// the client's retries carry the queued batches over the outage, and afterwards the server
// holds exactly the logged points. Uses a private server (its own directory and database), so
// the shared one is never disturbed.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "reliability_support.h"
#include "support/test_env.h"

namespace mlflow::testing {
namespace {

using Clock = std::chrono::steady_clock;

// A private `mlflow server` driven by tests/support/mlflow_test_server.sh; stopped on scope exit.
class PrivateServer {
 public:
  PrivateServer() : dir_(MakeTempDir("private-server")) {}
  ~PrivateServer() { Run("stop"); }
  PrivateServer(const PrivateServer&) = delete;
  PrivateServer& operator=(const PrivateServer&) = delete;

  // Always SQLite in dir_: the PostgreSQL rerun's backend URI is not inherited.
  bool Run(const std::string& action) {
    std::string output;
    int rc = RunCommand("env -u MLFLOWCPP_TEST_BACKEND_URI bash '" MLFLOWCPP_SOURCE_DIR
                        "/tests/support/mlflow_test_server.sh' " +
                            action + " '" + dir_ + "' 2>&1",
                        &output);
    if (rc != 0) UNSCOPED_INFO("mlflow_test_server.sh " << action << ": " << output);
    return rc == 0;
  }
  std::string uri() const {
    std::string uri;
    std::ifstream(dir_ + "/uri") >> uri;
    return uri;
  }

 private:
  std::string dir_;
};

TEST_CASE("a server killed with SIGKILL and restarted mid-run loses nothing", "[reliability][restart]") {
  PrivateServer server;
  REQUIRE(server.Run("start"));
  const std::string uri = server.uri();

  RetryBudget budget;
  budget.max_retries = 400;  // ~200 s of retrying at <= 0.5 s apart: covers a slow restart
  budget.timeout_seconds = 20;
  MlflowClient client = MakeClient(uri, budget);
  RunOptions options;
  options.env = EmptyEnvironment();
  options.experiment_name = UniqueName("reliability-restart");
  options.logging.max_batch_delay = std::chrono::milliseconds(50);
  auto started = ActiveRun::Start(client, options);
  REQUIRE(started.ok());
  ActiveRun run = std::move(started).value();

  const std::vector<std::string> keys = {"loss", "accuracy", "lr"};
  Histories logged;
  std::atomic<bool> stop{false};
  std::atomic<int64_t> logged_count{0};
  std::atomic<bool> log_failed{false};
  const int64_t t0 = 1700000000000;
  // About 1,500 points a second, three keys per step, until told to stop.
  std::thread loop([&] {
    for (int64_t step = 0; !stop && step < 60000; ++step) {
      for (size_t k = 0; k < keys.size(); ++k) {
        double value = static_cast<double>(k) + static_cast<double>(step) / 1024.0;
        if (!run.LogMetric(keys[k], value, step, t0 + step).ok()) log_failed = true;
        logged[keys[k]].push_back({step, value, t0 + step});
      }
      logged_count += static_cast<int64_t>(keys.size());
      if (step % 5 == 4) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });

  std::this_thread::sleep_for(std::chrono::seconds(2));
  int64_t before_kill = logged_count;
  auto killed_at = Clock::now();
  bool killed = server.Run("kill");
  bool restarted = killed && server.Run("restart");
  double downtime = std::chrono::duration<double>(Clock::now() - killed_at).count();
  int64_t during_outage = logged_count - before_kill;
  std::this_thread::sleep_for(std::chrono::seconds(2));  // keep logging against the new server
  stop = true;
  loop.join();
  REQUIRE(killed);
  REQUIRE(restarted);
  REQUIRE(server.uri() == uri);  // same port: the client needs no reconfiguration
  CHECK_FALSE(log_failed);

  auto flush_started = Clock::now();
  Status flushed = run.Flush();
  double flush_seconds = std::chrono::duration<double>(Clock::now() - flush_started).count();
  INFO(flushed.ToString());
  REQUIRE(flushed.ok());
  REQUIRE(run.End().ok());

  Histories found = FetchHistoriesWithPython(uri, run.run_id(), keys);
  HistoryComparison comparison = CompareHistories(logged, found);
  std::string status = RunPythonAt(
      uri, "import mlflow\nprint(mlflow.tracking.MlflowClient().get_run('" + run.run_id() + "').info.status)\n");
  RecordFigures("b: server SIGKILLed and restarted mid-run", {{"points_logged", comparison.expected},
                                                              {"points_found", comparison.found},
                                                              {"missing", comparison.missing},
                                                              {"duplicated", comparison.duplicated},
                                                              {"points_logged_before_kill", before_kill},
                                                              {"points_logged_during_outage", during_outage},
                                                              {"outage_seconds", downtime},
                                                              {"flush_seconds_after_restart", flush_seconds}});
  INFO(comparison.Describe());
  CHECK(comparison.exact());
  CHECK(during_outage > 0);
  CHECK(status == "FINISHED\n");
}

}  // namespace
}  // namespace mlflow::testing
