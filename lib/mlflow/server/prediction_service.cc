#include "mlflow/server/prediction_service.h"

#include <chrono>
#include <random>

#include <fmt/format.h>

#include "mlflow/server/api_error.h"
#include "mlflow/server/json_guard.h"
#include "mlflow/server/json_writer.h"
#include "mlflow/server/kserve_protocol.h"
#include "mlflow/server/scoring_request.h"
#include "mlflow/server/scoring_response.h"

#ifndef MLFLOWCPP_SERVER_VERSION
#define MLFLOWCPP_SERVER_VERSION "unknown"
#endif

namespace mlflow::server {
namespace {

bool IsValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

HttpReply Text(int status, std::string body) {
  HttpReply reply;
  reply.status = status;
  reply.content_type = "text/plain; charset=utf-8";
  reply.body = std::move(body);
  return reply;
}

HttpReply JsonReply(int status, std::string body) {
  HttpReply reply;
  reply.status = status;
  reply.body = std::move(body);
  return reply;
}

ServiceOptions WithDefaults(ServiceOptions options) {
  if (options.server_version.empty()) options.server_version = MLFLOWCPP_SERVER_VERSION;
  return options;
}

void Identify(HttpReply& reply, const ModelIdentity& model, std::string request_id) {
  reply.model_name = model.name;
  reply.model_version = model.version;
  reply.request_id = std::move(request_id);
}

}  // namespace

PredictionService::PredictionService(ServiceOptions options, const ModelSlot& slot, ServerMetrics& metrics,
                                     Monitor* monitor)
    : options_(WithDefaults(std::move(options))), slot_(slot), metrics_(metrics), monitor_(monitor) {
  std::random_device device;
  id_prefix_ = fmt::format("{:08x}", device());
}

std::string PredictionService::RequestId(std::string_view explicit_id, std::string_view header) {
  if (!explicit_id.empty()) return std::string(explicit_id);
  if (IsValidRequestId(header)) return std::string(header);
  return fmt::format("{}-{}", id_prefix_, next_id_.fetch_add(1, std::memory_order_relaxed) + 1);
}

HttpReply PredictionService::Handle(const HttpExchange& exchange) {
  const auto started = std::chrono::steady_clock::now();
  ServerMetrics::InFlight in_flight(metrics_);
  RouteMatch match = MatchRoute(exchange.method, exchange.path);
  HttpReply reply;
  try {
    reply = Dispatch(match, exchange);
  } catch (const std::exception& e) {
    reply = Error(match.route, ServerError(std::string("unexpected error: ") + e.what()));
  } catch (...) {
    reply = Error(match.route, ServerError("unexpected error"));
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics_.RecordRequest(match.route, reply.status, seconds);
  return reply;
}

HttpReply PredictionService::HandleTransportError(const HttpExchange& exchange, int status,
                                                  const std::string& message) {
  Route route = MatchRoute(exchange.method, exchange.path).route;
  Status error = status == 413   ? PayloadTooLarge(message)
                 : status == 404 ? RouteNotFound(message)
                 : status >= 500 ? Status(ErrorCode::kInternalError, message, status)
                                 : Status(ErrorCode::kBadRequest, message, status);
  HttpReply reply = Error(route, error);
  metrics_.RecordRequest(route, reply.status, 0.0);
  return reply;
}

HttpReply PredictionService::Error(Route route, const Status& status) const {
  return JsonReply(HttpStatusOf(status), IsKserveRoute(route) ? KserveErrorBody(status) : MlflowErrorBody(status));
}

HttpReply PredictionService::Dispatch(const RouteMatch& match, const HttpExchange& exchange) {
  if (match.route == Route::kUnknown) {
    Status status = RouteNotFound("no endpoint " + std::string(exchange.method) + " " + std::string(exchange.path) +
                                  " (see GET /ping, POST /invocations, POST /v2/models/{name}/infer, GET /metrics)");
    bool v2 = exchange.path.substr(0, 3) == "/v2";
    return JsonReply(404, v2 ? KserveErrorBody(status) : MlflowErrorBody(status));
  }
  if (!match.method_allowed) {
    HttpReply reply =
        Error(match.route, MethodNotAllowed(std::string(exchange.method) + " is not allowed on " +
                                            std::string(exchange.path) + "; use " + match.allowed_method));
    reply.allow = match.allowed_method;
    return reply;
  }
  switch (match.route) {
    case Route::kPing:
    case Route::kHealth:
      if (ready()) return Text(200, "\n");
      return Error(match.route, Unavailable(slot_.ready() ? "the server is shutting down" : "no model loaded yet"));
    case Route::kVersion:
      return Text(200, options_.server_version);
    case Route::kInvocations:
      return Invocations(exchange);
    case Route::kV2Live:
      return JsonReply(200, "{\"live\":true}");
    case Route::kV2Ready:
      return JsonReply(ready() ? 200 : 503, ready() ? "{\"ready\":true}" : "{\"ready\":false}");
    case Route::kV2Server:
      return JsonReply(200, FormatServerMetadata(options_.server_version));
    case Route::kV2Model:
      return ModelMetadata(match, false);
    case Route::kV2ModelReady:
      return ModelMetadata(match, true);
    case Route::kV2Infer:
      return Infer(match, exchange);
    case Route::kMetrics: {
      HttpReply reply = Text(200, RenderMetrics());
      reply.content_type = "text/plain; version=0.0.4; charset=utf-8";
      return reply;
    }
    case Route::kFeedback:
      return Feedback(exchange);
    case Route::kMonitoring:
      if (!monitor_) return JsonReply(200, "{\"status\":\"monitoring disabled\"}");
      return JsonReply(200, DumpJson(monitor_->LatestReportJson()));
    case Route::kUnknown:
    case Route::kCount:
      break;
  }
  return Error(match.route, ServerError("unrouted request"));
}

HttpReply PredictionService::Invocations(const HttpExchange& exchange) {
  std::shared_ptr<const LoadedModel> model = slot_.Current();
  if (!model) return Error(Route::kInvocations, Unavailable("no model loaded yet; retry when GET /ping answers 200"));
  Result<ScoringRequest> request = ParseScoringRequest(exchange.content_type, exchange.body, options_.limits);
  if (!request.ok()) return Error(Route::kInvocations, request.status());
  const std::vector<std::string>& classes = model->predictor->classes();
  Result<PredictionBatch> batch = model->predictor->PredictBatch(request->texts);
  if (!batch.ok()) return Error(Route::kInvocations, ServerError("prediction failed: " + batch.status().message()));
  if (Status s = ValidatePredictionBatch(*batch, request->texts.size(), classes.size()); !s.ok()) {
    return Error(Route::kInvocations, ServerError(s.message()));
  }
  std::string id = RequestId(request->params.request_id, exchange.request_id);
  metrics_.RecordPredictions(classes, batch->labels);
  if (monitor_) monitor_->Observe(*model, request->texts, *batch, id);
  HttpReply reply =
      JsonReply(200, FormatScoringResponse(*batch, classes, model->identity, id, request->params.return_probabilities));
  Identify(reply, model->identity, std::move(id));
  return reply;
}

HttpReply PredictionService::ModelMetadata(const RouteMatch& match, bool readiness_only) {
  std::shared_ptr<const LoadedModel> model = slot_.Current();
  if (!model) return Error(match.route, Unavailable("no model loaded yet"));
  if (match.model_name != model->identity.name ||
      (!match.model_version.empty() && match.model_version != model->identity.version)) {
    return Error(match.route,
                 ResourceNotFound("model '" + match.model_name +
                                  (match.model_version.empty() ? "" : "' version '" + match.model_version) +
                                  "' is not served here; this server serves '" + model->identity.name + "' version '" +
                                  model->identity.version + "'"));
  }
  if (readiness_only) {
    return JsonReply(ready() ? 200 : 503, ready() ? "{\"ready\":true}" : "{\"ready\":false}");
  }
  return JsonReply(200, FormatModelMetadata(model->identity, model->predictor->classes(), options_.limits));
}

HttpReply PredictionService::Infer(const RouteMatch& match, const HttpExchange& exchange) {
  std::shared_ptr<const LoadedModel> model = slot_.Current();
  if (!model) return Error(match.route, Unavailable("no model loaded yet; retry when /v2/health/ready answers 200"));
  if (match.model_name != model->identity.name ||
      (!match.model_version.empty() && match.model_version != model->identity.version)) {
    return ModelMetadata(match, false);  // the same 404
  }
  if (Result<BodyFormat> format = ClassifyContentType(exchange.content_type, false, true); !format.ok()) {
    return Error(match.route, format.status());
  }
  Result<InferRequest> request = ParseInferRequest(exchange.body, options_.limits);
  if (!request.ok()) return Error(match.route, request.status());
  const std::vector<std::string>& classes = model->predictor->classes();
  Result<PredictionBatch> batch = model->predictor->PredictBatch(request->texts);
  if (!batch.ok()) return Error(match.route, ServerError("prediction failed: " + batch.status().message()));
  if (Status s = ValidatePredictionBatch(*batch, request->texts.size(), classes.size()); !s.ok()) {
    return Error(match.route, ServerError(s.message()));
  }
  std::string id = RequestId(request->id, exchange.request_id);
  metrics_.RecordPredictions(classes, batch->labels);
  if (monitor_) monitor_->Observe(*model, request->texts, *batch, id);
  HttpReply reply = JsonReply(200, FormatInferResponse(*batch, classes, model->identity, id, request->want_labels,
                                                       request->want_probabilities));
  Identify(reply, model->identity, std::move(id));
  return reply;
}

HttpReply PredictionService::Feedback(const HttpExchange& exchange) {
  if (!monitor_) return Error(Route::kFeedback, RouteNotFound("feedback needs monitoring, which is disabled"));
  if (Result<BodyFormat> format = ClassifyContentType(exchange.content_type, false, true); !format.ok()) {
    return Error(Route::kFeedback, format.status());
  }
  Result<Json> doc = ParseRequestJson(exchange.body, options_.limits.max_json_depth);
  if (!doc.ok()) return Error(Route::kFeedback, doc.status());
  static const char* kShape =
      R"(expected {"request_id": "...", "labels": ["positive", null, ...]} or {"request_id": "...", "label": "..."})";
  if (!doc->is_object()) return Error(Route::kFeedback, BadRequest(kShape));
  auto id = doc->find("request_id");
  if (id == doc->end() || !id->is_string())
    return Error(Route::kFeedback, InvalidInput(std::string("no request_id; ") + kShape));
  std::vector<std::optional<std::string>> labels;
  if (auto one = doc->find("label"); one != doc->end()) {
    if (!one->is_string()) return Error(Route::kFeedback, InvalidInput("label must be a string"));
    labels.emplace_back(one->get<std::string>());
  } else if (auto many = doc->find("labels"); many != doc->end() && many->is_array()) {
    for (const Json& label : *many) {
      if (label.is_null()) {
        labels.emplace_back(std::nullopt);
      } else if (label.is_string()) {
        labels.emplace_back(label.get<std::string>());
      } else {
        return Error(Route::kFeedback, InvalidInput("labels must be strings or null"));
      }
    }
  } else {
    return Error(Route::kFeedback, InvalidInput(std::string("no labels; ") + kShape));
  }
  Result<FeedbackOutcome> outcome = monitor_->Feedback(id->get<std::string>(), labels);
  if (!outcome.ok()) return Error(Route::kFeedback, outcome.status());
  JsonWriter w;
  w.Raw("{").Key("request_id").String(id->get<std::string>());
  w.Raw(",").Key("accepted").Integer(static_cast<int64_t>(outcome->accepted));
  w.Raw(",").Key("counted").Bool(outcome->counted);
  w.Raw(",").Key("window_labels").Integer(static_cast<int64_t>(outcome->stats.labelled));
  w.Raw(",").Key("rolling_accuracy").Number(outcome->stats.accuracy);
  w.Raw(",").Key("rolling_macro_recall").Number(outcome->stats.macro_recall).Raw("}");
  return JsonReply(200, w.Take());
}

std::string PredictionService::RenderMetrics() const {
  PrometheusWriter writer;
  metrics_.Write(writer, ready());
  if (monitor_) monitor_->WriteMetrics(writer);
  return writer.Take();
}

}  // namespace mlflow::server
