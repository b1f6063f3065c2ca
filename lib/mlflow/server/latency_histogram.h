// LatencyHistogram: a Prometheus histogram of durations with sub-millisecond buckets
// (50 µs ... 10 s), lock-free: one relaxed atomic add per observation. Snapshot reads are not
// a consistent cut across buckets (as with every Prometheus client), which scrapes tolerate.
// Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace mlflow::server {

class LatencyHistogram {
 public:
  static constexpr std::array<double, 17> kBounds = {
      0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  void Observe(double seconds) {
    size_t i = 0;
    while (i < kBounds.size() && seconds > kBounds[i]) ++i;
    buckets_[i].fetch_add(1, std::memory_order_relaxed);
    uint64_t nanos = seconds > 0 ? static_cast<uint64_t>(seconds * 1e9) : 0;
    sum_nanos_.fetch_add(nanos, std::memory_order_relaxed);
  }
  // Non-cumulative count of bucket i (i == kBounds.size() is the +Inf bucket).
  uint64_t bucket(size_t i) const { return buckets_[i].load(std::memory_order_relaxed); }
  double sum_seconds() const { return static_cast<double>(sum_nanos_.load(std::memory_order_relaxed)) * 1e-9; }

 private:
  std::array<std::atomic<uint64_t>, kBounds.size() + 1> buckets_{};
  std::atomic<uint64_t> sum_nanos_{0};
};

}  // namespace mlflow::server
