// Scenario (a): a training loop logs 50,000 points asynchronously while the fault proxy makes
// 20% of its log-batch requests fail (503 and 429 with Retry-After, resets before and after the
// server handled the request, responses cut short). Afterwards the server holds exactly the
// logged points — none missing, none duplicated — as the Python `mlflow` client reads them.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "reliability_support.h"
#include "support/test_env.h"

namespace mlflow::testing {
namespace {

constexpr int kKeys = 5;

double ValueAt(int key, int step) { return key * 1000.0 + step * 0.25; }

TEST_CASE("50,000 async points survive 20% failed requests exactly once", "[reliability][faults]") {
  // 5 keys x 10,000 steps = 50,000 points; the sanitizer modes log a tenth, in batches a tenth
  // the size, so the proxy still sees 200+ requests.
  const int steps = ScaledCount(10000);
  fault::FaultOptions faults;
  faults.rate = 0.2;
  faults.seed = 20260901;
  faults.path_filter = "/runs/log-batch";  // the training loop's requests (creating a run is not retried)
  faults.retry_after_seconds = 1;
  // Equal weights of the five failure kinds; 429 is rarer because each one costs its Retry-After.
  faults.weights = {{fault::FaultKind::kServiceUnavailable, 1.0},
                    {fault::FaultKind::kTooManyRequests, 0.5},
                    {fault::FaultKind::kResetBeforeForward, 1.0},
                    {fault::FaultKind::kResetAfterForward, 1.0},
                    {fault::FaultKind::kTruncateResponse, 1.0}};
  auto proxy = StartFaultProxy(TrackingUri(), faults);

  RetryBudget budget;
  budget.max_retries = 10;  // 0.2^11: a batch failing 11 times in a row would be a 1-in-50-million event
  MlflowClient client = MakeClient(proxy->url(), budget);
  RunOptions options;
  options.env = EmptyEnvironment();
  options.experiment_name = UniqueName("reliability-faults");
  options.logging.max_metrics_per_batch = ScaledCount(250, 10);  // 200+ requests: enough for the 20% to mean something
  auto started = ActiveRun::Start(client, options);
  REQUIRE(started.ok());
  ActiveRun run = std::move(started).value();

  Histories logged;
  std::vector<std::string> keys;
  for (int k = 0; k < kKeys; ++k) keys.push_back("train/loss_" + std::to_string(k));
  const int64_t t0 = 1700000000000;
  auto begin = std::chrono::steady_clock::now();
  for (int step = 0; step < steps; ++step) {
    for (int k = 0; k < kKeys; ++k) {
      REQUIRE(run.LogMetric(keys[k], ValueAt(k, step), step, t0 + step).ok());
      logged[keys[k]].push_back({step, ValueAt(k, step), t0 + step});
    }
  }
  Status flushed = run.Flush();
  INFO(flushed.ToString());
  REQUIRE(flushed.ok());
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  REQUIRE(run.End().ok());

  fault::FaultStats stats = proxy->plan().stats();
  AsyncLoggerStats logger = run.logging_stats();
  Histories found = FetchHistoriesWithPython(TrackingUri(), run.run_id(), keys);
  HistoryComparison comparison = CompareHistories(logged, found);

  Json injected = Json::object();
  for (const auto& [kind, count] : stats.injected) injected[fault::FaultKindName(kind)] = count;
  RecordFigures("a: 20% failed log-batch requests", {{"points_logged", comparison.expected},
                                                     {"points_found", comparison.found},
                                                     {"missing", comparison.missing},
                                                     {"duplicated", comparison.duplicated},
                                                     {"requests_through_proxy", stats.requests},
                                                     {"faults_injected", stats.total_faults()},
                                                     {"injected", injected},
                                                     {"batches", logger.batches},
                                                     {"seconds_to_flush", seconds}});

  INFO(comparison.Describe());
  CHECK(comparison.exact());
  CHECK(logger.failed == 0);
  CHECK(logger.sent == static_cast<uint64_t>(kKeys * steps));
  // The faults really happened, in every kind, at about the requested rate.
  CHECK(stats.requests >= 200);
  CHECK(stats.total_faults() >= stats.requests / 10);
  CHECK(stats.injected[fault::FaultKind::kResetAfterForward] > 0);  // handled by the server, then retried
  CHECK(stats.injected[fault::FaultKind::kTruncateResponse] > 0);
  CHECK(stats.injected[fault::FaultKind::kServiceUnavailable] > 0);
  CHECK(stats.injected[fault::FaultKind::kTooManyRequests] > 0);
  CHECK(stats.injected[fault::FaultKind::kResetBeforeForward] > 0);
}

}  // namespace
}  // namespace mlflow::testing
