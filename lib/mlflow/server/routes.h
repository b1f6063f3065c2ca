// The prediction server's routes, and matching a method + path to one of them.
//
// Every route is a fixed enumerator so that per-route metrics are plain arrays (no
// high-cardinality labels: unknown paths all count as "unknown"). Pure and thread-safe.
//
//   GET  /ping /health /version                 MLflow scoring server
//   POST /invocations                           MLflow scoring protocol
//   GET  /v2/health/live /v2/health/ready /v2   KServe V2 (Open Inference Protocol)
//   GET  /v2/models/{name}[/versions/{v}]        model metadata
//   GET  /v2/models/{name}[/versions/{v}]/ready  model readiness
//   POST /v2/models/{name}[/versions/{v}]/infer  inference
//   GET  /metrics                               Prometheus exposition
//   POST /feedback                              true labels for earlier predictions
//   GET  /monitoring                            the latest monitoring report (JSON)
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mlflow::server {

enum class Route : unsigned char {
  kPing,
  kHealth,
  kVersion,
  kInvocations,
  kV2Live,
  kV2Ready,
  kV2Server,
  kV2Model,
  kV2ModelReady,
  kV2Infer,
  kMetrics,
  kFeedback,
  kMonitoring,
  kUnknown,
  kCount,  // number of routes, not a route
};

inline constexpr size_t kRouteCount = static_cast<size_t>(Route::kCount);

// "invocations", "v2_infer", ... (the `route` label of the metrics).
const char* RouteName(Route route);
// True for routes that speak the KServe V2 protocol (their errors are {"error": ...}).
bool IsKserveRoute(Route route);

struct RouteMatch {
  Route route = Route::kUnknown;
  bool method_allowed = false;  // false: the path exists but not for this method (405)
  const char* allowed_method = "";
  std::string model_name;     // V2 model routes: the {name} segment (URL-decoded)
  std::string model_version;  // V2 model routes: the {v} segment, empty when absent
};

// `path` excludes the query string.
RouteMatch MatchRoute(std::string_view method, std::string_view path);

}  // namespace mlflow::server
