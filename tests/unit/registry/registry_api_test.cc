#include <catch2/catch.hpp>

#include <chrono>
#include <memory>

#include "mlflow/registry/registry_api.h"
#include "unit/artifacts/scripted_channel.h"

using namespace mlflow;
using namespace mlflow::testing;
namespace ep = mlflow::transport::endpoints;
using namespace std::chrono_literals;

namespace {

Json Version(const std::string& version, const std::string& status = "READY") {
  return {{"name", "m"}, {"version", version}, {"status", status}, {"creation_timestamp", "1700"}};
}

bool Is(const std::string& path, const transport::Endpoint& endpoint) { return path == endpoint.path; }

}  // namespace

TEST_CASE("aliases are validated client-side and sent with string versions", "[registry][api]") {
  auto channel = std::make_shared<ScriptedChannel>();
  RegistryApi registry(channel);
  REQUIRE(registry.SetAlias("m", "champion", "3").ok());
  auto calls = channel->calls();
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].first == ep::kSetRegisteredModelAlias.path);
  CHECK(calls[0].second == Json{{"name", "m"}, {"alias", "champion"}, {"version", "3"}});

  CHECK(registry.SetAlias("m", "latest", "3").code() == ErrorCode::kInvalidParameterValue);
  CHECK(registry.SetAlias("m", "v2", "3").code() == ErrorCode::kInvalidParameterValue);
  CHECK(registry.SetAlias("m", "ok", "three").code() == ErrorCode::kInvalidParameterValue);
  CHECK(registry.SetModelVersionTag("m", "1", "k", std::string(100001, 'x')).code() ==
        ErrorCode::kInvalidParameterValue);
  CHECK(channel->calls().size() == 1);
}

TEST_CASE("entities decode tags, aliases and int64-as-string timestamps", "[registry][api]") {
  auto channel = std::make_shared<ScriptedChannel>();
  channel->on_call = [](const std::string&, const Json&, const transport::PathParams&) -> Result<Json> {
    return Json{{"registered_model",
                 {{"name", "m"},
                  {"creation_timestamp", "1700000000000"},
                  {"description", "d"},
                  {"tags", {{{"key", "team"}, {"value", "nlp"}}}},
                  {"aliases", {{{"alias", "champion"}, {"version", "2"}}}},
                  {"latest_versions", {{{"name", "m"}, {"version", 3}, {"current_stage", "None"}}}}}}};
  };
  RegistryApi registry(channel);
  auto model = registry.GetRegisteredModel("m").value();
  CHECK(model.creation_timestamp == 1700000000000);
  CHECK(model.tags.at("team") == "nlp");
  CHECK(model.aliases.at("champion") == "2");
  REQUIRE(model.latest_versions.size() == 1);
  CHECK(model.latest_versions[0].version == "3");
}

TEST_CASE("GetOrCreateRegisteredModel tolerates an existing model", "[registry][api]") {
  auto channel = std::make_shared<ScriptedChannel>();
  channel->on_call = [](const std::string& path, const Json&, const transport::PathParams&) -> Result<Json> {
    if (Is(path, ep::kCreateRegisteredModel)) {
      return Status(ErrorCode::kResourceAlreadyExists, "RESOURCE_ALREADY_EXISTS", "exists", 400);
    }
    return Json{{"registered_model", {{"name", "m"}}}};
  };
  RegistryApi registry(channel);
  CHECK(registry.GetOrCreateRegisteredModel("m").value().name == "m");
  CHECK(channel->calls().back().first == ep::kGetRegisteredModel.path);
}

TEST_CASE("a version from a run uses the run's artifact root as source", "[registry][api]") {
  auto channel = std::make_shared<ScriptedChannel>();
  Json created;
  channel->on_call = [&](const std::string& path, const Json& request, const transport::PathParams&) -> Result<Json> {
    if (Is(path, ep::kGetRun)) return Json{{"run", {{"info", {{"artifact_uri", "mlflow-artifacts:/1/r1/artifacts"}}}}}};
    created = request;
    return Json{{"model_version", Version("1")}};
  };
  RegistryApi registry(channel);
  auto version = registry.CreateModelVersionFromRun("m", "r1", "model/", {{"k", "v"}}).value();
  CHECK(version.version == "1");
  CHECK(created["source"] == "mlflow-artifacts:/1/r1/artifacts/model");
  CHECK(created["run_id"] == "r1");
  CHECK(created["tags"] == Json::array({{{"key", "k"}, {"value", "v"}}}));

  REQUIRE(registry.CreateModelVersionFromLoggedModel("m", "m-abc").ok());
  CHECK(created["source"] == "models:/m-abc");
  CHECK(created["model_id"] == "m-abc");
  CHECK_FALSE(created.contains("run_id"));
}

TEST_CASE("searches send filters and follow page tokens", "[registry][api]") {
  auto channel = std::make_shared<ScriptedChannel>();
  channel->on_call = [](const std::string&, const Json& request, const transport::PathParams&) -> Result<Json> {
    if (!request.contains("page_token")) {
      CHECK(request["filter"] == "name = 'm'");
      CHECK(request["order_by"] == Json::array({"version_number DESC"}));
      return Json{{"model_versions", {Version("2")}}, {"next_page_token", "t1"}};
    }
    return Json{{"model_versions", {Version("1")}}};
  };
  RegistryApi registry(channel);
  SearchModelVersionsRequest request;
  request.filter = "name = 'm'";
  request.order_by = {"version_number DESC"};
  request.max_results = 1;
  auto all = registry.SearchAllModelVersions(request).value();
  REQUIRE(all.size() == 2);
  CHECK(all[0].version == "2");
  CHECK(all[1].version == "1");
}

TEST_CASE("WaitUntilReady polls until READY, FAILED or timeout", "[registry][api]") {
  auto channel = std::make_shared<ScriptedChannel>();
  int polls = 0;
  std::string final_status = "READY";
  channel->on_call = [&](const std::string&, const Json&, const transport::PathParams&) -> Result<Json> {
    ++polls;
    return Json{{"model_version", Version("1", polls < 3 ? "PENDING_REGISTRATION" : final_status)}};
  };
  std::vector<std::chrono::milliseconds> sleeps;
  RegistryApi registry(channel, [&](std::chrono::milliseconds d) { sleeps.push_back(d); });

  CHECK(registry.WaitUntilReady("m", "1", 10s, 100ms).value().status == ModelVersionStatus::kReady);
  CHECK(polls == 3);
  CHECK(sleeps == std::vector<std::chrono::milliseconds>{100ms, 100ms});

  polls = 0;
  final_status = "FAILED_REGISTRATION";
  CHECK(registry.WaitUntilReady("m", "1", 10s, 100ms).status().code() == ErrorCode::kInvalidState);

  polls = -100;
  sleeps.clear();
  auto timed_out = registry.WaitUntilReady("m", "1", 250ms, 100ms);
  CHECK(timed_out.status().code() == ErrorCode::kTimeout);
  CHECK(sleeps == std::vector<std::chrono::milliseconds>{100ms, 100ms, 50ms});
}

TEST_CASE("stage calls are still supported", "[registry][api][deprecated]") {
  auto channel = std::make_shared<ScriptedChannel>();
  channel->on_call = [](const std::string& path, const Json& request, const transport::PathParams&) -> Result<Json> {
    if (Is(path, ep::kGetLatestVersions)) {
      CHECK(request["stages"] == Json::array({"Production"}));
      return Json{{"model_versions", {Version("4")}}};
    }
    CHECK(request["archive_existing_versions"] == true);
    return Json{{"model_version", Version("4")}};
  };
  RegistryApi registry(channel);
  CHECK(registry.TransitionStage("m", "4", stages::kProduction, true).value().version == "4");
  CHECK(registry.GetLatestVersions("m", {"Production"}).value().size() == 1);
}
