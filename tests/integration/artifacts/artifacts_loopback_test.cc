// Cases the real server cannot stage, against tests/support/artifact_test_server.py: a
// multipart upload through presigned part URLs, and a malicious listing.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "integration/artifacts/artifact_test_helpers.h"

using namespace mlflow;
using namespace mlflow::testing;
namespace fs = std::filesystem;

namespace {

struct ScopedEnv {
  ScopedEnv(const char* name, const std::string& value) : name_(name) { ::setenv(name, value.c_str(), 1); }
  ~ScopedEnv() { ::unsetenv(name_); }
  const char* name_;
};

}  // namespace

TEST_CASE("multipart uploads stream parts to presigned URLs without the server's credentials",
          "[integration][artifacts][multipart]") {
  LoopbackArtifactServer server;
  ScopedEnv threshold("MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE", "1048576");
  ScopedEnv part_size("MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE", std::to_string(5 << 20));
  ClientConfig config = ClientConfig::FromEnvironment(server.uri()).value();
  config.transport.auth.bearer_token = "tracking-secret";
  auto client = MlflowClient::Create(config).value();

  fs::path src = MakeTempDir("mpu-src");
  WriteLargeFile(src / "model.bin", (23LL << 20) + 123);
  WriteText(src / "small.txt", "below the threshold");
  auto repo = client.artifacts().ForUri("mlflow-artifacts:/7/run/artifacts").value();
  REQUIRE(repo.LogDirectory(src.string(), "model").ok());

  Json stats = server.Stats();
  CHECK(stats["mpu_create"] == 1);
  CHECK(stats["part_puts"] == 5);
  CHECK(stats["mpu_complete"] == 1);
  CHECK(stats["mpu_abort"] == 0);
  CHECK(stats["bad_part_token"] == 0);
  CHECK(stats["parts_with_authorization"] == 0);
  CHECK(stats["single_puts"] == 1);
  CHECK(SameBytes(fs::path(server.root()) / "7/run/artifacts/model/model.bin", src / "model.bin"));

  fs::path dest = MakeTempDir("mpu-dest");
  auto local = repo.Download("model", dest.string()).value();
  CHECK(SameBytes(fs::path(local) / "model.bin", src / "model.bin"));
}

TEST_CASE("a malicious listing ('../../etc/x') is refused and nothing is written",
          "[integration][artifacts][security]") {
  LoopbackArtifactServer server(/*evil_listing=*/true);
  WriteText(fs::path(server.root()) / "1/run/artifacts/ok.txt", "fine");
  WriteText(fs::path(server.root()) / "1/run/artifacts/sub/inner.txt", "fine");
  auto client = MlflowClient::FromEnvironment(server.uri()).value();
  auto repo = client.artifacts().ForUri("mlflow-artifacts:/1/run/artifacts").value();

  fs::path sandbox = MakeTempDir("evil");
  fs::path dest = sandbox / "a" / "b" / "dest";
  auto downloaded = repo.Download("", dest.string());
  REQUIRE_FALSE(downloaded.ok());
  CHECK(downloaded.status().code() == ErrorCode::kInvalidResponse);
  CHECK(downloaded.status().message().find("../../etc/x") != std::string::npos);
  CHECK_FALSE(fs::exists(sandbox / "a" / "etc"));
  CHECK_FALSE(fs::exists(dest / "ok.txt"));

  auto listed = repo.ListRecursive("sub");
  CHECK(listed.status().code() == ErrorCode::kInvalidResponse);
  auto via_uri = client.artifacts().DownloadArtifacts("mlflow-artifacts:/1/run/artifacts", dest.string());
  CHECK(via_uri.status().code() == ErrorCode::kInvalidResponse);
}
