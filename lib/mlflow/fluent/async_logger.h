// AsyncLogger: log calls that return at once, for one run.
//
// A log call validates its key (bad keys fail immediately with INVALID_PARAMETER_VALUE),
// stamps the point with the current time, and appends it to a bounded queue; it never waits
// for the network. One background thread per logger takes points off the queue in order and
// hands them to a LogSink as batches within the server's limits (≤1000 metrics, ≤100 params,
// ≤100 tags, < 1 MB): full batches go out as soon as they fill, a partial one after
// `max_batch_delay`. Metric batches and param/tag batches are sent separately, so a rejected
// param cannot take metrics down with it.
//
// Flush() waits until everything logged before it was handed to the sink and acknowledged,
// then asks the sink to make it durable; it returns the failures seen since the previous
// Flush() (the first error, with the number of points lost). Retries of a batch resend the
// same points with the same timestamps (the transport's retry loop resends the same body), so
// a retry after a lost response does not duplicate points: the server ignores the copy.
//
// A full queue blocks the caller until the sender makes room (default), or, with
// QueueFullPolicy::kDrop, discards the point, counts it in stats().dropped and returns
// RESOURCE_EXHAUSTED. Nothing is ever dropped silently.
//
// Thread safety: every method may be called from any thread. Close() (and the destructor)
// flush and stop the sender; log calls after Close() fail with INVALID_STATE.
// Cost: a log call takes one short critical section and no heap allocation once its key has
// been seen (keys are interned; the queue is a preallocated ring).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "mlflow/core/status.h"
#include "mlflow/fluent/run_backend.h"

namespace mlflow {

enum class QueueFullPolicy {
  kBlock,  // wait for room (default): no point is lost
  kDrop,   // discard the point, count it, return RESOURCE_EXHAUSTED
};

struct AsyncLoggerOptions {
  // Metric points accepted but not yet handed to the sink (params and tags have a queue of the
  // same size). Default: 100,000 points (3.2 MB, allocated up front).
  size_t queue_capacity = 100000;
  // Default: kBlock.
  QueueFullPolicy when_full = QueueFullPolicy::kBlock;
  // How long a partial batch waits for more points before it is sent. Default: 200 ms.
  std::chrono::milliseconds max_batch_delay{200};
  // Metrics per request, at most the server's 1000. Default: 1000.
  size_t max_metrics_per_batch = 1000;
};

struct AsyncLoggerStats {
  uint64_t logged = 0;   // points, params and tags accepted by log calls
  uint64_t sent = 0;     // acknowledged by the sink
  uint64_t failed = 0;   // handed to the sink, which reported an error
  uint64_t dropped = 0;  // discarded on a full queue (QueueFullPolicy::kDrop)
  uint64_t batches = 0;  // LogBatch calls made
};

class AsyncLogger {
 public:
  // Starts the sender thread. `sink` must outlive nothing: the logger shares its ownership.
  AsyncLogger(std::shared_ptr<LogSink> sink, std::string run_id, AsyncLoggerOptions options = {});
  ~AsyncLogger();  // Close(); its status is lost here: call Close() to see it
  AsyncLogger(const AsyncLogger&) = delete;
  AsyncLogger& operator=(const AsyncLogger&) = delete;

  // Timestamp: now (ms since the epoch).
  Status LogMetric(std::string_view key, double value, int64_t step = 0);
  Status LogMetric(std::string_view key, double value, int64_t step, int64_t timestamp_ms);
  Status LogParam(std::string_view key, std::string_view value);
  Status SetTag(std::string_view key, std::string_view value);

  Status Flush();
  // Sends everything still queued, stops the sender and reports like Flush(). Idempotent.
  Status Close();

  AsyncLoggerStats stats() const;
  const std::string& run_id() const { return run_id_; }

 private:
  struct Point {
    uint32_t key;
    double value;
    int64_t timestamp;
    int64_t step;
  };
  struct KeyValue {
    bool is_param;
    std::string key;
    std::string value;
  };

  Status Enqueue(std::string_view key, double value, int64_t step, int64_t timestamp_ms);
  Status EnqueueKeyValue(bool is_param, std::string_view key, std::string_view value);
  // Waits for room under `lock`; false when the point must not be queued (*status says why).
  bool WaitForRoom(std::unique_lock<std::mutex>& lock, bool key_value_queue, Status* status);
  void SenderLoop();
  void SendPoints(std::unique_lock<std::mutex>& lock);
  void SendKeyValues(std::unique_lock<std::mutex>& lock);
  void Complete(uint64_t count, const Status& status);  // under mutex_
  Status TakeReport();                                  // under mutex_

  const std::shared_ptr<LogSink> sink_;
  const std::string run_id_;
  const AsyncLoggerOptions options_;
  const size_t run_id_json_size_;

  mutable std::mutex mutex_;
  std::condition_variable work_cv_;  // wakes the sender
  std::condition_variable room_cv_;  // wakes callers blocked on a full queue
  std::condition_variable done_cv_;  // wakes Flush() callers
  std::vector<Point> ring_;          // capacity slots; [head_, head_ + count_) are queued
  size_t head_ = 0;
  size_t tail_ = 0;
  size_t count_ = 0;
  std::vector<KeyValue> key_values_;
  std::map<std::string, uint32_t, std::less<>> key_ids_;
  std::vector<std::string> keys_;  // by id; append-only
  std::vector<size_t> key_sizes_;  // JSON size of each key
  bool sender_waiting_ = false;
  bool flush_requested_ = false;
  bool stopping_ = false;
  bool closed_ = false;
  int blocked_callers_ = 0;
  int flush_waiters_ = 0;
  uint64_t enqueued_ = 0;
  uint64_t completed_ = 0;
  AsyncLoggerStats stats_;
  Status first_error_;            // first failure since the last report
  uint64_t reported_failed_ = 0;  // stats_.failed at the last report

  // Sender-thread state (no lock needed).
  std::vector<std::string> sender_keys_;
  std::vector<Point> taken_;
  LogBatchRequest scratch_;
  std::thread sender_;
};

}  // namespace mlflow
