// Cross-client: the C++ client logs a run, the official Python client reads it back, and every
// param, tag, metric value, step and timestamp, and the dataset input, must match exactly.
//
// Python prints metric values with repr() (the shortest text that reads back to the same
// double, "nan" for NaN), so comparing parsed doubles is exact. ±Infinity is left out here:
// the SQL store keeps it as ±DBL_MAX, which Python reads as such (see logging_test.cc).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <tuple>

#include "tracking_test_util.h"

using namespace mlflow;
using namespace mlflow::testing;

namespace {

// (step, timestamp, value-as-bits) sorts points the same way on both sides.
using Point = std::tuple<int64_t, int64_t, double>;

double ValueFor(int key, int step) {
  switch (key) {
    case 0:
      return std::exp(-step / 300.0) + step * 1e-9;  // loss-like, full precision
    case 1:
      return std::sin(step * 0.37) / 3.0;  // negative and positive
    case 2:
      return step % 97 == 0 ? std::nan("") : 1.0 / (step + 1);  // some NaN points
    case 3:
      return std::ldexp(1.0 + step / 1024.0, step % 600 - 300);  // tiny to huge exponents
    default:
      return static_cast<double>(step) * 0.1;  // 0.1 steps: not exact in binary
  }
}

bool SameValue(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

}  // namespace

TEST_CASE("the Python client reads back exactly what the C++ client logged", "[integration][cross_client]") {
  MlflowClient client = TestClient();
  TrackingApi& api = client.tracking();
  std::string experiment = NewExperiment(api, "cross-client");
  CreateRunRequest create;
  create.experiment_id = experiment;
  create.run_name = "cpp-run";
  create.start_time = 1750000000000;
  create.tags = {{"origin", "mlflow-cpp"}};
  std::string run = api.CreateRun(create).value().info.run_id;

  // 5 keys x 1000 steps = 5,000 points, each with its own timestamp.
  const std::vector<std::string> keys = {"train/loss", "val/score", "sparse_nan", "exp range", "linear.tenths"};
  LogBatchRequest batch;
  batch.run_id = run;
  std::map<std::string, std::vector<Point>> expected;
  for (int step = 0; step < 1000; ++step) {
    for (int k = 0; k < 5; ++k) {
      int64_t timestamp = 1750000000000 + step * 10 + k;
      int64_t logged_step = k == 4 ? step - 500 : step;  // negative steps too
      double value = ValueFor(k, step);
      batch.metrics.push_back({keys[k], value, timestamp, logged_step, "", "", ""});
      expected[keys[k]].emplace_back(logged_step, timestamp, value);
    }
  }
  std::map<std::string, std::string> params;
  for (int i = 0; i < 30; ++i) params["param_" + std::to_string(i)] = "v" + std::to_string(i * 7) + " / ünïcödé";
  params["empty"] = "";
  params["long"] = std::string(6000, 'L');
  for (const auto& [key, value] : params) batch.params.push_back({key, value});
  std::map<std::string, std::string> tags{
      {"note", "line one\nline two"}, {"quote", "it's \"quoted\""}, {"mlflow.note.content", "# Markdown note"}};
  for (const auto& [key, value] : tags) batch.tags.push_back({key, value});
  REQUIRE(api.LogBatch(batch).ok());
  // Single-call logging paths too.
  REQUIRE(api.LogMetric(run, Metric{"single", 42.125, 1750000099999, 7, "", "", ""}).ok());
  expected["single"].emplace_back(7, 1750000099999, 42.125);
  REQUIRE(api.LogParam(run, "single_param", "x=1").ok());
  params["single_param"] = "x=1";
  REQUIRE(api.SetTag(run, "single_tag", "y").ok());
  tags["single_tag"] = "y";
  tags["origin"] = "mlflow-cpp";

  DatasetInput dataset{
      {"semeval-train", "a1b2c3d4", "local", R"({"uri": "/data/semeval/train.tsv"})",
       R"({"mlflow_colspec": [{"type": "string", "name": "text"}, {"type": "long", "name": "label"}]})",
       R"({"num_rows": 12345})"},
      {{"mlflow.data.context", "training"}}};
  REQUIRE(api.LogInputs(run, {dataset}).ok());
  REQUIRE(api.EndRun(run).ok());
  Run cpp_view = api.GetRun(run).value();

  std::string script = R"PY(
import json
from mlflow import MlflowClient
client = MlflowClient()
run = client.get_run(")PY" +
                       run + R"PY(")
out = {
    "run_id": run.info.run_id, "status": run.info.status, "run_name": run.info.run_name,
    "start_time": run.info.start_time, "end_time": run.info.end_time,
    "experiment_id": run.info.experiment_id,
    "params": run.data.params, "tags": run.data.tags, "metrics": {},
    "inputs": [{"name": d.dataset.name, "digest": d.dataset.digest, "source_type": d.dataset.source_type,
                "source": d.dataset.source, "schema": d.dataset.schema, "profile": d.dataset.profile,
                "tags": {t.key: t.value for t in d.tags}} for d in run.inputs.dataset_inputs],
}
for key in run.data.metrics:
    out["metrics"][key] = [[m.step, m.timestamp, repr(m.value)] for m in client.get_metric_history(run.info.run_id, key)]
print(json.dumps(out))
)PY";
  Json python = PythonJson(script);

  CHECK(python["run_id"] == run);
  CHECK(python["status"] == "FINISHED");
  CHECK(python["run_name"] == "cpp-run");
  CHECK(python["experiment_id"] == experiment);
  CHECK(python["start_time"] == 1750000000000);
  REQUIRE(cpp_view.info.end_time);
  CHECK(python["end_time"] == *cpp_view.info.end_time);

  // Params: every one, exactly (unicode, empty and 6,000-character values included).
  REQUIRE(python["params"].size() == params.size());
  for (const auto& [key, value] : params) {
    INFO("param " << key);
    CHECK(python["params"].value(key, std::string("<missing>")) == value);
  }
  for (const auto& [key, value] : tags) {
    INFO("tag " << key);
    CHECK(python["tags"].value(key, std::string("<missing>")) == value);
  }

  // Metrics: every key, every point, exactly.
  REQUIRE(python["metrics"].size() == expected.size());
  size_t compared = 0;
  for (auto& [key, points] : expected) {
    INFO("metric " << key);
    REQUIRE(python["metrics"].contains(key));
    std::vector<Point> got;
    for (const auto& p : python["metrics"][key]) {
      got.emplace_back(p[0].get<int64_t>(), p[1].get<int64_t>(), std::strtod(p[2].get<std::string>().c_str(), nullptr));
    }
    auto by_step_time = [](const Point& a, const Point& b) {
      return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
    };
    std::sort(points.begin(), points.end(), by_step_time);
    std::sort(got.begin(), got.end(), by_step_time);
    REQUIRE(got.size() == points.size());
    size_t mismatches = 0;
    for (size_t i = 0; i < points.size(); ++i) {
      bool same = std::get<0>(got[i]) == std::get<0>(points[i]) && std::get<1>(got[i]) == std::get<1>(points[i]) &&
                  SameValue(std::get<2>(got[i]), std::get<2>(points[i]));
      if (!same && ++mismatches <= 5) {
        FAIL_CHECK("point " << i << ": python (" << std::get<0>(got[i]) << ", " << std::get<1>(got[i]) << ", "
                            << std::get<2>(got[i]) << ") vs c++ (" << std::get<0>(points[i]) << ", "
                            << std::get<1>(points[i]) << ", " << std::get<2>(points[i]) << ")");
      }
    }
    CHECK(mismatches == 0);
    compared += points.size();
  }
  CHECK(compared == 5001);

  // The C++ client's own read-back of the history agrees too.
  auto cpp_history = api.GetFullMetricHistory(run, "sparse_nan").value();
  REQUIRE(cpp_history.size() == 1000);
  CHECK(std::isnan(cpp_history[0].value));

  // The dataset input.
  REQUIRE(python["inputs"].size() == 1);
  const Json& input = python["inputs"][0];
  CHECK(input["name"] == dataset.dataset.name);
  CHECK(input["digest"] == dataset.dataset.digest);
  CHECK(input["source_type"] == dataset.dataset.source_type);
  CHECK(input["source"] == dataset.dataset.source);
  CHECK(input["schema"] == dataset.dataset.schema);
  CHECK(input["profile"] == dataset.dataset.profile);
  CHECK(input["tags"]["mlflow.data.context"] == "training");
}
