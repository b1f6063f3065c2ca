// Hand-written fakes of the transport seams, for unit tests (no network, no server).
//
//   FakeHttpTransport  an HttpTransport that records every request and answers from a script
//   FakeRestChannel    a RestChannel whose answers come from a handler; records every call
//   RecordingSleeper   a Sleeper that records the delays it was asked to wait
// All are thread-safe.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "mlflow/transport/http.h"
#include "mlflow/transport/rest_channel.h"
#include "mlflow/transport/retry_policy.h"

namespace mlflow::testing {

inline transport::HttpResponse MakeResponse(int status, std::string body, transport::HttpHeaders headers = {}) {
  transport::HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

class FakeHttpTransport final : public transport::HttpTransport {
 public:
  // Answers are used in order; when the script runs out, every request gets 200 "{}".
  void Script(Result<transport::HttpResponse> answer) {
    std::lock_guard<std::mutex> lock(mutex_);
    script_.push_back(std::move(answer));
  }

  Result<transport::HttpResponse> Send(const transport::HttpRequest& request) override {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.push_back(request);
    if (script_.empty()) return MakeResponse(200, "{}");
    auto answer = std::move(script_.front());
    script_.pop_front();
    return answer;
  }

  std::vector<transport::HttpRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  mutable std::mutex mutex_;
  std::deque<Result<transport::HttpResponse>> script_;
  std::vector<transport::HttpRequest> requests_;
};

struct RecordedCall {
  transport::Endpoint endpoint;
  Json request;
  transport::PathParams path_params;
  std::string path() const { return endpoint.path; }
};

class FakeRestChannel final : public transport::RestChannel {
 public:
  using Handler = std::function<Result<Json>(const RecordedCall& call)>;

  // Without a handler every call answers {}.
  explicit FakeRestChannel(Handler handler = nullptr) : handler_(std::move(handler)) {}

  void set_handler(Handler handler) {
    std::lock_guard<std::mutex> lock(mutex_);
    handler_ = std::move(handler);
  }

  Result<Json> Call(const transport::Endpoint& endpoint, const Json& request,
                    const transport::PathParams& path_params = {}) override {
    RecordedCall call{endpoint, request, path_params};
    Handler handler;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      calls_.push_back(call);
      handler = handler_;
    }
    if (!handler) return Json::object();
    return handler(call);
  }

  Result<transport::HttpResponse> Send(transport::HttpRequest request, transport::Idempotency) override {
    std::lock_guard<std::mutex> lock(mutex_);
    sent_.push_back(std::move(request));
    return MakeResponse(200, "");
  }

  const std::string& base_url() const override { return base_url_; }

  std::vector<RecordedCall> calls() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return calls_;
  }
  // Calls to the endpoint with this path (e.g. "/api/2.0/mlflow/runs/log-batch").
  std::vector<RecordedCall> CallsTo(const std::string& path) const {
    std::vector<RecordedCall> matching;
    for (auto& call : calls()) {
      if (call.path() == path) matching.push_back(call);
    }
    return matching;
  }

 private:
  mutable std::mutex mutex_;
  Handler handler_;
  std::vector<RecordedCall> calls_;
  std::vector<transport::HttpRequest> sent_;
  std::string base_url_ = "http://fake.invalid";
};

class RecordingSleeper {
 public:
  transport::Sleeper AsSleeper() {
    return [this](std::chrono::milliseconds delay) {
      std::lock_guard<std::mutex> lock(mutex_);
      delays_.push_back(delay);
    };
  }
  std::vector<std::chrono::milliseconds> delays() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return delays_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::chrono::milliseconds> delays_;
};

// An MLflow error answer: {"error_code": code, "message": message}.
inline transport::HttpResponse MlflowError(int status, const std::string& code, const std::string& message,
                                           transport::HttpHeaders headers = {}) {
  Json body{{"error_code", code}, {"message", message}};
  return MakeResponse(status, body.dump(), std::move(headers));
}

}  // namespace mlflow::testing
