// The promotion gate and rollback against the real MLflow server: registration, aliases,
// decision tags, dry runs, refusals with every failed threshold, and the rollback chain.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "mlflow/models/model_directory.h"
#include "mlflow/models/semeval_loader.h"
#include "mlflow/pipeline/model_source.h"
#include "mlflow/pipeline/promotion.h"
#include "mlflow/pipeline/register_stage.h"
#include "mlflow/pipeline/rollback.h"
#include "support/test_env.h"

namespace {

using mlflow::pipeline::MetricThreshold;
using mlflow::pipeline::NamedThreshold;
using mlflow::pipeline::PromoteOptions;
using mlflow::pipeline::PromotionOutcome;

struct Fixture {
  mlflow::MlflowClient client = mlflow::MlflowClient::FromEnvironment(mlflow::testing::TrackingUri()).value();
  std::string name = mlflow::testing::UniqueName("gate-test");
  std::string experiment = mlflow::testing::UniqueName("gate-test");
  mlflow::models::Dataset train =
      mlflow::models::LoadSemEvalFile(mlflow::testing::DataDir() + "/twitter-2013dev-A.tsv").value();
  mlflow::models::Dataset eval =
      mlflow::models::LoadSemEvalFile(mlflow::testing::DataDir() + "/twitter-2016devtest-A.tsv").value();

  // Trains a logistic regression with inverse regularisation `c` on the first `rows` training
  // tweets (all by default) and registers it.
  std::string Register(double c, size_t rows = 0) {
    auto config = mlflow::models::TrainingConfig::ForModelType(mlflow::models::ModelType::kLogisticRegression);
    config.c = c;
    config.max_iterations = 40;
    config.threads = 2;
    std::vector<size_t> subset;
    for (size_t i = 0; i < (rows == 0 ? train.size() : rows); ++i) subset.push_back(i);
    auto model = mlflow::models::SentimentModel::Train(config, train.Subset(subset)).value();
    std::string dir = mlflow::testing::MakeTempDir("gate-model");
    REQUIRE(mlflow::models::SaveModelDirectory(model, dir).ok());
    mlflow::pipeline::RegisterStageOptions options{dir, name, "", experiment};
    auto registered = mlflow::pipeline::RunRegister(options, client).value();
    CHECK(registered.created);
    return registered.version;
  }

  mlflow::Result<mlflow::pipeline::PromotionDecision> Promote(const std::string& candidate, MetricThreshold threshold,
                                                              bool dry_run = false,
                                                              const std::string& metric = "macro_recall") {
    PromoteOptions options;
    options.name = name;
    options.candidate = candidate;
    options.thresholds = {NamedThreshold{metric, threshold}};
    options.dry_run = dry_run;
    options.experiment = experiment;
    auto evaluate = [](const std::string& dir, const mlflow::models::Dataset& data) {
      return mlflow::pipeline::EvaluateModelDirectory(dir, data, 2);
    };
    return mlflow::pipeline::Promote(client, options, eval, evaluate);
  }

  std::string Champion() { return client.registry().GetModelVersionByAlias(name, "champion").value().version; }
  std::map<std::string, std::string> Tags(const std::string& version) {
    return client.registry().GetModelVersion(name, version).value().tags;
  }
};

MetricThreshold Gate(std::optional<double> threshold, std::optional<double> min_absolute_change) {
  MetricThreshold t;
  t.threshold = threshold;
  t.min_absolute_change = min_absolute_change;
  return t;
}

}  // namespace

TEST_CASE("gate: first champion, promotion, refusal, dry run, rollback", "[pipeline][gate]") {
  Fixture f;
  // Measured on twitter-2016devtest: ~0.33 macro-recall from 40 tweets, ~0.47 from 2013dev.
  std::string weak = f.Register(2.0, 40);  // barely learns
  std::string good = f.Register(2.0);
  std::string better = f.Register(2.0);  // same quality: cannot beat `good` by a margin

  SECTION("the whole life cycle") {
    // No champion yet: only the absolute floor applies; the weak model fails even that.
    auto refused_first = f.Promote(weak, Gate(0.4, 0.01)).value();
    CHECK(refused_first.outcome == PromotionOutcome::kRefused);
    CHECK(refused_first.champion_version.empty());
    CHECK(f.client.registry().GetRegisteredModel(f.name).value().aliases.count("champion") == 0);
    CHECK(f.Tags(weak).at("gate.decision") == "refused");

    // A dry run decides without touching the registry.
    auto dry = f.Promote(good, Gate(0.4, 0.01), /*dry_run=*/true).value();
    CHECK(dry.outcome == PromotionOutcome::kFirstChampion);
    CHECK(dry.dry_run);
    CHECK(f.client.registry().GetRegisteredModel(f.name).value().aliases.count("champion") == 0);
    CHECK(f.Tags(good).count("gate.decision") == 0);

    auto first = f.Promote(good, Gate(0.4, 0.01)).value();
    CHECK(first.outcome == PromotionOutcome::kFirstChampion);
    CHECK(f.Champion() == good);
    auto tags = f.Tags(good);
    CHECK(tags.at("gate.decision") == "first_champion");
    CHECK(tags.at("gate.passed") == "true");
    CHECK(tags.count("gate.previous_champion") == 0);
    CHECK(std::stod(tags.at("gate.candidate.macro_recall")) == Approx(first.candidate_metrics.at("macro_recall")));
    CHECK(tags.at("gate.thresholds").find("\"min_absolute_change\":0.01") != std::string::npos);
    CHECK(!tags.at("gate.run_id").empty());

    // An equal model cannot beat the champion by the required margin: refused, both
    // evaluated on the same data in this call.
    auto equal = f.Promote(better, Gate(0.4, 0.01)).value();
    CHECK(equal.outcome == PromotionOutcome::kRefused);
    CHECK(equal.champion_version == good);
    CHECK(equal.champion_metrics.count("macro_recall") == 1);
    REQUIRE(equal.gate.Failures().size() == 1);
    CHECK(equal.gate.Failures()[0].find("minimum absolute change") != std::string::npos);
    CHECK(f.Champion() == good);

    // The weak model against the champion fails both thresholds; both are reported.
    auto both = f.Promote(weak, Gate(0.4, 0.01)).value();
    CHECK(both.gate.Failures().size() == 2);
    CHECK(f.Tags(weak).at("gate.failures").find("value threshold check failed") != std::string::npos);

    // A missing metric fails.
    auto missing = f.Promote(better, Gate(0.1, std::nullopt), false, "no_such_metric").value();
    CHECK(missing.outcome == PromotionOutcome::kRefused);
    CHECK(missing.gate.checks[0].missing_candidate);

    // With a plain floor the equal model passes and takes the alias; the old champion is
    // recorded for rollback.
    auto promoted = f.Promote(better, Gate(0.4, std::nullopt)).value();
    CHECK(promoted.outcome == PromotionOutcome::kPromoted);
    CHECK(f.Champion() == better);
    CHECK(f.Tags(better).at("gate.previous_champion") == good);

    // The candidate that already is the champion: nothing to do.
    auto again = f.Promote("champion", Gate(0.4, std::nullopt)).value();
    CHECK(again.outcome == PromotionOutcome::kAlreadyChampion);

    // Rollback walks the recorded chain, then stops at the first champion.
    auto rollback = mlflow::pipeline::Rollback(f.client, f.name, "champion").value();
    CHECK(rollback.from_version == better);
    CHECK(rollback.to_version == good);
    CHECK(f.Champion() == good);
    CHECK(f.Tags(better).at("gate.rolled_back_to") == good);
    CHECK(f.Tags(good).at("gate.restored_from") == better);
    auto end = mlflow::pipeline::Rollback(f.client, f.name, "champion");
    CHECK(end.status().code() == mlflow::ErrorCode::kInvalidState);
    CHECK(f.Champion() == good);
  }
}

TEST_CASE("register is idempotent for a model directory logged by a run", "[pipeline][register]") {
  Fixture f;
  std::string version = f.Register(1.0);
  auto model_uri = "models:/" + f.name + "/" + version;
  std::string downloaded = mlflow::pipeline::ResolveModelDirectory(model_uri, &f.client).value();
  // A directory whose MLmodel names no run (as Register's was) is uploaded to a new run and
  // registered from there: a new version every time.
  mlflow::pipeline::RegisterStageOptions options{downloaded, f.name, "challenger", f.experiment};
  auto first = mlflow::pipeline::RunRegister(options, f.client).value();
  CHECK(first.version != version);
  CHECK(f.client.registry().GetModelVersionByAlias(f.name, "challenger").value().version == first.version);
  // A directory whose MLmodel names a run on this server (as `train` writes it) is
  // registered from that run's artifacts once; later calls reuse the version.
  auto mlmodel = mlflow::models::LoadModelDirectory(downloaded).value();
  std::string with_run = mlflow::testing::MakeTempDir("gate-model-run");
  mlflow::models::ModelDirectoryOptions directory;
  directory.run_id = first.run_id;
  directory.artifact_path = "model";
  REQUIRE(mlflow::models::SaveModelDirectory(mlmodel, with_run, directory).ok());
  mlflow::pipeline::RegisterStageOptions from_run{with_run, f.name, "", f.experiment};
  auto reused = mlflow::pipeline::RunRegister(from_run, f.client).value();
  CHECK(!reused.created);
  CHECK(reused.version == first.version);
  CHECK(mlflow::pipeline::RunRegister(from_run, f.client).value().version == first.version);
}
