// Experiments against the real server: create, get, get-by-name, search (filter, order,
// pagination, view type), rename, delete, restore, tags, and the error paths.
#include <catch2/catch.hpp>

#include "tracking_test_util.h"

using namespace mlflow;
using namespace mlflow::testing;

TEST_CASE("create, get and get-by-name agree", "[integration][experiments]") {
  MlflowClient client = TestClient();
  TrackingApi& api = client.tracking();
  std::string name = UniqueName("exp-create");
  std::string id = api.CreateExperiment(name, "", {{"team", "ml"}, {"purpose", "test"}}).value();
  Experiment by_id = api.GetExperiment(id).value();
  Experiment by_name = api.GetExperimentByName(name).value();
  CHECK(by_id.experiment_id == id);
  CHECK(by_name.experiment_id == id);
  CHECK(by_id.name == name);
  CHECK(by_id.lifecycle_stage == "active");
  CHECK(by_id.artifact_location == "mlflow-artifacts:/" + id);
  CHECK(by_id.creation_time > 0);
  CHECK(by_id.tags.at("team") == "ml");
  CHECK(by_id.tags.at("purpose") == "test");
}

TEST_CASE("a duplicate experiment is RESOURCE_ALREADY_EXISTS (HTTP 400)", "[integration][experiments]") {
  MlflowClient client = TestClient();
  std::string name = UniqueName("exp-dup");
  REQUIRE(client.tracking().CreateExperiment(name).ok());
  auto again = client.tracking().CreateExperiment(name);
  REQUIRE_FALSE(again.ok());
  CHECK(again.status().code() == ErrorCode::kResourceAlreadyExists);
  CHECK(again.status().http_status() == 400);
  CHECK_THAT(again.status().message(), Catch::Contains(name));
}

TEST_CASE("missing experiments are RESOURCE_DOES_NOT_EXIST (HTTP 404)", "[integration][experiments]") {
  MlflowClient client = TestClient();
  auto by_id = client.tracking().GetExperiment("987654321");
  REQUIRE_FALSE(by_id.ok());
  CHECK(by_id.status().code() == ErrorCode::kResourceDoesNotExist);
  CHECK(by_id.status().http_status() == 404);
  auto by_name = client.tracking().GetExperimentByName(UniqueName("never-created"));
  CHECK(by_name.status().code() == ErrorCode::kResourceDoesNotExist);
  CHECK(client.tracking().DeleteExperiment("987654321").code() == ErrorCode::kResourceDoesNotExist);
}

TEST_CASE("GetOrCreateExperiment creates once and then finds it", "[integration][experiments]") {
  MlflowClient client = TestClient();
  std::string name = UniqueName("exp-get-or-create");
  std::string first = client.tracking().GetOrCreateExperiment(name).value();
  std::string second = client.tracking().GetOrCreateExperiment(name).value();
  CHECK(first == second);
}

TEST_CASE("rename, tags, delete and restore", "[integration][experiments]") {
  MlflowClient client = TestClient();
  TrackingApi& api = client.tracking();
  std::string id = NewExperiment(api, "exp-lifecycle");
  std::string renamed = UniqueName("exp-renamed");
  REQUIRE(api.RenameExperiment(id, renamed).ok());
  CHECK(api.GetExperiment(id)->name == renamed);

  REQUIRE(api.SetExperimentTag(id, "stage", "one").ok());
  REQUIRE(api.SetExperimentTag(id, "stage", "two").ok());  // overwrites
  REQUIRE(api.SetExperimentTag(id, "long", std::string(20000, 'x')).ok());
  Experiment tagged = api.GetExperiment(id).value();
  CHECK(tagged.tags.at("stage") == "two");
  CHECK(tagged.tags.at("long").size() == 20000);
  REQUIRE(api.DeleteExperimentTag(id, "stage").ok());
  CHECK(api.GetExperiment(id)->tags.count("stage") == 0);

  REQUIRE(api.DeleteExperiment(id).ok());
  CHECK(api.GetExperiment(id)->lifecycle_stage == "deleted");
  auto reuse = api.GetOrCreateExperiment(renamed);
  CHECK_FALSE(reuse.ok());
  REQUIRE(api.RestoreExperiment(id).ok());
  CHECK(api.GetExperiment(id)->lifecycle_stage == "active");
}

TEST_CASE("search: filter, order, view type and pagination", "[integration][experiments]") {
  MlflowClient client = TestClient();
  TrackingApi& api = client.tracking();
  std::string prefix = UniqueName("exp-search");
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(api.CreateExperiment(prefix + "-" + std::to_string(i), "", {{"index", std::to_string(i)}}).value());
  }
  REQUIRE(api.DeleteExperiment(ids[4]).ok());

  SearchExperimentsRequest request;
  request.filter = "name LIKE '" + prefix + "-%'";
  request.order_by = {"name DESC"};
  request.max_results = 2;
  auto first = api.SearchExperiments(request).value();
  REQUIRE(first.items.size() == 2);
  CHECK(first.items[0].name == prefix + "-3");
  CHECK(first.items[1].name == prefix + "-2");
  REQUIRE_FALSE(first.next_page_token.empty());

  auto all_active = api.SearchAllExperiments(request).value();
  REQUIRE(all_active.size() == 4);
  CHECK(all_active[3].name == prefix + "-0");

  request.view_type = ViewType::kDeletedOnly;
  auto deleted = api.SearchAllExperiments(request).value();
  REQUIRE(deleted.size() == 1);
  CHECK(deleted[0].experiment_id == ids[4]);

  request.view_type = ViewType::kAll;
  request.filter += " AND tags.index = '1'";
  auto tagged = api.SearchAllExperiments(request).value();
  REQUIRE(tagged.size() == 1);
  CHECK(tagged[0].experiment_id == ids[1]);

  SearchExperimentsRequest bad;
  bad.filter = "name ~~ nonsense";
  auto error = api.SearchExperiments(bad);
  REQUIRE_FALSE(error.ok());
  CHECK(error.status().code() == ErrorCode::kInvalidParameterValue);
}

TEST_CASE("invalid names and tags fail client-side with a clear message", "[integration][experiments]") {
  MlflowClient client = TestClient();
  auto blank = client.tracking().CreateExperiment("   ");
  CHECK(blank.status().code() == ErrorCode::kInvalidParameterValue);
  CHECK(blank.status().http_status() == 0);  // never sent
  auto long_name = client.tracking().CreateExperiment(std::string(501, 'n'));
  CHECK_THAT(long_name.status().message(), Catch::Contains("limit of 500"));
  std::string id = NewExperiment(client.tracking(), "exp-badtag");
  Status tag = client.tracking().SetExperimentTag(id, "bad/../key", "v");
  CHECK_THAT(tag.message(), Catch::Contains("invalid experiment tag key 'bad/../key'"));
  // The server enforces the same experiment-tag limit the client checks.
  auto raw = client.channel()->Call(transport::endpoints::kSetExperimentTag,
                                    {{"experiment_id", id}, {"key", "k"}, {"value", std::string(20001, 'x')}});
  CHECK(raw.status().code() == ErrorCode::kInvalidParameterValue);
  CHECK_THAT(raw.status().message(), Catch::Contains("20000"));
}
