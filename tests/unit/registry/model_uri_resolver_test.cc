#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <memory>

#include "mlflow/registry/model_uri_resolver.h"
#include "support/test_env.h"
#include "unit/artifacts/scripted_channel.h"

using namespace mlflow;
using namespace mlflow::testing;
namespace ep = mlflow::transport::endpoints;
namespace fs = std::filesystem;

namespace {

struct Registry {
  std::shared_ptr<ScriptedChannel> channel = std::make_shared<ScriptedChannel>("http://reg:5000");
  FakeArtifactServer store;
  std::string champion = "2";
  std::shared_ptr<ArtifactsApi> artifacts;
  std::shared_ptr<RegistryApi> registry;
  std::shared_ptr<LoggedModelsApi> logged;
  std::unique_ptr<ModelUriResolver> resolver;

  Registry() {
    store.files["1/r1/artifacts/model/MLmodel"] = "run model";
    store.files["1/r1/artifacts/notes.txt"] = "notes";
    store.files["1/models/m-1/artifacts/MLmodel"] = "logged model";
    channel->on_send = store.Handler();
    channel->on_call = [this](const std::string& path, const Json& request,
                              const transport::PathParams& params) -> Result<Json> {
      return Answer(path, request, params);
    };
    artifacts = std::make_shared<ArtifactsApi>(channel, ArtifactsOptions{}, channel);
    registry = std::make_shared<RegistryApi>(channel);
    logged = std::make_shared<LoggedModelsApi>(channel, artifacts, registry);
    resolver = std::make_unique<ModelUriResolver>(channel, artifacts, registry, logged,
                                                  ModelCacheOptions{MakeTempDir("resolver-cache")});
  }

  static Json Version(const std::string& version) {
    return {
        {"name", "m"}, {"version", version}, {"status", "READY"}, {"creation_timestamp", 1000 + std::stoi(version)}};
  }

  Result<Json> Answer(const std::string& path, const Json& request, const transport::PathParams& params) {
    if (path == ep::kGetRun.path)
      return Json{{"run", {{"info", {{"artifact_uri", "mlflow-artifacts:/1/r1/artifacts"}}}}}};
    if (path == ep::kListArtifacts.path) return ListRunArtifacts(request.value("path", std::string()));
    if (path == ep::kGetModelVersion.path)
      return Json{{"model_version", Version(request["version"].get<std::string>())}};
    if (path == ep::kGetModelVersionByAlias.path) return Json{{"model_version", Version(champion)}};
    if (path == ep::kGetLatestVersions.path) return Json{{"model_versions", {Version("3"), Version("10")}}};
    if (path == ep::kGetModelVersionDownloadUri.path) {
      return Json{
          {"artifact_uri", request["version"] == "2" ? "runs:/r1/model" : "mlflow-artifacts:/1/models/m-1/artifacts"}};
    }
    if (path == ep::kGetLoggedModel.path) {
      CHECK(params.at(0).second == "m-1");
      return Json{
          {"model", {{"info", {{"model_id", "m-1"}, {"artifact_uri", "mlflow-artifacts:/1/models/m-1/artifacts"}}}}}};
    }
    return Status(ErrorCode::kEndpointNotFound, "unexpected " + path);
  }

  // The tracking server's run listing: entries directly under `dir`, paths relative to the run root.
  Json ListRunArtifacts(const std::string& dir) const {
    const std::string root = "1/r1/artifacts/";
    const std::string prefix = dir.empty() ? root : root + dir + "/";
    std::map<std::string, Json> entries;
    for (const auto& [key, content] : store.files) {
      if (key.rfind(prefix, 0) != 0) continue;
      std::string rest = key.substr(prefix.size());
      size_t slash = rest.find('/');
      std::string name = rest.substr(0, slash);
      std::string relative = (dir.empty() ? "" : dir + "/") + name;
      entries[name] = slash == std::string::npos
                          ? Json{{"path", relative}, {"is_dir", false}, {"file_size", content.size()}}
                          : Json{{"path", relative}, {"is_dir", true}};
    }
    Json files = Json::array();
    for (auto& [name, entry] : entries) files.push_back(entry);
    return files.empty() ? Json::object() : Json{{"files", files}};
  }

  size_t Downloads() const {
    return channel->CountSent(transport::HttpMethod::kGet, "/api/2.0/mlflow-artifacts/artifacts/");
  }
};

std::string Read(const std::string& path) { return ReadFileBytes(path); }

}  // namespace

TEST_CASE("aliases, versions, latest and model ids resolve to versions and cache keys", "[registry][resolver]") {
  Registry r;
  auto alias = r.resolver->Resolve("models:/m@champion").value();
  CHECK(alias.version == "2");
  CHECK(alias.artifact_uri == "runs:/r1/model");
  CHECK(alias.cache_key == "http://reg:5000 models/m/2@1002");
  CHECK(r.resolver->Resolve("models:/m/2").value().cache_key == alias.cache_key);
  CHECK(r.resolver->Resolve("models:/m/latest").value().version == "10");
  auto logged = r.resolver->Resolve("models:/m-1").value();
  CHECK(logged.model_id == "m-1");
  CHECK(logged.cache_key == "http://reg:5000 logged-models/m-1");
  CHECK(r.resolver->Resolve("runs:/r1/model").value().cache_key == "http://reg:5000 runs/r1/model");
}

TEST_CASE("a second cached load does not download again; a moved alias does", "[registry][resolver]") {
  Registry r;
  auto first = r.resolver->DownloadCached("models:/m@champion").value();
  CHECK(Read(first + "/MLmodel") == "run model");
  size_t downloads = r.Downloads();
  CHECK(downloads == 1);

  CHECK(r.resolver->DownloadCached("models:/m@champion").value() == first);
  CHECK(r.resolver->DownloadCached("models:/m/2").value() == first);
  CHECK(r.Downloads() == downloads);

  r.champion = "5";
  auto moved = r.resolver->DownloadCached("models:/m@champion").value();
  CHECK(moved != first);
  CHECK(Read(moved + "/MLmodel") == "logged model");
  CHECK(r.Downloads() == downloads + 1);
}

TEST_CASE("uncached downloads put the model's files directly in the destination", "[registry][resolver]") {
  Registry r;
  std::string dest = MakeTempDir("resolver-dest");
  CHECK(r.resolver->Download("models:/m-1", dest).value() == dest);
  CHECK(Read(dest + "/MLmodel") == "logged model");

  std::string run_dest = MakeTempDir("resolver-run");
  CHECK(r.resolver->Download("runs:/r1/model", run_dest).value() == run_dest);
  CHECK(Read(run_dest + "/MLmodel") == "run model");

  std::string file_dest = MakeTempDir("resolver-file");
  CHECK(r.resolver->Download("runs:/r1/notes.txt", file_dest).value() == file_dest + "/notes.txt");
  CHECK(Read(file_dest + "/notes.txt") == "notes");

  auto empty = r.resolver->Download("runs:/r1/absent-dir/", MakeTempDir("resolver-empty"));
  CHECK_FALSE(empty.ok());
}
