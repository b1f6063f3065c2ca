// Model URIs against the real server: a registered version downloads by version, alias and
// latest; a second load comes from the cache; logged models and runs:/ URIs resolve too.
#include <catch2/catch.hpp>

#include "integration/artifacts/artifact_test_helpers.h"

using namespace mlflow;
using namespace mlflow::testing;
namespace fs = std::filesystem;

namespace {

struct Registered {
  std::string name;
  std::string run_id;
};

// Two versions of one model, each a run's `model` directory with its own marker.
Registered TwoVersions(MlflowClient& client) {
  Registered out{UniqueName("uri-model"), ""};
  for (const char* marker : {"first", "second"}) {
    auto [experiment_id, run_id] = NewRun(client, "uri");
    fs::path src = MakeTempDir("uri-src");
    WriteText(src / "MLmodel", "artifact_path: model\n");
    WriteText(src / "marker.txt", marker);
    WriteText(src / "nested" / "deep.txt", std::string("deep ") + marker);
    REQUIRE(client.artifacts().LogArtifacts(run_id, src.string(), "model").ok());
    REQUIRE(client.registry().RegisterModel("runs:/" + run_id + "/model", out.name).ok());
    out.run_id = run_id;
  }
  return out;
}

// A client whose model cache lives in a fresh directory and whose requests are counted.
struct CountedClient {
  std::shared_ptr<CountingChannel> channel;
  MlflowClient client;
  std::unique_ptr<ModelUriResolver> resolver;
  explicit CountedClient(const std::string& cache_dir)
      : channel(std::make_shared<CountingChannel>(TestClient().channel())), client(channel) {
    auto artifacts = std::make_shared<ArtifactsApi>(channel);
    auto registry = std::make_shared<RegistryApi>(channel);
    auto logged = std::make_shared<LoggedModelsApi>(channel, artifacts, registry);
    resolver = std::make_unique<ModelUriResolver>(channel, artifacts, registry, logged, ModelCacheOptions{cache_dir});
  }
  int Downloads() const { return channel->Requests("GET /api/2.0/mlflow-artifacts/artifacts/"); }
};

}  // namespace

TEST_CASE("a registered version downloads by version, alias and latest", "[integration][registry][uri]") {
  auto client = TestClient();
  auto model = TwoVersions(client);
  REQUIRE(client.registry().SetAlias(model.name, "champion", "1").ok());
  auto& uris = client.model_uris();

  fs::path by_version = MakeTempDir("uri-version");
  CHECK(uris.Download("models:/" + model.name + "/2", by_version.string()).value() == by_version.string());
  CHECK(ReadText(by_version / "marker.txt") == "second");
  CHECK(ReadText(by_version / "nested" / "deep.txt") == "deep second");

  fs::path by_alias = MakeTempDir("uri-alias");
  uris.Download("models:/" + model.name + "@champion", by_alias.string()).value();
  CHECK(ReadText(by_alias / "marker.txt") == "first");

  fs::path latest = MakeTempDir("uri-latest");
  uris.Download("models:/" + model.name + "/latest", latest.string()).value();
  CHECK(ReadText(latest / "marker.txt") == "second");

  fs::path run = MakeTempDir("uri-run");
  uris.Download("runs:/" + model.run_id + "/model", run.string()).value();
  CHECK(ReadText(run / "marker.txt") == "second");

  CHECK(uris.Download("models:/" + model.name + "/9", MakeTempDir("uri-missing")).status().code() ==
        ErrorCode::kResourceDoesNotExist);
  CHECK(uris.Download("models:/" + model.name + "@nobody", MakeTempDir("uri-missing")).ok() == false);
}

TEST_CASE("the second load of a resolved version comes from the cache", "[integration][registry][uri][cache]") {
  auto setup = TestClient();
  auto model = TwoVersions(setup);
  REQUIRE(setup.registry().SetAlias(model.name, "champion", "1").ok());
  CountedClient counted(MakeTempDir("uri-cache"));
  auto& resolver = *counted.resolver;

  auto first = resolver.DownloadCached("models:/" + model.name + "@champion").value();
  CHECK(ReadText(fs::path(first) / "marker.txt") == "first");
  int downloads = counted.Downloads();
  CHECK(downloads == 3);

  CHECK(resolver.DownloadCached("models:/" + model.name + "@champion").value() == first);
  CHECK(resolver.DownloadCached("models:/" + model.name + "/1").value() == first);
  CHECK(counted.Downloads() == downloads);

  REQUIRE(setup.registry().SetAlias(model.name, "champion", "2").ok());
  auto moved = resolver.DownloadCached("models:/" + model.name + "@champion").value();
  CHECK(moved != first);
  CHECK(ReadText(fs::path(moved) / "marker.txt") == "second");
  CHECK(resolver.DownloadCached("models:/" + model.name + "/latest").value() == moved);
  CHECK(counted.Downloads() == downloads + 3);
}

TEST_CASE("models:/<model_id> resolves a logged model", "[integration][registry][uri]") {
  auto client = TestClient();
  auto [experiment_id, run_id] = NewRun(client, "uri-logged");
  CreateLoggedModelRequest request;
  request.experiment_id = experiment_id;
  request.source_run_id = run_id;
  auto model = client.logged_models().Create(request).value();
  fs::path src = MakeTempDir("uri-logged-src");
  WriteText(src / "MLmodel", "model_id: " + model.model_id + "\n");
  REQUIRE(client.logged_models().UploadAndFinalize(model.model_id, src.string()).ok());

  auto resolved = client.model_uris().Resolve("models:/" + model.model_id).value();
  CHECK(resolved.model_id == model.model_id);
  auto local = client.model_uris().DownloadCached("models:/" + model.model_id).value();
  CHECK(ReadText(fs::path(local) / "MLmodel") == "model_id: " + model.model_id + "\n");
}
