#include "mlflow/server/alert.h"

#include <fmt/format.h>

namespace mlflow::server {

std::string AlertEvent::Describe() const {
  if (!raised) return fmt::format("{} cleared: {:.4g} (threshold {:.4g}, step {})", signal, value, threshold, step);
  return fmt::format("{} raised: {:.4g} {} {:.4g} (step {})", signal, value, below ? "<" : ">=", threshold, step);
}

std::vector<AlertEvent> AlertState::Update(const DriftReport& report, uint64_t step, int64_t timestamp_ms) {
  std::vector<AlertEvent> events;
  for (const Signal& s : report.signals) {
    bool& active = active_[s.name];
    if (s.breached == active) continue;
    active = s.breached;
    if (s.breached) ++raised_[s.name];
    AlertEvent e;
    e.signal = s.name;
    e.raised = s.breached;
    e.value = s.value;
    e.threshold = s.threshold;
    e.below = s.below;
    e.step = step;
    e.timestamp_ms = timestamp_ms;
    events.push_back(e);
  }
  return events;
}

bool AlertState::active(const std::string& signal) const {
  auto it = active_.find(signal);
  return it != active_.end() && it->second;
}

uint64_t AlertState::raised_count(const std::string& signal) const {
  auto it = raised_.find(signal);
  return it == raised_.end() ? 0 : it->second;
}

}  // namespace mlflow::server
