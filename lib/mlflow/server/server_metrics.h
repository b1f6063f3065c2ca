// ServerMetrics: the prediction server's own Prometheus metrics.
//
//   mlflowcpp_http_requests_total{route,status}          counter
//   mlflowcpp_http_request_duration_seconds{route}       histogram (50 µs ... 10 s buckets)
//   mlflowcpp_http_requests_in_flight                    gauge
//   mlflowcpp_predictions_total{class}                   counter (texts scored, by predicted class)
//   mlflowcpp_model_info{name,version,uri}               gauge, 1 for the model being served
//   mlflowcpp_model_version                              gauge (numeric registry version, NaN if not)
//   mlflowcpp_model_ready                                gauge 0/1
//   mlflowcpp_model_reloads_total{outcome}               counter (success|failure)
//   mlflowcpp_model_last_reload_timestamp_seconds        gauge
//
// Request counters and histograms are lock-free atomics (the hot path); per-class counts take
// one short mutex per request. Labels are bounded: routes are an enum, status codes 100–599,
// classes come from the model. Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "mlflow/server/latency_histogram.h"
#include "mlflow/server/loaded_model.h"
#include "mlflow/server/prometheus_writer.h"
#include "mlflow/server/routes.h"

namespace mlflow::server {

class ServerMetrics {
 public:
  void RecordRequest(Route route, int status, double seconds);
  void RecordPredictions(const std::vector<std::string>& classes, const std::vector<int>& labels);
  void RecordReload(bool success, int64_t unix_seconds);
  void SetModel(const ModelIdentity& identity);

  // Counts a request in flight for the guard's lifetime.
  class InFlight {
   public:
    explicit InFlight(ServerMetrics& metrics) : metrics_(metrics) {
      metrics_.in_flight_.fetch_add(1, std::memory_order_relaxed);
    }
    ~InFlight() { metrics_.in_flight_.fetch_sub(1, std::memory_order_relaxed); }
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;

   private:
    ServerMetrics& metrics_;
  };

  uint64_t requests(Route route, int status) const;
  int64_t in_flight() const { return in_flight_.load(std::memory_order_relaxed); }
  uint64_t predictions(const std::string& label) const;

  void Write(PrometheusWriter& writer, bool ready) const;

 private:
  static constexpr int kMinStatus = 100, kMaxStatus = 599;
  using StatusCounters = std::array<std::atomic<uint64_t>, kMaxStatus - kMinStatus + 1>;

  std::array<StatusCounters, kRouteCount> requests_{};
  std::array<LatencyHistogram, kRouteCount> latency_{};
  std::atomic<int64_t> in_flight_{0};
  std::atomic<uint64_t> reload_success_{0};
  std::atomic<uint64_t> reload_failure_{0};
  std::atomic<int64_t> last_reload_{0};

  mutable std::mutex mutex_;  // guards the members below
  std::map<std::string, uint64_t> predictions_;
  ModelIdentity model_;
  bool has_model_ = false;
};

}  // namespace mlflow::server
