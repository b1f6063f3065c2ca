// HttpRestChannel: request encoding (query strings, JSON bodies, path parameters) and the
// mapping of error answers to Status, over a fake HttpTransport.
#include <catch2/catch.hpp>

#include "mlflow/transport/rest_channel.h"
#include "support/fakes.h"

using namespace mlflow;
using namespace mlflow::transport;
using mlflow::testing::FakeHttpTransport;
using mlflow::testing::MakeResponse;
using mlflow::testing::MlflowError;

namespace {

struct Harness {
  std::shared_ptr<FakeHttpTransport> http = std::make_shared<FakeHttpTransport>();
  HttpRestChannel channel{"http://127.0.0.1:5000/", http};
};

}  // namespace

TEST_CASE("EncodeQuery repeats keys for arrays and encodes reserved characters", "[transport]") {
  Json fields{
      {"run_ids", {"a", "b"}}, {"filter", "name = 'x y'&z"}, {"max_results", 10}, {"flag", true}, {"skipped", nullptr}};
  // nlohmann orders object keys alphabetically.
  CHECK(EncodeQuery(fields) == "filter=name%20%3D%20%27x%20y%27%26z&flag=true&max_results=10&run_ids=a&run_ids=b");
  CHECK(EncodeQuery(Json::object()).empty());
  CHECK(EncodeQuery(Json{{"k", Json::array()}}).empty());
  CHECK(UrlEncode("a/b~c-d_e.f") == "a%2Fb~c-d_e.f");
  CHECK(UrlEncodePath("dir/sub dir/f.txt") == "dir/sub%20dir/f.txt");
  CHECK(UrlEncode("\xC3\xA9") == "%C3%A9");
}

TEST_CASE("GET sends fields as the query string, no body", "[transport]") {
  Harness h;
  auto result = h.channel.Call(endpoints::kGetMetricHistory, {{"run_id", "r1"}, {"metric_key", "loss/val"}});
  REQUIRE(result.ok());
  auto requests = h.http->requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].method == HttpMethod::kGet);
  CHECK(requests[0].url == "http://127.0.0.1:5000/api/2.0/mlflow/metrics/get-history?metric_key=loss%2Fval&run_id=r1");
  CHECK(requests[0].body.empty());
}

TEST_CASE("POST and DELETE send a JSON body with Content-Type", "[transport]") {
  Harness h;
  REQUIRE(h.channel.Call(endpoints::kLogMetric, {{"run_id", "r1"}, {"value", "NaN"}}).ok());
  REQUIRE(h.channel.Call(endpoints::kDeleteRegisteredModel, {{"name", "m"}}).ok());
  REQUIRE(h.channel.Call(endpoints::kSearchExperiments, nullptr).ok());
  auto requests = h.http->requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].method == HttpMethod::kPost);
  CHECK(requests[0].headers.at("Content-Type") == "application/json");
  CHECK(Json::parse(requests[0].body) == Json{{"run_id", "r1"}, {"value", "NaN"}});
  CHECK(requests[1].method == HttpMethod::kDelete);
  CHECK(requests[1].body == R"({"name":"m"})");
  CHECK(requests[2].body == "{}");
}

TEST_CASE("path parameters are filled and URL-encoded", "[transport]") {
  Harness h;
  REQUIRE(h.channel.Call(endpoints::kDeleteLoggedModelTag, Json::object(), {{"model_id", "m-1"}, {"tag_key", "a/b c"}})
              .ok());
  CHECK(h.http->requests()[0].url == "http://127.0.0.1:5000/api/2.0/mlflow/logged-models/m-1/tags/a%2Fb%20c");
}

TEST_CASE("a 2xx answer is parsed; an empty body is an empty object; bad JSON is INVALID_RESPONSE", "[transport]") {
  Harness h;
  h.http->Script(MakeResponse(200, R"({"experiment_id": "7"})"));
  h.http->Script(MakeResponse(200, ""));
  h.http->Script(MakeResponse(200, "<html>proxy</html>"));
  auto first = h.channel.Call(endpoints::kCreateExperiment, {{"name", "x"}});
  REQUIRE(first.ok());
  CHECK((*first)["experiment_id"] == "7");
  auto second = h.channel.Call(endpoints::kDeleteRun, {{"run_id", "r"}});
  REQUIRE(second.ok());
  CHECK(*second == Json::object());
  auto third = h.channel.Call(endpoints::kGetRun, {{"run_id", "r"}});
  REQUIRE_FALSE(third.ok());
  CHECK(third.status().code() == ErrorCode::kInvalidResponse);
  CHECK_THAT(third.status().message(), Catch::Contains("not valid JSON"));
}

TEST_CASE("an MLflow error body keeps error_code, message and HTTP status", "[transport]") {
  Harness h;
  h.http->Script(MlflowError(404, "RESOURCE_DOES_NOT_EXIST", "Run with id=abc not found"));
  auto result = h.channel.Call(endpoints::kGetRun, {{"run_id", "abc"}});
  REQUIRE_FALSE(result.ok());
  const Status& status = result.status();
  CHECK(status.code() == ErrorCode::kResourceDoesNotExist);
  CHECK(status.code_name() == "RESOURCE_DOES_NOT_EXIST");
  CHECK(status.http_status() == 404);
  CHECK(status.message() == "Run with id=abc not found");
  CHECK(status.ToString() == "RESOURCE_DOES_NOT_EXIST (HTTP 404): Run with id=abc not found");
}

TEST_CASE("an unknown error_code keeps its spelling", "[transport]") {
  Harness h;
  h.http->Script(MlflowError(400, "SOMETHING_NEW", "new in a later MLflow"));
  auto result = h.channel.Call(endpoints::kGetRun, {{"run_id", "abc"}});
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == ErrorCode::kUnknown);
  CHECK(result.status().code_name() == "SOMETHING_NEW");
}

TEST_CASE("a non-JSON error body gives a clear Status coded from the HTTP status", "[transport]") {
  Harness h;
  h.http->Script(MakeResponse(502, "<html>\n<body>Bad Gateway</body>\n</html>"));
  h.http->Script(MakeResponse(401, ""));
  h.http->Script(MakeResponse(403, R"({"error": "forbidden by policy"})"));
  auto gateway = h.channel.Call(endpoints::kGetRun, {{"run_id", "abc"}});
  REQUIRE_FALSE(gateway.ok());
  CHECK(gateway.status().code() == ErrorCode::kTemporarilyUnavailable);
  CHECK(gateway.status().http_status() == 502);
  CHECK_THAT(gateway.status().message(), Catch::Contains("GET /api/2.0/mlflow/runs/get answered HTTP 502"));
  CHECK_THAT(gateway.status().message(), Catch::Contains("Bad Gateway"));
  CHECK(gateway.status().message().find('\n') == std::string::npos);

  auto unauthenticated = h.channel.Call(endpoints::kGetRun, {{"run_id", "abc"}});
  CHECK(unauthenticated.status().code() == ErrorCode::kUnauthenticated);
  CHECK_THAT(unauthenticated.status().message(), Catch::Contains("empty body"));

  auto forbidden = h.channel.Call(endpoints::kGetRun, {{"run_id", "abc"}});
  CHECK(forbidden.status().code() == ErrorCode::kPermissionDenied);
  CHECK(forbidden.status().message() == "forbidden by policy");
}

TEST_CASE("HTTP status codes map to MLflow error codes", "[transport]") {
  CHECK(ErrorCodeFromHttpStatus(400) == ErrorCode::kBadRequest);
  CHECK(ErrorCodeFromHttpStatus(404) == ErrorCode::kResourceDoesNotExist);
  CHECK(ErrorCodeFromHttpStatus(409) == ErrorCode::kResourceConflict);
  CHECK(ErrorCodeFromHttpStatus(429) == ErrorCode::kRequestLimitExceeded);
  CHECK(ErrorCodeFromHttpStatus(500) == ErrorCode::kInternalError);
  CHECK(ErrorCodeFromHttpStatus(503) == ErrorCode::kTemporarilyUnavailable);
  CHECK(ErrorCodeFromHttpStatus(504) == ErrorCode::kDeadlineExceeded);
  CHECK(ErrorCodeFromHttpStatus(418) == ErrorCode::kBadRequest);
  CHECK(ErrorCodeFromHttpStatus(599) == ErrorCode::kInternalError);
}

TEST_CASE("transport failures pass through unchanged", "[transport]") {
  Harness h;
  h.http->Script(Status(ErrorCode::kConnectionError, "GET http://127.0.0.1:5000/x: Connection refused"));
  auto result = h.channel.Call(endpoints::kGetRun, {{"run_id", "abc"}});
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == ErrorCode::kConnectionError);
}

TEST_CASE("Retry-After is carried on the Status", "[transport]") {
  Harness h;
  h.http->Script(MakeResponse(429, "slow down", {{"retry-after", "7"}}));
  auto result = h.channel.Call(endpoints::kGetRun, {{"run_id", "abc"}});
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().retry_after() == "7");
  CHECK(result.status().code() == ErrorCode::kRequestLimitExceeded);
}

TEST_CASE("RedactedUrl drops credentials and the query", "[transport]") {
  CHECK(RedactedUrl("https://user:secret@host:8443/api/x?token=abc") == "https://host:8443/api/x");
  CHECK(RedactedUrl("http://host/path@odd?q=1") == "http://host/path@odd");
  CHECK(RedactedUrl("http://127.0.0.1:5000/api") == "http://127.0.0.1:5000/api");
}
