// Helpers shared by the reliability scenarios: clients with test-sized retry budgets, the
// fault proxy in front of a server, the Python client's view of metric histories, and the
// scenario figures that docs/reliability.md reports.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mlflow/mlflow.h"
#include "support/fault_proxy/fault_proxy.h"

namespace mlflow::testing {

// No environment variable at all: tests must not pick up MLFLOW_RUN_ID & co. from the caller.
EnvLookup EmptyEnvironment();

struct RetryBudget {
  int max_retries = 7;
  double backoff_factor = 0.05;  // seconds
  double max_backoff_seconds = 0.5;
  double timeout_seconds = 30;
};

// A client for `uri` with the given retry budget (jitter 10 ms) and no credentials.
MlflowClient MakeClient(const std::string& uri, const RetryBudget& budget = {});

// A metric point (the optional MLflow 3 fields left empty).
Metric MakeMetric(const std::string& key, double value, int64_t timestamp, int64_t step);

// "http://127.0.0.1:5000" -> 5000 (throws on anything else).
int PortOf(const std::string& uri);

// A fault proxy in front of `upstream_uri`; throws when it cannot listen.
std::unique_ptr<fault::FaultProxy> StartFaultProxy(const std::string& upstream_uri, const fault::FaultOptions& faults);

// Runs a Python snippet with the venv interpreter against `tracking_uri`; returns stdout and
// throws with stderr on failure.
std::string RunPythonAt(const std::string& tracking_uri, const std::string& script);

struct Point {
  int64_t step = 0;
  double value = 0;
  int64_t timestamp = 0;
  bool operator<(const Point& other) const;
  bool operator==(const Point& other) const;
};
using Histories = std::map<std::string, std::vector<Point>>;

// Every key's history as the Python `mlflow` client reads it (MlflowClient.get_metric_history).
Histories FetchHistoriesWithPython(const std::string& tracking_uri, const std::string& run_id,
                                   const std::vector<std::string>& keys);

struct HistoryComparison {
  int64_t expected = 0;
  int64_t found = 0;       // points the server holds
  int64_t missing = 0;     // expected, not found
  int64_t duplicated = 0;  // found more than once (extra copies)
  int64_t unexpected = 0;  // found, never logged
  bool exact() const { return missing == 0 && duplicated == 0 && unexpected == 0 && found == expected; }
  std::string Describe() const;
};
HistoryComparison CompareHistories(const Histories& expected, const Histories& actual);

// Appends one scenario's figures as a JSON line to <build>/test-scratch/reliability-figures.jsonl
// and prints them, for docs/reliability.md.
void RecordFigures(const std::string& scenario, const Json& figures);

}  // namespace mlflow::testing
