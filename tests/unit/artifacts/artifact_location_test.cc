#include <catch2/catch.hpp>

#include "mlflow/artifacts/artifact_location.h"
#include "mlflow/artifacts/artifacts_options.h"

#include <map>
#include <string>

using namespace mlflow;
using namespace mlflow::artifacts;
using Kind = ArtifactLocation::Kind;

namespace {
const std::string kServer = "http://127.0.0.1:5000";
}

TEST_CASE("mlflow-artifacts URIs map to the server's artifact service", "[artifacts][uri]") {
  auto plain = ParseArtifactLocation("mlflow-artifacts:/1/abc/artifacts", kServer).value();
  CHECK(plain.kind == Kind::kProxied);
  CHECK(plain.path == "1/abc/artifacts");
  CHECK(ParseArtifactLocation("mlflow-artifacts:///1/abc/artifacts/", kServer).value().path == "1/abc/artifacts");
  CHECK(ParseArtifactLocation("mlflow-artifacts://127.0.0.1:5000/1/abc", kServer).value().path == "1/abc");

  auto other = ParseArtifactLocation("mlflow-artifacts://elsewhere:5000/1/abc", kServer);
  REQUIRE_FALSE(other.ok());
  CHECK(other.status().code() == ErrorCode::kNotImplemented);
  CHECK_FALSE(ParseArtifactLocation("mlflow-artifacts:/1/../../etc", kServer).ok());
}

TEST_CASE("http URIs of this server's artifact service are proxied", "[artifacts][uri]") {
  auto http = ParseArtifactLocation(kServer + "/api/2.0/mlflow-artifacts/artifacts/1/r/artifacts", kServer).value();
  CHECK(http.kind == Kind::kProxied);
  CHECK(http.path == "1/r/artifacts");
  CHECK(ParseArtifactLocation("http://other:1/api/2.0/mlflow-artifacts/artifacts/1", kServer).status().code() ==
        ErrorCode::kNotImplemented);
}

TEST_CASE("file URIs and absolute paths are local directories", "[artifacts][uri]") {
  CHECK(ParseArtifactLocation("file:///tmp/mlruns/1", kServer).value().path == "/tmp/mlruns/1");
  CHECK(ParseArtifactLocation("file:/tmp/mlruns/1/", kServer).value().path == "/tmp/mlruns/1");
  CHECK(ParseArtifactLocation("file://localhost/tmp/a%20b", kServer).value().path == "/tmp/a b");
  CHECK(ParseArtifactLocation("/srv/artifacts", kServer).value().kind == Kind::kLocal);
  CHECK(ParseArtifactLocation("file://remotehost/x", kServer).status().code() == ErrorCode::kNotImplemented);
  CHECK_FALSE(ParseArtifactLocation("file:relative/dir", kServer).ok());
}

TEST_CASE("cloud schemes are not implemented, with advice", "[artifacts][uri]") {
  auto s3 = ParseArtifactLocation("s3://bucket/path", kServer);
  REQUIRE_FALSE(s3.ok());
  CHECK(s3.status().code() == ErrorCode::kNotImplemented);
  CHECK(s3.status().message().find("--serve-artifacts") != std::string::npos);
  CHECK_FALSE(ParseArtifactLocation("", kServer).ok());
}

TEST_CASE("runs URIs carry a run id and a path", "[artifacts][uri]") {
  auto run = ParseArtifactLocation("runs:/abc123/model/data", kServer).value();
  CHECK(run.kind == Kind::kRun);
  CHECK(run.run_id == "abc123");
  CHECK(run.path == "model/data");
  CHECK(ParseRunsUri("runs:/abc123").value().path == "");
  CHECK(ParseRunsUri("runs:/abc123/model/").value().path == "model");
  CHECK_FALSE(ParseRunsUri("runs:/").ok());
  CHECK_FALSE(ParseRunsUri("runs://abc/x").ok());
  CHECK_FALSE(ParseRunsUri("runs:/abc/../x").ok());
}

TEST_CASE("artifact options read MLflow's multipart variables", "[artifacts][options]") {
  std::map<std::string, std::string> vars = {{"MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE", "1024"},
                                             {"MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE", "512"},
                                             {"MLFLOW_ENABLE_MULTIPART_UPLOAD", "false"}};
  auto env = [&](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
  auto options = ArtifactsOptions::FromEnvironment(env).value();
  CHECK(options.multipart_threshold_bytes == 1024);
  CHECK(options.multipart_part_bytes == 512);
  CHECK_FALSE(options.multipart_upload);

  vars["MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE"] = "0";
  auto bad = ArtifactsOptions::FromEnvironment(env);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find("MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE") != std::string::npos);
  auto defaults = ArtifactsOptions::FromEnvironment([](const char*) -> const char* { return nullptr; }).value();
  CHECK(defaults.multipart_threshold_bytes == 500LL << 20);
  CHECK(defaults.multipart_part_bytes == 10LL << 20);
}
