#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <memory>

#include "mlflow/artifacts/artifacts_api.h"
#include "support/test_env.h"
#include "unit/artifacts/scripted_channel.h"

using namespace mlflow;
using namespace mlflow::testing;
namespace fs = std::filesystem;
using transport::HttpMethod;

namespace {

const std::string kRunRoot = "mlflow-artifacts:/1/run1/artifacts";

struct Fixture {
  std::shared_ptr<ScriptedChannel> server = std::make_shared<ScriptedChannel>();
  std::shared_ptr<ScriptedChannel> storage = std::make_shared<ScriptedChannel>();
  FakeArtifactServer artifacts;
  ArtifactsOptions options;

  Fixture() {
    server->on_send = artifacts.Handler();
    storage->on_send = artifacts.Handler();
    server->on_call = [](const std::string& path, const Json& request, const transport::PathParams&) -> Result<Json> {
      if (path == std::string(transport::endpoints::kGetRun.path)) {
        return Json{{"run", {{"info", {{"run_id", request["run_id"]}, {"artifact_uri", kRunRoot}}}}}};
      }
      return Json::object();
    };
  }
  ArtifactsApi Api() { return ArtifactsApi(server, options, storage); }
};

void WriteFile(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

bool HasTempFiles(const fs::path& dir) {
  for (auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.path().filename().string().find(".mlflowcpp-") != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("a directory tree uploads with encoded paths and downloads byte for byte", "[artifacts][repository]") {
  Fixture f;
  fs::path src = MakeTempDir("art-src");
  WriteFile(src / "a.txt", "alpha");
  WriteFile(src / "sp ace" / "d%.txt", std::string("bin\0ary", 7));
  WriteFile(src / "deep" / "er" / "c.bin", "charlie");

  auto repo = f.Api().ForUri(kRunRoot).value();
  REQUIRE(repo.LogDirectory(src.string(), "model").ok());
  CHECK(f.artifacts.files.at("1/run1/artifacts/model/sp ace/d%.txt") == std::string("bin\0ary", 7));
  CHECK(f.server->CountSent(HttpMethod::kPut,
                            "/api/2.0/mlflow-artifacts/artifacts/1/run1/artifacts/model/sp%20ace/d%25.txt") == 1);

  auto tree = repo.ListRecursive("model").value();
  std::vector<std::string> paths;
  for (auto& info : tree) paths.push_back(info.path + (info.is_dir ? "/" : ""));
  CHECK(paths == std::vector<std::string>{"model/a.txt", "model/deep/", "model/deep/er/", "model/deep/er/c.bin",
                                          "model/sp ace/", "model/sp ace/d%.txt"});

  fs::path dest = MakeTempDir("art-dest");
  CHECK(repo.Download("model", dest.string()).value() == (dest / "model").string());
  CHECK(ReadFileBytes((dest / "model" / "sp ace" / "d%.txt").string()) == std::string("bin\0ary", 7));
  CHECK(ReadFileBytes((dest / "model" / "deep" / "er" / "c.bin").string()) == "charlie");
  CHECK_FALSE(HasTempFiles(dest));

  CHECK(repo.Download("model/a.txt", dest.string()).value() == (dest / "model" / "a.txt").string());
  REQUIRE(repo.Delete("model/deep").ok());
  CHECK(f.artifacts.files.count("1/run1/artifacts/model/deep/er/c.bin") == 0);
}

TEST_CASE("a listing entry that escapes the destination is refused", "[artifacts][repository][security]") {
  Fixture f;
  f.artifacts.files["1/run1/artifacts/ok.txt"] = "fine";
  f.artifacts.extra_listing = {"../../etc/x"};
  auto repo = f.Api().ForUri(kRunRoot).value();
  fs::path dest = MakeTempDir("art-evil") + "/inner/dest";

  auto downloaded = repo.Download("", dest.string());
  REQUIRE_FALSE(downloaded.ok());
  CHECK(downloaded.status().code() == ErrorCode::kInvalidResponse);
  CHECK(downloaded.status().message().find("../../etc/x") != std::string::npos);
  CHECK_FALSE(fs::exists(dest.parent_path().parent_path() / "etc"));
  CHECK(f.server->CountSent(HttpMethod::kGet, "/api/2.0/mlflow-artifacts/artifacts/") == 0);

  f.artifacts.extra_listing = {"/etc/passwd"};
  CHECK(repo.List("").status().code() == ErrorCode::kInvalidResponse);
}

TEST_CASE("a failed download leaves neither a partial file nor a temp file", "[artifacts][repository]") {
  Fixture f;
  auto repo = f.Api().ForUri(kRunRoot).value();
  fs::path dest = MakeTempDir("art-fail");
  WriteFile(dest / "kept.txt", "old");
  auto missing = repo.DownloadFile("kept.txt", (dest / "kept.txt").string());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.code() == ErrorCode::kResourceDoesNotExist);
  CHECK(ReadFileBytes((dest / "kept.txt").string()) == "old");
  CHECK_FALSE(HasTempFiles(dest));
}

TEST_CASE("run artifacts list through the run endpoint, following page tokens", "[artifacts][repository]") {
  Fixture f;
  f.server->on_call = [](const std::string& path, const Json& request, const transport::PathParams&) -> Result<Json> {
    if (path == std::string(transport::endpoints::kGetRun.path)) {
      return Json{{"run", {{"info", {{"artifact_uri", kRunRoot}}}}}};
    }
    if (path == std::string(transport::endpoints::kListArtifacts.path)) {
      CHECK(request["path"] == "model");
      if (!request.contains("page_token")) {
        return Json{{"files", {{{"path", "model/b.txt"}, {"is_dir", false}, {"file_size", "3"}}}},
                    {"next_page_token", "p2"}};
      }
      CHECK(request["page_token"] == "p2");
      return Json{{"files", {{{"path", "model/a"}, {"is_dir", true}}}}};
    }
    return Json::object();
  };
  auto repo = f.Api().ForRun("run1", "model").value();
  CHECK(repo.root_uri() == kRunRoot + "/model");
  CHECK(repo.run_id() == "run1");
  auto all = repo.List("").value();
  REQUIRE(all.size() == 2);
  CHECK(all[0].path == "a");
  CHECK(all[0].is_dir);
  CHECK(all[1].path == "b.txt");
  CHECK(all[1].file_size == 3);
}

TEST_CASE("run listing entries outside the requested directory are refused", "[artifacts][repository][security]") {
  Fixture f;
  f.server->on_call = [](const std::string& path, const Json&, const transport::PathParams&) -> Result<Json> {
    if (path == std::string(transport::endpoints::kGetRun.path)) {
      return Json{{"run", {{"info", {{"artifact_uri", kRunRoot}}}}}};
    }
    return Json{{"files", {{{"path", "model/../../../etc/x"}, {"is_dir", false}}}}};
  };
  auto repo = f.Api().ForRun("run1", "model").value();
  CHECK(repo.List("").status().code() == ErrorCode::kInvalidResponse);
}

TEST_CASE("large files go multipart: parts stream from disk and complete with their ETags", "[artifacts][multipart]") {
  Fixture f;
  f.artifacts.multipart_supported = true;
  f.options.multipart_threshold_bytes = 1;
  f.options.multipart_part_bytes = 4;
  fs::path src = MakeTempDir("art-mpu");
  WriteFile(src / "big.bin", "0123456789");
  auto repo = f.Api().ForUri(kRunRoot).value();
  REQUIRE(repo.LogFile((src / "big.bin").string(), "dir").ok());
  CHECK(f.artifacts.files.at("1/run1/artifacts/dir/big.bin") == "0123456789");
  CHECK(f.artifacts.completed_etags == std::vector<std::string>{"\"etag-1\"", "\"etag-2\"", "\"etag-3\""});
  CHECK(f.artifacts.part_headers == std::set<std::string>{"1", "2", "3"});
  CHECK(f.server->CountSent(HttpMethod::kPut, "/api/2.0/mlflow-artifacts/artifacts/") == 0);
  auto parts = f.storage->sent();
  REQUIRE(parts.size() == 3);
  for (const auto& part : parts) {
    CHECK(part.upload_file == (src / "big.bin").string());
    CHECK(part.body.empty());
  }
}

TEST_CASE("NOT_IMPLEMENTED multipart falls back to a single PUT, once per API", "[artifacts][multipart]") {
  Fixture f;
  f.options.multipart_threshold_bytes = 1;
  fs::path src = MakeTempDir("art-fallback");
  WriteFile(src / "one.bin", "first");
  WriteFile(src / "two.bin", "second");
  auto api = f.Api();
  auto repo = api.ForUri(kRunRoot).value();
  REQUIRE(repo.LogFile((src / "one.bin").string()).ok());
  REQUIRE(repo.LogFile((src / "two.bin").string()).ok());
  CHECK(f.artifacts.files.at("1/run1/artifacts/one.bin") == "first");
  CHECK(f.artifacts.files.at("1/run1/artifacts/two.bin") == "second");
  CHECK(f.server->CountSent(HttpMethod::kPost, "/api/2.0/mlflow-artifacts/mpu/create/") == 1);
  CHECK(f.server->CountSent(HttpMethod::kPut, "/api/2.0/mlflow-artifacts/artifacts/") == 2);
}

TEST_CASE("a failed part aborts the multipart upload", "[artifacts][multipart]") {
  Fixture f;
  f.artifacts.multipart_supported = true;
  f.artifacts.fail_part_number = 2;
  f.options.multipart_threshold_bytes = 1;
  f.options.multipart_part_bytes = 3;
  f.options.max_parallel_parts = 1;
  fs::path src = MakeTempDir("art-abort");
  WriteFile(src / "big.bin", "abcdefghi");
  auto status = f.Api().ForUri(kRunRoot).value().LogFile((src / "big.bin").string());
  REQUIRE_FALSE(status.ok());
  CHECK(status.message().find("part 2") != std::string::npos);
  CHECK(f.artifacts.aborted);
  CHECK(f.artifacts.files.count("1/run1/artifacts/big.bin") == 0);
}

TEST_CASE("file: roots are read and written directly", "[artifacts][local]") {
  Fixture f;
  fs::path root = MakeTempDir("art-local-root");
  fs::path src = MakeTempDir("art-local-src");
  WriteFile(src / "x" / "y.txt", "why");
  WriteFile(src / "z.txt", "zed");
  auto api = f.Api();
  auto repo = api.ForUri("file://" + root.string()).value();
  REQUIRE(repo.LogDirectory(src.string(), "m").ok());
  CHECK(ReadFileBytes((root / "m" / "x" / "y.txt").string()) == "why");
  auto tree = repo.ListRecursive("").value();
  REQUIRE(tree.size() == 4);
  CHECK(tree[3].path == "m/z.txt");
  CHECK(tree[3].file_size == 3);
  fs::path dest = MakeTempDir("art-local-dest");
  CHECK(api.DownloadArtifacts("file://" + root.string() + "/m", dest.string()).value() == (dest / "m").string());
  CHECK(ReadFileBytes((dest / "m" / "x" / "y.txt").string()) == "why");
  REQUIRE(repo.Delete("m/x").ok());
  CHECK_FALSE(fs::exists(root / "m" / "x"));
  CHECK(repo.DownloadFile("m/missing", (dest / "missing").string()).code() == ErrorCode::kResourceDoesNotExist);
}

TEST_CASE("bad caller paths fail before anything is sent", "[artifacts][repository]") {
  Fixture f;
  auto repo = f.Api().ForUri(kRunRoot).value();
  CHECK(repo.List("../x").status().code() == ErrorCode::kInvalidParameterValue);
  CHECK(repo.Delete("/abs").code() == ErrorCode::kInvalidParameterValue);
  CHECK(repo.LogFile("/nonexistent/file").code() == ErrorCode::kIoError);
  CHECK(f.server->sent().empty());
}
