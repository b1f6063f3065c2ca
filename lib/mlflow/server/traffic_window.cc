#include "mlflow/server/traffic_window.h"

namespace mlflow::server {

TrafficWindow::TrafficWindow(size_t capacity, size_t classes)
    : capacity_(capacity == 0 ? 1 : capacity), summary_(classes) {
  ring_.reserve(capacity_);
}

void TrafficWindow::Reset(uint64_t generation, size_t classes) {
  std::lock_guard<std::mutex> lock(mutex_);
  ring_.clear();
  next_ = 0;
  generation_ = generation;
  total_ = 0;
  summary_ = TrafficSummary(classes);
}

uint64_t TrafficWindow::Add(uint64_t generation, const std::vector<TextObservation>& observations) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (generation != generation_) return 0;
  for (const TextObservation& o : observations) {
    if (ring_.size() < capacity_) {
      ring_.push_back(o);
    } else {
      summary_.Remove(ring_[next_]);
      ring_[next_] = o;
    }
    summary_.Add(o);
    next_ = (next_ + 1) % capacity_;
    ++total_;
    if (total_ % capacity_ == 0) Resummarise();
  }
  return total_;
}

WindowSnapshot TrafficWindow::Snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return WindowSnapshot{summary_, generation_, total_};
}

void TrafficWindow::Resummarise() {
  TrafficSummary fresh(summary_.class_counts.size());
  for (const TextObservation& o : ring_) fresh.Add(o);
  summary_ = std::move(fresh);
}

}  // namespace mlflow::server
