#include "reliability_support.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "support/test_env.h"

namespace mlflow::testing {

EnvLookup EmptyEnvironment() {
  return [](const char*) -> const char* { return nullptr; };
}

MlflowClient MakeClient(const std::string& uri, const RetryBudget& budget) {
  ClientConfig config = ClientConfig::FromEnvironment(uri, EmptyEnvironment()).value();
  config.retry.max_retries = budget.max_retries;
  config.retry.backoff_factor = budget.backoff_factor;
  config.retry.backoff_jitter = 0.01;
  config.retry.max_backoff_seconds = budget.max_backoff_seconds;
  config.transport.timeout_seconds = budget.timeout_seconds;
  config.transport.connect_timeout_seconds = 5;
  return MlflowClient::Create(config).value();
}

Metric MakeMetric(const std::string& key, double value, int64_t timestamp, int64_t step) {
  Metric metric;
  metric.key = key;
  metric.value = value;
  metric.timestamp = timestamp;
  metric.step = step;
  return metric;
}

int PortOf(const std::string& uri) {
  size_t colon = uri.rfind(':');
  if (uri.rfind("http://127.0.0.1:", 0) != 0 || colon == std::string::npos) {
    throw std::runtime_error("not a loopback http URI: " + uri);
  }
  return std::atoi(uri.c_str() + colon + 1);
}

std::unique_ptr<fault::FaultProxy> StartFaultProxy(const std::string& upstream_uri, const fault::FaultOptions& faults) {
  fault::ProxyOptions options;
  options.upstream_port = PortOf(upstream_uri);
  options.faults = faults;
  std::string error;
  auto proxy = fault::FaultProxy::Start(options, &error);
  if (!proxy) throw std::runtime_error("fault proxy: " + error);
  return proxy;
}

std::string RunPythonAt(const std::string& tracking_uri, const std::string& script) {
  std::string dir = MakeTempDir("py");
  std::ofstream(dir + "/script.py") << script;
  std::string out;
  int rc = RunCommand("MLFLOW_TRACKING_URI='" + tracking_uri + "' '" + VenvPython() + "' '" + dir + "/script.py' 2>'" +
                          dir + "/stderr'",
                      &out);
  if (rc != 0) {
    std::stringstream err;
    err << std::ifstream(dir + "/stderr").rdbuf();
    throw std::runtime_error("python failed (" + std::to_string(rc) + "): " + err.str());
  }
  return out;
}

bool Point::operator<(const Point& other) const {
  return std::tie(step, timestamp, value) < std::tie(other.step, other.timestamp, other.value);
}

bool Point::operator==(const Point& other) const {
  return step == other.step && timestamp == other.timestamp && value == other.value;
}

Histories FetchHistoriesWithPython(const std::string& tracking_uri, const std::string& run_id,
                                   const std::vector<std::string>& keys) {
  Json key_list = keys;
  std::string script =
      "import json\n"
      "from mlflow.tracking import MlflowClient\n"
      "client = MlflowClient()\n"
      "out = {}\n"
      "for key in json.loads('" +
      DumpJson(key_list) +
      "'):\n"
      "    out[key] = [[m.step, m.value, m.timestamp] for m in client.get_metric_history('" +
      run_id +
      "', key)]\n"
      "print(json.dumps(out))\n";
  Json parsed = ParseJson(RunPythonAt(tracking_uri, script), "python histories").value();
  Histories histories;
  for (const auto& key : keys) {
    auto& points = histories[key];
    for (const auto& row : parsed[key]) {
      points.push_back({row[0].get<int64_t>(), row[1].get<double>(), row[2].get<int64_t>()});
    }
  }
  return histories;
}

std::string HistoryComparison::Describe() const {
  return "expected " + std::to_string(expected) + ", found " + std::to_string(found) + ", missing " +
         std::to_string(missing) + ", duplicated " + std::to_string(duplicated) + ", unexpected " +
         std::to_string(unexpected);
}

HistoryComparison CompareHistories(const Histories& expected, const Histories& actual) {
  HistoryComparison result;
  for (const auto& [key, points] : expected) result.expected += static_cast<int64_t>(points.size());
  for (const auto& [key, points] : actual) result.found += static_cast<int64_t>(points.size());
  std::map<std::pair<std::string, Point>, std::pair<int64_t, int64_t>> counts;  // (wanted, got)
  for (const auto& [key, points] : expected) {
    for (const Point& point : points) ++counts[{key, point}].first;
  }
  for (const auto& [key, points] : actual) {
    for (const Point& point : points) ++counts[{key, point}].second;
  }
  for (const auto& [point, count] : counts) {
    auto [wanted, got] = count;
    if (got < wanted) result.missing += wanted - got;
    if (got > wanted) (wanted > 0 ? result.duplicated : result.unexpected) += got - wanted;
  }
  return result;
}

void RecordFigures(const std::string& scenario, const Json& figures) {
  Json line = figures;
  line["scenario"] = scenario;
  std::filesystem::path dir = std::filesystem::path(MLFLOWCPP_BINARY_DIR) / "test-scratch";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "reliability-figures.jsonl", std::ios::app) << DumpJson(line) << "\n";
  std::cout << "reliability figures: " << DumpJson(line) << std::endl;
}

}  // namespace mlflow::testing
