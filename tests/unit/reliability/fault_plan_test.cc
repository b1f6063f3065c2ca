// FaultPlan: seeded, rate-respecting, filterable fault decisions and their settings.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "support/fault_proxy/fault_plan.h"

namespace mlflow::testing::fault {
namespace {

std::vector<FaultKind> Draw(FaultPlan& plan, int n, const std::string& target = "/api/2.0/mlflow/runs/log-batch") {
  std::vector<FaultKind> kinds;
  for (int i = 0; i < n; ++i) kinds.push_back(plan.Decide(target));
  return kinds;
}

TEST_CASE("the same seed gives the same faults", "[reliability][proxy]") {
  FaultOptions options;
  options.rate = 0.3;
  options.seed = 42;
  FaultPlan a(options);
  FaultPlan b(options);
  CHECK(Draw(a, 500) == Draw(b, 500));
  options.seed = 43;
  FaultPlan c(options);
  CHECK(Draw(a, 500) != Draw(c, 500));
}

TEST_CASE("faults come at about the configured rate, in every failure kind", "[reliability][proxy]") {
  FaultOptions options;
  options.rate = 0.2;
  FaultPlan plan(options);
  Draw(plan, 10000);
  FaultStats stats = plan.stats();
  CHECK(stats.requests == 10000);
  CHECK(stats.total_faults() > 1800);
  CHECK(stats.total_faults() < 2200);
  for (FaultKind kind : {FaultKind::kServiceUnavailable, FaultKind::kTooManyRequests, FaultKind::kResetBeforeForward,
                         FaultKind::kResetAfterForward, FaultKind::kTruncateResponse}) {
    CHECK(stats.injected[kind] > 300);
  }
  CHECK(stats.injected.count(FaultKind::kHang) == 0);  // only when asked for
}

TEST_CASE("the path filter and max_faults limit where and how often faults happen", "[reliability][proxy]") {
  FaultOptions options;
  options.rate = 1.0;
  options.path_filter = "/runs/log-batch";
  options.max_faults = 3;
  FaultPlan plan(options);
  CHECK(plan.Decide("/api/2.0/mlflow/runs/create") == FaultKind::kNone);
  auto kinds = Draw(plan, 10);
  CHECK(std::count(kinds.begin(), kinds.end(), FaultKind::kNone) == 7);
  CHECK(plan.stats().total_faults() == 3);
  plan.ResetStats();
  CHECK(plan.stats().requests == 0);
}

TEST_CASE("delays are not counted as failures", "[reliability][proxy]") {
  FaultOptions options;
  options.rate = 1.0;
  options.weights = {{FaultKind::kDelay, 1.0}};
  FaultPlan plan(options);
  Draw(plan, 5);
  CHECK(plan.stats().total_faults() == 0);
  CHECK(plan.stats().injected[FaultKind::kDelay] == 5);
  CHECK(plan.stats().ToJson() ==
        "{\"requests\":5,\"forwarded\":0,\"upstream_errors\":0,\"faults\":0,\"injected\":{\"delay\":5}}");
}

TEST_CASE("settings parse from their textual names and reject nonsense", "[reliability][proxy]") {
  FaultOptions options;
  CHECK(ApplyFaultSetting("rate", "0.25", &options).empty());
  CHECK(options.rate == 0.25);
  CHECK(ApplyFaultSetting("kinds", "503:2,hang", &options).empty());
  CHECK(options.weights.size() == 2);
  CHECK(options.weights[FaultKind::kServiceUnavailable] == 2.0);
  CHECK(options.weights[FaultKind::kHang] == 1.0);
  CHECK(ApplyFaultSetting("retry_after", "-1", &options).empty());
  CHECK(options.retry_after_seconds == -1);
  CHECK(ApplyFaultSetting("path", "/runs/", &options).empty());
  CHECK(options.path_filter == "/runs/");
  CHECK_FALSE(ApplyFaultSetting("rate", "1.5", &options).empty());
  CHECK_FALSE(ApplyFaultSetting("rate", "x", &options).empty());
  CHECK_FALSE(ApplyFaultSetting("kinds", "teapot", &options).empty());
  CHECK_FALSE(ApplyFaultSetting("delay_ms", "-5", &options).empty());
  CHECK_FALSE(ApplyFaultSetting("colour", "red", &options).empty());
}

}  // namespace
}  // namespace mlflow::testing::fault
