#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <thread>

#include "fake_mlflow.h"
#include "mlflow/fluent/async_logger.h"
#include "mlflow/fluent/server_backend.h"
#include "support/fakes.h"

using namespace mlflow;
using namespace std::chrono_literals;

namespace {

// Records every batch; can hold batches at a gate, or fail them.
class RecordingSink final : public LogSink {
 public:
  Status LogBatch(const LogBatchRequest& batch) override {
    std::unique_lock<std::mutex> lock(mutex_);
    gate_cv_.wait(lock, [&] { return open_; });
    batches_.push_back(batch);
    if (fail_next_ > 0) {
      --fail_next_;
      return Status(ErrorCode::kInvalidParameterValue, "rejected by the fake");
    }
    return Status::Ok();
  }
  Status Sync() override {
    std::lock_guard<std::mutex> lock(mutex_);
    ++syncs_;
    return Status::Ok();
  }
  void Close() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = false;
  }
  void Open() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      open_ = true;
    }
    gate_cv_.notify_all();
  }
  void FailNext(int count) {
    std::lock_guard<std::mutex> lock(mutex_);
    fail_next_ = count;
  }
  std::vector<LogBatchRequest> batches() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return batches_;
  }
  std::vector<Metric> metrics() const {
    std::vector<Metric> all;
    for (const auto& b : batches()) all.insert(all.end(), b.metrics.begin(), b.metrics.end());
    return all;
  }
  int syncs() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return syncs_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable gate_cv_;
  bool open_ = true;
  int fail_next_ = 0;
  int syncs_ = 0;
  std::vector<LogBatchRequest> batches_;
};

}  // namespace

TEST_CASE("points arrive in log order, in batches within the server's limits") {
  auto sink = std::make_shared<RecordingSink>();
  AsyncLogger logger(sink, "run1");
  for (int step = 0; step < 2500; ++step) {
    for (int k = 0; k < 10; ++k) REQUIRE(logger.LogMetric("metric_" + std::to_string(k), step * 10 + k, step).ok());
  }
  REQUIRE(logger.Flush().ok());
  auto metrics = sink->metrics();
  REQUIRE(metrics.size() == 25000);
  for (size_t i = 0; i < metrics.size(); ++i) {
    REQUIRE(metrics[i].value == static_cast<double>(i));
    REQUIRE(metrics[i].step == static_cast<int64_t>(i / 10));
    REQUIRE(metrics[i].key == "metric_" + std::to_string(i % 10));
    REQUIRE(metrics[i].timestamp > 0);
  }
  for (const auto& batch : sink->batches()) {
    CHECK(batch.run_id == "run1");
    CHECK(batch.metrics.size() <= 1000);
    CHECK(batch.params.empty());
  }
  auto stats = logger.stats();
  CHECK(stats.logged == 25000);
  CHECK(stats.sent == 25000);
  CHECK(stats.failed == 0);
  CHECK(sink->syncs() >= 1);
}

TEST_CASE("points from several threads keep each thread's order") {
  auto sink = std::make_shared<RecordingSink>();
  AsyncLoggerOptions options;
  options.queue_capacity = 500;  // small: producers block and wait for the sender
  AsyncLogger logger(sink, "run1", options);
  std::atomic<int> failures{0};  // Catch2 assertions are not thread-safe: count, check after
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&logger, &failures, t] {
      for (int i = 0; i < 5000; ++i) {
        if (!logger.LogMetric("thread_" + std::to_string(t), i, i).ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(failures == 0);
  REQUIRE(logger.Flush().ok());
  std::map<std::string, int64_t> next;
  for (const auto& metric : sink->metrics()) {
    CHECK(metric.step == next[metric.key]);
    ++next[metric.key];
  }
  for (int t = 0; t < 4; ++t) CHECK(next["thread_" + std::to_string(t)] == 5000);
}

TEST_CASE("a partial batch goes out after max_batch_delay without a flush") {
  auto sink = std::make_shared<RecordingSink>();
  AsyncLoggerOptions options;
  options.max_batch_delay = 20ms;
  AsyncLogger logger(sink, "run1", options);
  REQUIRE(logger.LogMetric("loss", 1.0).ok());
  for (int i = 0; i < 500 && sink->metrics().empty(); ++i) std::this_thread::sleep_for(2ms);
  CHECK(sink->metrics().size() == 1);
}

TEST_CASE("explicit timestamps are kept; NaN values pass") {
  auto sink = std::make_shared<RecordingSink>();
  AsyncLogger logger(sink, "run1");
  REQUIRE(logger.LogMetric("m", std::numeric_limits<double>::quiet_NaN(), 3, 12345).ok());
  REQUIRE(logger.Flush().ok());
  auto metrics = sink->metrics();
  REQUIRE(metrics.size() == 1);
  CHECK(metrics[0].timestamp == 12345);
  CHECK(std::isnan(metrics[0].value));
}

TEST_CASE("invalid keys and values fail at the call, before anything is queued") {
  auto sink = std::make_shared<RecordingSink>();
  AsyncLogger logger(sink, "run1");
  CHECK(logger.LogMetric("bad key!", 1).code() == ErrorCode::kInvalidParameterValue);
  CHECK(logger.LogMetric("/leading", 1).code() == ErrorCode::kInvalidParameterValue);
  CHECK(logger.LogMetric("a/../b", 1).code() == ErrorCode::kInvalidParameterValue);
  CHECK(logger.LogParam("p", std::string(6001, 'x')).code() == ErrorCode::kInvalidParameterValue);
  CHECK(logger.SetTag("", "v").code() == ErrorCode::kInvalidParameterValue);
  REQUIRE(logger.Flush().ok());
  CHECK(sink->batches().empty());
  CHECK(logger.stats().logged == 0);
}

TEST_CASE("params and tags are sent apart from metrics, ≤100 of each per batch") {
  auto sink = std::make_shared<RecordingSink>();
  AsyncLogger logger(sink, "run1");
  REQUIRE(logger.LogMetric("m", 1).ok());
  for (int i = 0; i < 250; ++i) REQUIRE(logger.LogParam("p" + std::to_string(i), "v").ok());
  for (int i = 0; i < 150; ++i) REQUIRE(logger.SetTag("t" + std::to_string(i), "v").ok());
  REQUIRE(logger.LogParam("p0", "v").ok());  // same key again: must not share a request
  REQUIRE(logger.Flush().ok());
  size_t params = 0, tags = 0;
  for (const auto& batch : sink->batches()) {
    CHECK(batch.params.size() <= 100);
    CHECK(batch.tags.size() <= 100);
    CHECK((batch.metrics.empty() || (batch.params.empty() && batch.tags.empty())));
    std::set<std::string> keys;
    for (const auto& p : batch.params) CHECK(keys.insert(p.key).second);
    params += batch.params.size();
    tags += batch.tags.size();
  }
  CHECK(params == 251);
  CHECK(tags == 150);
}

TEST_CASE("Flush reports failures once, with the number of points lost") {
  auto sink = std::make_shared<RecordingSink>();
  AsyncLogger logger(sink, "run1");
  sink->FailNext(1);
  for (int i = 0; i < 10; ++i) REQUIRE(logger.LogMetric("m", i, i).ok());
  Status flushed = logger.Flush();
  CHECK(flushed.code() == ErrorCode::kInvalidParameterValue);
  CHECK(flushed.message().find("10 item(s)") != std::string::npos);
  CHECK(logger.stats().failed == 10);
  REQUIRE(logger.LogMetric("m", 11, 11).ok());
  CHECK(logger.Flush().ok());  // the failure was reported already
}

TEST_CASE("a full queue blocks the caller by default until the sender makes room") {
  auto sink = std::make_shared<RecordingSink>();
  AsyncLoggerOptions options;
  options.queue_capacity = 10;
  options.max_metrics_per_batch = 10;
  AsyncLogger logger(sink, "run1", options);
  sink->Close();
  std::atomic<int> logged{0};
  std::atomic<int> failures{0};
  std::thread producer([&] {
    for (int i = 0; i < 50; ++i) {
      if (!logger.LogMetric("m", i, i).ok()) ++failures;
      ++logged;
    }
  });
  std::this_thread::sleep_for(100ms);
  int while_stuck = logged.load();
  CHECK(while_stuck <= 20);  // ≤10 held by the gated sender + ≤10 queued
  CHECK(while_stuck >= 10);
  sink->Open();
  producer.join();
  CHECK(failures == 0);
  REQUIRE(logger.Flush().ok());
  CHECK(sink->metrics().size() == 50);
  CHECK(logger.stats().dropped == 0);
}

TEST_CASE("with QueueFullPolicy::kDrop a full queue drops and counts") {
  auto sink = std::make_shared<RecordingSink>();
  AsyncLoggerOptions options;
  options.queue_capacity = 10;
  options.max_metrics_per_batch = 10;
  options.when_full = QueueFullPolicy::kDrop;
  AsyncLogger logger(sink, "run1", options);
  sink->Close();
  int accepted = 0, dropped = 0;
  for (int i = 0; i < 100; ++i) {
    Status status = logger.LogMetric("m", i, i);
    if (status.ok()) {
      ++accepted;
    } else {
      CHECK(status.code() == ErrorCode::kResourceExhausted);
      ++dropped;
    }
  }
  sink->Open();
  REQUIRE(logger.Flush().ok());
  CHECK(dropped > 0);
  CHECK(accepted <= 20);
  CHECK(logger.stats().dropped == static_cast<uint64_t>(dropped));
  CHECK(sink->metrics().size() == static_cast<size_t>(accepted));
}

TEST_CASE("after Close, log calls fail with INVALID_STATE; Close is idempotent") {
  auto sink = std::make_shared<RecordingSink>();
  AsyncLogger logger(sink, "run1");
  REQUIRE(logger.LogMetric("m", 1).ok());
  REQUIRE(logger.Close().ok());
  CHECK(sink->metrics().size() == 1);
  CHECK(logger.LogMetric("m", 2).code() == ErrorCode::kInvalidState);
  CHECK(logger.Close().ok());
}

TEST_CASE("a retried batch resends the same points, so the server keeps one copy") {
  auto fake = std::make_shared<testing::FakeMlflow>();
  testing::RecordingSleeper sleeper;
  transport::RetryPolicy policy;
  policy.max_retries = 3;
  auto channel = std::make_shared<transport::RetryingRestChannel>(fake, policy, sleeper.AsSleeper());
  auto backend = std::make_shared<ServerBackend>(MlflowClient(channel));
  RunStartRequest start;
  start.start_time = 1;
  auto run = backend->StartRun(start);
  REQUIRE(run.ok());

  SECTION("response lost after the server applied the batch") { fake->LoseLogBatchResponses(1); }
  SECTION("server unavailable twice") {
    fake->FailLogBatches(2, Status(ErrorCode::kTemporarilyUnavailable, "TEMPORARILY_UNAVAILABLE", "busy", 503));
  }
  AsyncLogger logger(backend, run->run_id);
  for (int i = 0; i < 1500; ++i) REQUIRE(logger.LogMetric("loss", 1.0 / (i + 1), i).ok());
  REQUIRE(logger.Flush().ok());
  auto bodies = fake->raw_bodies();
  REQUIRE(bodies.size() >= 3);
  CHECK(bodies[0] == bodies[1]);  // the retry carried the very same points and timestamps
  auto stored = fake->run(run->run_id);
  REQUIRE(stored.metrics.size() == 1500);
  for (size_t i = 0; i < stored.metrics.size(); ++i) CHECK(std::get<3>(stored.metrics[i]) == static_cast<int64_t>(i));
  CHECK_FALSE(sleeper.delays().empty());
}
