#include "mlflow/server/feedback_tracker.h"

#include <limits>

#include "mlflow/server/api_error.h"

namespace mlflow::server {

FeedbackStats::FeedbackStats()
    : accuracy(std::numeric_limits<double>::quiet_NaN()), macro_recall(std::numeric_limits<double>::quiet_NaN()) {}

FeedbackTracker::FeedbackTracker(size_t capacity_predictions, size_t window)
    : capacity_(capacity_predictions == 0 ? 1 : capacity_predictions), window_(window == 0 ? 1 : window) {}

void FeedbackTracker::Reset(uint64_t generation, std::shared_ptr<const std::vector<std::string>> classes) {
  std::lock_guard<std::mutex> lock(mutex_);
  generation_ = generation;
  classes_ = classes ? classes->size() : 0;
  pairs_.clear();
  total_ = 0;
}

void FeedbackTracker::Remember(const std::string& request_id, uint64_t generation,
                               std::shared_ptr<const std::vector<std::string>> classes,
                               const std::vector<int>& predicted) {
  if (request_id.empty() || predicted.size() > capacity_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, inserted] = entries_.try_emplace(request_id);
  if (!inserted) {
    held_ -= it->second.predicted.size();  // a reused id replaces the older prediction
  } else {
    order_.push_back(request_id);
  }
  it->second = Entry{generation, std::move(classes), predicted, false};
  held_ += predicted.size();
  while (held_ > capacity_ && !order_.empty()) {
    auto old = entries_.find(order_.front());
    if (old != entries_.end()) {
      held_ -= old->second.predicted.size();
      entries_.erase(old);
    }
    order_.pop_front();
  }
}

Result<FeedbackOutcome> FeedbackTracker::Record(const std::string& request_id,
                                                const std::vector<std::optional<std::string>>& labels) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(request_id);
  if (it == entries_.end()) {
    return ResourceNotFound("no prediction with request id '" + request_id +
                            "' is remembered (unknown, or older than the last " + std::to_string(capacity_) +
                            " predictions)");
  }
  Entry& entry = it->second;
  if (entry.answered) return Conflict("feedback for request id '" + request_id + "' was already recorded");
  if (labels.size() != entry.predicted.size()) {
    return InvalidInput("request '" + request_id + "' scored " + std::to_string(entry.predicted.size()) +
                        " texts; got " + std::to_string(labels.size()) + " labels");
  }
  std::vector<std::pair<int, int>> pairs;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (!labels[i]) continue;
    int truth = -1;
    for (size_t c = 0; c < entry.classes->size(); ++c) {
      if ((*entry.classes)[c] == *labels[i]) truth = static_cast<int>(c);
    }
    if (truth < 0) {
      std::string known;
      for (const auto& c : *entry.classes) known += (known.empty() ? "" : ", ") + c;
      return InvalidInput("label " + std::to_string(i) + " ('" + *labels[i] + "') is not a class of the model (" +
                          known + ")");
    }
    pairs.emplace_back(truth, entry.predicted[i]);
  }
  entry.answered = true;
  FeedbackOutcome outcome;
  outcome.accepted = pairs.size();
  outcome.counted = entry.generation == generation_;
  if (outcome.counted) {
    for (const auto& p : pairs) {
      pairs_.push_back(p);
      if (pairs_.size() > window_) pairs_.pop_front();
    }
    total_ += pairs.size();
  }
  outcome.stats = StatsLocked();
  return outcome;
}

FeedbackStats FeedbackTracker::Stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return StatsLocked();
}

FeedbackStats FeedbackTracker::StatsLocked() const {
  FeedbackStats stats;
  stats.labelled = pairs_.size();
  stats.total_received = total_;
  if (pairs_.empty()) return stats;
  size_t correct = 0;
  std::vector<size_t> support(classes_, 0), hits(classes_, 0);
  for (const auto& [truth, predicted] : pairs_) {
    if (truth == predicted) ++correct;
    if (truth >= 0 && static_cast<size_t>(truth) < classes_) {
      ++support[truth];
      if (truth == predicted) ++hits[truth];
    }
  }
  stats.accuracy = static_cast<double>(correct) / pairs_.size();
  double recall_sum = 0;
  size_t present = 0;
  for (size_t c = 0; c < classes_; ++c) {
    if (support[c] == 0) continue;
    recall_sum += static_cast<double>(hits[c]) / support[c];
    ++present;
  }
  if (present > 0) stats.macro_recall = recall_sum / present;
  return stats;
}

}  // namespace mlflow::server
