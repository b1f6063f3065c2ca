// FakeMlflow: an in-memory MLflow tracking server behind the RestChannel interface, for the
// fluent layer's unit tests. It answers the calls the fluent layer and the journal sync make
// (experiments get-by-name/create, runs create/get/update/search by one tag, log-batch through
// Call() and Send()), keeps metric points the way the SQL store does (an identical point is
// ignored, history in arrival order), and injects faults: failing the next N log-batch calls,
// or applying them and then losing the response. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "mlflow/core/json.h"
#include "mlflow/tracking/entities.h"
#include "mlflow/transport/endpoints.h"
#include "mlflow/transport/rest_channel.h"

namespace mlflow::testing {

// A metric point (Metric has optional fields beyond these four).
inline mlflow::Metric Point(std::string key, double value, int64_t timestamp, int64_t step) {
  mlflow::Metric metric;
  metric.key = std::move(key);
  metric.value = value;
  metric.timestamp = timestamp;
  metric.step = step;
  return metric;
}

struct FakeRun {
  std::string run_id;
  std::string experiment_id;
  std::string run_name;
  std::string status = "RUNNING";
  int64_t start_time = 0;
  int64_t end_time = 0;
  std::map<std::string, std::string> tags;
  std::map<std::string, std::string> params;
  std::vector<std::tuple<std::string, double, int64_t, int64_t>> metrics;  // key, value, ts, step
  std::set<std::tuple<std::string, std::string, int64_t, int64_t>> seen;   // value as text (NaN == NaN)
};

class FakeMlflow final : public transport::RestChannel {
 public:
  // After `after` more successful log-batch calls, the next `count` fail with `error` without
  // applying anything.
  void FailLogBatches(int count, Status error, int after = 0) {
    std::lock_guard<std::mutex> lock(mutex_);
    fail_batches_ = count;
    fail_after_ = after;
    fail_error_ = std::move(error);
  }
  // The next `count` log-batch calls are applied, then answered with a connection error.
  void LoseLogBatchResponses(int count) {
    std::lock_guard<std::mutex> lock(mutex_);
    lose_batches_ = count;
  }

  Result<Json> Call(const transport::Endpoint& endpoint, const Json& request,
                    const transport::PathParams& /*path_params*/ = {}) override {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string path = endpoint.path;
    ++calls_[path];
    namespace ep = transport::endpoints;
    if (path == ep::kGetExperimentByName.path) {
      std::string name = GetString(request, "experiment_name");
      for (const auto& [id, experiment_name] : experiments_) {
        if (experiment_name == name) return Json{{"experiment", ExperimentJson(id)}};
      }
      return Status(ErrorCode::kResourceDoesNotExist, "RESOURCE_DOES_NOT_EXIST",
                    "Could not find experiment with name '" + name + "'", 404);
    }
    if (path == ep::kCreateExperiment.path) {
      std::string id = std::to_string(experiments_.size() + 1);
      experiments_[id] = GetString(request, "name");
      return Json{{"experiment_id", id}};
    }
    if (path == ep::kCreateRun.path) {
      FakeRun run;
      run.run_id = "run" + std::to_string(runs_.size() + 1) + "0000000000000000000000000000";
      run.experiment_id = GetString(request, "experiment_id");
      run.run_name = GetString(request, "run_name", "fake-run-" + std::to_string(runs_.size() + 1));
      run.start_time = GetInt64(request, "start_time");
      for (const Json& tag : GetArray(request, "tags")) run.tags[GetString(tag, "key")] = GetString(tag, "value");
      run.tags["mlflow.runName"] = run.run_name;
      run_order_.push_back(run.run_id);
      runs_[run.run_id] = run;
      return Json{{"run", RunJson(runs_[run.run_id])}};
    }
    if (path == ep::kGetRun.path) {
      auto it = runs_.find(GetString(request, "run_id"));
      if (it == runs_.end()) return Missing(GetString(request, "run_id"));
      return Json{{"run", RunJson(it->second)}};
    }
    if (path == ep::kUpdateRun.path) {
      auto it = runs_.find(GetString(request, "run_id"));
      if (it == runs_.end()) return Missing(GetString(request, "run_id"));
      if (request.contains("status")) it->second.status = GetString(request, "status");
      if (request.contains("end_time")) it->second.end_time = GetInt64(request, "end_time");
      return Json{{"run_info", RunJson(it->second)["info"]}};
    }
    if (path == ep::kSearchRuns.path) {
      // Supports the one filter sync uses: tags.`KEY` = 'VALUE'.
      std::string filter = GetString(request, "filter");
      size_t key_start = filter.find('`') + 1, key_end = filter.find('`', key_start);
      size_t value_start = filter.find('\'') + 1, value_end = filter.rfind('\'');
      std::string key = filter.substr(key_start, key_end - key_start);
      std::string value = filter.substr(value_start, value_end - value_start);
      Json runs = Json::array();
      for (const std::string& id : run_order_) {
        auto tag = runs_[id].tags.find(key);
        if (tag != runs_[id].tags.end() && tag->second == value) runs.push_back(RunJson(runs_[id]));
      }
      return Json{{"runs", runs}};
    }
    if (path == ep::kLogBatch.path) return ApplyBatch(request);
    return Status(ErrorCode::kEndpointNotFound, "fake has no " + path, 404);
  }

  Result<transport::HttpResponse> Send(transport::HttpRequest request, transport::Idempotency idempotency) override {
    if (request.url != transport::endpoints::kLogBatch.path) {
      return Status(ErrorCode::kEndpointNotFound, "fake has no raw " + request.url, 404);
    }
    auto body = ParseJson(request.body, "log-batch body");
    if (!body.ok()) return Status(ErrorCode::kBadRequest, "malformed JSON: " + body.status().message(), 400);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      raw_bodies_.push_back(request.body);
    }
    auto applied = Call(transport::endpoints::kLogBatch, *body);
    (void)idempotency;
    if (!applied.ok()) return applied.status();
    transport::HttpResponse response;
    response.status = 200;
    response.body = "{}";
    return response;
  }

  const std::string& base_url() const override { return base_url_; }

  FakeRun run(const std::string& run_id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = runs_.find(run_id);
    return it == runs_.end() ? FakeRun{} : it->second;
  }
  std::vector<std::string> run_ids() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return run_order_;
  }
  int calls(const char* path) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = calls_.find(path);
    return it == calls_.end() ? 0 : it->second;
  }
  std::vector<std::string> raw_bodies() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return raw_bodies_;
  }

 private:
  static Status Missing(const std::string& run_id) {
    return Status(ErrorCode::kResourceDoesNotExist, "RESOURCE_DOES_NOT_EXIST", "Run '" + run_id + "' not found", 404);
  }

  Json ExperimentJson(const std::string& id) const {
    return {{"experiment_id", id}, {"name", experiments_.at(id)}, {"lifecycle_stage", "active"}};
  }

  static Json RunJson(const FakeRun& run) {
    Json tags = Json::array();
    for (const auto& [k, v] : run.tags) tags.push_back({{"key", k}, {"value", v}});
    Json info = {{"run_id", run.run_id},       {"run_uuid", run.run_id}, {"experiment_id", run.experiment_id},
                 {"run_name", run.run_name},   {"status", run.status},   {"start_time", run.start_time},
                 {"lifecycle_stage", "active"}};
    if (run.end_time) info["end_time"] = run.end_time;
    return {{"info", info}, {"data", {{"tags", tags}}}};
  }

  Result<Json> ApplyBatch(const Json& request) {
    if (fail_batches_ > 0 && fail_after_ == 0) {
      --fail_batches_;
      return fail_error_;
    }
    if (fail_after_ > 0) --fail_after_;
    auto it = runs_.find(GetString(request, "run_id"));
    if (it == runs_.end()) return Missing(GetString(request, "run_id"));
    FakeRun& run = it->second;
    for (const Json& p : GetArray(request, "params")) {
      std::string key = GetString(p, "key"), value = GetString(p, "value");
      auto existing = run.params.find(key);
      if (existing != run.params.end() && existing->second != value) {
        return Status(ErrorCode::kInvalidParameterValue, "INVALID_PARAMETER_VALUE", "param " + key + " changed", 400);
      }
      run.params[key] = value;
    }
    for (const Json& t : GetArray(request, "tags")) run.tags[GetString(t, "key")] = GetString(t, "value");
    for (const Json& m : GetArray(request, "metrics")) {
      auto value = DecodeDouble(m.at("value"), "value");
      if (!value.ok()) return Status(ErrorCode::kBadRequest, "bad metric value", 400);
      auto point = std::make_tuple(GetString(m, "key"), DumpJson(EncodeDouble(*value)), GetInt64(m, "timestamp"),
                                   GetInt64(m, "step"));
      if (run.seen.insert(point).second) {
        run.metrics.emplace_back(GetString(m, "key"), *value, GetInt64(m, "timestamp"), GetInt64(m, "step"));
      }
    }
    if (lose_batches_ > 0) {
      --lose_batches_;
      return Status(ErrorCode::kConnectionError, "connection reset by peer (response lost)");
    }
    return Json::object();
  }

  mutable std::mutex mutex_;
  std::map<std::string, std::string> experiments_ = {{"0", "Default"}};
  std::map<std::string, FakeRun> runs_;
  std::vector<std::string> run_order_;
  std::map<std::string, int> calls_;
  std::vector<std::string> raw_bodies_;
  int fail_batches_ = 0;
  int fail_after_ = 0;
  Status fail_error_;
  int lose_batches_ = 0;
  std::string base_url_ = "http://fake-mlflow.invalid";
};

}  // namespace mlflow::testing
