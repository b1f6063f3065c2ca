// RetryingRestChannel and RetryPolicy: what is retried, how long it waits, and when it stops.
#include <catch2/catch.hpp>

#include "mlflow/transport/rest_channel.h"
#include "support/fakes.h"

using namespace mlflow;
using namespace mlflow::transport;
using mlflow::testing::FakeHttpTransport;
using mlflow::testing::MakeResponse;
using mlflow::testing::MlflowError;
using mlflow::testing::RecordingSleeper;
using std::chrono::milliseconds;

namespace {

struct Harness {
  explicit Harness(RetryPolicy policy = NoJitter()) {
    channel = std::make_shared<RetryingRestChannel>(std::make_shared<HttpRestChannel>("http://h", http), policy,
                                                    sleeper.AsSleeper());
  }
  static RetryPolicy NoJitter() {
    RetryPolicy policy;
    policy.max_retries = 3;
    policy.backoff_factor = 1.0;
    policy.backoff_jitter = 0.0;
    return policy;
  }
  std::shared_ptr<FakeHttpTransport> http = std::make_shared<FakeHttpTransport>();
  RecordingSleeper sleeper;
  std::shared_ptr<RetryingRestChannel> channel;
};

}  // namespace

TEST_CASE("idempotent calls are retried on 429, 503 and connection errors", "[retry]") {
  Harness h;
  h.http->Script(MakeResponse(429, "busy"));
  h.http->Script(MlflowError(503, "TEMPORARILY_UNAVAILABLE", "try later"));
  h.http->Script(Status(ErrorCode::kConnectionError, "GET http://h: Connection refused"));
  h.http->Script(MakeResponse(200, R"({"run": {}})"));
  auto result = h.channel->Call(endpoints::kGetRun, {{"run_id", "r"}});
  REQUIRE(result.ok());
  CHECK(h.http->requests().size() == 4);
  CHECK(h.sleeper.delays() == std::vector<milliseconds>{milliseconds(1000), milliseconds(2000), milliseconds(4000)});
}

TEST_CASE("408, 500, 502, 504 and client timeouts are retried too", "[retry]") {
  for (int code : {408, 500, 502, 504}) {
    CHECK(RetryPolicy::IsRetryableHttpStatus(code));
  }
  CHECK(RetryPolicy::IsRetryableStatus(Status(ErrorCode::kTimeout, "timed out")));
  for (int code : {400, 401, 403, 404, 409, 413, 501}) {
    CHECK_FALSE(RetryPolicy::IsRetryableHttpStatus(code));
  }
}

TEST_CASE("non-idempotent calls are sent once, even on a retryable failure", "[retry]") {
  Harness h;
  h.http->Script(MakeResponse(503, "unavailable"));
  auto created = h.channel->Call(endpoints::kCreateRun, {{"experiment_id", "0"}});
  REQUIRE_FALSE(created.ok());
  CHECK(created.status().code() == ErrorCode::kTemporarilyUnavailable);
  CHECK(h.http->requests().size() == 1);
  CHECK(h.sleeper.delays().empty());

  h.http->Script(Status(ErrorCode::kConnectionError, "reset"));
  auto experiment = h.channel->Call(endpoints::kCreateExperiment, {{"name", "x"}});
  CHECK(experiment.status().code() == ErrorCode::kConnectionError);
  CHECK(h.http->requests().size() == 2);
}

TEST_CASE("client errors are not retried", "[retry]") {
  Harness h;
  h.http->Script(MlflowError(404, "RESOURCE_DOES_NOT_EXIST", "Run with id=r not found"));
  auto result = h.channel->Call(endpoints::kGetRun, {{"run_id", "r"}});
  CHECK(result.status().code() == ErrorCode::kResourceDoesNotExist);
  CHECK(result.status().message() == "Run with id=r not found");  // no retry context added
  CHECK(h.http->requests().size() == 1);
}

TEST_CASE("retries stop after max_retries and say how many attempts were made", "[retry]") {
  Harness h;
  for (int i = 0; i < 10; ++i) h.http->Script(MakeResponse(503, "down"));
  auto result = h.channel->Call(endpoints::kLogBatch, {{"run_id", "r"}});
  REQUIRE_FALSE(result.ok());
  CHECK(h.http->requests().size() == 4);  // 1 + 3 retries
  CHECK(result.status().code() == ErrorCode::kTemporarilyUnavailable);
  CHECK(result.status().http_status() == 503);
  CHECK_THAT(result.status().message(), Catch::StartsWith("after 4 attempts: "));
}

TEST_CASE("max_retries = 0 disables retries", "[retry]") {
  RetryPolicy policy = Harness::NoJitter();
  policy.max_retries = 0;
  Harness h(policy);
  h.http->Script(MakeResponse(503, "down"));
  CHECK_FALSE(h.channel->Call(endpoints::kGetRun, {{"run_id", "r"}}).ok());
  CHECK(h.http->requests().size() == 1);
}

TEST_CASE("a longer Retry-After wins over the backoff; a shorter one does not shorten it", "[retry]") {
  Harness h;
  h.http->Script(MakeResponse(429, "", {{"retry-after", "5"}}));
  h.http->Script(MakeResponse(429, "", {{"retry-after", "0"}}));
  h.http->Script(MakeResponse(503, "", {{"retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"}}));  // dates ignored
  h.http->Script(MakeResponse(200, "{}"));
  REQUIRE(h.channel->Call(endpoints::kGetRun, {{"run_id", "r"}}).ok());
  CHECK(h.sleeper.delays() == std::vector<milliseconds>{milliseconds(5000), milliseconds(2000), milliseconds(4000)});
}

TEST_CASE("backoff doubles, is capped, and jitter stays within bounds", "[retry]") {
  RetryPolicy policy;
  policy.backoff_factor = 2.0;
  policy.backoff_jitter = 1.0;
  policy.max_backoff_seconds = 60.0;
  CHECK(policy.Delay(1, "", 0.0) == milliseconds(2000));
  CHECK(policy.Delay(2, "", 0.0) == milliseconds(4000));
  CHECK(policy.Delay(3, "", 0.0) == milliseconds(8000));
  CHECK(policy.Delay(5, "", 0.0) == milliseconds(32000));
  CHECK(policy.Delay(6, "", 0.0) == milliseconds(60000));  // capped
  CHECK(policy.Delay(20, "", 0.0) == milliseconds(60000));
  CHECK(policy.Delay(1, "", 1.0) == milliseconds(3000));  // + full jitter
  CHECK(policy.Delay(1, "", 0.5) == milliseconds(2500));
  CHECK(policy.Delay(1, "", 7.0) == milliseconds(3000));       // random01 clamped
  CHECK(policy.Delay(1, "600", 0.0) == milliseconds(120000));  // Retry-After clamped
}

TEST_CASE("with jitter, recorded delays grow and stay within [base, base + jitter]", "[retry]") {
  RetryPolicy policy;
  policy.max_retries = 4;
  policy.backoff_factor = 0.5;
  policy.backoff_jitter = 0.25;
  Harness h(policy);
  for (int i = 0; i < 4; ++i) h.http->Script(MakeResponse(500, "oops"));
  REQUIRE(h.channel->Call(endpoints::kSearchRuns, {{"experiment_ids", {"0"}}}).ok());
  auto delays = h.sleeper.delays();
  REQUIRE(delays.size() == 4);
  for (size_t i = 0; i < delays.size(); ++i) {
    int64_t base = 500LL << i;
    CHECK(delays[i].count() >= base);
    CHECK(delays[i].count() <= base + 250);
  }
}

TEST_CASE("Send() retries raw transfers and rewinds the sink before every attempt", "[retry]") {
  Harness h;
  h.http->Script(MakeResponse(503, "down"));
  h.http->Script(MakeResponse(200, "bytes"));
  int rewinds = 0;
  HttpRequest request;
  request.method = HttpMethod::kGet;
  request.url = "/api/2.0/mlflow-artifacts/artifacts/x";
  request.before_attempt = [&] { ++rewinds; };
  auto response = h.channel->Send(request, Idempotency::kIdempotent);
  REQUIRE(response.ok());
  CHECK(response->body == "bytes");
  CHECK(rewinds == 2);
  CHECK(h.http->requests()[0].url == "http://h/api/2.0/mlflow-artifacts/artifacts/x");
}
