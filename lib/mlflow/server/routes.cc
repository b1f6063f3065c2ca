#include "mlflow/server/routes.h"

namespace mlflow::server {
namespace {

struct FixedRoute {
  std::string_view path;
  Route route;
  const char* method;
};

constexpr FixedRoute kFixed[] = {
    {"/invocations", Route::kInvocations, "POST"},
    {"/ping", Route::kPing, "GET"},
    {"/health", Route::kHealth, "GET"},
    {"/version", Route::kVersion, "GET"},
    {"/v2/health/live", Route::kV2Live, "GET"},
    {"/v2/health/ready", Route::kV2Ready, "GET"},
    {"/v2", Route::kV2Server, "GET"},
    {"/metrics", Route::kMetrics, "GET"},
    {"/feedback", Route::kFeedback, "POST"},
    {"/monitoring", Route::kMonitoring, "GET"},
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

RouteMatch Allow(Route route, const char* method, std::string_view requested) {
  RouteMatch match;
  match.route = route;
  match.allowed_method = method;
  match.method_allowed = requested == method || (requested == "HEAD" && std::string_view(method) == "GET");
  return match;
}

// /v2/models/{name}[/versions/{v}][/ready|/infer]
RouteMatch MatchModelRoute(std::string_view method, std::string_view rest) {
  size_t slash = rest.find('/');
  std::string_view name = rest.substr(0, slash);
  std::string_view tail = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  std::string_view version;
  constexpr std::string_view kVersions = "/versions/";
  if (tail.substr(0, kVersions.size()) == kVersions) {
    std::string_view after = tail.substr(kVersions.size());
    size_t end = after.find('/');
    version = after.substr(0, end);
    tail = end == std::string_view::npos ? std::string_view() : after.substr(end);
    if (version.empty()) return RouteMatch{};
  }
  if (name.empty()) return RouteMatch{};
  RouteMatch match;
  if (tail.empty()) {
    match = Allow(Route::kV2Model, "GET", method);
  } else if (tail == "/ready") {
    match = Allow(Route::kV2ModelReady, "GET", method);
  } else if (tail == "/infer") {
    match = Allow(Route::kV2Infer, "POST", method);
  } else {
    return RouteMatch{};
  }
  match.model_name = PercentDecode(name);
  match.model_version = PercentDecode(version);
  return match;
}

}  // namespace

const char* RouteName(Route route) {
  switch (route) {
    case Route::kPing:
      return "ping";
    case Route::kHealth:
      return "health";
    case Route::kVersion:
      return "version";
    case Route::kInvocations:
      return "invocations";
    case Route::kV2Live:
      return "v2_health_live";
    case Route::kV2Ready:
      return "v2_health_ready";
    case Route::kV2Server:
      return "v2_server_metadata";
    case Route::kV2Model:
      return "v2_model_metadata";
    case Route::kV2ModelReady:
      return "v2_model_ready";
    case Route::kV2Infer:
      return "v2_infer";
    case Route::kMetrics:
      return "metrics";
    case Route::kFeedback:
      return "feedback";
    case Route::kMonitoring:
      return "monitoring";
    case Route::kUnknown:
    case Route::kCount:
      break;
  }
  return "unknown";
}

bool IsKserveRoute(Route route) {
  switch (route) {
    case Route::kV2Live:
    case Route::kV2Ready:
    case Route::kV2Server:
    case Route::kV2Model:
    case Route::kV2ModelReady:
    case Route::kV2Infer:
      return true;
    default:
      return false;
  }
}

RouteMatch MatchRoute(std::string_view method, std::string_view path) {
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  for (const FixedRoute& fixed : kFixed) {
    if (fixed.path == path) return Allow(fixed.route, fixed.method, method);
  }
  constexpr std::string_view kModels = "/v2/models/";
  if (path.substr(0, kModels.size()) == kModels) return MatchModelRoute(method, path.substr(kModels.size()));
  return RouteMatch{};
}

}  // namespace mlflow::server
