// Bad input on the client side, against the real server: invalid keys, over-long values,
// NaN/±Inf, non-UTF-8 strings and batches far over the server's limits. Each gets a clear
// Status (or arrives intact), nothing invalid is ever sent, and the process stays healthy.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "reliability_support.h"
#include "support/test_env.h"

namespace mlflow::testing {
namespace {

std::string ParamOf(const Run& run, const std::string& key) {
  for (const Param& param : run.data.params) {
    if (param.key == key) return param.value;
  }
  return "<missing>";
}

struct Fixture {
  std::unique_ptr<fault::FaultProxy> proxy = StartFaultProxy(TrackingUri(), {});  // counts what is sent
  MlflowClient client = MakeClient(proxy->url());
  std::string run_id = CreateRun();

  std::string CreateRun() {
    std::string experiment = client.tracking().GetOrCreateExperiment(UniqueName("reliability-input")).value();
    CreateRunRequest request;
    request.experiment_id = experiment;
    return client.tracking().CreateRun(request).value().info.run_id;
  }
  int64_t sent() const { return proxy->plan().stats().requests; }
};

TEST_CASE("invalid keys and over-long values fail fast with a clear error and send nothing", "[reliability][input]") {
  Fixture f;
  TrackingApi& tracking = f.client.tracking();
  int64_t before = f.sent();
  const std::vector<std::string> bad_keys = {"",          "../escape", "/absolute",  "a//b",
                                             "trailing/", "bad!key",   "semi;colon", std::string(251, 'k')};
  for (const auto& key : bad_keys) {
    INFO("key '" << key << "'");
    Status metric = tracking.LogMetric(f.run_id, MakeMetric(key, 1.0, 1, 0));
    CHECK(metric.code() == ErrorCode::kInvalidParameterValue);
    CHECK_THAT(metric.message(), Catch::Contains("metric key"));
    CHECK(tracking.LogParam(f.run_id, key, "v").code() == ErrorCode::kInvalidParameterValue);
    CHECK(tracking.SetTag(f.run_id, key, "v").code() == ErrorCode::kInvalidParameterValue);
  }
  Status long_param = tracking.LogParam(f.run_id, "p", std::string(6001, 'x'));
  CHECK(long_param.code() == ErrorCode::kInvalidParameterValue);
  CHECK_THAT(long_param.message(), Catch::Contains("6000"));
  CHECK(tracking.SetTag(f.run_id, "t", std::string(8001, 'x')).code() == ErrorCode::kInvalidParameterValue);
  CHECK(tracking.LogMetric(f.run_id, MakeMetric("m", 1.0, -5, 0)).code() == ErrorCode::kInvalidParameterValue);
  CHECK(tracking.LogMetric("not a run id!", MakeMetric("m", 1.0, 1, 0)).code() == ErrorCode::kInvalidParameterValue);
  CHECK(f.sent() == before);  // validated client-side: nothing reached the server

  RunOptions options;
  options.env = EmptyEnvironment();
  options.experiment_name = UniqueName("reliability-input-fluent");
  ActiveRun run = ActiveRun::Start(f.client, options).value();
  CHECK(run.LogMetric("../escape", 1.0).code() == ErrorCode::kInvalidParameterValue);
  CHECK(run.LogParam("p", std::string(6001, 'x')).code() == ErrorCode::kInvalidParameterValue);
  CHECK(run.SetTag("t", std::string(8001, 'y')).code() == ErrorCode::kInvalidParameterValue);
  CHECK(run.LogMetric("ok", 1.0, 0).ok());
  CHECK(run.End().ok());  // the rejected calls left the run healthy
}

TEST_CASE("values exactly at the limits are accepted by the real server", "[reliability][input]") {
  Fixture f;
  TrackingApi& tracking = f.client.tracking();
  std::string key(250, 'k');
  std::string param(6000, 'p');
  std::string tag(8000, 't');
  REQUIRE(tracking.LogParam(f.run_id, key, param).ok());
  REQUIRE(tracking.SetTag(f.run_id, "long", tag).ok());
  REQUIRE(tracking.LogMetric(f.run_id, MakeMetric(key, 2.5, 1, 3)).ok());
  Run run = tracking.GetRun(f.run_id).value();
  CHECK(ParamOf(run, key) == param);
  CHECK(run.data.tags["long"] == tag);
}

TEST_CASE("NaN and infinities round-trip through the server", "[reliability][input]") {
  Fixture f;
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> values = {std::nan(""), inf, -inf, 0.0, -0.0, 4.9e-324, 1e308, -1e-300};
  LogBatchRequest batch;
  batch.run_id = f.run_id;
  for (size_t i = 0; i < values.size(); ++i) {
    auto step = static_cast<int64_t>(i);
    batch.metrics.push_back(MakeMetric("special", values[i], 1000 + step, step));
  }
  REQUIRE(f.client.tracking().LogBatch(batch).ok());
  auto history = f.client.tracking().GetFullMetricHistory(f.run_id, "special").value();
  REQUIRE(history.size() == values.size());
  for (const Metric& point : history) {
    double want = values[static_cast<size_t>(point.step)];
    INFO("step " << point.step << " want " << want << " got " << point.value);
    if (std::isnan(want)) {
      CHECK(std::isnan(point.value));
    } else {
      CHECK(point.value == want);
    }
  }
  std::string python = RunPython(
      "import math\nfrom mlflow.tracking import MlflowClient\n"
      "h = sorted(MlflowClient().get_metric_history('" +
      f.run_id +
      "', 'special'), key=lambda m: m.step)\n"
      "print(math.isnan(h[0].value), h[1].value >= 1.7976931348623157e308, h[2].value <= -1.7976931348623157e308)\n");
  CHECK(python == "True True True\n");
}

TEST_CASE("non-UTF-8 strings never crash the client and never reach the server raw", "[reliability][input]") {
  Fixture f;
  TrackingApi& tracking = f.client.tracking();
  Status param = tracking.LogParam(f.run_id, "latin1", "caf\xe9");
  Status tag = tracking.SetTag(f.run_id, "bytes", std::string("\xff\xfe\x00z", 4));
  INFO(param.ToString() << " / " << tag.ToString());
  // Bad bytes are sent as U+FFFD; a NUL is refused before sending (PostgreSQL answers 500 for
  // the whole request, SQLite would keep it: the same call must not depend on the backend).
  CHECK((param.ok() || param.code() == ErrorCode::kInvalidParameterValue));
  CHECK(tag.code() == ErrorCode::kInvalidParameterValue);
  CHECK_THAT(tag.message(), Catch::Contains("NUL character"));
  CHECK(tracking.SetTag(f.run_id, "bytes", "\xff\xfez").ok());
  Run run = tracking.GetRun(f.run_id).value();
  if (param.ok()) CHECK(ParamOf(run, "latin1") == "caf\xef\xbf\xbd");
  CHECK(run.data.tags.at("bytes") == "\xef\xbf\xbd\xef\xbf\xbdz");
  Status key = tracking.LogMetric(f.run_id, MakeMetric("loss\xff", 1.0, 1, 0));
  INFO(key.ToString());
  CHECK_FALSE(key.ok());
  CHECK(key.code() == ErrorCode::kInvalidParameterValue);
}

TEST_CASE("an invalid UTF-8 metric key does not take the valid points of its batch down", "[reliability][input]") {
  Fixture f;
  RunOptions options;
  options.env = EmptyEnvironment();
  options.experiment_name = UniqueName("reliability-utf8");
  ActiveRun run = ActiveRun::Start(f.client, options).value();
  for (int step = 0; step < 100; ++step) REQUIRE(run.LogMetric("good", step, step, 1000 + step).ok());
  Status bad = run.LogMetric("bad\xff", 1.0, 0);
  for (int step = 100; step < 200; ++step) REQUIRE(run.LogMetric("good", step, step, 1000 + step).ok());
  Status flushed = run.Flush();
  INFO("log call: " << bad.ToString() << "; flush: " << flushed.ToString());
  CHECK(bad.code() == ErrorCode::kInvalidParameterValue);  // rejected when logged...
  CHECK(flushed.ok());                                     // ...so the batch is not poisoned
  CHECK(f.client.tracking().GetFullMetricHistory(run.run_id(), "good").value().size() == 200);
  (void)run.End();
}

TEST_CASE("batches far over the server's limits are chunked and arrive whole", "[reliability][input]") {
  Fixture f;
  LogBatchRequest batch;
  batch.run_id = f.run_id;
  for (int i = 0; i < 25000; ++i) {
    batch.metrics.push_back(MakeMetric("m" + std::to_string(i % 7), i * 1.0, 5000 + i, i));
  }
  for (int i = 0; i < 450; ++i) batch.params.push_back({"param_" + std::to_string(i), std::string(5000, 'a' + i % 26)});
  for (int i = 0; i < 350; ++i) batch.tags.push_back({"tag_" + std::to_string(i), std::string(7000, 'z')});
  int64_t before = f.sent();
  Status logged = f.client.tracking().LogBatch(batch);
  INFO(logged.ToString());
  REQUIRE(logged.ok());
  int64_t requests = f.sent() - before;
  CHECK(requests >= 26);  // >= 25 for the metrics alone (1000 per request), more for 2.25 MB of params
  Run run = f.client.tracking().GetRun(f.run_id).value();
  CHECK(run.data.params.size() == 450);
  CHECK(ParamOf(run, "param_449") == std::string(5000, 'a' + 449 % 26));
  size_t points = 0;
  for (int k = 0; k < 7; ++k) {
    points += f.client.tracking().GetFullMetricHistory(f.run_id, "m" + std::to_string(k)).value().size();
  }
  CHECK(points == 25000);
  RecordFigures(
      "input: oversized log-batch",
      {{"metrics", 25000}, {"params", 450}, {"tags", 350}, {"requests", requests}, {"metrics_found", points}});

  LogBatchRequest conflicting;
  conflicting.run_id = f.run_id;
  conflicting.params = {{"twice", "1"}, {"twice", "2"}};
  Status conflict = f.client.tracking().LogBatch(conflicting);
  INFO(conflict.ToString());
  CHECK(conflict.code() == ErrorCode::kInvalidParameterValue);
  CHECK_THAT(conflict.ToString(), Catch::Contains("twice"));
}

TEST_CASE("malformed, truncated and missing responses are clear errors and leave the client healthy",
          "[reliability][input]") {
  Fixture f;
  auto configure = [&](fault::FaultKind kind) {
    fault::FaultOptions options;
    options.rate = kind == fault::FaultKind::kNone ? 0.0 : 1.0;
    options.weights = {{kind, 1.0}};
    options.path_filter = "/runs/get";
    options.hang_ms = 0;
    f.proxy->plan().Reconfigure(options);
  };
  configure(fault::FaultKind::kMalformedBody);
  auto malformed = f.client.tracking().GetRun(f.run_id);
  REQUIRE_FALSE(malformed.ok());
  CHECK(malformed.status().code() == ErrorCode::kInvalidResponse);

  configure(fault::FaultKind::kTruncateResponse);
  auto truncated = f.client.tracking().GetRun(f.run_id);
  REQUIRE_FALSE(truncated.ok());
  CHECK(truncated.status().code() == ErrorCode::kConnectionError);
  CHECK_THAT(truncated.status().message(), Catch::Contains("after 8 attempts"));

  configure(fault::FaultKind::kHang);
  RetryBudget quick;
  quick.max_retries = 1;
  quick.timeout_seconds = 1;
  MlflowClient impatient = MakeClient(f.proxy->url(), quick);
  auto started = std::chrono::steady_clock::now();
  auto hung = impatient.tracking().GetRun(f.run_id);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  REQUIRE_FALSE(hung.ok());
  CHECK(hung.status().code() == ErrorCode::kTimeout);
  CHECK_THAT(hung.status().ToString(), Catch::Contains("TIMEOUT"));
  CHECK_THAT(hung.status().message(), Catch::Contains("after 2 attempts"));
  CHECK(seconds < 5);

  configure(fault::FaultKind::kNone);
  CHECK(f.client.tracking().GetRun(f.run_id).ok());
  CHECK(impatient.tracking().GetRun(f.run_id).ok());
}

TEST_CASE("a 200 answer that is not MLflow's never counts as a delivered batch", "[reliability][input]") {
  Fixture f;
  RunOptions options;
  options.env = EmptyEnvironment();
  options.experiment_name = UniqueName("reliability-html200");
  ActiveRun run = ActiveRun::Start(f.client, options).value();
  fault::FaultOptions lying;  // e.g. a captive portal or a misrouted proxy answering 200 + HTML
  lying.rate = 1.0;
  lying.weights = {{fault::FaultKind::kMalformedBody, 1.0}};
  lying.path_filter = "/runs/log-batch";
  f.proxy->plan().Reconfigure(lying);
  for (int step = 0; step < 10; ++step) REQUIRE(run.LogMetric("m", step, step).ok());
  Status flushed = run.Flush();
  INFO(flushed.ToString());
  CHECK(flushed.code() == ErrorCode::kInvalidResponse);  // not OK: nothing reached the server
  f.proxy->plan().Reconfigure({});
  (void)run.End();
}

}  // namespace
}  // namespace mlflow::testing
