// The drift test of issue 7: a reference computed on one half of twitter-2016test-A.tsv;
// 5,000 tweets of the other half raise no alert; a stream of 80% negative tweets raises one
// within the window; the monitoring run in MLflow shows both phases (read back with the
// official Python client), and the alert reaches the model version's tags and the hook.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>

#include "mlflow/server/registry_model_source.h"
#include "mlflow/server/sentiment_predictor.h"
#include "serving_fixture.h"
#include "support/test_env.h"

using namespace mlflow::server;
using namespace mlflow::server::testing;
using mlflow::Json;

namespace {

bool DriftAlertActive(mlflow::transport::HttpTransport& http, const std::string& url) {
  Json report = Http(http, "GET", url + "/monitoring").json();
  for (const Json& name : report.value("alerts_active", Json::array())) {
    if (name == "prediction_drift") return true;
  }
  return false;
}

}  // namespace

TEST_CASE("drift: the other half of the same file is quiet, an 80% negative stream alerts", "[server][drift]") {
  // Halves of 2016test, shuffled with a fixed seed.
  const mlflow::models::Dataset& data = Test2016();
  std::vector<size_t> order(data.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), std::mt19937(2017));
  const size_t half = order.size() / 2;
  std::vector<std::string> reference_texts;
  for (size_t i = 0; i < half; ++i) reference_texts.push_back(data.examples[order[i]].text);
  std::vector<size_t> other(order.begin() + static_cast<long>(half), order.end());
  REQUIRE(other.size() >= 5000);

  // The reference, computed with the served model on half A, replaces the shipped one.
  const std::string model_dir = TrainedModelDir(4000);
  LoadedModel local = SentimentModelLoader()(model_dir).value();
  ReferenceDistribution reference =
      ComputeReference(*local.predictor, reference_texts, "twitter-2016test-A.tsv, half A").value();
  CHECK(reference.count == static_cast<int64_t>(half));
  const std::string scratch = mlflow::testing::MakeTempDir("drift");
  const std::string reference_file = scratch + "/reference.json";
  REQUIRE(SaveReferenceFile(reference, reference_file).ok());

  mlflow::MlflowClient client = TestClient();
  const std::string name = mlflow::testing::UniqueName("tweet-sentiment-drift");
  const std::string version = RegisterModelVersion(client, name, model_dir);
  REQUIRE(client.registry().SetAlias(name, "champion", version).ok());
  auto shared = std::make_shared<mlflow::MlflowClient>(client);
  PredictionServerOptions options = TestOptions();
  options.reload.reference_file = reference_file;
  options.monitor.window = 1000;
  options.monitor.evaluate_every = 100;
  options.monitor.evaluate_interval_seconds = 3600;  // evaluations only at every 100 texts: steps are phases
  options.monitoring_experiment = mlflow::testing::UniqueName("drift-monitoring");
  const std::string hook_file = scratch + "/alerts.txt";
  options.alert_hook = "echo \"$MLFLOWCPP_ALERT_SIGNAL $MLFLOWCPP_MODEL_VERSION\" >> '" + hook_file + "'";
  auto source = RegistryModelSource::Create(shared, "models:/" + name + "@champion", SentimentModelLoader()).value();
  auto tracking = std::shared_ptr<mlflow::TrackingApi>(shared, &shared->tracking());
  RunningServer running(options, source, tracking, MakeRegistryTagger(shared));
  REQUIRE(running.WaitReady());
  mlflow::transport::CurlTransport http;
  const std::string url = running.url();

  // Phase 1: 5,000 tweets like the reference, 50 per request.
  for (size_t start = 0; start < 5000; start += 50) {
    std::vector<std::string> batch;
    for (size_t i = start; i < start + 50; ++i) batch.push_back(data.examples[other[i]].text);
    REQUIRE(Http(http, "POST", url + "/invocations", InputsBody(batch)).status == 200);
  }
  Json quiet = Http(http, "GET", url + "/monitoring").json();
  INFO(quiet.dump(2));
  CHECK(quiet["alerts_active"].empty());
  CHECK(quiet["evaluations"] == 50);
  CHECK(quiet["drift"]["js_distance"].get<double>() < 0.05);
  // The live OOV rate is measured (the model reports token statistics) and, on traffic like the
  // reference's, close to it.
  REQUIRE(quiet["live"]["oov_rate"].is_number());
  CHECK(quiet["live"]["oov_rate"].get<double>() > 0.0);
  CHECK(quiet["drift"]["oov_rate_shift"].get<double>() < 0.02);
  CHECK(Http(http, "GET", url + "/metrics").body.find("mlflowcpp_monitoring_alerts_total{") == std::string::npos);

  // Phase 2: 80% negative tweets (by their true label), the rest from the other classes.
  const int negative = data.LabelIndex("negative");
  std::vector<std::string> negatives, others;
  // Half B holds ~1,650 negatives (2016test is 16% negative); texts may repeat phase 1's: the
  // monitor watches the class mix, not novelty. One window's worth of stream.
  for (size_t i = 0; i < other.size(); ++i) {
    const auto& example = data.examples[other[i]];
    (example.label == negative ? negatives : others).push_back(example.text);
  }
  const size_t stream_size = options.monitor.window;
  REQUIRE(negatives.size() >= stream_size * 4 / 5);
  std::vector<std::string> stream;
  for (size_t i = 0, n = 0, o = 0; i < stream_size; ++i) stream.push_back(i % 5 == 4 ? others[o++] : negatives[n++]);
  size_t sent_until_alert = 0;
  for (size_t start = 0; start < stream.size() && sent_until_alert == 0; start += 50) {
    std::vector<std::string> batch(stream.begin() + static_cast<long>(start),
                                   stream.begin() + static_cast<long>(start + 50));
    REQUIRE(Http(http, "POST", url + "/invocations", InputsBody(batch)).status == 200);
    if (DriftAlertActive(http, url)) sent_until_alert = start + 50;
  }
  INFO("alert after " << sent_until_alert << " texts of the shifted stream");
  CHECK(sent_until_alert > 0);
  CHECK(sent_until_alert <= options.monitor.window);
  std::string metrics = Http(http, "GET", url + "/metrics").body;
  CHECK_THAT(metrics, Catch::Contains("mlflowcpp_monitoring_alert{signal=\"prediction_drift\"} 1"));
  CHECK_THAT(metrics, Catch::Contains("mlflowcpp_monitoring_alerts_total{signal=\"prediction_drift\"} 1"));
  running.Stop();  // flushes monitoring and ends the run

  // The monitoring run, read with the official client.
  std::ostringstream script;
  script << "import json\nfrom mlflow import MlflowClient\nc = MlflowClient()\n"
         << "exp = c.get_experiment_by_name('" << options.monitoring_experiment << "')\n"
         << "runs = c.search_runs([exp.experiment_id])\n"
         << "run = runs[0]\n"
         << "hist = sorted(c.get_metric_history(run.info.run_id, 'js_distance'), key=lambda m: m.step)\n"
         << "mv = c.get_model_version('" << name << "', '" << version << "')\n"
         << "print(json.dumps({'runs': len(runs), 'run_id': run.info.run_id, 'status': run.info.status,\n"
         << "  'tags': run.data.tags, 'params': run.data.params,\n"
         << "  'steps': [m.step for m in hist], 'values': [m.value for m in hist], 'mv_tags': mv.tags}))\n";
  Json run = Json::parse(mlflow::testing::RunPython(script.str()));
  INFO(run.dump(2));
  CHECK(run["runs"] == 1);
  CHECK(run["status"] == "FINISHED");
  CHECK(run["tags"]["mlflowcpp.monitoring.model_name"] == name);
  CHECK(run["tags"]["mlflowcpp.monitoring.model_version"] == version);
  CHECK(run["tags"].contains("mlflowcpp.alert.prediction_drift"));
  CHECK(run["params"]["threshold.js_distance"] == "0.1");
  const auto steps = run["steps"].get<std::vector<int>>();
  const auto values = run["values"].get<std::vector<double>>();
  REQUIRE(steps.size() >= 51);  // 50 in phase 1, then at least one in phase 2
  double phase1_max = 0, phase2_max = 0;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (steps[i] >= 1 && steps[i] < 50) phase1_max = std::max(phase1_max, values[i]);  // step 0 saw 100 texts
    if (steps[i] >= 50) phase2_max = std::max(phase2_max, values[i]);
  }
  CHECK(phase1_max < 0.1);
  CHECK(phase2_max >= 0.1);
  CHECK(run["mv_tags"].contains("mlflowcpp.alert.prediction_drift"));
  CHECK(run["mv_tags"]["mlflowcpp.monitoring_run_id"] == run["run_id"]);

  // The hook runs asynchronously, once per raised signal (psi may fire too).
  const std::string expected = "prediction_drift " + version + "\n";
  std::string hooked;
  for (int i = 0; i < 50 && hooked.find(expected) == std::string::npos; ++i) {
    std::ifstream in(hook_file);
    hooked.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (hooked.find(expected) == std::string::npos) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK_THAT(hooked, Catch::Contains(expected));
}
