// The official Python client and the C++ client see each other's registry work.
#include <catch2/catch.hpp>

#include "integration/artifacts/artifact_test_helpers.h"

using namespace mlflow;
using namespace mlflow::testing;
namespace fs = std::filesystem;

TEST_CASE("the Python client sees what the C++ client registered", "[integration][registry][cross-client]") {
  auto client = TestClient();
  auto [experiment_id, run_id] = NewRun(client, "cross-cpp");
  fs::path src = MakeTempDir("cross-src");
  MakeNestedTree(src);
  REQUIRE(client.artifacts().LogArtifacts(run_id, src.string(), "model").ok());
  std::string name = UniqueName("cross-cpp");
  auto& registry = client.registry();
  REQUIRE(registry.CreateRegisteredModel(name, "from C++", {{"lang", "c++"}}).ok());
  auto v1 = registry.RegisterModel("runs:/" + run_id + "/model", name, {{"quality", "gold"}}).value();
  REQUIRE(registry.RegisterModel("runs:/" + run_id + "/model", name).ok());
  REQUIRE(registry.SetAlias(name, "champion", v1.version).ok());
  REQUIRE(registry.SetAlias(name, "challenger", "2").ok());

  fs::path py_dest = MakeTempDir("cross-py-dest");
  std::string out = RunPython(
      "import json, mlflow\n"
      "from mlflow import MlflowClient\n"
      "c = MlflowClient()\n"
      "m = c.get_registered_model('" +
      name +
      "')\n"
      "v = c.get_model_version_by_alias('" +
      name +
      "', 'champion')\n"
      "versions = sorted(x.version for x in c.search_model_versions(\"name = '" +
      name +
      "'\"))\n"
      "p = mlflow.artifacts.download_artifacts(artifact_uri='models:/" +
      name + "@champion', dst_path='" + py_dest.string() +
      "')\n"
      "print(json.dumps({'description': m.description, 'tags': m.tags, 'aliases': m.aliases,\n"
      "  'champion': v.version, 'version_tags': v.tags, 'versions': versions, 'path': p}))\n");
  Json seen = Json::parse(out.substr(out.find('{')));
  CHECK(seen["description"] == "from C++");
  CHECK(seen["tags"] == Json{{"lang", "c++"}});
  CHECK(seen["aliases"] == Json{{"champion", "1"}, {"challenger", "2"}});
  CHECK(seen["champion"] == "1");
  CHECK(seen["version_tags"] == Json{{"quality", "gold"}});
  CHECK(seen["versions"] == Json::array({"1", "2"}));
  CHECK(Snapshot(seen["path"].get<std::string>()) == Snapshot(src));
}

TEST_CASE("the C++ client resolves a model the Python client registered", "[integration][registry][cross-client]") {
  std::string name = UniqueName("cross-py");
  fs::path src = MakeTempDir("cross-py-src");
  MakeNestedTree(src);
  std::string out = RunPython(
      "import mlflow\n"
      "from mlflow import MlflowClient\n"
      "mlflow.set_experiment('" +
      UniqueName("cross-py") +
      "')\n"
      "with mlflow.start_run() as run:\n"
      "    mlflow.log_artifacts('" +
      src.string() +
      "', 'model')\n"
      "mv = mlflow.register_model(f'runs:/{run.info.run_id}/model', '" +
      name +
      "', tags={'from': 'python'})\n"
      "MlflowClient().set_registered_model_alias('" +
      name +
      "', 'prod', mv.version)\n"
      "print(run.info.run_id)\n");
  auto client = TestClient();
  auto version = client.registry().GetModelVersionByAlias(name, "prod").value();
  CHECK(version.version == "1");
  CHECK(version.tags.at("from") == "python");
  fs::path cache = MakeTempDir("cross-cache");
  auto artifacts = std::make_shared<ArtifactsApi>(client.channel());
  auto registry = std::make_shared<RegistryApi>(client.channel());
  ModelUriResolver resolver(client.channel(), artifacts, registry,
                            std::make_shared<LoggedModelsApi>(client.channel(), artifacts, registry),
                            ModelCacheOptions{cache.string()});
  auto local = resolver.DownloadCached("models:/" + name + "@prod").value();
  CHECK(Snapshot(local) == Snapshot(src));
  CHECK(local.rfind(cache.string(), 0) == 0);
}
