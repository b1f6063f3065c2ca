// Fluent runs and async logging against the real MLflow server (shared CTest fixture).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include "mlflow/mlflow.h"
#include "support/test_env.h"

using namespace mlflow;

namespace {

RunOptions ServerOptions(const std::string& experiment) {
  RunOptions options;
  options.tracking_uri = testing::TrackingUri();
  options.experiment_name = experiment;
  return options;
}

Run GetRun(const std::string& run_id) {
  auto client = MlflowClient::FromEnvironment(testing::TrackingUri()).value();
  return client.tracking().GetRun(run_id).value();
}

}  // namespace

TEST_CASE("a run left by an exception is FAILED on the server; a normal exit FINISHED") {
  std::string experiment = testing::UniqueName("fluent-status");
  std::string failed_id, finished_id;
  try {
    auto run = ActiveRun::Start(ServerOptions(experiment)).value();
    failed_id = run.run_id();
    REQUIRE(run.LogMetric("loss", 1.5, 0).ok());
    throw std::runtime_error("training diverged");
  } catch (const std::runtime_error&) {}
  {
    auto run = ActiveRun::Start(ServerOptions(experiment)).value();
    finished_id = run.run_id();
  }
  Run failed = GetRun(failed_id);
  CHECK(failed.info.status == RunStatus::kFailed);
  CHECK(failed.info.end_time.has_value());
  REQUIRE(failed.data.metrics.size() == 1);  // flushed before the run ended
  CHECK(GetRun(finished_id).info.status == RunStatus::kFinished);
}

TEST_CASE("runs carry MLflow's system tags, and nested runs their parent") {
  std::string experiment = testing::UniqueName("fluent-tags");
  RunOptions options = ServerOptions(experiment);
  options.run_name = "outer-run";
  auto outer = ActiveRun::Start(options).value();
  auto inner = outer.StartChild().value();
  RunOptions nested = ServerOptions("");
  nested.experiment_name.clear();
  nested.nested = true;
  auto innermost = ActiveRun::Start(nested).value();
  REQUIRE(innermost.End().ok());
  REQUIRE(inner.End().ok());
  REQUIRE(outer.End().ok());

  Run outer_run = GetRun(outer.run_id());
  auto& tags = outer_run.data.tags;
  CHECK_FALSE(tags["mlflow.user"].empty());
  CHECK(tags["mlflow.source.name"].find("integration_fluent") != std::string::npos);
  CHECK(tags["mlflow.source.type"] == "LOCAL");
  CHECK(tags["mlflow.runName"] == "outer-run");
  CHECK(outer_run.info.run_name == "outer-run");
  CHECK(tags.count("mlflow.parentRunId") == 0);

  Run inner_run = GetRun(inner.run_id());
  CHECK(inner_run.data.tags["mlflow.parentRunId"] == outer.run_id());
  CHECK(inner_run.info.experiment_id == outer_run.info.experiment_id);
  CHECK(GetRun(innermost.run_id()).data.tags["mlflow.parentRunId"] == inner.run_id());

  // The same tags, as the official Python client sees them.
  std::string out = testing::RunPython(
      "import mlflow\n"
      "r = mlflow.get_run('" +
      inner.run_id() +
      "')\n"
      "print(r.data.tags['mlflow.parentRunId'], r.data.tags['mlflow.source.type'], r.info.status)\n");
  CHECK(out == outer.run_id() + " LOCAL FINISHED\n");
}

TEST_CASE("100,000 async points over 10 keys arrive complete and in step order") {
  const int steps = testing::ScaledCount(10000);  // a tenth in the sanitizer modes
  std::string experiment = testing::UniqueName("fluent-async");
  std::string run_id;
  {
    auto run = ActiveRun::Start(ServerOptions(experiment)).value();
    run_id = run.run_id();
    for (int step = 0; step < steps; ++step) {
      for (int k = 0; k < 10; ++k) REQUIRE(run.LogMetric("key_" + std::to_string(k), step * 0.001 + k, step).ok());
    }
    REQUIRE(run.Flush().ok());
    auto stats = run.logging_stats();
    CHECK(stats.sent == static_cast<uint64_t>(10 * steps));
    CHECK(stats.failed == 0);
    CHECK(stats.dropped == 0);
    REQUIRE(run.End().ok());
  }
  std::string out = testing::RunPython(
      "from mlflow.tracking import MlflowClient\n"
      "c = MlflowClient()\n"
      "for k in range(10):\n"
      "    h = c.get_metric_history('" +
      run_id +
      "', f'key_{k}')\n"
      "    steps = [m.step for m in h]\n"
      "    assert steps == list(range(" +
      std::to_string(steps) +
      ")), (k, len(steps), steps[:5])\n"
      "    assert all(abs(m.value - (m.step * 0.001 + k)) < 1e-9 for m in h), k\n"
      "    ts = [m.timestamp for m in h]\n"
      "    assert ts == sorted(ts), k\n"
      "print('ok', c.get_run('" +
      run_id + "').info.status)\n");
  CHECK(out == "ok FINISHED\n");
}

TEST_CASE("NaN and infinite values round-trip through async logging") {
  auto run = ActiveRun::Start(ServerOptions(testing::UniqueName("fluent-nan"))).value();
  REQUIRE(run.LogMetric("odd", std::numeric_limits<double>::quiet_NaN(), 0).ok());
  REQUIRE(run.LogMetric("odd", std::numeric_limits<double>::infinity(), 1).ok());
  REQUIRE(run.LogMetric("odd", -std::numeric_limits<double>::infinity(), 2).ok());
  REQUIRE(run.End().ok());
  std::string out = testing::RunPython(
      "from mlflow.tracking import MlflowClient\n"
      "h = MlflowClient().get_metric_history('" +
      run.run_id() +
      "', 'odd')\n"
      "print(' '.join(str(m.value) for m in sorted(h, key=lambda m: m.step)))\n");
  // The SQL store clamps +-Inf to +-DBL_MAX (what the official client then reads); NaN survives.
  CHECK(out == "nan 1.7976931348623157e+308 -1.7976931348623157e+308\n");
  // The C++ client maps the clamped extremes back to infinities.
  auto client = MlflowClient::FromEnvironment(testing::TrackingUri()).value();
  auto history = client.tracking().GetFullMetricHistory(run.run_id(), "odd").value();
  REQUIRE(history.size() == 3);
  std::sort(history.begin(), history.end(), [](const auto& a, const auto& b) { return a.step < b.step; });
  CHECK(std::isnan(history[0].value));
  CHECK(history[1].value == std::numeric_limits<double>::infinity());
  CHECK(history[2].value == -std::numeric_limits<double>::infinity());
}

TEST_CASE("params and tags logged through the fluent run reach the server") {
  auto run = ActiveRun::Start(ServerOptions(testing::UniqueName("fluent-params"))).value();
  for (int i = 0; i < 150; ++i) REQUIRE(run.LogParam("p" + std::to_string(i), std::to_string(i)).ok());
  REQUIRE(run.SetTag("stage", "integration").ok());
  REQUIRE(run.End().ok());
  Run stored = GetRun(run.run_id());
  CHECK(stored.data.params.size() == 150);
  CHECK(stored.data.tags["stage"] == "integration");
}
