// The fault proxy in front of a stub upstream, seen through the library's own transport: each
// fault kind produces the failure it promises, counted, and the client reports it as a clear
// Status (a server that never answers gives TIMEOUT; a malformed body gives INVALID_RESPONSE).
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <string>

#include "mlflow/transport/curl_transport.h"
#include "mlflow/transport/endpoints.h"
#include "mlflow/transport/rest_channel.h"
#include "stub_upstream.h"
#include "support/fault_proxy/fault_proxy.h"

namespace mlflow::testing {
namespace {

using fault::FaultKind;

std::unique_ptr<fault::FaultProxy> ProxyWith(const StubUpstream& upstream, FaultKind kind) {
  fault::ProxyOptions options;
  options.upstream_port = upstream.port();
  options.faults.rate = kind == FaultKind::kNone ? 0.0 : 1.0;
  if (kind != FaultKind::kNone) options.faults.weights = {{kind, 1.0}};
  options.faults.retry_after_seconds = 7;
  options.faults.delay_ms = 300;
  std::string error;
  auto proxy = fault::FaultProxy::Start(options, &error);
  REQUIRE(proxy);
  return proxy;
}

Result<transport::HttpResponse> Get(const fault::FaultProxy& proxy, const std::string& path, double timeout = 10) {
  transport::TransportOptions options;
  options.timeout_seconds = timeout;
  transport::CurlTransport curl(options);
  transport::HttpRequest request;
  request.url = proxy.url() + path;
  return curl.Send(request);
}

TEST_CASE("without faults the proxy relays requests and responses", "[reliability][proxy]") {
  StubUpstream upstream;
  auto proxy = ProxyWith(upstream, FaultKind::kNone);
  for (int i = 0; i < 3; ++i) {  // over one keep-alive connection
    auto response = Get(*proxy, "/api/2.0/mlflow/experiments/get?experiment_id=0");
    REQUIRE(response.ok());
    CHECK(response->status == 200);
    CHECK(response->body == "{\"ok\": true}");
  }
  CHECK(upstream.handled() == 3);
  CHECK(proxy->plan().stats().forwarded == 3);
}

TEST_CASE("503 and 429 are answered by the proxy with Retry-After", "[reliability][proxy]") {
  StubUpstream upstream;
  for (auto [kind, status] :
       {std::pair{FaultKind::kServiceUnavailable, 503}, std::pair{FaultKind::kTooManyRequests, 429}}) {
    auto proxy = ProxyWith(upstream, kind);
    auto response = Get(*proxy, "/x");
    REQUIRE(response.ok());
    CHECK(response->status == status);
    CHECK(response->Header("Retry-After") == "7");
    Status mapped = transport::StatusFromErrorResponse(*response, "GET /x");
    CHECK(mapped.retry_after() == "7");
    CHECK(proxy->plan().stats().injected[kind] == 1);
  }
  CHECK(upstream.handled() == 0);
}

TEST_CASE("resets and truncated responses are connection errors; reset_after reaches the server",
          "[reliability][proxy]") {
  StubUpstream upstream;
  for (FaultKind kind : {FaultKind::kResetBeforeForward, FaultKind::kResetAfterForward, FaultKind::kTruncateResponse}) {
    int before = upstream.handled();
    auto proxy = ProxyWith(upstream, kind);
    auto response = Get(*proxy, "/x");
    INFO(fault::FaultKindName(kind));
    REQUIRE_FALSE(response.ok());
    CHECK(response.status().code() == ErrorCode::kConnectionError);
    CHECK_THAT(response.status().message(), Catch::Contains("GET http://127.0.0.1:"));
    CHECK(upstream.handled() - before == (kind == FaultKind::kResetBeforeForward ? 0 : 1));
  }
}

TEST_CASE("a malformed 200 body is an INVALID_RESPONSE status, not a crash", "[reliability][proxy]") {
  StubUpstream upstream;
  auto proxy = ProxyWith(upstream, FaultKind::kMalformedBody);
  transport::HttpRestChannel channel(proxy->url(), std::make_shared<transport::CurlTransport>());
  auto result = channel.Call(transport::endpoints::kGetRun, Json{{"run_id", "abc"}});
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == ErrorCode::kInvalidResponse);
  CHECK_THAT(result.status().message(), Catch::Contains("runs/get"));
}

TEST_CASE("a server that never answers gives a TIMEOUT status within the timeout", "[reliability][proxy]") {
  StubUpstream upstream;
  auto proxy = ProxyWith(upstream, FaultKind::kHang);
  auto started = std::chrono::steady_clock::now();
  auto response = Get(*proxy, "/api/2.0/mlflow/runs/get?run_id=x", 0.5);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  REQUIRE_FALSE(response.ok());
  CHECK(response.status().code() == ErrorCode::kTimeout);
  CHECK_THAT(response.status().ToString(), Catch::Contains("TIMEOUT"));
  CHECK(seconds < 3.0);
  CHECK(upstream.handled() == 0);
}

TEST_CASE("delays slow requests down without failing them", "[reliability][proxy]") {
  StubUpstream upstream;
  auto proxy = ProxyWith(upstream, FaultKind::kDelay);
  auto started = std::chrono::steady_clock::now();
  auto response = Get(*proxy, "/x");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  REQUIRE(response.ok());
  CHECK(response->status == 200);
  CHECK(seconds >= 0.29);
}

TEST_CASE("the control endpoint reconfigures the proxy and reports its counters", "[reliability][proxy]") {
  StubUpstream upstream;
  auto proxy = ProxyWith(upstream, FaultKind::kNone);
  REQUIRE(Get(*proxy, "/x").ok());
  auto config = Get(*proxy, "/__fault/config?rate=1&kinds=503&retry_after=-1");
  REQUIRE(config.ok());
  CHECK(config->status == 200);
  auto failed = Get(*proxy, "/x");
  REQUIRE(failed.ok());
  CHECK(failed->status == 503);
  CHECK(failed->Header("Retry-After").empty());
  auto stats = Get(*proxy, "/__fault/stats");
  REQUIRE(stats.ok());
  CHECK(stats->body == "{\"requests\":2,\"forwarded\":1,\"upstream_errors\":0,\"faults\":1,\"injected\":{\"503\":1}}");
  auto bad = Get(*proxy, "/__fault/config?rate=2");
  REQUIRE(bad.ok());
  CHECK(bad->status == 400);
}

TEST_CASE("an unreachable upstream is answered 502 and counted", "[reliability][proxy]") {
  int dead_port = 0;
  {
    StubUpstream gone;
    dead_port = gone.port();
  }
  fault::ProxyOptions options;
  options.upstream_port = dead_port;
  std::string error;
  auto proxy = fault::FaultProxy::Start(options, &error);
  REQUIRE(proxy);
  auto response = Get(*proxy, "/x");
  REQUIRE(response.ok());
  CHECK(response->status == 502);
  CHECK(proxy->plan().stats().upstream_errors == 1);
}

}  // namespace
}  // namespace mlflow::testing
