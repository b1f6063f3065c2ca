// RegistryApi against the real MLflow server: registered models, versions, aliases, tags,
// search and pagination, waiting for READY, and the deprecated stage calls.
#include <catch2/catch.hpp>

#include "integration/artifacts/artifact_test_helpers.h"

using namespace mlflow;
using namespace mlflow::testing;
namespace fs = std::filesystem;

namespace {

// A run holding a small model directory at `model`; returns the run id.
std::string RunWithModel(MlflowClient& client, const std::string& prefix, const std::string& marker) {
  auto [experiment_id, run_id] = NewRun(client, prefix);
  fs::path src = MakeTempDir("reg-model");
  WriteText(src / "MLmodel", "artifact_path: model\nflavors: {}\n");
  WriteText(src / "marker.txt", marker);
  REQUIRE(client.artifacts().LogArtifacts(run_id, src.string(), "model").ok());
  return run_id;
}

}  // namespace

TEST_CASE("registered models: create, get, tags, rename, describe, search, delete", "[integration][registry]") {
  auto client = TestClient();
  auto& registry = client.registry();
  std::string name = UniqueName("reg-model");
  auto created = registry.CreateRegisteredModel(name, "first description", {{"team", "nlp"}}).value();
  CHECK(created.name == name);
  CHECK(created.tags.at("team") == "nlp");
  CHECK(registry.CreateRegisteredModel(name).status().code() == ErrorCode::kResourceAlreadyExists);
  CHECK(registry.GetOrCreateRegisteredModel(name).value().description == "first description");

  REQUIRE(registry.SetRegisteredModelTag(name, "owner", "alice").ok());
  REQUIRE(registry.DeleteRegisteredModelTag(name, "team").ok());
  auto fetched = registry.GetRegisteredModel(name).value();
  CHECK(fetched.tags == std::map<std::string, std::string>{{"owner", "alice"}});

  CHECK(registry.UpdateRegisteredModel(name, "second").value().description == "second");
  std::string renamed = name + "-renamed";
  CHECK(registry.RenameRegisteredModel(name, renamed).value().name == renamed);
  CHECK(registry.GetRegisteredModel(name).status().code() == ErrorCode::kResourceDoesNotExist);

  std::string prefix = UniqueName("reg-search");
  for (int i = 0; i < 3; ++i) REQUIRE(registry.CreateRegisteredModel(prefix + "-" + std::to_string(i)).ok());
  SearchRegisteredModelsRequest search;
  search.filter = "name LIKE '" + prefix + "%'";
  search.max_results = 2;
  search.order_by = {"name ASC"};
  auto page = registry.SearchRegisteredModels(search).value();
  CHECK(page.items.size() == 2);
  CHECK_FALSE(page.next_page_token.empty());
  auto all = registry.SearchAllRegisteredModels(search).value();
  REQUIRE(all.size() == 3);
  CHECK(all[2].name == prefix + "-2");

  REQUIRE(registry.DeleteRegisteredModel(renamed).ok());
  CHECK(registry.GetRegisteredModel(renamed).status().code() == ErrorCode::kResourceDoesNotExist);
  CHECK(registry.CreateRegisteredModel("bad/name").status().code() == ErrorCode::kInvalidParameterValue);
}

TEST_CASE("model versions: create from a run, get, update, tags, download URI, search, delete",
          "[integration][registry]") {
  auto client = TestClient();
  auto& registry = client.registry();
  std::string run_id = RunWithModel(client, "reg-versions", "v1");
  std::string name = UniqueName("reg-versions");
  REQUIRE(registry.CreateRegisteredModel(name).ok());

  auto v1 = registry.CreateModelVersionFromRun(name, run_id, "model", {{"origin", "cpp"}}).value();
  CHECK(v1.version == "1");
  CHECK(v1.run_id == run_id);
  CHECK(v1.source.find(run_id + "/artifacts/model") != std::string::npos);
  auto ready = registry.WaitUntilReady(name, "1", std::chrono::seconds(30)).value();
  CHECK(ready.status == ModelVersionStatus::kReady);

  CreateModelVersionRequest request;
  request.name = name;
  request.source = "runs:/" + run_id + "/model";
  request.run_id = run_id;
  request.description = "second";
  auto v2 = registry.CreateModelVersion(request).value();
  CHECK(v2.version == "2");
  CHECK(registry.GetModelVersionDownloadUri(name, "2").value() == "runs:/" + run_id + "/model");
  CHECK(registry.GetModelVersionDownloadUri(name, "1").value() == v1.source);

  CHECK(registry.UpdateModelVersion(name, "1", "described").value().description == "described");
  REQUIRE(registry.SetModelVersionTag(name, "1", "quality", "good").ok());
  REQUIRE(registry.DeleteModelVersionTag(name, "1", "origin").ok());
  auto fetched = registry.GetModelVersion(name, "1").value();
  CHECK(fetched.tags == std::map<std::string, std::string>{{"quality", "good"}});
  CHECK(fetched.description == "described");

  SearchModelVersionsRequest search;
  search.filter = "name = '" + name + "'";
  search.max_results = 1;
  search.order_by = {"version_number DESC"};
  auto page = registry.SearchModelVersions(search).value();
  REQUIRE(page.items.size() == 1);
  CHECK(page.items[0].version == "2");
  CHECK(registry.SearchAllModelVersions(search).value().size() == 2);

  REQUIRE(registry.DeleteModelVersion(name, "2").ok());
  CHECK(registry.GetModelVersion(name, "2").status().code() == ErrorCode::kResourceDoesNotExist);
  CHECK(registry.GetModelVersion(name, "x").status().code() == ErrorCode::kInvalidParameterValue);
}

TEST_CASE("an alias moves between versions and can be deleted", "[integration][registry]") {
  auto client = TestClient();
  auto& registry = client.registry();
  std::string run_id = RunWithModel(client, "reg-alias", "alias");
  std::string name = UniqueName("reg-alias");
  auto v1 = registry.RegisterModel("runs:/" + run_id + "/model", name).value();
  auto v2 = registry.RegisterModel("runs:/" + run_id + "/model", name).value();
  CHECK(v1.version == "1");
  CHECK(v2.version == "2");

  REQUIRE(registry.SetAlias(name, "champion", "1").ok());
  CHECK(registry.GetModelVersionByAlias(name, "champion").value().version == "1");
  REQUIRE(registry.SetAlias(name, "champion", "2").ok());
  auto moved = registry.GetModelVersionByAlias(name, "champion").value();
  CHECK(moved.version == "2");
  CHECK(moved.aliases == std::vector<std::string>{"champion"});
  CHECK(registry.GetModelVersion(name, "1").value().aliases.empty());
  CHECK(registry.GetRegisteredModel(name).value().aliases == std::map<std::string, std::string>{{"champion", "2"}});

  REQUIRE(registry.DeleteAlias(name, "champion").ok());
  CHECK_FALSE(registry.GetModelVersionByAlias(name, "champion").ok());
  CHECK(registry.SetAlias(name, "latest", "1").code() == ErrorCode::kInvalidParameterValue);
  CHECK(registry.SetAlias(name, "ok", "99").code() == ErrorCode::kResourceDoesNotExist);
}

TEST_CASE("deprecated stages: transition and get-latest-versions", "[integration][registry][deprecated]") {
  auto client = TestClient();
  auto& registry = client.registry();
  std::string run_id = RunWithModel(client, "reg-stage", "stage");
  std::string name = UniqueName("reg-stage");
  for (int i = 0; i < 3; ++i) REQUIRE(registry.RegisterModel("runs:/" + run_id + "/model", name).ok());
  CHECK(registry.TransitionStage(name, "1", stages::kProduction).value().current_stage == "Production");
  CHECK(registry.TransitionStage(name, "2", stages::kProduction, true).value().current_stage == "Production");
  CHECK(registry.GetModelVersion(name, "1").value().current_stage == "Archived");
  auto production = registry.GetLatestVersions(name, {stages::kProduction}).value();
  REQUIRE(production.size() == 1);
  CHECK(production[0].version == "2");
  std::map<std::string, std::string> latest;
  for (const auto& version : registry.GetLatestVersions(name).value()) latest[version.current_stage] = version.version;
  CHECK(latest["None"] == "3");
}
