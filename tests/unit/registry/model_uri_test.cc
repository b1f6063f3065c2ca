#include <catch2/catch.hpp>

#include "mlflow/registry/model_uri.h"

using namespace mlflow;
using Kind = ModelUri::Kind;

TEST_CASE("model URIs parse as MLflow parses them", "[registry][uri]") {
  auto version = ParseModelUri("models:/sentiment/3").value();
  CHECK(version.kind == Kind::kVersion);
  CHECK(version.name == "sentiment");
  CHECK(version.version == "3");

  auto alias = ParseModelUri("models:/sentiment@champion").value();
  CHECK(alias.kind == Kind::kAlias);
  CHECK(alias.name == "sentiment");
  CHECK(alias.alias == "champion");
  CHECK(ParseModelUri("models:/a@b@c").value().name == "a@b");

  CHECK(ParseModelUri("models:/sentiment/latest").value().kind == Kind::kLatest);
  CHECK(ParseModelUri("models:/sentiment/LATEST").value().kind == Kind::kLatest);

  auto stage = ParseModelUri("models:/sentiment/Production").value();
  CHECK(stage.kind == Kind::kStage);
  CHECK(stage.stage == "Production");

  auto logged = ParseModelUri("models:/m-0123abcd").value();
  CHECK(logged.kind == Kind::kLoggedModel);
  CHECK(logged.model_id == "m-0123abcd");

  auto run = ParseModelUri("runs:/abc/model").value();
  CHECK(run.kind == Kind::kRun);
  CHECK(run.run_id == "abc");
  CHECK(run.artifact_path == "model");
}

TEST_CASE("malformed model URIs are refused with the accepted forms", "[registry][uri]") {
  for (const char* bad : {"models:/", "models:/a/b/c", "models:/ /1", "models:/a/ ", "models:/a@", "models:/@x",
                          "models://profile/a/1", "s3://bucket/model", "runs:/", "sentiment"}) {
    INFO(bad);
    auto parsed = ParseModelUri(bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == ErrorCode::kInvalidParameterValue);
  }
  CHECK(ParseModelUri("nope").status().message().find("models:/<name>@<alias>") != std::string::npos);
}
