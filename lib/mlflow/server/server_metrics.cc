#include "mlflow/server/server_metrics.h"

#include <cstdlib>
#include <limits>
#include <string>

namespace mlflow::server {

void ServerMetrics::RecordRequest(Route route, int status, double seconds) {
  size_t r = static_cast<size_t>(route);
  if (r >= kRouteCount) r = static_cast<size_t>(Route::kUnknown);
  if (status < kMinStatus || status > kMaxStatus) status = 500;
  requests_[r][status - kMinStatus].fetch_add(1, std::memory_order_relaxed);
  latency_[r].Observe(seconds);
}

void ServerMetrics::RecordPredictions(const std::vector<std::string>& classes, const std::vector<int>& labels) {
  std::vector<uint64_t> counts(classes.size(), 0);
  for (int label : labels) {
    if (label >= 0 && static_cast<size_t>(label) < counts.size()) ++counts[label];
  }
  std::lock_guard<std::mutex> lock(mutex_);
  for (size_t i = 0; i < classes.size(); ++i) {
    if (counts[i] > 0) predictions_[classes[i]] += counts[i];
  }
}

void ServerMetrics::RecordReload(bool success, int64_t unix_seconds) {
  (success ? reload_success_ : reload_failure_).fetch_add(1, std::memory_order_relaxed);
  if (success) last_reload_.store(unix_seconds, std::memory_order_relaxed);
}

void ServerMetrics::SetModel(const ModelIdentity& identity) {
  std::lock_guard<std::mutex> lock(mutex_);
  model_ = identity;
  has_model_ = true;
}

uint64_t ServerMetrics::requests(Route route, int status) const {
  if (status < kMinStatus || status > kMaxStatus) return 0;
  return requests_[static_cast<size_t>(route)][status - kMinStatus].load(std::memory_order_relaxed);
}

uint64_t ServerMetrics::predictions(const std::string& label) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = predictions_.find(label);
  return it == predictions_.end() ? 0 : it->second;
}

void ServerMetrics::Write(PrometheusWriter& w, bool ready) const {
  w.Family("http_requests_total", "counter", "HTTP requests answered, by route and status code.");
  for (size_t r = 0; r < kRouteCount; ++r) {
    for (int s = kMinStatus; s <= kMaxStatus; ++s) {
      uint64_t n = requests_[r][s - kMinStatus].load(std::memory_order_relaxed);
      if (n == 0) continue;
      std::string status = std::to_string(s);
      w.Sample("http_requests_total", {{"route", RouteName(static_cast<Route>(r))}, {"status", status}}, n);
    }
  }
  w.Family("http_request_duration_seconds", "histogram",
           "Time from a request's arrival in its handler to its response body being ready.");
  for (size_t r = 0; r < kRouteCount; ++r) {
    const LatencyHistogram& h = latency_[r];
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= LatencyHistogram::kBounds.size(); ++b) cumulative += h.bucket(b);
    if (cumulative == 0) continue;
    const char* route = RouteName(static_cast<Route>(r));
    cumulative = 0;
    for (size_t b = 0; b < LatencyHistogram::kBounds.size(); ++b) {
      cumulative += h.bucket(b);
      std::string le = PrometheusWriter::FormatValue(LatencyHistogram::kBounds[b]);
      w.Sample("http_request_duration_seconds_bucket", {{"route", route}, {"le", le}}, cumulative);
    }
    cumulative += h.bucket(LatencyHistogram::kBounds.size());
    w.Sample("http_request_duration_seconds_bucket", {{"route", route}, {"le", "+Inf"}}, cumulative);
    w.Sample("http_request_duration_seconds_sum", {{"route", route}}, h.sum_seconds());
    w.Sample("http_request_duration_seconds_count", {{"route", route}}, cumulative);
  }
  w.Family("http_requests_in_flight", "gauge", "Requests being handled right now.");
  w.Sample("http_requests_in_flight", static_cast<double>(in_flight()));

  std::lock_guard<std::mutex> lock(mutex_);
  w.Family("predictions_total", "counter", "Texts scored, by predicted class.");
  for (const auto& [label, n] : predictions_) w.Sample("predictions_total", {{"class", label}}, n);
  w.Family("model_ready", "gauge", "1 when a model is loaded and requests are served.");
  w.Sample("model_ready", ready ? 1.0 : 0.0);
  if (has_model_) {
    w.Family("model_info", "gauge", "The model being served (value 1).");
    w.Sample("model_info", {{"name", model_.name}, {"version", model_.version}, {"uri", model_.uri}}, 1.0);
    w.Family("model_version", "gauge", "Registry version of the model being served (NaN if not numeric).");
    char* end = nullptr;
    double version = std::strtod(model_.version.c_str(), &end);
    bool numeric = !model_.version.empty() && end && *end == '\0';
    w.Sample("model_version", numeric ? version : std::numeric_limits<double>::quiet_NaN());
  }
  w.Family("model_reloads_total", "counter", "Model loads attempted by hot reload, by outcome.");
  w.Sample("model_reloads_total", {{"outcome", "success"}}, reload_success_.load(std::memory_order_relaxed));
  w.Sample("model_reloads_total", {{"outcome", "failure"}}, reload_failure_.load(std::memory_order_relaxed));
  w.Family("model_last_reload_timestamp_seconds", "gauge", "Unix time of the last successful model load.");
  w.Sample("model_last_reload_timestamp_seconds", static_cast<double>(last_reload_.load(std::memory_order_relaxed)));
}

}  // namespace mlflow::server
