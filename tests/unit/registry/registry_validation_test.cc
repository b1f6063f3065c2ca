#include <catch2/catch.hpp>

#include "mlflow/registry/registry_validation.h"

using namespace mlflow;
using namespace mlflow::registry;

TEST_CASE("aliases follow MLflow's pattern and reserved names", "[registry][validation]") {
  CHECK(ValidateAlias("champion").ok());
  CHECK(ValidateAlias("challenger-2_b").ok());
  CHECK(ValidateAlias("v1a").ok());
  CHECK(ValidateAlias("v").ok());
  CHECK(ValidateAlias(std::string(255, 'a')).ok());

  CHECK(ValidateAlias("").code() == ErrorCode::kInvalidParameterValue);
  CHECK_FALSE(ValidateAlias(std::string(256, 'a')).ok());
  CHECK_FALSE(ValidateAlias("has space").ok());
  CHECK_FALSE(ValidateAlias("dot.ted").ok());
  CHECK_FALSE(ValidateAlias("slash/ed").ok());
  Status latest = ValidateAlias("LaTeSt");
  REQUIRE_FALSE(latest.ok());
  CHECK(latest.message().find("reserved") != std::string::npos);
  CHECK_FALSE(ValidateAlias("v1").ok());
  CHECK_FALSE(ValidateAlias("V42").ok());
}

TEST_CASE("registered model names and versions", "[registry][validation]") {
  CHECK(ValidateModelName("sentiment model-1").ok());
  CHECK_FALSE(ValidateModelName("").ok());
  CHECK_FALSE(ValidateModelName("   ").ok());
  CHECK_FALSE(ValidateModelName("a/b").ok());
  CHECK_FALSE(ValidateModelName("a:b").ok());
  CHECK_FALSE(ValidateModelName("..").ok());
  CHECK(ValidateVersion("12").ok());
  CHECK_FALSE(ValidateVersion("").ok());
  CHECK_FALSE(ValidateVersion("1.0").ok());
  CHECK_FALSE(ValidateVersion("latest").ok());
}

TEST_CASE("registry tags: key rules and length limits", "[registry][validation]") {
  CHECK(ValidateTag("stage/owner.name", "v").ok());
  CHECK(ValidateTag("k", std::string(100000, 'x')).ok());
  CHECK_FALSE(ValidateTag("k", std::string(100001, 'x')).ok());
  CHECK_FALSE(ValidateTag(std::string(251, 'k'), "v").ok());
  CHECK_FALSE(ValidateTag("../x", "v").ok());
  CHECK_FALSE(ValidateTag("", "v").ok());
}
