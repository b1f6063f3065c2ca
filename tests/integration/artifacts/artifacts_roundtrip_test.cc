// ArtifactsApi against the real MLflow server (proxied mlflow-artifacts:/ store) and a file:
// artifact root, checked with the official Python client.
#include <catch2/catch.hpp>

#include "integration/artifacts/artifact_test_helpers.h"

using namespace mlflow;
using namespace mlflow::testing;
namespace fs = std::filesystem;

TEST_CASE("a nested directory tree round-trips byte for byte through a run", "[integration][artifacts]") {
  auto client = TestClient();
  auto [experiment_id, run_id] = NewRun(client, "art-tree");
  fs::path src = MakeTempDir("tree-src");
  MakeNestedTree(src);
  REQUIRE(client.artifacts().LogArtifacts(run_id, src.string(), "model").ok());

  auto repo = client.artifacts().ForRun(run_id).value();
  CHECK(repo.root_uri() == "mlflow-artifacts:/" + experiment_id + "/" + run_id + "/artifacts");
  auto top = repo.List().value();
  REQUIRE(top.size() == 1);
  CHECK(top[0].path == "model");
  CHECK(top[0].is_dir);

  int files = 0;
  for (const auto& info : repo.ListRecursive("model").value()) {
    if (info.is_dir) continue;
    ++files;
    if (info.path == "model/data/weights.bin") CHECK(info.file_size == 70000);
  }
  CHECK(files == 6);

  fs::path dest = MakeTempDir("tree-dest");
  CHECK(repo.Download("model", dest.string()).value() == (dest / "model").string());
  CHECK(Snapshot(dest / "model") == Snapshot(src));

  SECTION("the official client downloads the same bytes") {
    fs::path py_dest = MakeTempDir("tree-py");
    RunPython("import mlflow\nmlflow.artifacts.download_artifacts(run_id='" + run_id +
              "', artifact_path='model', dst_path='" + py_dest.string() + "')\n");
    CHECK(Snapshot(py_dest / "model") == Snapshot(src));
  }
  SECTION("a single file downloads by runs:/ URI") {
    fs::path one = MakeTempDir("tree-one");
    auto local = client.artifacts().DownloadArtifacts("runs:/" + run_id + "/model/data/weights.bin", one.string());
    CHECK(local.value() == (one / "weights.bin").string());
    CHECK(SameBytes(one / "weights.bin", src / "data" / "weights.bin"));
  }
  SECTION("a sub-path repository and delete") {
    auto model = client.artifacts().ForRun(run_id, "model").value();
    CHECK(model.List("sp ace").value().size() == 1);
    REQUIRE(model.Delete("sp ace").ok());
    for (const auto& info : model.List().value()) CHECK(info.path != "sp ace");
    CHECK(repo.Download("model/absent.txt", dest.string()).status().code() == ErrorCode::kResourceDoesNotExist);
  }
}

TEST_CASE("artifacts the Python client logged download with the C++ client", "[integration][artifacts]") {
  auto client = TestClient();
  auto [experiment_id, run_id] = NewRun(client, "art-py");
  fs::path src = MakeTempDir("py-src");
  MakeNestedTree(src);
  RunPython("from mlflow import MlflowClient\nMlflowClient().log_artifacts('" + run_id + "', '" + src.string() +
            "', 'from-python')\n");
  fs::path dest = MakeTempDir("py-dest");
  auto local = client.artifacts().DownloadArtifacts("runs:/" + run_id + "/from-python", dest.string()).value();
  CHECK(Snapshot(local) == Snapshot(src));
}

TEST_CASE("file: artifact roots are written directly and the server sees them", "[integration][artifacts]") {
  auto client = TestClient();
  fs::path root = MakeTempDir("file-root");
  auto [experiment_id, run_id] = NewRun(client, "art-file", "file://" + root.string());
  auto repo = client.artifacts().ForRun(run_id).value();
  CHECK(repo.root_uri().rfind("file://" + root.string(), 0) == 0);

  fs::path src = MakeTempDir("file-src");
  MakeNestedTree(src);
  REQUIRE(repo.LogDirectory(src.string(), "model").ok());
  CHECK(fs::exists(root / run_id / "artifacts" / "model" / "data" / "weights.bin"));

  std::string listed = RunPython(
      "from mlflow import MlflowClient\nprint(sorted(f.path for f in MlflowClient()."
      "list_artifacts('" +
      run_id + "', 'model')))\n");
  CHECK(listed.find("model/data") != std::string::npos);
  CHECK(listed.find("model/MLmodel") != std::string::npos);

  fs::path dest = MakeTempDir("file-dest");
  CHECK(Snapshot(repo.Download("model", dest.string()).value()) == Snapshot(src));
}

TEST_CASE("multipart falls back to a single PUT when the server answers NOT_IMPLEMENTED",
          "[integration][artifacts][multipart]") {
  auto base = TestClient();
  auto counting = std::make_shared<CountingChannel>(base.channel());
  ArtifactsOptions options;
  options.multipart_threshold_bytes = 1;
  ArtifactsApi api(counting, options);
  auto [experiment_id, run_id] = NewRun(base, "art-mpu-fallback");
  fs::path src = MakeTempDir("fallback-src");
  WriteText(src / "one.bin", std::string(3000, 'a'));
  WriteText(src / "100% two.bin", std::string(5000, 'b'));

  auto repo = api.ForRun(run_id).value();
  REQUIRE(repo.LogDirectory(src.string()).ok());
  CHECK(counting->Requests("POST /api/2.0/mlflow-artifacts/mpu/create/") == 1);
  CHECK(counting->Requests("PUT /api/2.0/mlflow-artifacts/artifacts/") == 2);

  fs::path dest = MakeTempDir("fallback-dest");
  CHECK(Snapshot(repo.Download("", dest.string()).value()) == Snapshot(src));
}

TEST_CASE("a logged model's artifact_uri takes uploads too", "[integration][artifacts]") {
  auto client = TestClient();
  auto [experiment_id, run_id] = NewRun(client, "art-logged");
  CreateLoggedModelRequest request;
  request.experiment_id = experiment_id;
  request.name = "art-model";
  auto model = client.logged_models().Create(request).value();
  CHECK(model.artifact_uri.rfind("mlflow-artifacts:/" + experiment_id + "/models/" + model.model_id, 0) == 0);
  fs::path src = MakeTempDir("logged-src");
  MakeNestedTree(src);
  auto repo = client.artifacts().ForUri(model.artifact_uri).value();
  REQUIRE(repo.LogDirectory(src.string()).ok());
  fs::path dest = MakeTempDir("logged-dest");
  CHECK(Snapshot(repo.Download("", dest.string()).value()) == Snapshot(src));
}
