// Serving by alias against the real MLflow server: move the alias under concurrent load and
// watch every running request succeed while the server swaps versions.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <fstream>
#include <set>
#include <thread>

#include "mlflow/server/registry_model_source.h"
#include "mlflow/server/sentiment_predictor.h"
#include "serving_fixture.h"
#include "support/fault_proxy/fault_proxy.h"
#include "support/test_env.h"

using namespace mlflow::server;
using namespace mlflow::server::testing;
using mlflow::Json;

TEST_CASE("the server follows the alias with zero failed requests under load", "[server][reload]") {
  mlflow::MlflowClient client = TestClient();
  const std::string name = mlflow::testing::UniqueName("tweet-sentiment-reload");
  const std::string v1 = RegisterModelVersion(client, name, TrainedModelDir(3000));
  const std::string v2 = RegisterModelVersion(client, name, TrainedModelDir(4000));
  REQUIRE(client.registry().SetAlias(name, "champion", v1).ok());

  auto shared = std::make_shared<mlflow::MlflowClient>(client);
  auto source = RegistryModelSource::Create(shared, "models:/" + name + "@champion", SentimentModelLoader()).value();
  RunningServer running(TestOptions(), source);
  REQUIRE(running.WaitReady());
  const std::string url = running.url();
  mlflow::transport::CurlTransport probe;
  CHECK(Http(probe, "GET", url + "/v2/models/" + name).json()["versions"][0] == v1);

  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, failed{0}, regressions{0};
  std::mutex mutex;
  std::set<std::string> versions_seen;
  std::vector<std::string> failures;
  std::vector<std::thread> load;
  for (int t = 0; t < 6; ++t) {
    load.emplace_back([&, t] {
      mlflow::transport::CurlTransport http;
      bool saw_new = false;
      const bool kserve = t % 2 == 1;
      while (!stop.load()) {
        Reply reply = kserve
                          ? Http(http, "POST", url + "/v2/models/" + name + "/infer",
                                 mlflow::DumpJson(Json{{"inputs",
                                                        {{{"name", "text"},
                                                          {"datatype", "BYTES"},
                                                          {"shape", {2}},
                                                          {"data", {"so happy today", "this is awful"}}}}}}))
                          : Http(http, "POST", url + "/invocations", InputsBody({"so happy today", "this is awful"}));
        Json body = reply.json();
        if (reply.status != 200 || !body.contains("model_version")) {
          ++failed;
          std::lock_guard<std::mutex> lock(mutex);
          failures.push_back(std::to_string(reply.status) + " " + reply.body + reply.error);
          continue;
        }
        ++ok;
        std::string version = body["model_version"].get<std::string>();
        if (version == v2) saw_new = true;
        if (saw_new && version == v1) ++regressions;  // once swapped, never back
        {
          std::lock_guard<std::mutex> lock(mutex);
          versions_seen.insert(version);
        }
        // Paced (thousands of requests a second in all, always some in flight): unpaced, six
        // clients and the server's workers left the reloader and the MLflow server a sliver of
        // two cores, and on a busy CI machine the download and load of the new version
        // outlasted the wait below.
        std::this_thread::sleep_for(std::chrono::microseconds(500));
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  const int before_move = ok.load();
  REQUIRE(client.registry().SetAlias(name, "champion", v2).ok());
  // The server polls every 0.2 s; the swap takes a poll, a download and a load (a few seconds
  // on a loaded machine). How soon it follows a move is the outage test's concern.
  bool swapped = false;
  for (int i = 0; i < 1200 && !swapped; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::lock_guard<std::mutex> lock(mutex);
    swapped = versions_seen.count(v2) > 0;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));  // keep the load on after the swap
  stop.store(true);
  for (auto& t : load) t.join();

  std::string first_failures;
  for (size_t i = 0; i < failures.size() && i < 5; ++i) first_failures += failures[i] + "\n";
  INFO("requests ok " << ok.load() << " (before the move " << before_move << "), failed " << failed.load() << "\n"
                      << first_failures);
  CHECK(swapped);
  CHECK(failed.load() == 0);
  CHECK(regressions.load() == 0);
  CHECK(before_move > 20);
  CHECK(versions_seen == std::set<std::string>{v1, v2});
  std::string metrics = Http(probe, "GET", url + "/metrics").body;
  CHECK_THAT(metrics, Catch::Contains("mlflowcpp_model_version " + v2 + "\n"));
  CHECK_THAT(metrics, Catch::Contains("mlflowcpp_model_reloads_total{outcome=\"success\"} 2"));
  CHECK(Http(probe, "GET", url + "/v2/models/" + name).json()["versions"][0] == v2);
  CHECK(Http(probe, "GET", url + "/v2/models/" + name + "/versions/" + v1).status == 404);
}

TEST_CASE("a registry outage while the alias moves delays the swap by a poll, not by the client's backoff",
          "[server][reload]") {
  // The server reaches the registry through a proxy that answers 503 for 4 s right after the
  // alias moves. Its client keeps MLflow's default retry policy (7 retries, backoff from 2 s
  // doubling); the polls must not wait in it, so the swap follows soon after the outage ends.
  mlflow::MlflowClient client = TestClient();
  const std::string name = mlflow::testing::UniqueName("tweet-sentiment-outage");
  const std::string v1 = RegisterModelVersion(client, name, TrainedModelDir(2000));
  const std::string v2 = RegisterModelVersion(client, name, TrainedModelDir(2500));
  REQUIRE(client.registry().SetAlias(name, "champion", v1).ok());
  const std::string upstream = mlflow::testing::TrackingUri();
  mlflow::testing::fault::ProxyOptions proxy_options;
  proxy_options.upstream_port = std::atoi(upstream.c_str() + upstream.rfind(':') + 1);
  std::string error;
  auto proxy = mlflow::testing::fault::FaultProxy::Start(proxy_options, &error);
  REQUIRE(proxy != nullptr);
  mlflow::ClientConfig config = mlflow::ClientConfig::FromEnvironment(proxy->url()).value();
  config.retry = mlflow::transport::RetryPolicy{};  // MLflow's defaults, whatever the environment says
  auto shared = std::make_shared<mlflow::MlflowClient>(mlflow::MlflowClient::Create(config).value());
  auto source = RegistryModelSource::Create(shared, "models:/" + name + "@champion", SentimentModelLoader()).value();
  RunningServer running(TestOptions(), source);
  REQUIRE(running.WaitReady());
  mlflow::transport::CurlTransport http;
  const std::string url = running.url();
  auto served_version = [&] { return Http(http, "GET", url + "/v2/models/" + name).json()["versions"][0]; };
  REQUIRE(served_version() == v1);

  mlflow::testing::fault::FaultOptions outage;
  outage.rate = 1.0;
  outage.weights = {{mlflow::testing::fault::FaultKind::kServiceUnavailable, 1.0}};
  proxy->plan().Reconfigure(outage);
  proxy->plan().ResetStats();
  REQUIRE(client.registry().SetAlias(name, "champion", v2).ok());  // directly, not through the proxy
  std::this_thread::sleep_for(std::chrono::seconds(4));
  CHECK(served_version() == v1);  // the server could not ask the registry
  // Polls kept coming (every poll interval, after one quick retry) instead of one request
  // sitting in backoff: with the default policy that is 3 requests in 4 s (at 0, ~2.5, ~6.5 s).
  const int64_t refused = proxy->plan().stats().total_faults();
  CHECK(refused >= 6);
  proxy->plan().Reconfigure(mlflow::testing::fault::FaultOptions{});
  const auto recovered = std::chrono::steady_clock::now();
  bool swapped = false;
  while (!swapped && std::chrono::steady_clock::now() - recovered < std::chrono::seconds(20)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    swapped = served_version() == v2;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - recovered).count();
  INFO("swapped " << seconds << " s after the outage ended; " << refused << " polls refused during it");
  CHECK(swapped);
  CHECK(seconds < 5.0);  // a poll interval (0.2 s) and a load, with room for a busy machine
}

TEST_CASE("readiness is false until the model is loaded; a bad version keeps the old one serving", "[server][reload]") {
  mlflow::MlflowClient client = TestClient();
  const std::string name = mlflow::testing::UniqueName("tweet-sentiment-late");
  auto shared = std::make_shared<mlflow::MlflowClient>(client);
  auto source = RegistryModelSource::Create(shared, "models:/" + name + "@champion", SentimentModelLoader()).value();
  RunningServer running(TestOptions(), source);  // the model does not exist yet
  mlflow::transport::CurlTransport http;
  const std::string url = running.url();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(Http(http, "GET", url + "/v2/health/live").status == 200);
  CHECK(Http(http, "GET", url + "/v2/health/ready").status == 503);
  CHECK(Http(http, "GET", url + "/ping").status == 503);
  CHECK(Http(http, "POST", url + "/invocations", InputsBody({"hello"})).status == 503);

  const std::string good = RegisterModelVersion(client, name, TrainedModelDir(3000));
  REQUIRE(client.registry().SetAlias(name, "champion", good).ok());
  REQUIRE(running.WaitReady(30));
  CHECK(Http(http, "POST", url + "/invocations", InputsBody({"hello"})).status == 200);

  // A version whose files are not a model: the load fails, the good one keeps serving.
  std::string junk_dir = mlflow::testing::MakeTempDir("junk-model");
  { std::ofstream(junk_dir + "/MLmodel") << "flavors: {}\n"; }
  const std::string bad = RegisterModelVersion(client, name, junk_dir);
  REQUIRE(client.registry().SetAlias(name, "champion", bad).ok());
  bool failure_counted = false;
  for (int i = 0; i < 200 && !failure_counted; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    failure_counted =
        Http(http, "GET", url + "/metrics").body.find("mlflowcpp_model_reloads_total{outcome=\"failure\"} 0") ==
        std::string::npos;
  }
  CHECK(failure_counted);
  Reply still = Http(http, "POST", url + "/invocations", InputsBody({"hello"}));
  CHECK(still.status == 200);
  CHECK(still.json()["model_version"] == good);
  CHECK(Http(http, "GET", url + "/v2/health/ready").status == 200);
}
