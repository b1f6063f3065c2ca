#include "mlflow/server/feedback_tracker.h"

#include <functional>
#include <limits>
#include <random>

#include "mlflow/server/api_error.h"

namespace mlflow::server {
namespace {

uint64_t RandomSeed() {
  std::random_device device;
  return (static_cast<uint64_t>(device()) << 32) ^ device();
}

}  // namespace

FeedbackStats::FeedbackStats()
    : accuracy(std::numeric_limits<double>::quiet_NaN()), macro_recall(std::numeric_limits<double>::quiet_NaN()) {}

FeedbackTracker::FeedbackTracker(size_t capacity_predictions, size_t window)
    : capacity_(capacity_predictions == 0 ? 1 : capacity_predictions),
      window_(window == 0 ? 1 : window),
      seed_(RandomSeed()) {
  index_.resize(64);
}

void FeedbackTracker::Reset(uint64_t generation, std::shared_ptr<const std::vector<std::string>> classes) {
  std::lock_guard<std::mutex> lock(mutex_);
  generation_ = generation;
  classes_ = classes ? classes->size() : 0;
  pairs_.clear();
  total_ = 0;
}

uint64_t FeedbackTracker::HashId(const std::string& request_id) const {
  // Clients choose request ids: the seed keeps them from aiming many at one probe run.
  uint64_t hash = std::hash<std::string>{}(request_id) ^ seed_;
  hash = (hash ^ (hash >> 30)) * 0xbf58476d1ce4e5b9ULL;  // splitmix64's finaliser
  hash = (hash ^ (hash >> 27)) * 0x94d049bb133111ebULL;
  hash ^= hash >> 31;
  return hash == 0 ? 1 : hash;
}

int64_t FeedbackTracker::FindSlot(const std::string& request_id, uint64_t hash) const {
  const size_t mask = index_.size() - 1;
  for (size_t slot = hash & mask; index_[slot].hash != 0; slot = (slot + 1) & mask) {
    if (index_[slot].hash == hash && entries_[index_[slot].sequence - first_sequence_].request_id == request_id) {
      return static_cast<int64_t>(slot);
    }
  }
  return -1;
}

size_t FeedbackTracker::SlotOf(uint64_t hash, uint64_t sequence) const {
  const size_t mask = index_.size() - 1;
  size_t slot = hash & mask;
  while (index_[slot].sequence != sequence || index_[slot].hash != hash) slot = (slot + 1) & mask;
  return slot;
}

void FeedbackTracker::IndexInsert(uint64_t hash, uint64_t sequence) {
  const size_t mask = index_.size() - 1;
  size_t slot = hash & mask;
  while (index_[slot].hash != 0) slot = (slot + 1) & mask;
  index_[slot] = IndexSlot{hash, sequence};
  ++indexed_;
}

void FeedbackTracker::IndexEraseSlot(size_t slot) {
  // Backward-shift deletion: later slots of the probe run move up unless their home slot lies
  // cyclically after the hole, so lookups never need tombstones.
  const size_t mask = index_.size() - 1;
  size_t hole = slot;
  for (size_t next = (hole + 1) & mask; index_[next].hash != 0; next = (next + 1) & mask) {
    const size_t home = index_[next].hash & mask;
    const bool stays = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next);
    if (!stays) {
      index_[hole] = index_[next];
      hole = next;
    }
  }
  index_[hole] = IndexSlot{};
  --indexed_;
}

void FeedbackTracker::RebuildIndex(size_t capacity) {
  index_.assign(capacity, IndexSlot{});
  indexed_ = 0;
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].live) IndexInsert(entries_[i].hash, first_sequence_ + i);
  }
}

const FeedbackTracker::ClassSet* FeedbackTracker::FindClassSet(uint64_t generation) const {
  for (const ClassSet& set : class_sets_) {
    if (set.generation == generation) return &set;
  }
  return nullptr;
}

void FeedbackTracker::AcquireClassSet(uint64_t generation, const std::vector<std::string>& classes) {
  for (ClassSet& set : class_sets_) {
    if (set.generation == generation) {
      ++set.entries;
      return;
    }
  }
  class_sets_.push_back(ClassSet{generation, classes, 1});
}

void FeedbackTracker::ReleaseClassSet(uint64_t generation) {
  for (size_t i = 0; i < class_sets_.size(); ++i) {
    if (class_sets_[i].generation == generation && --class_sets_[i].entries == 0) {
      class_sets_.erase(class_sets_.begin() + static_cast<std::ptrdiff_t>(i));
      return;
    }
  }
}

void FeedbackTracker::DropFront() {
  Entry& oldest = entries_.front();
  if (oldest.live) {
    held_ -= oldest.predicted.size();
    IndexEraseSlot(SlotOf(oldest.hash, first_sequence_));
    ReleaseClassSet(oldest.generation);
  } else {
    --dead_;
  }
  entries_.pop_front();
  ++first_sequence_;
}

void FeedbackTracker::Compact() {
  std::deque<Entry> live;
  for (Entry& e : entries_) {
    if (e.live) live.push_back(std::move(e));
  }
  entries_ = std::move(live);
  first_sequence_ = 0;
  dead_ = 0;
  RebuildIndex(index_.size());
}

void FeedbackTracker::Remember(const std::string& request_id, uint64_t generation,
                               const std::vector<std::string>& classes, const std::vector<int>& predicted) {
  if (request_id.empty()) return;
  const uint64_t hash = HashId(request_id);
  std::lock_guard<std::mutex> lock(mutex_);
  if (const int64_t slot = FindSlot(request_id, hash); slot >= 0) {  // a reused id replaces the older prediction
    Entry& older = EntryAt(static_cast<size_t>(slot));
    held_ -= older.predicted.size();
    older.live = false;
    ++dead_;
    ReleaseClassSet(older.generation);
    IndexEraseSlot(static_cast<size_t>(slot));
    std::vector<int>().swap(older.predicted);  // a dead entry waits in the queue without its data
    std::string().swap(older.request_id);
  }
  if (!predicted.empty() && predicted.size() <= capacity_) {
    // Grown before the entry is queued: the rebuild indexes every live entry.
    if ((indexed_ + 1) * 2 > index_.size()) RebuildIndex(index_.size() * 2);
    entries_.push_back(Entry{request_id, hash, generation, predicted});
    IndexInsert(hash, first_sequence_ + entries_.size() - 1);
    AcquireClassSet(generation, classes);
    held_ += predicted.size();
  }
  while (held_ > capacity_ || (!entries_.empty() && !entries_.front().live)) DropFront();
  // Replaced entries behind a live one would otherwise pile up when clients reuse their ids.
  if (dead_ > 1024 && dead_ * 2 > entries_.size()) Compact();
}

Result<FeedbackOutcome> FeedbackTracker::Record(const std::string& request_id,
                                                const std::vector<std::optional<std::string>>& labels) {
  std::lock_guard<std::mutex> lock(mutex_);
  const int64_t slot = FindSlot(request_id, HashId(request_id));
  const ClassSet* set = slot < 0 ? nullptr : FindClassSet(EntryAt(static_cast<size_t>(slot)).generation);
  if (set == nullptr) {
    return ResourceNotFound("no prediction with request id '" + request_id +
                            "' is remembered (unknown, or older than the last " + std::to_string(capacity_) +
                            " predictions)");
  }
  Entry& entry = EntryAt(static_cast<size_t>(slot));
  const std::vector<std::string>& classes = set->classes;
  if (entry.answered) return Conflict("feedback for request id '" + request_id + "' was already recorded");
  if (labels.size() != entry.predicted.size()) {
    return InvalidInput("request '" + request_id + "' scored " + std::to_string(entry.predicted.size()) +
                        " texts; got " + std::to_string(labels.size()) + " labels");
  }
  std::vector<std::pair<int, int>> pairs;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (!labels[i]) continue;
    int truth = -1;
    for (size_t c = 0; c < classes.size(); ++c) {
      if (classes[c] == *labels[i]) truth = static_cast<int>(c);
    }
    if (truth < 0) {
      std::string known;
      for (const auto& c : classes) known += (known.empty() ? "" : ", ") + c;
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
