// Processes that die: a journal writer killed with SIGKILL, and a run ended by SIGTERM.
// The victims are forked children of this test binary; they never return into Catch2.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

#include "mlflow/mlflow.h"
#include "support/test_env.h"

using namespace mlflow;
namespace fs = std::filesystem;

namespace {

std::string CliPath() { return MLFLOWCPP_BINARY_DIR "/bin/mlflow-cpp"; }

// Reads one '\n'-terminated line from `fd` (blocking); empty at end of file.
std::string ReadLine(int fd) {
  std::string line;
  char c = 0;
  while (::read(fd, &c, 1) == 1) {
    if (c == '\n') return line;
    line += c;
  }
  return line;
}

void WriteLine(int fd, const std::string& text) {
  std::string line = text + "\n";
  ssize_t ignored = ::write(fd, line.data(), line.size());
  (void)ignored;
}

// Child body: logs forever to a journal run, reporting each flushed step count.
[[noreturn]] void JournalWriter(const std::string& dir, const std::string& experiment, int report_fd) {
  RunOptions options;
  options.tracking_uri = "journal:" + dir;
  options.experiment_name = experiment;
  options.run_name = "killed-writer";
  auto run = ActiveRun::Start(options);
  if (!run.ok()) ::_exit(10);
  if (!run->LogParam("lr", "0.01").ok()) ::_exit(13);
  for (int64_t step = 0;; ++step) {
    for (int k = 0; k < 5; ++k) {
      if (!run->LogMetric("m" + std::to_string(k), static_cast<double>(step) + k, step).ok()) ::_exit(11);
    }
    if ((step + 1) % 500 == 0) {
      if (!run->Flush().ok()) ::_exit(12);
      WriteLine(report_fd, std::to_string(step + 1));
    }
  }
}

int Shell(const std::string& command, std::string* output) { return testing::RunCommand(command + " 2>&1", output); }

}  // namespace

TEST_CASE("a journal whose writer was SIGKILLed mid-write syncs completely, and a second sync adds nothing") {
  REQUIRE(fs::exists(CliPath()));  // build the mlflow-cpp target along with the tests
  std::string dir = testing::MakeTempDir("killed-journal");
  std::string experiment = testing::UniqueName("fluent-journal-kill");
  // Read before the fork: a malformed MLFLOWCPP_TEST_SCALE must fail here, not with a child running.
  const int64_t steps_before_kill = testing::ScaledCount(6000, 500);  // 30,000 points; a tenth under sanitizers
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(pipe_fds[0]);
    JournalWriter(dir, experiment, pipe_fds[1]);
  }
  ::close(pipe_fds[1]);
  int64_t flushed_steps = 0;
  while (flushed_steps < steps_before_kill) {
    std::string line = ReadLine(pipe_fds[0]);
    REQUIRE_FALSE(line.empty());  // the writer died on its own
    flushed_steps = std::stoll(line);
  }
  ::kill(child, SIGKILL);  // somewhere in the middle of logging the next points
  int wait_status = 0;
  ::waitpid(child, &wait_status, 0);
  ::close(pipe_fds[0]);
  REQUIRE(WIFSIGNALED(wait_status));
  CHECK(WTERMSIG(wait_status) == SIGKILL);

  // What the journal holds intact: every flushed point, maybe more.
  std::string sync = CliPath() + " sync --journal '" + dir + "' --tracking-uri " + testing::TrackingUri() + " --json";
  std::string first;
  REQUIRE(Shell(sync, &first) == 0);
  INFO(first);
  auto report = ParseJson(first).value();
  CHECK(report["runs_created"] == 1);
  int64_t synced_metrics = report["metrics"].get<int64_t>();
  CHECK(synced_metrics >= flushed_steps * 5);

  std::string second;
  REQUIRE(Shell(sync, &second) == 0);
  auto again = ParseJson(second).value();
  CHECK(again["records_applied"] == 0);
  CHECK(again["runs_created"] == 0);

  // Replaying from scratch (state lost) must not duplicate anything either.
  fs::remove_all(fs::path(dir) / "sync");
  std::string third;
  REQUIRE(Shell(sync, &third) == 0);
  CHECK(ParseJson(third).value()["runs_matched"] == 1);

  std::string out = testing::RunPython(
      "from mlflow.tracking import MlflowClient\n"
      "c = MlflowClient()\n"
      "e = c.get_experiment_by_name('" +
      experiment +
      "')\n"
      "runs = c.search_runs([e.experiment_id])\n"
      "assert len(runs) == 1, len(runs)\n"
      "r = runs[0]\n"
      "total = 0\n"
      "for k in range(5):\n"
      "    h = c.get_metric_history(r.info.run_id, f'm{k}')\n"
      "    steps = sorted(m.step for m in h)\n"
      "    assert steps == list(range(len(steps))), (k, len(steps))\n"
      "    total += len(h)\n"
      "print(total, r.data.params['lr'], r.info.run_name, r.info.status)\n");
  CHECK(out == std::to_string(synced_metrics) + " 0.01 killed-writer RUNNING\n");
}

TEST_CASE("SIGTERM flushes and ends the active run KILLED, then terminates the process") {
  std::string experiment = testing::UniqueName("fluent-sigterm");
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(pipe_fds[0]);
    ::signal(SIGTERM, SIG_DFL);  // not Catch's handler: the run's handler chains to the default
    RunOptions options;
    options.tracking_uri = testing::TrackingUri();
    options.experiment_name = experiment;
    options.handle_signals = true;
    options.logging.max_batch_delay = std::chrono::hours(1);  // only the signal's flush sends them
    auto run = ActiveRun::Start(options);
    if (!run.ok()) ::_exit(10);
    for (int i = 0; i < 2500; ++i) (void)run->LogMetric("loss", 1.0 / (i + 1), i);
    WriteLine(pipe_fds[1], run->run_id());
    while (true) std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  ::close(pipe_fds[1]);
  std::string run_id = ReadLine(pipe_fds[0]);
  ::close(pipe_fds[0]);
  REQUIRE_FALSE(run_id.empty());
  ::kill(child, SIGTERM);
  int wait_status = 0;
  ::waitpid(child, &wait_status, 0);
  REQUIRE(WIFSIGNALED(wait_status));
  CHECK(WTERMSIG(wait_status) == SIGTERM);  // the process still dies of the signal

  auto client = MlflowClient::FromEnvironment(testing::TrackingUri()).value();
  Run run = client.tracking().GetRun(run_id).value();
  CHECK(run.info.status == RunStatus::kKilled);
  auto history = client.tracking().GetFullMetricHistory(run_id, "loss").value();
  CHECK(history.size() == 2500);
}
