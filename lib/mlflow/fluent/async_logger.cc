#include "mlflow/fluent/async_logger.h"

#include <algorithm>

#include "mlflow/core/clock.h"
#include "mlflow/core/validation.h"
#include "mlflow/fluent/log_batch_body.h"

namespace mlflow {
namespace {

// Room left for the entities of one body, with a margin under the server's limit.
constexpr size_t kBodyBudget = validation::kMaxBatchBodyBytes - 16 * 1024;

Status Closed() { return Status(ErrorCode::kInvalidState, "the async logger is closed: its run has ended"); }

}  // namespace

AsyncLogger::AsyncLogger(std::shared_ptr<LogSink> sink, std::string run_id, AsyncLoggerOptions options)
    : sink_(std::move(sink)),
      run_id_(std::move(run_id)),
      options_([&] {
        AsyncLoggerOptions o = options;
        o.queue_capacity = std::max<size_t>(o.queue_capacity, 1);
        o.max_metrics_per_batch = std::clamp<size_t>(o.max_metrics_per_batch, 1, validation::kMaxMetricsPerBatch);
        return o;
      }()),
      run_id_json_size_(fluent::JsonStringSize(run_id_)) {
  ring_.resize(options_.queue_capacity);
  taken_.reserve(options_.max_metrics_per_batch);
  sender_ = std::thread([this] { SenderLoop(); });
}

AsyncLogger::~AsyncLogger() { (void)Close(); }

Status AsyncLogger::LogMetric(std::string_view key, double value, int64_t step) {
  return Enqueue(key, value, step, NowMillis());
}

Status AsyncLogger::LogMetric(std::string_view key, double value, int64_t step, int64_t timestamp_ms) {
  return Enqueue(key, value, step, timestamp_ms);
}

Status AsyncLogger::LogParam(std::string_view key, std::string_view value) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateParam(key, value));
  return EnqueueKeyValue(true, key, value);
}

Status AsyncLogger::SetTag(std::string_view key, std::string_view value) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateRunTag(key, value));
  return EnqueueKeyValue(false, key, value);
}

bool AsyncLogger::WaitForRoom(std::unique_lock<std::mutex>& lock, bool key_value_queue, Status* status) {
  auto full = [&] {
    return key_value_queue ? key_values_.size() >= options_.queue_capacity : count_ == options_.queue_capacity;
  };
  if (stopping_) {
    *status = Closed();
    return false;
  }
  if (!full()) return true;
  if (options_.when_full == QueueFullPolicy::kDrop) {
    ++stats_.dropped;
    *status = Status(ErrorCode::kResourceExhausted, "async logging queue is full: point dropped");
    return false;
  }
  ++blocked_callers_;
  work_cv_.notify_one();
  room_cv_.wait(lock, [&] { return stopping_ || !full(); });
  --blocked_callers_;
  if (stopping_) {
    *status = Closed();
    return false;
  }
  return true;
}

Status AsyncLogger::Enqueue(std::string_view key, double value, int64_t step, int64_t timestamp_ms) {
  bool wake = false;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    auto found = key_ids_.find(key);
    uint32_t id = 0;
    if (found != key_ids_.end()) {
      id = found->second;
    } else {
      MLFLOW_RETURN_IF_ERROR(validation::ValidateKey("metric key", key));
      id = static_cast<uint32_t>(keys_.size());
      keys_.emplace_back(key);
      key_sizes_.push_back(fluent::JsonStringSize(key));
      key_ids_.emplace(keys_.back(), id);
    }
    Status status;
    if (!WaitForRoom(lock, false, &status)) return status;
    ring_[tail_] = Point{id, value, timestamp_ms, step};
    tail_ = tail_ + 1 == ring_.size() ? 0 : tail_ + 1;
    ++count_;
    ++enqueued_;
    ++stats_.logged;
    wake = sender_waiting_ && (count_ == 1 || count_ == options_.max_metrics_per_batch);
  }
  if (wake) work_cv_.notify_one();
  return Status::Ok();
}

Status AsyncLogger::EnqueueKeyValue(bool is_param, std::string_view key, std::string_view value) {
  bool wake = false;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    Status status;
    if (!WaitForRoom(lock, true, &status)) return status;
    key_values_.push_back(KeyValue{is_param, std::string(key), std::string(value)});
    ++enqueued_;
    ++stats_.logged;
    wake = sender_waiting_;
  }
  if (wake) work_cv_.notify_one();
  return Status::Ok();
}

void AsyncLogger::SenderLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    sender_waiting_ = true;
    work_cv_.wait(lock, [&] { return stopping_ || flush_requested_ || count_ > 0 || !key_values_.empty(); });
    // A partial batch waits a little for company, unless someone is waiting on it.
    if (!stopping_ && !flush_requested_ && blocked_callers_ == 0 && count_ < options_.max_metrics_per_batch) {
      work_cv_.wait_for(lock, options_.max_batch_delay, [&] {
        return stopping_ || flush_requested_ || blocked_callers_ > 0 || count_ >= options_.max_metrics_per_batch;
      });
    }
    sender_waiting_ = false;
    if (!key_values_.empty()) SendKeyValues(lock);
    if (count_ > 0) SendPoints(lock);
    if (count_ == 0 && key_values_.empty()) {
      flush_requested_ = false;
      if (stopping_) break;
    }
  }
}

// Takes up to one batch of points off the ring, releases their slots, sends them.
void AsyncLogger::SendPoints(std::unique_lock<std::mutex>& lock) {
  while (sender_keys_.size() < keys_.size()) sender_keys_.push_back(keys_[sender_keys_.size()]);
  const size_t capacity = ring_.size();
  size_t budget = kBodyBudget - fluent::BatchEnvelopeBytes(run_id_json_size_);
  size_t index = head_;
  taken_.clear();
  while (taken_.size() < count_ && taken_.size() < options_.max_metrics_per_batch) {
    const Point& point = ring_[index];
    size_t bytes = fluent::MetricBodyBytes(key_sizes_[point.key]);
    if (bytes > budget && !taken_.empty()) break;
    budget -= std::min(budget, bytes);
    taken_.push_back(point);
    index = index + 1 == capacity ? 0 : index + 1;
  }
  const size_t n = taken_.size();
  head_ = index;
  count_ -= n;
  if (blocked_callers_ > 0) room_cv_.notify_all();
  lock.unlock();

  scratch_.run_id = run_id_;
  scratch_.metrics.resize(n);  // the slots' strings keep their buffers from batch to batch
  for (size_t i = 0; i < n; ++i) {
    Metric& metric = scratch_.metrics[i];
    metric.key.assign(sender_keys_[taken_[i].key]);
    metric.value = taken_[i].value;
    metric.timestamp = taken_[i].timestamp;
    metric.step = taken_[i].step;
  }
  Status status = sink_->LogBatch(scratch_);
  lock.lock();
  Complete(n, status);
}

// Sends all queued params and tags, in batches of ≤100 params and ≤100 tags under 1 MB.
void AsyncLogger::SendKeyValues(std::unique_lock<std::mutex>& lock) {
  std::vector<KeyValue> items;
  items.swap(key_values_);
  if (blocked_callers_ > 0) room_cv_.notify_all();
  lock.unlock();
  size_t i = 0;
  while (i < items.size()) {
    LogBatchRequest batch;
    batch.run_id = run_id_;
    size_t budget = kBodyBudget - fluent::BatchEnvelopeBytes(run_id_json_size_);
    size_t taken = 0;
    while (i < items.size() && batch.params.size() + batch.tags.size() < validation::kMaxEntitiesPerBatch) {
      KeyValue& item = items[i];
      if (item.is_param ? batch.params.size() >= validation::kMaxParamsPerBatch
                        : batch.tags.size() >= validation::kMaxTagsPerBatch) {
        break;
      }
      // A param key twice in one request is an error even with the same value: split there.
      if (item.is_param &&
          std::any_of(batch.params.begin(), batch.params.end(), [&](const Param& p) { return p.key == item.key; })) {
        break;
      }
      size_t bytes = fluent::KeyValueBodyBytes(fluent::JsonStringSize(item.key), fluent::JsonStringSize(item.value));
      if (bytes > budget && taken > 0) break;
      budget -= std::min(budget, bytes);
      if (item.is_param) {
        batch.params.push_back(Param{std::move(item.key), std::move(item.value)});
      } else {
        batch.tags.push_back(RunTag{std::move(item.key), std::move(item.value)});
      }
      ++taken;
      ++i;
    }
    Status status = sink_->LogBatch(batch);
    lock.lock();
    Complete(taken, status);
    lock.unlock();
  }
  lock.lock();
}

void AsyncLogger::Complete(uint64_t count, const Status& status) {
  ++stats_.batches;
  completed_ += count;
  if (status.ok()) {
    stats_.sent += count;
  } else {
    stats_.failed += count;
    if (first_error_.ok()) first_error_ = status;
  }
  if (flush_waiters_ > 0) done_cv_.notify_all();
}

Status AsyncLogger::TakeReport() {
  uint64_t failed = stats_.failed - reported_failed_;
  if (failed == 0) return Status::Ok();
  Status error = first_error_;
  first_error_ = Status::Ok();
  reported_failed_ = stats_.failed;
  return error.WithContext("async logging: " + std::to_string(failed) + " item(s) of run " + run_id_ +
                           " were not logged");
}

Status AsyncLogger::Flush() {
  std::unique_lock<std::mutex> lock(mutex_);
  uint64_t target = enqueued_;
  if (completed_ < target) {
    flush_requested_ = true;
    ++flush_waiters_;
    work_cv_.notify_one();
    done_cv_.wait(lock, [&] { return completed_ >= target; });
    --flush_waiters_;
  }
  Status report = TakeReport();
  lock.unlock();
  Status synced = sink_->Sync();
  return report.ok() ? synced : report;
}

Status AsyncLogger::Close() {
  std::unique_lock<std::mutex> lock(mutex_);
  if (stopping_) {
    // Closed, or another thread is closing: wait for it to finish.
    ++flush_waiters_;
    done_cv_.wait(lock, [&] { return closed_; });
    --flush_waiters_;
    return TakeReport();
  }
  stopping_ = true;
  work_cv_.notify_one();
  room_cv_.notify_all();
  lock.unlock();
  sender_.join();  // the sender drains the queue before it exits
  lock.lock();
  closed_ = true;
  done_cv_.notify_all();
  Status report = TakeReport();
  lock.unlock();
  Status synced = sink_->Sync();
  return report.ok() ? synced : report;
}

AsyncLoggerStats AsyncLogger::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

}  // namespace mlflow
