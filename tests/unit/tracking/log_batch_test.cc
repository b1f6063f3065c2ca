// ChunkLogBatch / ValidateLogBatch / TrackingApi::LogBatch: limits, order, size, and
// "validate everything before sending anything".
#include <catch2/catch.hpp>

#include <limits>
#include <set>

#include "mlflow/core/validation.h"
#include "mlflow/tracking/log_batch.h"
#include "support/fakes.h"

using namespace mlflow;
using mlflow::testing::FakeRestChannel;
using mlflow::testing::RecordedCall;

namespace {

constexpr const char* kRun = "0123456789abcdef0123456789abcdef";
constexpr const char* kLogBatchPath = "/api/2.0/mlflow/runs/log-batch";

LogBatchRequest MakeBatch(size_t metrics, size_t params, size_t tags, size_t value_size = 4) {
  LogBatchRequest request;
  request.run_id = kRun;
  for (size_t i = 0; i < metrics; ++i) {
    request.metrics.push_back({"m" + std::to_string(i % 7), static_cast<double>(i), 1000 + static_cast<int64_t>(i),
                               static_cast<int64_t>(i), "", "", ""});
  }
  for (size_t i = 0; i < params; ++i) request.params.push_back({"p" + std::to_string(i), std::string(value_size, 'p')});
  for (size_t i = 0; i < tags; ++i) request.tags.push_back({"t" + std::to_string(i), std::string(value_size, 't')});
  return request;
}

// Every chunk within the limits, and the chunks concatenated give back the input in order.
void CheckChunks(const LogBatchRequest& request, const std::vector<LogBatchRequest>& chunks) {
  LogBatchRequest joined;
  for (const auto& chunk : chunks) {
    CHECK(chunk.run_id == request.run_id);
    CHECK(chunk.metrics.size() <= 1000);
    CHECK(chunk.params.size() <= 100);
    CHECK(chunk.tags.size() <= 100);
    CHECK(chunk.metrics.size() + chunk.params.size() + chunk.tags.size() <= 1000);
    CHECK(chunk.metrics.size() + chunk.params.size() + chunk.tags.size() > 0);
    CHECK(DumpJson(EncodeLogBatch(chunk)).size() <= validation::kMaxBatchBodyBytes);
    std::set<std::string> keys;
    for (const auto& param : chunk.params) CHECK(keys.insert(param.key).second);
    joined.metrics.insert(joined.metrics.end(), chunk.metrics.begin(), chunk.metrics.end());
    joined.params.insert(joined.params.end(), chunk.params.begin(), chunk.params.end());
    joined.tags.insert(joined.tags.end(), chunk.tags.begin(), chunk.tags.end());
  }
  REQUIRE(joined.metrics.size() == request.metrics.size());
  REQUIRE(joined.params.size() == request.params.size());
  REQUIRE(joined.tags.size() == request.tags.size());
  for (size_t i = 0; i < request.metrics.size(); ++i)
    CHECK(joined.metrics[i].timestamp == request.metrics[i].timestamp);
  for (size_t i = 0; i < request.params.size(); ++i) CHECK(joined.params[i].key == request.params[i].key);
  for (size_t i = 0; i < request.tags.size(); ++i) CHECK(joined.tags[i].key == request.tags[i].key);
}

}  // namespace

TEST_CASE("an empty batch needs no request", "[log_batch]") { CHECK(ChunkLogBatch(MakeBatch(0, 0, 0)).empty()); }

TEST_CASE("a batch at the limits is one request; one more entity makes two", "[log_batch]") {
  CHECK(ChunkLogBatch(MakeBatch(1000, 0, 0)).size() == 1);
  CHECK(ChunkLogBatch(MakeBatch(0, 100, 100)).size() == 1);
  CHECK(ChunkLogBatch(MakeBatch(800, 100, 100)).size() == 1);
  auto metrics = ChunkLogBatch(MakeBatch(1001, 0, 0));
  REQUIRE(metrics.size() == 2);
  CHECK(metrics[1].metrics.size() == 1);
  CHECK(ChunkLogBatch(MakeBatch(0, 101, 0)).size() == 2);
  CHECK(ChunkLogBatch(MakeBatch(0, 0, 101)).size() == 2);
  auto total = ChunkLogBatch(MakeBatch(801, 100, 100));  // 1001 entities
  REQUIRE(total.size() == 2);
  CHECK(total[0].metrics.size() == 800);
  CHECK(total[1].metrics.size() == 1);
}

TEST_CASE("2,500 metrics + 250 params + 250 tags chunk within every limit, in order", "[log_batch]") {
  LogBatchRequest request = MakeBatch(2500, 250, 250);
  auto chunks = ChunkLogBatch(request);
  CheckChunks(request, chunks);
  // 100p+100t+800m, 100p+100t+800m, 50p+50t+900m: every request full at 1000 entities.
  REQUIRE(chunks.size() == 3);
  CHECK(chunks[0].params.size() == 100);
  CHECK(chunks[0].tags.size() == 100);
  CHECK(chunks[0].metrics.size() == 800);
  CHECK(chunks[2].params.size() == 50);
  CHECK(chunks[2].tags.size() == 50);
  CHECK(chunks[2].metrics.size() == 900);
}

TEST_CASE("large values split requests at the 1 MB body limit", "[log_batch]") {
  LogBatchRequest request = MakeBatch(0, 100, 100, 6000);
  request.tags.clear();
  for (int i = 0; i < 100; ++i) request.tags.push_back({"t" + std::to_string(i), std::string(8000, 't')});
  // 100 x ~6 KB params + 100 x ~8 KB tags ~= 1.4 MB: more than one request.
  auto chunks = ChunkLogBatch(request);
  CHECK(chunks.size() == 2);
  CheckChunks(request, chunks);
  CHECK(DumpJson(EncodeLogBatch(chunks[0])).size() > 900000);
}

TEST_CASE("a repeated param key starts a new request", "[log_batch]") {
  LogBatchRequest request = MakeBatch(3, 0, 0);
  request.params = {{"a", "1"}, {"b", "2"}, {"a", "1"}, {"c", "3"}};
  auto chunks = ChunkLogBatch(request);
  REQUIRE(chunks.size() == 2);
  CHECK(chunks[0].params.size() == 2);
  CHECK(chunks[0].metrics.size() == 3);
  CHECK(chunks[1].params.size() == 2);
  CHECK(chunks[1].params[0].key == "a");
  CheckChunks(request, chunks);
}

TEST_CASE("metric NaN and Infinity are encoded as MLflow's strings", "[log_batch]") {
  LogBatchRequest request;
  request.run_id = kRun;
  request.metrics.push_back({"m", std::numeric_limits<double>::quiet_NaN(), 1, 0, "", "", ""});
  request.metrics.push_back({"m", std::numeric_limits<double>::infinity(), 2, 1, "", "", ""});
  request.metrics.push_back({"m", -std::numeric_limits<double>::infinity(), 3, 2, "", "", ""});
  Json body = EncodeLogBatch(request);
  CHECK(body["metrics"][0]["value"] == "NaN");
  CHECK(body["metrics"][1]["value"] == "Infinity");
  CHECK(body["metrics"][2]["value"] == "-Infinity");
  CHECK(DumpJson(body).find("null") == std::string::npos);
}

TEST_CASE("ValidateLogBatch names the bad entry", "[log_batch]") {
  LogBatchRequest request = MakeBatch(5, 3, 3);
  request.metrics[4].key = "bad key!";
  Status status = ValidateLogBatch(request);
  REQUIRE_FALSE(status.ok());
  CHECK_THAT(status.message(), Catch::StartsWith("metrics[4]: invalid metric key 'bad key!'"));

  request = MakeBatch(0, 3, 0);
  request.params[2].value = std::string(7000, 'x');
  CHECK_THAT(ValidateLogBatch(request).message(), Catch::StartsWith("params[2]: param value for key 'p2'"));

  request = MakeBatch(0, 0, 2);
  request.tags[1].key = "/abs";
  CHECK_THAT(ValidateLogBatch(request).message(), Catch::StartsWith("tags[1]: invalid tag key '/abs'"));

  request = MakeBatch(1, 0, 0);
  request.run_id = "";
  CHECK_THAT(ValidateLogBatch(request).message(), Catch::Contains("invalid run id"));
}

TEST_CASE("the same param twice must carry the same value", "[log_batch]") {
  LogBatchRequest request = MakeBatch(0, 0, 0);
  request.params = {{"lr", "0.1"}, {"depth", "3"}, {"lr", "0.1"}};
  CHECK(ValidateLogBatch(request).ok());
  request.params.push_back({"lr", "0.2"});
  Status status = ValidateLogBatch(request);
  REQUIRE_FALSE(status.ok());
  CHECK_THAT(status.message(), Catch::Contains("params[3]: param 'lr' is given the value '0.2' but params[0]"));
}

TEST_CASE("LogBatch validates everything before sending anything", "[log_batch]") {
  auto channel = std::make_shared<FakeRestChannel>();
  TrackingApi api(channel);
  LogBatchRequest request = MakeBatch(2500, 10, 10);
  request.metrics[2499].timestamp = -5;  // the last entry of the last chunk is bad
  Status status = api.LogBatch(request);
  REQUIRE_FALSE(status.ok());
  CHECK(status.code() == ErrorCode::kInvalidParameterValue);
  CHECK(channel->calls().empty());
}

TEST_CASE("LogBatch sends every chunk and reports a failing one with context", "[log_batch]") {
  int calls = 0;
  auto channel = std::make_shared<FakeRestChannel>([&calls](const RecordedCall&) -> Result<Json> {
    if (++calls == 2) return Status(ErrorCode::kInternalError, "disk full", 500);
    return Json::object();
  });
  TrackingApi api(channel);
  Status status = api.LogBatch(MakeBatch(2500, 0, 0));
  REQUIRE_FALSE(status.ok());
  CHECK(status.code() == ErrorCode::kInternalError);
  CHECK(status.http_status() == 500);
  CHECK_THAT(status.message(), Catch::StartsWith("log_batch request 2 of 3 failed (1 earlier requests were stored)"));
  CHECK_THAT(status.message(), Catch::EndsWith("disk full"));

  auto ok_channel = std::make_shared<FakeRestChannel>();
  TrackingApi ok_api(ok_channel);
  REQUIRE(ok_api.LogBatch(MakeBatch(2500, 250, 250)).ok());
  auto sent = ok_channel->CallsTo(kLogBatchPath);
  REQUIRE(sent.size() == 3);
  size_t metrics = 0;
  for (const auto& call : sent) {
    CHECK(call.request["run_id"] == kRun);
    metrics += call.request["metrics"].size();
  }
  CHECK(metrics == 2500);
}
