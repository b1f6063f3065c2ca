// The service end to end without sockets: every route, every bad-input class, the 503 before a
// model is installed, the error body shapes of both protocols, feedback and metrics.
#include <catch2/catch.hpp>

#include "fake_predictor.h"
#include "mlflow/core/json.h"
#include "mlflow/server/prediction_service.h"

using namespace mlflow::server;
using namespace mlflow::server::testing;
using mlflow::Json;

namespace {

struct Fixture {
  ModelSlot slot;
  ServerMetrics metrics;
  Monitor monitor{MonitorOptions(), ServerLog([](LogLevel, const std::string&) {})};
  PredictionService service{ServiceOptions{InputLimits(), "9.9.9"}, slot, metrics, &monitor};

  void Install(const std::string& version = "1") {
    slot.Install(MakeModel(version));
    monitor.OnModelInstalled(slot.Current());
  }
  HttpReply Call(std::string method, std::string path, std::string body = "", std::string type = "application/json",
                 std::string request_id = "") {
    return service.Handle(HttpExchange{method, path, type, request_id, body});
  }
};

Json Body(const HttpReply& reply) {
  auto parsed = mlflow::ParseJson(reply.body);
  REQUIRE(parsed.ok());
  return parsed.value();
}

void CheckMlflowError(const HttpReply& reply, int status, const std::string& code, const std::string& words) {
  INFO(reply.body);
  CHECK(reply.status == status);
  Json body = Body(reply);
  CHECK(body["error_code"] == code);
  CHECK_THAT(body["message"].get<std::string>(), Catch::Contains(words));
}

}  // namespace

TEST_CASE("before a model is loaded: live but not ready; predictions are 503", "[service]") {
  Fixture f;
  CHECK(f.Call("GET", "/v2/health/live").status == 200);
  CHECK(f.Call("GET", "/v2/health/ready").status == 503);
  CHECK(f.Call("GET", "/ping").status == 503);
  CheckMlflowError(f.Call("POST", "/invocations", R"({"inputs": ["x"]})"), 503, "TEMPORARILY_UNAVAILABLE",
                   "no model loaded");
  auto v2 = f.Call("POST", "/v2/models/tweet-sentiment/infer", "{}");
  CHECK(v2.status == 503);
  CHECK(Body(v2).contains("error"));
  f.Install();
  CHECK(f.Call("GET", "/ping").status == 200);
  CHECK(f.Call("GET", "/health").status == 200);
  CHECK(f.Call("GET", "/v2/health/ready").status == 200);
  f.service.BeginDrain();
  CHECK(f.Call("GET", "/v2/health/ready").status == 503);
  CHECK(f.Call("POST", "/invocations", R"({"inputs": ["x"]})").status == 200);  // requests still served
}

TEST_CASE("/invocations answers labels, probabilities, model name/version and a request id", "[service]") {
  Fixture f;
  f.Install("4");
  auto reply = f.Call("POST", "/invocations", R"({"dataframe_records": [{"text": "good day"}, {"text": "bad"}]})");
  REQUIRE(reply.status == 200);
  Json body = Body(reply);
  REQUIRE(body["predictions"].size() == 2);
  CHECK(body["predictions"][0]["label"] == "positive");
  CHECK(body["predictions"][0]["probabilities"]["positive"].get<double>() == Approx(0.8));
  CHECK(body["predictions"][1]["label"] == "negative");
  CHECK(body["model_name"] == "tweet-sentiment");
  CHECK(body["model_version"] == "4");
  CHECK(body["request_id"] == reply.request_id);
  CHECK(reply.model_version == "4");
  CHECK_FALSE(reply.request_id.empty());

  reply = f.Call("POST", "/invocations", "text\ngood\n", "text/csv", "client-id-1");
  CHECK(Body(reply)["request_id"] == "client-id-1");
  reply = f.Call("POST", "/invocations",
                 R"({"inputs": ["good"], "params": {"return_probabilities": false, "request_id": "p-1"}})");
  body = Body(reply);
  CHECK_FALSE(body["predictions"][0].contains("probabilities"));
  CHECK(body["request_id"] == "p-1");
  reply = f.Call("POST", "/invocations", R"({"inputs": ["good"]})", "application/json", "bad id with spaces");
  CHECK(reply.request_id != "bad id with spaces");
}

TEST_CASE("KServe V2 routes", "[service]") {
  Fixture f;
  f.Install("4");
  Json server = Body(f.Call("GET", "/v2"));
  CHECK(server["name"] == "mlflow-cpp");
  CHECK(server["version"] == "9.9.9");
  CHECK(Body(f.Call("GET", "/v2/models/tweet-sentiment"))["versions"][0] == "4");
  CHECK(f.Call("GET", "/v2/models/tweet-sentiment/versions/4").status == 200);
  CHECK(f.Call("GET", "/v2/models/tweet-sentiment/ready").status == 200);
  auto missing = f.Call("GET", "/v2/models/other");
  CHECK(missing.status == 404);
  CHECK_THAT(Body(missing)["error"].get<std::string>(), Catch::Contains("serves 'tweet-sentiment'"));
  CHECK(f.Call("GET", "/v2/models/tweet-sentiment/versions/3").status == 404);
  std::string infer =
      R"({"id": "k1", "inputs": [{"name": "text", "datatype": "BYTES", "shape": [2], "data": ["great", "meh"]}]})";
  auto reply = f.Call("POST", "/v2/models/tweet-sentiment/infer", infer);
  REQUIRE(reply.status == 200);
  Json body = Body(reply);
  CHECK(body["id"] == "k1");
  CHECK(body["outputs"][0]["data"] == Json::array({"positive", "neutral"}));
  CHECK(f.Call("POST", "/v2/models/tweet-sentiment/infer", infer, "").status == 200);  // no content type: JSON
  auto bad = f.Call("POST", "/v2/models/tweet-sentiment/infer", "{nope", "application/json");
  CHECK(bad.status == 400);
  CHECK(Body(bad).contains("error"));
  CHECK(f.Call("POST", "/v2/models/tweet-sentiment/infer", infer, "text/csv").status == 415);
  CHECK(f.Call("POST", "/v2/models/other/infer", infer).status == 404);
}

TEST_CASE("every bad-input class gets its status and an MLflow error body", "[service][bad-input]") {
  Fixture f;
  f.Install();
  CheckMlflowError(f.Call("POST", "/invocations", "{\"inputs\": [", "application/json"), 400, "BAD_REQUEST",
                   "malformed JSON");
  CheckMlflowError(f.Call("POST", "/invocations", R"({"inputs": ["x"]})", "text/plain"), 415, "BAD_REQUEST",
                   "not supported");
  CheckMlflowError(f.Call("POST", "/invocations", "{\"inputs\": [\"\xFF\"]}"), 400, "BAD_REQUEST", "UTF-8");
  CheckMlflowError(f.Call("POST", "/invocations", R"({"inputs": []})"), 400, "INVALID_PARAMETER_VALUE", "empty");
  std::string big = "{\"inputs\": [";
  for (int i = 0; i < 10001; ++i) big += (i ? ",\"x\"" : "\"x\"");
  big += "]}";
  CheckMlflowError(f.Call("POST", "/invocations", big), 400, "INVALID_PARAMETER_VALUE", "limit is 10000");
  std::string deep = std::string(5000, '[') + std::string(5000, ']');
  CheckMlflowError(f.Call("POST", "/invocations", deep), 400, "BAD_REQUEST", "nests deeper");
  CheckMlflowError(f.Call("POST", "/invocations", R"({"inputs": ["FAIL"]})"), 500, "INTERNAL_ERROR",
                   "prediction failed");
  CheckMlflowError(f.Call("GET", "/nowhere"), 404, "ENDPOINT_NOT_FOUND", "no endpoint");
  auto wrong_method = f.Call("GET", "/invocations");
  CheckMlflowError(wrong_method, 405, "BAD_REQUEST", "use POST");
  CHECK(wrong_method.allow == "POST");
  auto too_big = f.service.HandleTransportError(HttpExchange{"POST", "/invocations", "", "", ""}, 413, "too big");
  CheckMlflowError(too_big, 413, "RESOURCE_EXHAUSTED", "too big");
  CHECK(f.metrics.requests(Route::kInvocations, 413) == 1);
}

TEST_CASE("feedback by request id", "[service][feedback]") {
  Fixture f;
  f.Install();
  auto scored = f.Call("POST", "/invocations", R"({"inputs": ["good", "bad", "meh"]})");
  std::string id = scored.request_id;
  auto reply =
      f.Call("POST", "/feedback", R"({"request_id": ")" + id + R"(", "labels": ["positive", "positive", null]})");
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  Json body = Body(reply);
  CHECK(body["accepted"] == 2);
  CHECK(body["rolling_accuracy"].get<double>() == Approx(0.5));
  CHECK(f.Call("POST", "/feedback", R"({"request_id": ")" + id + R"(", "labels": ["positive", "positive", null]})")
            .status == 409);
  CheckMlflowError(f.Call("POST", "/feedback", R"({"request_id": "unknown", "label": "positive"})"), 404,
                   "RESOURCE_DOES_NOT_EXIST", "unknown");
  CheckMlflowError(f.Call("POST", "/feedback", R"({"labels": ["positive"]})"), 400, "INVALID_PARAMETER_VALUE",
                   "request_id");
  CheckMlflowError(f.Call("POST", "/feedback", "[1]"), 400, "BAD_REQUEST", "expected");
}

TEST_CASE("/metrics, /version and /monitoring", "[service][metrics]") {
  Fixture f;
  f.Install("12");
  f.Call("POST", "/invocations", R"({"inputs": ["good", "bad"]})");
  f.Call("POST", "/invocations", "{");
  auto version = f.Call("GET", "/version");
  CHECK(version.body == "9.9.9");
  auto metrics = f.Call("GET", "/metrics");
  CHECK(metrics.status == 200);
  CHECK_THAT(metrics.content_type, Catch::Contains("version=0.0.4"));
  CHECK_THAT(metrics.body, Catch::Contains("mlflowcpp_http_requests_total{route=\"invocations\",status=\"200\"} 1"));
  CHECK_THAT(metrics.body, Catch::Contains("mlflowcpp_http_requests_total{route=\"invocations\",status=\"400\"} 1"));
  CHECK_THAT(metrics.body, Catch::Contains("mlflowcpp_predictions_total{class=\"negative\"} 1"));
  CHECK_THAT(metrics.body, Catch::Contains("mlflowcpp_http_requests_in_flight 1"));  // the /metrics request itself
  auto monitoring = Body(f.Call("GET", "/monitoring"));
  CHECK(monitoring["model"]["version"] == "12");
}
