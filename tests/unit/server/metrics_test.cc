#include <catch2/catch.hpp>

#include <cmath>
#include <thread>

#include "mlflow/server/prometheus_writer.h"
#include "mlflow/server/server_metrics.h"

using namespace mlflow::server;

TEST_CASE("Prometheus text format: families, labels, escaping, special values", "[metrics]") {
  PrometheusWriter w;
  w.Family("things_total", "counter", "Things.");
  w.Sample("things_total", {{"kind", "a\"b\\c\nd"}}, uint64_t{3});
  w.Sample("ratio", 0.25);
  w.Sample("nan_gauge", std::nan(""));
  w.Sample("inf_gauge", HUGE_VAL);
  CHECK(w.text() ==
        "# HELP mlflowcpp_things_total Things.\n"
        "# TYPE mlflowcpp_things_total counter\n"
        "mlflowcpp_things_total{kind=\"a\\\"b\\\\c\\nd\"} 3\n"
        "mlflowcpp_ratio 0.25\n"
        "mlflowcpp_nan_gauge NaN\n"
        "mlflowcpp_inf_gauge +Inf\n");
}

TEST_CASE("request counters by route and status, and a cumulative sub-ms histogram", "[metrics]") {
  ServerMetrics metrics;
  metrics.RecordRequest(Route::kInvocations, 200, 0.00003);  // 30 us: first bucket
  metrics.RecordRequest(Route::kInvocations, 200, 0.0004);   // 400 us: le=0.0005
  metrics.RecordRequest(Route::kInvocations, 400, 0.002);
  metrics.RecordRequest(Route::kV2Infer, 200, 20.0);  // beyond 10 s: only +Inf
  metrics.RecordPredictions({"negative", "neutral", "positive"}, {0, 2, 2});
  PrometheusWriter w;
  metrics.Write(w, true);
  const std::string& text = w.text();
  CHECK_THAT(text, Catch::Contains("mlflowcpp_http_requests_total{route=\"invocations\",status=\"200\"} 2\n"));
  CHECK_THAT(text, Catch::Contains("mlflowcpp_http_requests_total{route=\"invocations\",status=\"400\"} 1\n"));
  CHECK_THAT(text, Catch::Contains("route=\"invocations\",le=\"5e-05\"} 1\n"));
  CHECK_THAT(text, Catch::Contains("route=\"invocations\",le=\"0.0001\"} 1\n"));
  CHECK_THAT(text, Catch::Contains("route=\"invocations\",le=\"0.0005\"} 2\n"));
  CHECK_THAT(text, Catch::Contains("route=\"invocations\",le=\"0.0025\"} 3\n"));
  CHECK_THAT(text, Catch::Contains("route=\"invocations\",le=\"+Inf\"} 3\n"));
  CHECK_THAT(text, Catch::Contains("mlflowcpp_http_request_duration_seconds_count{route=\"invocations\"} 3\n"));
  CHECK_THAT(text, Catch::Contains("route=\"v2_infer\",le=\"10\"} 0\n"));
  CHECK_THAT(text, Catch::Contains("route=\"v2_infer\",le=\"+Inf\"} 1\n"));
  CHECK_THAT(text, Catch::Contains("mlflowcpp_predictions_total{class=\"positive\"} 2\n"));
  CHECK_THAT(text, Catch::Contains("mlflowcpp_model_ready 1\n"));
  CHECK_THAT(text, Catch::Contains("# TYPE mlflowcpp_http_request_duration_seconds histogram\n"));
  CHECK(text.find("route=\"ping\"") == std::string::npos);  // routes never hit are not listed
}

TEST_CASE("model gauges", "[metrics]") {
  ServerMetrics metrics;
  ModelIdentity id;
  id.name = "tweet-sentiment";
  id.version = "7";
  id.uri = "models:/tweet-sentiment@champion";
  metrics.SetModel(id);
  metrics.RecordReload(true, 1700000000);
  metrics.RecordReload(false, 1700000001);
  PrometheusWriter w;
  metrics.Write(w, false);
  CHECK_THAT(w.text(), Catch::Contains("mlflowcpp_model_info{name=\"tweet-sentiment\",version=\"7\","
                                       "uri=\"models:/tweet-sentiment@champion\"} 1\n"));
  CHECK_THAT(w.text(), Catch::Contains("mlflowcpp_model_version 7\n"));
  CHECK_THAT(w.text(), Catch::Contains("mlflowcpp_model_ready 0\n"));
  CHECK_THAT(w.text(), Catch::Contains("mlflowcpp_model_reloads_total{outcome=\"failure\"} 1\n"));
  CHECK_THAT(w.text(), Catch::Contains("mlflowcpp_model_last_reload_timestamp_seconds 1700000000\n"));
  id.version = "local";
  metrics.SetModel(id);
  PrometheusWriter again;
  metrics.Write(again, true);
  CHECK_THAT(again.text(), Catch::Contains("mlflowcpp_model_version NaN\n"));
}

TEST_CASE("counters are exact under concurrent requests; in-flight returns to zero", "[metrics]") {
  ServerMetrics metrics;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 5000; ++i) {
        ServerMetrics::InFlight guard(metrics);
        metrics.RecordRequest(Route::kInvocations, 200, 0.0001);
        metrics.RecordPredictions({"a", "b"}, {0, 1, 1});
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(metrics.requests(Route::kInvocations, 200) == 20000);
  CHECK(metrics.predictions("b") == 40000);
  CHECK(metrics.in_flight() == 0);
}
