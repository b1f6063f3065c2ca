#include <catch2/catch.hpp>

#include <cmath>
#include <memory>

#include "mlflow/logged_models/logged_models_api.h"
#include "unit/artifacts/scripted_channel.h"

using namespace mlflow;
using namespace mlflow::testing;
namespace ep = mlflow::transport::endpoints;

namespace {

Json Model(const std::map<std::string, std::string>& params, const std::string& status = "LOGGED_MODEL_PENDING") {
  Json list = Json::array();
  for (const auto& [k, v] : params) list.push_back({{"key", k}, {"value", v}});
  return {{"model",
           {{"info",
             {{"model_id", "m-1"},
              {"experiment_id", "1"},
              {"artifact_uri", "mlflow-artifacts:/1/models/m-1/artifacts"},
              {"status", status},
              {"creation_timestamp_ms", "1700"},
              {"tags", {{{"key", "t"}, {"value", "v"}}}}}},
            {"data", {{"params", list}, {"metrics", {{{"key", "acc"}, {"value", "NaN"}, {"step", 2}}}}}}}}};
}

struct Fixture {
  std::shared_ptr<ScriptedChannel> channel = std::make_shared<ScriptedChannel>();
  std::map<std::string, std::string> stored;
  std::shared_ptr<ArtifactsApi> artifacts = std::make_shared<ArtifactsApi>(channel, ArtifactsOptions{}, channel);
  std::shared_ptr<RegistryApi> registry = std::make_shared<RegistryApi>(channel);
  LoggedModelsApi api{channel, artifacts, registry};

  Fixture() {
    channel->on_call = [this](const std::string& path, const Json& request,
                              const transport::PathParams&) -> Result<Json> {
      if (path == ep::kLogLoggedModelParams.path) {
        for (const auto& p : request["params"]) {
          if (stored.count(p["key"].get<std::string>()))
            return Status(ErrorCode::kBadRequest, "BAD_REQUEST", "UNIQUE constraint", 400);
        }
        for (const auto& p : request["params"]) stored[p["key"].get<std::string>()] = p["value"].get<std::string>();
        return Json::object();
      }
      // GET and PATCH (finalize) share the path; only finalize sends a status.
      if (path == ep::kFinalizeLoggedModel.path && request.contains("status")) {
        return Model(stored, request["status"].get<std::string>());
      }
      if (path == ep::kGetLoggedModel.path) return Model(stored);
      return Json::object();
    };
  }
};

}  // namespace

TEST_CASE("logged models decode info, params, tags and NaN metrics", "[logged_models]") {
  Fixture f;
  f.stored = {{"lr", "0.1"}};
  auto model = f.api.Get("m-1").value();
  CHECK(model.artifact_uri == "mlflow-artifacts:/1/models/m-1/artifacts");
  CHECK(model.status == LoggedModelStatus::kPending);
  CHECK(model.creation_timestamp_ms == 1700);
  CHECK(model.params.at("lr") == "0.1");
  CHECK(model.tags.at("t") == "v");
  REQUIRE(model.metrics.size() == 1);
  CHECK(std::isnan(model.metrics[0].value));
}

TEST_CASE("params are write-once: the same value again succeeds, another fails", "[logged_models]") {
  Fixture f;
  REQUIRE(f.api.LogParams("m-1", {{"lr", "0.1"}}).ok());
  CHECK(f.api.LogParams("m-1", {{"lr", "0.1"}}).ok());  // e.g. a retried request that had been applied
  Status changed = f.api.LogParams("m-1", {{"lr", "0.2"}});
  CHECK(changed.code() == ErrorCode::kInvalidParameterValue);
  CHECK(changed.message().find("write-once") != std::string::npos);
  CHECK(f.api.LogParams("m-1", {{"", "x"}}).code() == ErrorCode::kInvalidParameterValue);
}

TEST_CASE("finalize sends the status name and the model id in the body", "[logged_models]") {
  Fixture f;
  auto ready = f.api.Finalize("m-1", LoggedModelStatus::kReady).value();
  CHECK(ready.status == LoggedModelStatus::kReady);
  auto calls = f.channel->calls();
  CHECK(calls.back().second == Json{{"model_id", "m-1"}, {"status", "LOGGED_MODEL_READY"}});
  CHECK(f.api.Finalize("m-1", LoggedModelStatus::kPending).status().code() == ErrorCode::kInvalidParameterValue);
}

TEST_CASE("a failed upload marks the model UPLOAD_FAILED and returns the upload error", "[logged_models]") {
  Fixture f;
  auto result = f.api.UploadAndFinalize("m-1", "/nonexistent/model-dir");
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == ErrorCode::kIoError);
  CHECK(f.channel->calls().back().second["status"] == "LOGGED_MODEL_UPLOAD_FAILED");
}

TEST_CASE("search encodes order_by clauses and links go to runs/outputs", "[logged_models]") {
  Fixture f;
  SearchLoggedModelsRequest request;
  request.experiment_ids = {"1"};
  request.order_by = {{"metrics.acc", false, "val", ""}};
  REQUIRE(f.api.Search(request).ok());
  Json sent = f.channel->calls().back().second;
  CHECK(sent["order_by"] ==
        Json::array({{{"field_name", "metrics.acc"}, {"ascending", false}, {"dataset_name", "val"}}}));
  CHECK(f.api.Search({}).status().code() == ErrorCode::kInvalidParameterValue);

  REQUIRE(f.api.LinkToRun("run1", "m-1", 7).ok());
  auto link = f.channel->calls().back();
  CHECK(link.first == ep::kLogOutputs.path);
  CHECK(link.second == Json{{"run_id", "run1"}, {"models", {{{"model_id", "m-1"}, {"step", 7}}}}});
}
