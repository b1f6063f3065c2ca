// RestChannel: JSON calls to MLflow endpoints, with MLflow's error model applied.
//
// Call() encodes the request the way the server expects (GET: query parameters, repeated
// fields as repeated keys; other methods: a JSON body), decodes the JSON answer, and turns
// any non-2xx answer into a Status carrying MLflow's error_code, the HTTP status and the
// server's message (a non-JSON error body still gives a clear Status, coded from the HTTP
// status). Send() does the same for raw byte transfers (artifacts).
//
// HttpRestChannel sends each call once; RetryingRestChannel wraps any channel with the retry
// policy and idempotency rules. Both are thread-safe when their transport is.
#pragma once

#include <memory>
#include <random>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "mlflow/core/json.h"
#include "mlflow/transport/endpoints.h"
#include "mlflow/transport/http.h"
#include "mlflow/transport/retry_policy.h"

namespace mlflow::transport {

// Values for `{name}` segments of an endpoint path; they are URL-encoded.
using PathParams = std::vector<std::pair<std::string, std::string>>;

class RestChannel {
 public:
  virtual ~RestChannel() = default;
  virtual Result<Json> Call(const Endpoint& endpoint, const Json& request, const PathParams& path_params = {}) = 0;
  // `request.url` is a path under the server root ("/api/2.0/mlflow-artifacts/...").
  virtual Result<HttpResponse> Send(HttpRequest request, Idempotency idempotency) = 0;
  // Scheme, host, port and path prefix of the server ("http://127.0.0.1:5000").
  virtual const std::string& base_url() const = 0;
};

class HttpRestChannel final : public RestChannel {
 public:
  HttpRestChannel(std::string base_url, std::shared_ptr<HttpTransport> transport);
  Result<Json> Call(const Endpoint& endpoint, const Json& request, const PathParams& path_params = {}) override;
  Result<HttpResponse> Send(HttpRequest request, Idempotency idempotency) override;
  const std::string& base_url() const override { return base_url_; }

 private:
  std::string base_url_;
  std::shared_ptr<HttpTransport> transport_;
};

class RetryingRestChannel final : public RestChannel {
 public:
  RetryingRestChannel(std::shared_ptr<RestChannel> inner, RetryPolicy policy, Sleeper sleeper = RealSleeper());
  Result<Json> Call(const Endpoint& endpoint, const Json& request, const PathParams& path_params = {}) override;
  Result<HttpResponse> Send(HttpRequest request, Idempotency idempotency) override;
  const std::string& base_url() const override { return inner_->base_url(); }
  const RetryPolicy& policy() const { return policy_; }

 private:
  template <typename Fn>
  auto WithRetry(Idempotency idempotency, Fn&& attempt) -> decltype(attempt());
  double NextRandom();

  std::shared_ptr<RestChannel> inner_;
  RetryPolicy policy_;
  Sleeper sleeper_;
  std::mutex random_mutex_;
  std::mt19937_64 random_;
};

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string UrlEncode(std::string_view text);
// Like UrlEncode but keeps '/' (artifact paths).
std::string UrlEncodePath(std::string_view path);
// Builds "a=1&b=x&b=y" from a flat JSON object (arrays become repeated keys).
std::string EncodeQuery(const Json& fields);
// The Status an error response stands for (MLflow JSON error body or a bare HTTP status).
// `text` with Authorization headers and Bearer/Basic credentials replaced by a marker: server
// text (error bodies that echo the request) goes through it before reaching a Status.
std::string RedactCredentials(std::string text);
Status StatusFromErrorResponse(const HttpResponse& response, std::string_view where);

}  // namespace mlflow::transport
