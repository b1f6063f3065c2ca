// register_promote: register a baseline model, then let the promotion gate decide whether a
// challenger takes over the `champion` alias.
//
//   export MLFLOW_TRACKING_URI=http://127.0.0.1:5000
//   build/bin/register_promote [--tracking-uri URI] [--data DIR] [--model-name NAME] [--experiment NAME]
//                              [--max-train N]
//
// 1. Trains the baseline (logistic regression) on the SemEval training files, logs it to a run
//    (config params, per-epoch metrics, validation metrics, the model directory as `model`),
//    registers it as a version of NAME and points `champion` at it.
// 2. Trains a challenger (linear SVM) the same way and registers it with alias `challenger`.
// 3. Runs the gate (pipeline::Promote): both versions are downloaded from the registry and
//    evaluated on the same held-out file (twitter-2016devtest-A.tsv); the challenger becomes
//    champion only if its macro-recall beats the champion's by kMinImprovement. The decision
//    is recorded as gate.* tags on the challenger's version, including gate.previous_champion,
//    which `mlflow-cpp promote --rollback` moves the alias back to.
//
// --data defaults to $MLFLOWCPP_DATA_DIR, else ../shared/data/semeval2017-task4a; --model-name to
// tweet-sentiment-example; --experiment (of the runs) to register-promote-example. --max-train N
// trains on N tweets spread over the training files (seconds instead of minutes).
// Exit codes: 0 done (a refusal is a decision, not an error), 1 error, 2 usage.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <unistd.h>

#include "mlflow/mlflow.h"
#include "mlflow/models/model_directory.h"
#include "mlflow/models/semeval_loader.h"
#include "mlflow/models/sentiment_model.h"
#include "mlflow/pipeline/mlflow_training_observer.h"
#include "mlflow/pipeline/model_source.h"
#include "mlflow/pipeline/promotion.h"
#include "mlflow/pipeline/register_stage.h"

namespace {

constexpr double kMinImprovement = 0.005;  // macro-recall points the challenger must gain

struct Args {
  std::string tracking_uri;
  std::string data_dir;
  std::string model_name = "tweet-sentiment-example";
  std::string experiment = "register-promote-example";
  size_t max_train = 0;  // 0: every training tweet
};

// Trains `preset`, logs it to a new run and saves it to `dir` as an MLflow model directory
// whose MLmodel names that run, so that RunRegister registers runs:/<run_id>/model.
void TrainAndLog(mlflow::MlflowClient& client, const Args& args, const std::string& preset,
                 const mlflow::models::SemEvalSplit& split, const std::string& dir) {
  auto config = mlflow::models::TrainingConfig::Preset(preset).value();
  mlflow::RunOptions options;
  options.experiment_name = args.experiment;
  options.run_name = preset;
  mlflow::ActiveRun run = mlflow::ActiveRun::Start(client, options).value();

  // The observer logs the config as params and train_loss / holdout_macro_recall per epoch.
  mlflow::pipeline::MlflowTrainingObserver observer(run, std::string(mlflow::models::ModelTypeName(config.model_type)));
  auto model = mlflow::models::SentimentModel::Train(config, split.train, &observer, &split.validation).value();
  mlflow::ThrowIfError(observer.status());
  auto evaluation = model.Evaluate(split.validation, /*threads=*/0).value();
  for (const auto& [key, value] : evaluation.ToMetricMap("validation_"))
    mlflow::ThrowIfError(run.LogMetric(key, value));
  mlflow::ThrowIfError(run.LogParam("training_rows", std::to_string(split.train.size())));

  mlflow::models::ModelDirectoryOptions directory;
  directory.run_id = run.run_id();
  directory.artifact_path = "model";
  mlflow::ThrowIfError(mlflow::models::SaveModelDirectory(model, dir, directory));
  mlflow::ThrowIfError(client.artifacts().LogArtifacts(run.run_id(), dir, "model"));
  mlflow::ThrowIfError(run.End());
  std::cout << preset << ": run " << run.run_id() << ", validation macro_recall " << evaluation.macro_recall << "\n";
}

std::string Register(mlflow::MlflowClient& client, const Args& args, const std::string& dir, const std::string& alias) {
  mlflow::pipeline::RegisterStageOptions options;
  options.model_dir = dir;
  options.name = args.model_name;
  options.alias = alias;
  options.experiment = args.experiment;
  auto registered = mlflow::pipeline::RunRegister(options, client).value();
  std::cout << "registered " << registered.name << " version " << registered.version << " (alias " << alias << ")\n";
  return registered.version;
}

bool ParseArgs(int argc, char** argv, Args* args) {
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (i + 1 >= argc) return false;
    std::string value = argv[++i];
    if (flag == "--tracking-uri") {
      args->tracking_uri = value;
    } else if (flag == "--data") {
      args->data_dir = value;
    } else if (flag == "--model-name") {
      args->model_name = value;
    } else if (flag == "--experiment") {
      args->experiment = value;
    } else if (flag == "--max-train") {
      char* end = nullptr;
      args->max_train = std::strtoul(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0') return false;
    } else {
      return false;
    }
  }
  if (args->data_dir.empty()) {
    const char* env = std::getenv("MLFLOWCPP_DATA_DIR");
    args->data_dir = env ? env : "../shared/data/semeval2017-task4a";
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) try {
  Args args;
  if (!ParseArgs(argc, argv, &args)) {
    std::cerr << "usage: register_promote [--tracking-uri URI] [--data DIR] [--model-name NAME] "
                 "[--experiment NAME] [--max-train N]\n";
    return 2;
  }
  auto client = mlflow::MlflowClient::FromEnvironment(args.tracking_uri).value();  // else $MLFLOW_TRACKING_URI

  auto split = mlflow::models::LoadSemEvalSplit(args.data_dir).value();
  if (args.max_train > 0 && args.max_train < split.train.size()) {
    std::vector<size_t> rows;  // evenly spaced, so every training file contributes
    for (size_t i = 0; i < args.max_train; ++i) rows.push_back(i * split.train.size() / args.max_train);
    split.train = split.train.Subset(rows);
  }
  std::cout << "data: " << split.train.size() << " training tweets, " << split.validation.size() << " held-out tweets ("
            << mlflow::models::kSemEvalValidationFile << ")\n";

  const auto work = std::filesystem::temp_directory_path() / ("register-promote-" + std::to_string(::getpid()));
  TrainAndLog(client, args, "baseline", split, (work / "baseline").string());
  std::string baseline = Register(client, args, (work / "baseline").string(), "champion");
  TrainAndLog(client, args, "linear_svm", split, (work / "challenger").string());
  std::string challenger = Register(client, args, (work / "challenger").string(), "challenger");
  std::filesystem::remove_all(work);

  // The gate: MLflow's MetricThreshold rule, both versions scored on the same data now.
  mlflow::pipeline::PromoteOptions promote;
  promote.name = args.model_name;
  promote.candidate = "challenger";
  promote.champion_alias = "champion";
  mlflow::pipeline::NamedThreshold threshold;
  threshold.metric = "macro_recall";
  threshold.threshold.min_absolute_change = kMinImprovement;
  promote.thresholds = {threshold};
  promote.experiment = args.experiment;
  promote.data_sources = {(std::filesystem::path(args.data_dir) / mlflow::models::kSemEvalValidationFile).string()};
  auto evaluate = [](const std::string& model_dir, const mlflow::models::Dataset& data) {
    return mlflow::pipeline::EvaluateModelDirectory(model_dir, data, /*threads=*/0);
  };
  auto decision = mlflow::pipeline::Promote(client, promote, split.validation, evaluate).value();
  std::cout << decision.Summary();

  auto champion = client.registry().GetModelVersionByAlias(args.model_name, "champion").value();
  std::cout << "decision: " << mlflow::pipeline::PromotionOutcomeName(decision.outcome) << "\n"
            << "champion: version " << champion.version << " (baseline " << baseline << ", challenger " << challenger
            << ")\n";
  if (decision.MovesAlias()) {
    std::cout << "previous champion: version " << decision.champion_version << " (tag gate.previous_champion; "
              << "`mlflow-cpp promote --name " << args.model_name << " --rollback` restores it)\n";
  }
  return 0;
} catch (const std::exception& e) {  // .value() and ThrowIfError throw mlflow::Error on any error
  std::cerr << "register_promote: " << e.what() << "\n";
  return 1;
}
