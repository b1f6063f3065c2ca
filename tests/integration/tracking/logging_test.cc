// Logging against the real server: metrics, NaN/±Inf round-trip, log-batch over the limits,
// metric history pagination, dataset inputs.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "tracking_test_util.h"

using namespace mlflow;
using namespace mlflow::testing;

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

TEST_CASE("NaN and ±Infinity round-trip through the server", "[integration][logging]") {
  MlflowClient client = TestClient();
  TrackingApi& api = client.tracking();
  std::string run = NewRun(api, NewExperiment(api, "log-nan"));
  REQUIRE(api.LogMetric(run, Metric{"odd", std::nan(""), 1000, 0, "", "", ""}).ok());
  REQUIRE(api.LogMetric(run, Metric{"odd", kInf, 1001, 1, "", "", ""}).ok());
  LogBatchRequest batch;
  batch.run_id = run;
  batch.metrics = {{"odd", -kInf, 1002, 2, "", "", ""}, {"odd", 0.1, 1003, 3, "", "", ""}};
  REQUIRE(api.LogBatch(batch).ok());

  auto history = api.GetFullMetricHistory(run, "odd").value();
  REQUIRE(history.size() == 4);
  CHECK(std::isnan(history[0].value));
  CHECK(history[0].timestamp == 1000);  // not the 0/0/0 a bare NaN literal would give
  CHECK(history[1].value == kInf);
  CHECK(history[2].value == -kInf);
  CHECK(history[3].value == 0.1);
  CHECK(history[3].step == 3);

  // What the SQL store keeps: NaN as "NaN", ±Inf clamped to ±DBL_MAX (seen raw here).
  auto raw = client.channel()->Call(transport::endpoints::kGetMetricHistory, {{"run_id", run}, {"metric_key", "odd"}});
  REQUIRE(raw.ok());
  CHECK((*raw)["metrics"][0]["value"] == "NaN");
  CHECK((*raw)["metrics"][1]["value"].get<double>() == std::numeric_limits<double>::max());
  CHECK((*raw)["metrics"][2]["value"].get<double>() == -std::numeric_limits<double>::max());

  // The latest value in the run's data decodes the same way.
  Run fetched = api.GetRun(run).value();
  REQUIRE(fetched.data.metrics.size() == 1);
  CHECK(fetched.data.metrics[0].value == 0.1);
}

TEST_CASE("a log-batch over every limit arrives complete", "[integration][logging]") {
  MlflowClient client = TestClient();
  TrackingApi& api = client.tracking();
  std::string run = NewRun(api, NewExperiment(api, "log-batch-big"));
  LogBatchRequest batch;
  batch.run_id = run;
  for (int i = 0; i < 2500; ++i) {
    batch.metrics.push_back({"metric_" + std::to_string(i % 5), i * 0.5 + 0.25, 1700000000000 + i, i / 5, "", "", ""});
  }
  for (int i = 0; i < 250; ++i) batch.params.push_back({"param_" + std::to_string(i), "value-" + std::to_string(i)});
  for (int i = 0; i < 250; ++i) batch.tags.push_back({"tag_" + std::to_string(i), std::string(100, 'a' + i % 26)});
  REQUIRE(ChunkLogBatch(batch).size() == 3);
  REQUIRE(api.LogBatch(batch).ok());

  Run fetched = api.GetRun(run).value();
  CHECK(fetched.data.params.size() == 250);
  CHECK(fetched.data.metrics.size() == 5);
  size_t user_tags = 0;
  for (const auto& [key, value] : fetched.data.tags) {
    if (key.rfind("tag_", 0) == 0) {
      ++user_tags;
      CHECK(value.size() == 100);
    }
  }
  CHECK(user_tags == 250);
  size_t points = 0;
  for (int k = 0; k < 5; ++k) {
    auto history = api.GetFullMetricHistory(run, "metric_" + std::to_string(k)).value();
    REQUIRE(history.size() == 500);
    for (size_t i = 0; i < history.size(); ++i) {
      int original = static_cast<int>(i) * 5 + k;
      CHECK(history[i].value == original * 0.5 + 0.25);
      CHECK(history[i].timestamp == 1700000000000 + original);
      CHECK(history[i].step == original / 5);
    }
    points += history.size();
  }
  CHECK(points == 2500);
}

TEST_CASE("large params and tags split at the 1 MB body limit and still arrive", "[integration][logging]") {
  MlflowClient client = TestClient();
  TrackingApi& api = client.tracking();
  std::string run = NewRun(api, NewExperiment(api, "log-batch-bytes"));
  LogBatchRequest batch;
  batch.run_id = run;
  for (int i = 0; i < 100; ++i) batch.params.push_back({"p" + std::to_string(i), std::string(6000, 'p')});
  for (int i = 0; i < 100; ++i) batch.tags.push_back({"t" + std::to_string(i), std::string(8000, 't')});
  REQUIRE(ChunkLogBatch(batch).size() == 2);
  REQUIRE(api.LogBatch(batch).ok());
  Run fetched = api.GetRun(run).value();
  CHECK(fetched.data.params.size() == 100);
  for (const auto& param : fetched.data.params) CHECK(param.value.size() == 6000);
  CHECK(fetched.data.tags.at("t99").size() == 8000);
}

TEST_CASE("a batch with one bad entry stores nothing", "[integration][logging]") {
  MlflowClient client = TestClient();
  TrackingApi& api = client.tracking();
  std::string run = NewRun(api, NewExperiment(api, "log-batch-bad"));
  LogBatchRequest batch;
  batch.run_id = run;
  for (int i = 0; i < 1500; ++i) batch.metrics.push_back({"m", static_cast<double>(i), 1000 + i, i, "", "", ""});
  batch.params = {{"ok", "1"}, {"bad key!", "2"}};
  Status status = api.LogBatch(batch);
  CHECK(status.code() == ErrorCode::kInvalidParameterValue);
  CHECK_THAT(status.message(), Catch::Contains("params[1]: invalid param key 'bad key!'"));
  Run fetched = api.GetRun(run).value();
  CHECK(fetched.data.metrics.empty());
  CHECK(fetched.data.params.empty());
}

TEST_CASE("metric history pagination", "[integration][logging]") {
  MlflowClient client = TestClient();
  TrackingApi& api = client.tracking();
  std::string run = NewRun(api, NewExperiment(api, "log-history"));
  LogBatchRequest batch;
  batch.run_id = run;
  for (int i = 0; i < 25; ++i) batch.metrics.push_back({"acc", i / 25.0, 5000 + i, i, "", "", ""});
  REQUIRE(api.LogBatch(batch).ok());

  std::vector<Metric> collected;
  std::string token;
  int pages = 0;
  do {
    Page<Metric> page = api.GetMetricHistory(run, "acc", 10, token).value();
    ++pages;
    CHECK(page.items.size() <= 10);
    collected.insert(collected.end(), page.items.begin(), page.items.end());
    token = page.next_page_token;
  } while (!token.empty());
  CHECK(pages == 3);
  REQUIRE(collected.size() == 25);
  for (int i = 0; i < 25; ++i) {
    CHECK(collected[i].step == i);
    CHECK(collected[i].value == i / 25.0);
  }
  CHECK(api.GetFullMetricHistory(run, "acc")->size() == 25);
  CHECK(api.GetFullMetricHistory(run, "never-logged")->empty());
}

TEST_CASE("a re-sent metric point is stored once (retries are safe)", "[integration][logging]") {
  MlflowClient client = TestClient();
  TrackingApi& api = client.tracking();
  std::string run = NewRun(api, NewExperiment(api, "log-dup"));
  Metric point{"m", 1.5, 1234, 2, "", "", ""};
  REQUIRE(api.LogMetric(run, point).ok());
  REQUIRE(api.LogMetric(run, point).ok());
  LogBatchRequest batch;
  batch.run_id = run;
  batch.metrics = {point};
  REQUIRE(api.LogBatch(batch).ok());
  CHECK(api.GetFullMetricHistory(run, "m")->size() == 1);
}

TEST_CASE("dataset inputs are logged and read back", "[integration][logging]") {
  MlflowClient client = TestClient();
  TrackingApi& api = client.tracking();
  std::string run = NewRun(api, NewExperiment(api, "log-inputs"));
  DatasetInput train{{"tweets-train", "3f2a9c1d", "local", R"({"uri": "/data/train.tsv"})",
                      R"({"mlflow_colspec": [{"type": "string", "name": "text"}]})", R"({"num_rows": 1000})"},
                     {{"mlflow.data.context", "training"}}};
  DatasetInput eval{{"tweets-eval", "77aa", "http", R"({"url": "http://example.invalid/eval.tsv"})", "", ""},
                    {{"mlflow.data.context", "evaluation"}}};
  REQUIRE(api.LogInputs(run, {train, eval}).ok());
  REQUIRE(api.LogInputs(run, {train}).ok());  // the same dataset again is not duplicated
  Run fetched = api.GetRun(run).value();
  REQUIRE(fetched.dataset_inputs.size() == 2);
  const DatasetInput* got_train = nullptr;
  for (const auto& input : fetched.dataset_inputs) {
    if (input.dataset.name == "tweets-train") got_train = &input;
  }
  REQUIRE(got_train);
  CHECK(got_train->dataset.digest == "3f2a9c1d");
  CHECK(got_train->dataset.source == R"({"uri": "/data/train.tsv"})");
  CHECK(got_train->dataset.schema == train.dataset.schema);
  CHECK(got_train->dataset.profile == R"({"num_rows": 1000})");
  REQUIRE(got_train->tags.size() == 1);
  CHECK(got_train->tags[0].value == "training");

  DatasetInput too_long = train;
  too_long.dataset.digest = std::string(37, 'd');
  CHECK_THAT(api.LogInputs(run, {too_long}).message(), Catch::Contains("digest is 37 characters long"));
}
