// TrackingApi over a fake RestChannel: request shapes (proto field names), pagination, the
// create race of GetOrCreateExperiment, and validation before any call.
#include <catch2/catch.hpp>

#include <cmath>

#include "mlflow/tracking/tracking_api.h"
#include "support/fakes.h"

using namespace mlflow;
using mlflow::testing::FakeRestChannel;
using mlflow::testing::RecordedCall;

namespace {

constexpr const char* kRun = "ab643c295a514cf9b9f8611dcb7df79a";
const std::string kApi = "/api/2.0/mlflow/";

Json RunJson(const std::string& id) {
  return Json{{"info",
               {{"run_id", id},
                {"run_uuid", id},
                {"experiment_id", "1"},
                {"status", "RUNNING"},
                {"start_time", 5},
                {"lifecycle_stage", "active"}}},
              {"data", Json::object()}};
}

Status NotFound404(const std::string& message) {
  return Status(ErrorCode::kResourceDoesNotExist, "RESOURCE_DOES_NOT_EXIST", message, 404);
}

}  // namespace

TEST_CASE("CreateRun sends proto fields and decodes the run", "[tracking_api]") {
  auto channel = std::make_shared<FakeRestChannel>([](const RecordedCall&) -> Result<Json> {
    return Json{{"run", RunJson(kRun)}};
  });
  TrackingApi api(channel);
  CreateRunRequest request;
  request.experiment_id = "1";
  request.run_name = "first";
  request.start_time = 1234;
  request.tags = {{"mlflow.user", "me"}};
  auto run = api.CreateRun(request);
  REQUIRE(run.ok());
  CHECK(run->info.run_id == kRun);
  auto call = channel->calls().at(0);
  CHECK(call.path() == kApi + "runs/create");
  CHECK(call.request == Json::parse(R"({"experiment_id": "1", "run_name": "first", "start_time": 1234,
                                        "tags": [{"key": "mlflow.user", "value": "me"}]})"));
}

TEST_CASE("CreateRun stamps start_time with now by default", "[tracking_api]") {
  auto channel = std::make_shared<FakeRestChannel>([](const RecordedCall&) -> Result<Json> {
    return Json{{"run", RunJson(kRun)}};
  });
  TrackingApi api(channel);
  CreateRunRequest request;
  request.experiment_id = "0";
  REQUIRE(api.CreateRun(request).ok());
  CHECK(channel->calls().at(0).request["start_time"].get<int64_t>() > 1600000000000LL);
}

TEST_CASE("run calls send run_id and the legacy run_uuid", "[tracking_api]") {
  auto channel = std::make_shared<FakeRestChannel>([](const RecordedCall& call) -> Result<Json> {
    if (call.path() == kApi + "runs/get") return Json{{"run", RunJson(kRun)}};
    if (call.path() == kApi + "runs/update") return Json{{"run_info", RunJson(kRun)["info"]}};
    return Json::object();
  });
  TrackingApi api(channel);
  REQUIRE(api.GetRun(kRun).ok());
  REQUIRE(api.EndRun(kRun, RunStatus::kFailed).ok());
  REQUIRE(api.LogParam(kRun, "lr", "0.1").ok());
  REQUIRE(api.SetTag(kRun, "k", "v").ok());
  auto calls = channel->calls();
  REQUIRE(calls.size() == 4);
  for (const auto& call : calls) {
    CHECK(call.request["run_id"] == kRun);
    CHECK(call.request["run_uuid"] == kRun);
  }
  CHECK(calls[1].request["status"] == "FAILED");
  CHECK(calls[1].request["end_time"].get<int64_t>() > 0);
  CHECK(calls[2].request["key"] == "lr");
  CHECK(calls[2].request["value"] == "0.1");
}

TEST_CASE("LogMetric sends NaN as a string and the caller's timestamp and step", "[tracking_api]") {
  auto channel = std::make_shared<FakeRestChannel>();
  TrackingApi api(channel);
  Metric metric{"loss", std::nan(""), 1700000000123, 42, "", "", ""};
  REQUIRE(api.LogMetric(kRun, metric).ok());
  auto request = channel->calls().at(0).request;
  CHECK(request == Json::parse(R"({"run_id": "ab643c295a514cf9b9f8611dcb7df79a",
      "run_uuid": "ab643c295a514cf9b9f8611dcb7df79a", "key": "loss", "value": "NaN",
      "timestamp": 1700000000123, "step": 42})"));
}

TEST_CASE("invalid input fails before any call, naming the problem", "[tracking_api]") {
  auto channel = std::make_shared<FakeRestChannel>();
  TrackingApi api(channel);
  CHECK_THAT(api.LogParam(kRun, "bad key!", "1").message(), Catch::Contains("invalid param key 'bad key!'"));
  CHECK_THAT(api.LogParam(kRun, "p", std::string(6001, 'x')).message(), Catch::Contains("limit of 6000"));
  CHECK_THAT(api.SetTag(kRun, "t", std::string(8001, 'x')).message(), Catch::Contains("limit of 8000"));
  CHECK_THAT(api.LogMetric("", Metric{"m", 1, 0, 0, "", "", ""}).message(), Catch::Contains("invalid run id"));
  CHECK_THAT(api.CreateExperiment("  ").status().message(), Catch::Contains("must not be empty"));
  CHECK_THAT(api.SetExperimentTag("1", "k", std::string(20001, 'x')).message(), Catch::Contains("limit of 20000"));
  CHECK_FALSE(api.GetRun("../etc").ok());
  CHECK_FALSE(api.SearchRuns(SearchRunsRequest{{"1"}, "", ViewType::kAll, 0, {}, ""}).ok());
  CHECK_FALSE(api.GetMetricHistory(kRun, "", 10).ok());
  DatasetInput input;
  input.dataset.digest = std::string(37, 'd');
  CHECK_THAT(api.LogInputs(kRun, {input}).message(), Catch::Contains("datasets[0] digest"));
  CHECK(channel->calls().empty());
}

TEST_CASE("SearchRuns sends experiment_ids, run_view_type and order_by", "[tracking_api]") {
  auto channel = std::make_shared<FakeRestChannel>([](const RecordedCall&) -> Result<Json> {
    return Json{{"runs", {RunJson(kRun)}}, {"next_page_token", "tok"}};
  });
  TrackingApi api(channel);
  SearchRunsRequest request;
  request.experiment_ids = {"1", "2"};
  request.filter = "metrics.loss < 1";
  request.order_by = {"metrics.loss ASC"};
  request.max_results = 5;
  request.run_view_type = ViewType::kAll;
  auto page = api.SearchRuns(request);
  REQUIRE(page.ok());
  CHECK(page->items.size() == 1);
  CHECK(page->next_page_token == "tok");
  CHECK(channel->calls().at(0).request == Json::parse(R"({"experiment_ids": ["1", "2"], "filter": "metrics.loss < 1",
      "order_by": ["metrics.loss ASC"], "max_results": 5, "run_view_type": "ALL"})"));
}

TEST_CASE("SearchAll* follow page tokens and stop on a repeated token", "[tracking_api]") {
  auto channel = std::make_shared<FakeRestChannel>([](const RecordedCall& call) -> Result<Json> {
    std::string token = GetString(call.request, "page_token");
    Json experiment{{"experiment_id", token.empty() ? "1" : token}, {"name", "e"}};
    if (token.empty()) return Json{{"experiments", {experiment}}, {"next_page_token", "2"}};
    if (token == "2") return Json{{"experiments", {experiment}}, {"next_page_token", "3"}};
    return Json{{"experiments", {experiment}}};
  });
  TrackingApi api(channel);
  SearchExperimentsRequest request;
  request.max_results = 1;
  auto all = api.SearchAllExperiments(request);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 3);
  CHECK((*all)[2].experiment_id == "3");
  CHECK(channel->calls().at(0).request["view_type"] == "ACTIVE_ONLY");

  auto stuck = std::make_shared<FakeRestChannel>([](const RecordedCall&) -> Result<Json> {
    return Json{{"runs", Json::array()}, {"next_page_token", "same"}};
  });
  TrackingApi stuck_api(stuck);
  auto runs = stuck_api.SearchAllRuns(SearchRunsRequest{{"1"}, "", ViewType::kActiveOnly, 10, {}, ""});
  REQUIRE_FALSE(runs.ok());
  CHECK(runs.status().code() == ErrorCode::kInvalidResponse);
}

TEST_CASE("GetFullMetricHistory pages through the history with GET fields", "[tracking_api]") {
  auto channel = std::make_shared<FakeRestChannel>([](const RecordedCall& call) -> Result<Json> {
    std::string token = GetString(call.request, "page_token");
    int64_t step = token.empty() ? 0 : 1;
    Json metric{{"key", "m"}, {"value", 1.7976931348623157e308}, {"timestamp", "10"}, {"step", step}};
    Json page{{"metrics", {metric}}};
    if (token.empty()) page["next_page_token"] = "next";
    return page;
  });
  TrackingApi api(channel);
  auto history = api.GetFullMetricHistory(kRun, "m");
  REQUIRE(history.ok());
  REQUIRE(history->size() == 2);
  CHECK(std::isinf((*history)[0].value));
  CHECK((*history)[1].step == 1);
  auto calls = channel->calls();
  CHECK(calls[0].path() == kApi + "metrics/get-history");
  CHECK(calls[0].request["metric_key"] == "m");
  CHECK(calls[0].request["max_results"] == 25000);
  CHECK_FALSE(calls[0].request.contains("page_token"));
  CHECK(calls[1].request["page_token"] == "next");
}

TEST_CASE("GetOrCreateExperiment: existing, missing, and the create race", "[tracking_api]") {
  SECTION("existing") {
    auto channel = std::make_shared<FakeRestChannel>([](const RecordedCall&) -> Result<Json> {
      return Json{{"experiment", {{"experiment_id", "7"}, {"name", "e"}, {"lifecycle_stage", "active"}}}};
    });
    TrackingApi api(channel);
    CHECK(api.GetOrCreateExperiment("e").value() == "7");
    CHECK(channel->calls().size() == 1);
  }
  SECTION("missing: created") {
    auto channel = std::make_shared<FakeRestChannel>([](const RecordedCall& call) -> Result<Json> {
      if (call.path() == kApi + "experiments/get-by-name") return NotFound404("Could not find experiment");
      return Json{{"experiment_id", "8"}};
    });
    TrackingApi api(channel);
    CHECK(api.GetOrCreateExperiment("e").value() == "8");
  }
  SECTION("another client creates it between our lookup and our create") {
    int lookups = 0;
    auto channel = std::make_shared<FakeRestChannel>([&lookups](const RecordedCall& call) -> Result<Json> {
      if (call.path() == kApi + "experiments/create") {
        return Status(ErrorCode::kResourceAlreadyExists, "RESOURCE_ALREADY_EXISTS", "already exists", 400);
      }
      if (++lookups == 1) return NotFound404("Could not find experiment");
      return Json{{"experiment", {{"experiment_id", "9"}, {"name", "e"}, {"lifecycle_stage", "active"}}}};
    });
    TrackingApi api(channel);
    CHECK(api.GetOrCreateExperiment("e").value() == "9");
    CHECK(channel->calls().size() == 3);
  }
  SECTION("deleted experiments are not silently reused") {
    auto channel = std::make_shared<FakeRestChannel>([](const RecordedCall&) -> Result<Json> {
      return Json{{"experiment", {{"experiment_id", "7"}, {"name", "e"}, {"lifecycle_stage", "deleted"}}}};
    });
    TrackingApi api(channel);
    auto result = api.GetOrCreateExperiment("e");
    REQUIRE_FALSE(result.ok());
    CHECK_THAT(result.status().message(), Catch::Contains("is deleted"));
  }
  SECTION("other errors pass through") {
    auto channel = std::make_shared<FakeRestChannel>(
        [](const RecordedCall&) -> Result<Json> { return Status(ErrorCode::kPermissionDenied, "no", 403); });
    TrackingApi api(channel);
    CHECK(api.GetOrCreateExperiment("e").status().code() == ErrorCode::kPermissionDenied);
    CHECK(channel->calls().size() == 1);
  }
}

TEST_CASE("LogInputs and LogOutputs send the proto shapes", "[tracking_api]") {
  auto channel = std::make_shared<FakeRestChannel>();
  TrackingApi api(channel);
  DatasetInput input{{"train", "d1", "local", R"({"uri": "/data"})", "", ""}, {{"mlflow.data.context", "training"}}};
  REQUIRE(api.LogInputs(kRun, {input}).ok());
  REQUIRE(api.LogOutputs(kRun, {{"m-1", 3}}).ok());
  REQUIRE(api.LogInputs(kRun, {}).ok());  // nothing to send
  auto calls = channel->calls();
  REQUIRE(calls.size() == 2);
  CHECK(calls[0].request["datasets"][0]["dataset"]["source"] == R"({"uri": "/data"})");
  CHECK(calls[1].request == Json::parse(R"({"run_id": "ab643c295a514cf9b9f8611dcb7df79a",
                                            "models": [{"model_id": "m-1", "step": 3}]})"));
}

TEST_CASE("experiment calls use proto field names", "[tracking_api]") {
  auto channel = std::make_shared<FakeRestChannel>([](const RecordedCall& call) -> Result<Json> {
    if (call.path() == kApi + "experiments/create") return Json{{"experiment_id", "4"}};
    return Json{{"experiment", {{"experiment_id", "4"}, {"name", "n"}}}};
  });
  TrackingApi api(channel);
  CHECK(api.CreateExperiment("n", "s3://bucket", {{"team", "ml"}}).value() == "4");
  REQUIRE(api.GetExperimentByName("n").ok());
  REQUIRE(api.RenameExperiment("4", "m").ok());
  REQUIRE(api.DeleteExperimentTag("4", "team").ok());
  auto calls = channel->calls();
  CHECK(calls[0].request == Json::parse(R"({"name": "n", "artifact_location": "s3://bucket",
                                            "tags": [{"key": "team", "value": "ml"}]})"));
  CHECK(calls[1].request == Json{{"experiment_name", "n"}});
  CHECK(calls[2].request == Json{{"experiment_id", "4"}, {"new_name", "m"}});
  CHECK(calls[3].path() == kApi + "experiments/delete-experiment-tag");
}
