// bench_logging MODE --tracking-uri URI [--points N] [--keys K]
//
// MODE: sync-metric (TrackingApi::LogMetric, one request per point), batch
// (TrackingApi::LogBatch, 1000 points per call) or async (ActiveRun::LogMetric, then Flush).
// Creates an experiment and run first (not timed), then times from the first log call until
// the last call returned (sync) or Flush() returned (async), and every call's hold time on
// the caller's thread. Prints one JSON line: mode, run_id, points, seconds, points_per_second,
// call_median_us, call_p99_us, calls.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "mlflow/mlflow.h"

namespace {

using Clock = std::chrono::steady_clock;

double Micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  size_t index = std::min(values.size() - 1, static_cast<size_t>(p * static_cast<double>(values.size())));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index), values.end());
  return values[index];
}

int Usage() {
  std::cerr << "usage: bench_logging sync-metric|batch|async --tracking-uri URI [--points N] [--keys K]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage();
  std::string mode = argv[1];
  std::string uri;
  int64_t points = 10000;
  int keys = 10;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--tracking-uri")
      uri = argv[i + 1];
    else if (flag == "--points")
      points = std::atoll(argv[i + 1]);
    else if (flag == "--keys")
      keys = std::atoi(argv[i + 1]);
    else
      return Usage();
  }
  if (mode != "sync-metric" && mode != "batch" && mode != "async") return Usage();

  auto client = mlflow::MlflowClient::FromEnvironment(uri).value();
  std::string experiment = "bench-logging-cpp-" + mode;
  std::vector<double> calls;
  calls.reserve(static_cast<size_t>(points));
  std::string run_id;
  Clock::time_point start, end;
  auto key_of = [&](int64_t i) { return "metric_" + std::to_string(i % keys); };
  std::vector<std::string> key_names;
  for (int k = 0; k < keys; ++k) key_names.push_back(key_of(k));

  if (mode == "async") {
    mlflow::RunOptions options;
    options.experiment_name = experiment;
    auto run = mlflow::ActiveRun::Start(client, options).value();
    run_id = run.run_id();
    start = Clock::now();
    for (int64_t i = 0; i < points; ++i) {
      auto before = Clock::now();
      mlflow::Status logged = run.LogMetric(key_names[static_cast<size_t>(i % keys)], static_cast<double>(i), i / keys);
      calls.push_back(Micros(Clock::now() - before));
      if (!logged.ok()) throw mlflow::Error(logged);
    }
    mlflow::ThrowIfError(run.Flush());
    end = Clock::now();
    mlflow::ThrowIfError(run.End());
  } else {
    auto& tracking = client.tracking();
    std::string experiment_id = tracking.GetOrCreateExperiment(experiment).value();
    mlflow::CreateRunRequest create;
    create.experiment_id = experiment_id;
    run_id = tracking.CreateRun(create).value().info.run_id;
    auto now_ms = [] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
    };
    start = Clock::now();
    if (mode == "sync-metric") {
      for (int64_t i = 0; i < points; ++i) {
        auto before = Clock::now();
        mlflow::Metric metric;
        metric.key = key_names[static_cast<size_t>(i % keys)];
        metric.value = static_cast<double>(i);
        metric.timestamp = now_ms();
        metric.step = i / keys;
        mlflow::ThrowIfError(tracking.LogMetric(run_id, metric));
        calls.push_back(Micros(Clock::now() - before));
      }
    } else {
      for (int64_t first = 0; first < points; first += 1000) {
        auto before = Clock::now();
        mlflow::LogBatchRequest batch;
        batch.run_id = run_id;
        int64_t ts = now_ms();
        for (int64_t i = first; i < std::min(points, first + 1000); ++i) {
          mlflow::Metric& metric = batch.metrics.emplace_back();
          metric.key = key_names[static_cast<size_t>(i % keys)];
          metric.value = static_cast<double>(i);
          metric.timestamp = ts;
          metric.step = i / keys;
        }
        mlflow::ThrowIfError(tracking.LogBatch(batch));
        calls.push_back(Micros(Clock::now() - before));
      }
    }
    end = Clock::now();
    mlflow::ThrowIfError(tracking.EndRun(run_id));
  }
  double seconds = std::chrono::duration<double>(end - start).count();
  mlflow::Json out = {{"client", "cpp"},
                      {"mode", mode},
                      {"run_id", run_id},
                      {"points", points},
                      {"seconds", seconds},
                      {"points_per_second", static_cast<double>(points) / seconds},
                      {"calls", calls.size()},
                      {"call_median_us", Percentile(calls, 0.5)},
                      {"call_p99_us", Percentile(calls, 0.99)}};
  std::cout << out.dump() << std::endl;
  return 0;
}
