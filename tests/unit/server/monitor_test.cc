#include <catch2/catch.hpp>

#include <algorithm>
#include <mutex>

#include "fake_predictor.h"
#include "mlflow/server/monitor.h"

using namespace mlflow::server;
using namespace mlflow::server::testing;

namespace {

// Records what the monitor delivers (from its thread; read after Flush/Stop).
class RecordingSink final : public MonitoringSink {
 public:
  void OnModel(const LoadedModel& model) override { Push("model " + model.identity.version); }
  void OnReport(const LoadedModel&, const DriftReport& report, uint64_t step) override {
    Push("report " + std::to_string(step));
    std::lock_guard<std::mutex> lock(mutex);
    last_js = report.js_distance;
  }
  void OnAlert(const LoadedModel&, const AlertEvent& alert) override {
    Push(std::string(alert.raised ? "raise " : "clear ") + alert.signal);
  }
  void OnStop() override { Push("stop"); }

  std::vector<std::string> Events() {
    std::lock_guard<std::mutex> lock(mutex);
    return events;
  }
  bool Has(const std::string& event) {
    auto all = Events();
    return std::find(all.begin(), all.end(), event) != all.end();
  }
  std::mutex mutex;
  std::vector<std::string> events;
  double last_js = 0;

 private:
  void Push(std::string e) {
    std::lock_guard<std::mutex> lock(mutex);
    events.push_back(std::move(e));
  }
};

std::shared_ptr<const LoadedModel> ModelWithReference(const std::string& version) {
  LoadedModel model = MakeModel(version);
  ReferenceDistribution ref;
  ref.classes = {"negative", "neutral", "positive"};
  ref.class_fractions = {0.2, 0.5, 0.3};
  ref.count = 5000;
  model.reference = std::make_shared<const ReferenceDistribution>(ref);
  static uint64_t generation = 0;
  model.generation = ++generation;
  return std::make_shared<const LoadedModel>(std::move(model));
}

// Sends `n` texts in batches of 10 with the given share of each class.
void Send(Monitor& monitor, const LoadedModel& model, int n, double negative, double positive) {
  FakePredictor predictor;
  static int request = 0;
  for (int sent = 0; sent < n; sent += 10) {
    std::vector<std::string> texts;
    for (int i = 0; i < 10; ++i) {
      double u = ((sent + i) % 100) / 100.0;
      texts.push_back(u < negative ? "bad" : u < negative + positive ? "good" : "meh");
    }
    auto batch = predictor.PredictBatch(texts).value();
    monitor.Observe(model, texts, batch, "req-" + std::to_string(++request));
  }
}

}  // namespace

TEST_CASE("steady traffic raises nothing; a shift raises one alert within the window", "[monitor]") {
  MonitorOptions options;
  options.window = 500;
  options.evaluate_every = 100;
  options.evaluate_interval_seconds = 60;
  options.thresholds.min_window = 200;
  Monitor monitor(options, ServerLog([](LogLevel, const std::string&) {}));
  auto sink = std::make_shared<RecordingSink>();
  monitor.AddSink(sink);
  monitor.Start();
  auto model = ModelWithReference("1");
  monitor.OnModelInstalled(model);

  Send(monitor, *model, 3000, 0.2, 0.3);
  monitor.Flush();
  CHECK_FALSE(sink->Has("raise prediction_drift"));
  CHECK(sink->Has("model 1"));
  CHECK(sink->Has("report 29"));  // one evaluation per 100 texts: steps 0..29

  Send(monitor, *model, 500, 0.8, 0.1);  // 80% negative
  monitor.Flush();
  auto events = sink->Events();
  CHECK(std::count(events.begin(), events.end(), "raise prediction_drift") == 1);
  auto report = monitor.LatestReportJson();
  CHECK(report["alerts_active"].size() >= 1);
  CHECK(report["drift"]["js_distance"].get<double>() > 0.1);

  mlflow::server::PrometheusWriter writer;
  monitor.WriteMetrics(writer);
  CHECK_THAT(writer.text(), Catch::Contains("mlflowcpp_monitoring_alert{signal=\"prediction_drift\"} 1"));
  CHECK_THAT(writer.text(), Catch::Contains("mlflowcpp_monitoring_alerts_total{signal=\"prediction_drift\"} 1"));
  monitor.Stop();
  CHECK(sink->Events().back() == "stop");
}

TEST_CASE("a new model starts a new phase", "[monitor]") {
  MonitorOptions options;
  options.window = 300;
  options.evaluate_every = 100;
  Monitor monitor(options, ServerLog([](LogLevel, const std::string&) {}));
  auto sink = std::make_shared<RecordingSink>();
  monitor.AddSink(sink);
  monitor.Start();
  auto v1 = ModelWithReference("1");
  monitor.OnModelInstalled(v1);
  Send(monitor, *v1, 300, 0.9, 0.05);
  auto v2 = ModelWithReference("2");
  monitor.OnModelInstalled(v2);
  Send(monitor, *v1, 100, 0.9, 0.05);  // late requests on the old model are not counted
  CHECK(monitor.LatestReportJson()["evaluations"] == 0);
  Send(monitor, *v2, 200, 0.2, 0.3);
  monitor.Flush();
  auto report = monitor.LatestReportJson();
  CHECK(report["model"]["version"] == "2");
  CHECK(report["window"] == 200);
  CHECK(report["alerts_active"].empty());
  auto events = sink->Events();
  auto at = std::find(events.begin(), events.end(), "model 2");
  REQUIRE(at != events.end());
  CHECK(std::find(at, events.end(), "report 0") != events.end());  // steps restart
}

TEST_CASE("feedback flows into the report", "[monitor]") {
  MonitorOptions options;
  options.thresholds.feedback_min_labels = 1;
  Monitor monitor(options, ServerLog([](LogLevel, const std::string&) {}));
  auto model = ModelWithReference("1");
  monitor.OnModelInstalled(model);
  FakePredictor predictor;
  std::vector<std::string> texts = {"good", "bad"};
  monitor.Observe(*model, texts, predictor.PredictBatch(texts).value(), "fb-1");
  auto outcome = monitor.Feedback("fb-1", {std::string("positive"), std::string("positive")});
  REQUIRE(outcome.ok());
  CHECK(outcome->stats.accuracy == Approx(0.5));
  auto report = monitor.EvaluateNow();
  REQUIRE(report);
  CHECK(report->feedback.labelled == 2);
  CHECK(report->feedback.macro_recall == Approx(0.5));           // only "positive" is present: recall 1/2
  CHECK_FALSE(report->Find("feedback_macro_recall")->breached);  // 0.5 is not below the 0.5 minimum
}
