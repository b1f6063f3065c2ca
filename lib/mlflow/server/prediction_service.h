// PredictionService: every route of the prediction server, independent of the HTTP stack.
//
// Handle() maps one request to one reply: routing, content-type and body checks, scoring
// through the model currently in the ModelSlot (one shared_ptr copy per request, so a hot
// swap never affects a request in flight), response formatting, request metrics, and
// monitoring observations. It never throws and never crashes on input: every failure is a
// reply with an MLflow-style ({"error_code", "message"}) or KServe-style ({"error"}) body.
// While no model is loaded, prediction routes answer 503 and readiness is false; so it is
// after BeginDrain() (shutdown), while predictions continue for requests still arriving.
//
// Request ids: params.request_id (scoring) or "id" (KServe), else the X-Request-Id header
// (<= 128 chars of [A-Za-z0-9._:-]), else generated ("<random hex>-<counter>"). Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "mlflow/server/http_exchange.h"
#include "mlflow/server/input_limits.h"
#include "mlflow/server/model_slot.h"
#include "mlflow/server/monitor.h"
#include "mlflow/server/routes.h"
#include "mlflow/server/server_metrics.h"

namespace mlflow::server {

struct ServiceOptions {
  InputLimits limits;
  std::string server_version;  // Default: this library's version (GET /version, GET /v2).
};

class PredictionService {
 public:
  // `monitor` may be null (monitoring disabled: /feedback answers 404). The slot, metrics and
  // monitor must outlive the service.
  PredictionService(ServiceOptions options, const ModelSlot& slot, ServerMetrics& metrics, Monitor* monitor);

  HttpReply Handle(const HttpExchange& exchange);
  // A reply for an error the HTTP layer detected itself (413, malformed request line, ...),
  // counted in the metrics like any other.
  HttpReply HandleTransportError(const HttpExchange& exchange, int status, const std::string& message);

  void BeginDrain() { draining_.store(true, std::memory_order_relaxed); }
  bool ready() const { return slot_.ready() && !draining_.load(std::memory_order_relaxed); }
  std::string RenderMetrics() const;
  const ServiceOptions& options() const { return options_; }

 private:
  HttpReply Dispatch(const RouteMatch& match, const HttpExchange& exchange);
  HttpReply Invocations(const HttpExchange& exchange);
  HttpReply Infer(const RouteMatch& match, const HttpExchange& exchange);
  HttpReply ModelMetadata(const RouteMatch& match, bool readiness_only);
  HttpReply Feedback(const HttpExchange& exchange);
  HttpReply Error(Route route, const Status& status) const;
  std::string RequestId(std::string_view explicit_id, std::string_view header);

  const ServiceOptions options_;
  const ModelSlot& slot_;
  ServerMetrics& metrics_;
  Monitor* monitor_;
  std::atomic<bool> draining_{false};
  std::string id_prefix_;
  std::atomic<uint64_t> next_id_{0};
};

}  // namespace mlflow::server
