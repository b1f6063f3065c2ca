// Runs against the real server: create, get, update/end, delete, restore, search with
// pagination, tags, and the error paths (missing run, invalid key, over-long value).
#include <catch2/catch.hpp>

#include "tracking_test_util.h"

using namespace mlflow;
using namespace mlflow::testing;

TEST_CASE("create, get, update and end a run", "[integration][runs]") {
  MlflowClient client = TestClient();
  TrackingApi& api = client.tracking();
  std::string experiment = NewExperiment(api, "runs-basic");
  CreateRunRequest request;
  request.experiment_id = experiment;
  request.run_name = "first-run";
  request.start_time = 1700000000000;
  request.tags = {{"team", "ml"}};
  Run created = api.CreateRun(request).value();
  const std::string& id = created.info.run_id;
  CHECK(created.info.experiment_id == experiment);
  CHECK(created.info.status == RunStatus::kRunning);
  CHECK(created.info.start_time == 1700000000000);
  CHECK_FALSE(created.info.end_time);
  CHECK(created.info.artifact_uri == "mlflow-artifacts:/" + experiment + "/" + id + "/artifacts");

  Run fetched = api.GetRun(id).value();
  CHECK(fetched.info.run_name == "first-run");
  CHECK(fetched.data.tags.at("team") == "ml");
  CHECK(fetched.data.tags.at("mlflow.runName") == "first-run");

  UpdateRunRequest rename;
  rename.run_id = id;
  rename.run_name = "renamed";
  RunInfo renamed = api.UpdateRun(rename).value();
  CHECK(renamed.run_name == "renamed");
  CHECK(renamed.status == RunStatus::kRunning);

  REQUIRE(api.EndRun(id, RunStatus::kKilled).ok());
  Run ended = api.GetRun(id).value();
  CHECK(ended.info.status == RunStatus::kKilled);
  REQUIRE(ended.info.end_time);
  CHECK(*ended.info.end_time >= ended.info.start_time);
}

TEST_CASE("delete and restore a run", "[integration][runs]") {
  MlflowClient client = TestClient();
  TrackingApi& api = client.tracking();
  std::string run = NewRun(api, NewExperiment(api, "runs-delete"));
  REQUIRE(api.DeleteRun(run).ok());
  CHECK(api.GetRun(run)->info.lifecycle_stage == "deleted");
  REQUIRE(api.RestoreRun(run).ok());
  CHECK(api.GetRun(run)->info.lifecycle_stage == "active");
}

TEST_CASE("a missing run is RESOURCE_DOES_NOT_EXIST on every call", "[integration][runs]") {
  MlflowClient client = TestClient();
  TrackingApi& api = client.tracking();
  const std::string missing = "00000000000000000000000000000000";
  auto get = api.GetRun(missing);
  REQUIRE_FALSE(get.ok());
  CHECK(get.status().code() == ErrorCode::kResourceDoesNotExist);
  CHECK(get.status().http_status() == 404);
  CHECK_THAT(get.status().message(), Catch::Contains(missing));
  CHECK(api.LogMetric(missing, Metric{"m", 1, 1, 0, "", "", ""}).code() == ErrorCode::kResourceDoesNotExist);
  CHECK(api.LogParam(missing, "p", "1").code() == ErrorCode::kResourceDoesNotExist);
  CHECK(api.SetTag(missing, "t", "v").code() == ErrorCode::kResourceDoesNotExist);
  CHECK(api.EndRun(missing).code() == ErrorCode::kResourceDoesNotExist);
  CHECK(api.DeleteRun(missing).code() == ErrorCode::kResourceDoesNotExist);
  LogBatchRequest batch;
  batch.run_id = missing;
  batch.params = {{"p", "1"}};
  CHECK(api.LogBatch(batch).code() == ErrorCode::kResourceDoesNotExist);
}

TEST_CASE("tags overwrite and can be deleted", "[integration][runs]") {
  MlflowClient client = TestClient();
  TrackingApi& api = client.tracking();
  std::string run = NewRun(api, NewExperiment(api, "runs-tags"));
  REQUIRE(api.SetTag(run, "note", "one").ok());
  REQUIRE(api.SetTag(run, "note", "two").ok());
  REQUIRE(api.SetTag(run, "long", std::string(8000, 'v')).ok());
  Run fetched = api.GetRun(run).value();
  CHECK(fetched.data.tags.at("note") == "two");
  CHECK(fetched.data.tags.at("long").size() == 8000);
  REQUIRE(api.DeleteTag(run, "note").ok());
  CHECK(api.GetRun(run)->data.tags.count("note") == 0);
  CHECK(api.DeleteTag(run, "never-set").code() == ErrorCode::kResourceDoesNotExist);
}

TEST_CASE("params are write-once; the same value again is fine", "[integration][runs]") {
  MlflowClient client = TestClient();
  TrackingApi& api = client.tracking();
  std::string run = NewRun(api, NewExperiment(api, "runs-params"));
  REQUIRE(api.LogParam(run, "lr", "0.1").ok());
  REQUIRE(api.LogParam(run, "lr", "0.1").ok());
  Status changed = api.LogParam(run, "lr", "0.2");
  CHECK(changed.code() == ErrorCode::kInvalidParameterValue);
  CHECK(changed.http_status() == 400);
  CHECK_THAT(changed.message(), Catch::Contains("Changing param values is not allowed"));
}

TEST_CASE("invalid keys and over-long values fail before anything is sent", "[integration][runs]") {
  MlflowClient client = TestClient();
  TrackingApi& api = client.tracking();
  std::string run = NewRun(api, NewExperiment(api, "runs-invalid"));
  Status key = api.LogParam(run, "bad key!", "1");
  CHECK(key.code() == ErrorCode::kInvalidParameterValue);
  CHECK(key.http_status() == 0);
  CHECK_THAT(key.message(), Catch::Contains("invalid param key 'bad key!'"));
  Status path = api.LogMetric(run, Metric{"../escape", 1, 1, 0, "", "", ""});
  CHECK_THAT(path.message(), Catch::Contains("invalid metric key '../escape'"));
  Status value = api.LogParam(run, "long", std::string(6001, 'x'));
  CHECK_THAT(value.message(), Catch::Contains("param value for key 'long' is 6001 characters long"));
  Status tag = api.SetTag(run, "t", std::string(8001, 'x'));
  CHECK_THAT(tag.message(), Catch::Contains("over the limit of 8000"));
  Run fetched = api.GetRun(run).value();
  CHECK(fetched.data.params.empty());
  CHECK(fetched.data.metrics.empty());
  CHECK(fetched.data.tags.count("t") == 0);
}

TEST_CASE("the server agrees with the client's key rules", "[integration][runs]") {
  // Sent raw, past the client-side validation: the server rejects the same keys.
  MlflowClient client = TestClient();
  std::string run = NewRun(client.tracking(), NewExperiment(client.tracking(), "runs-server-rules"));
  for (const char* key : {"bad key!", "../escape", "/abs", "a//b"}) {
    auto raw = client.channel()->Call(transport::endpoints::kLogParam, {{"run_id", run}, {"key", key}, {"value", "1"}});
    INFO(key);
    CHECK(raw.status().code() == ErrorCode::kInvalidParameterValue);
    CHECK(raw.status().http_status() == 400);
  }
}

TEST_CASE("search runs: filter, order, pagination and view type", "[integration][runs]") {
  MlflowClient client = TestClient();
  TrackingApi& api = client.tracking();
  std::string experiment = NewExperiment(api, "runs-search");
  std::vector<std::string> runs;
  for (int i = 0; i < 7; ++i) {
    std::string run = NewRun(api, experiment, "run-" + std::to_string(i));
    LogBatchRequest batch;
    batch.run_id = run;
    batch.metrics = {{"loss", 1.0 / (i + 1), 1000 + i, 0, "", "", ""}};
    batch.params = {{"index", std::to_string(i)}};
    REQUIRE(api.LogBatch(batch).ok());
    runs.push_back(run);
  }
  REQUIRE(api.DeleteRun(runs[6]).ok());

  SearchRunsRequest request;
  request.experiment_ids = {experiment};
  request.order_by = {"metrics.loss ASC"};
  request.max_results = 4;
  auto first = api.SearchRuns(request).value();
  REQUIRE(first.items.size() == 4);
  CHECK(first.items[0].info.run_id == runs[5]);  // smallest loss among active runs
  REQUIRE_FALSE(first.next_page_token.empty());
  request.page_token = first.next_page_token;
  auto second = api.SearchRuns(request).value();
  CHECK(second.items.size() == 2);
  CHECK(second.next_page_token.empty());

  request.page_token.clear();
  request.max_results = 2;
  auto all = api.SearchAllRuns(request).value();
  REQUIRE(all.size() == 6);
  CHECK(all.back().info.run_id == runs[0]);

  request.filter = "metrics.loss < 0.3 and params.index != '4'";
  auto filtered = api.SearchAllRuns(request).value();
  REQUIRE(filtered.size() == 2);  // runs 3 and 5 (run 6 deleted, run 4 excluded)
  CHECK(filtered[0].info.run_id == runs[5]);
  CHECK(filtered[1].info.run_id == runs[3]);

  request.filter.clear();
  request.run_view_type = ViewType::kDeletedOnly;
  auto deleted = api.SearchAllRuns(request).value();
  REQUIRE(deleted.size() == 1);
  CHECK(deleted[0].info.run_id == runs[6]);

  request.run_view_type = ViewType::kActiveOnly;
  request.filter = "this is not a filter";
  CHECK(api.SearchRuns(request).status().code() == ErrorCode::kInvalidParameterValue);
}
