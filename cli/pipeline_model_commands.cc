// mlflow-cpp train | evaluate | predict: the model stages of the sentiment pipeline.
//
//   mlflow-cpp train    --config params.yaml --output MODEL_DIR [--experiment NAME] [--variant KEY]
//   mlflow-cpp evaluate --model MODEL --data FILE... --output metrics.json [format options]
//   mlflow-cpp predict  --model MODEL [--input FILE] [--format labels|jsonl]
// MODEL is a local model directory or a model URI (models:/name@alias, models:/name/3,
// runs:/<run_id>/model). train and evaluate log to MLflow when a tracking URI is configured.
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli_common.h"
#include "pipeline_cli_util.h"

#include "mlflow/pipeline/evaluate_stage.h"
#include "mlflow/pipeline/model_source.h"
#include "mlflow/pipeline/train_stage.h"

namespace mlflow::cli {
namespace {

struct TrainArgs {
  std::string config = "params.yaml";
  std::string output;
  std::string experiment;
  std::string variant;
};

struct EvaluateArgs {
  std::string model;
  std::vector<std::string> data;
  std::string output;
  std::string experiment;
  int threads = 0;
  DataFormatArgs format;
};

struct PredictArgs {
  std::string model;
  std::string input;
  std::string format = "labels";
  int threads = 0;
  size_t batch = 4096;
};

// Usage problems in params or data are usage errors (exit 2); everything else is runtime.
[[noreturn]] void Fail(const Status& status) {
  if (status.code() == ErrorCode::kInvalidParameterValue) throw UsageError(status.message());
  throw Error(status);
}

int Train(const GlobalOptions& options, const TrainArgs& args) {
  auto params = pipeline::Params::Load(args.config);
  if (!params.ok()) Fail(params.status());
  pipeline::TrainStageOptions stage;
  stage.params = params.value();
  stage.variant = args.variant;
  stage.output_dir = args.output;
  stage.experiment = args.experiment;
  auto client = OptionalClient(options);
  if (!client) Note("train", "no tracking URI (--tracking-uri or MLFLOW_TRACKING_URI): not logging to MLflow");
  auto result = pipeline::RunTrain(stage, client ? &*client : nullptr);
  if (!result.ok()) Fail(result.status());
  const auto& r = result.value();
  Json summary{{"variant", r.variant},
               {"model_type", r.model_type},
               {"run_id", r.run_id},
               {"output", args.output},
               {"training_seconds", r.training_seconds},
               {"holdout_metrics", r.holdout_metrics}};
  if (options.json) {
    PrintJson(summary);
  } else {
    std::cout << "trained " << r.variant << " (" << r.model_type << ") in " << fmt::format("{:.1f}", r.training_seconds)
              << " s -> " << args.output;
    if (r.holdout_metrics.contains("macro_recall")) {
      std::cout << "; holdout macro_recall " << fmt::format("{:.4f}", r.holdout_metrics["macro_recall"].get<double>());
    }
    if (!r.run_id.empty()) std::cout << "; MLflow run " << r.run_id;
    std::cout << "\n";
  }
  return kExitOk;
}

int Evaluate(const GlobalOptions& options, const EvaluateArgs& args) {
  pipeline::EvaluateStageOptions stage;
  stage.model = args.model;
  stage.data = args.data;
  stage.format = args.format.ToFormat();
  stage.output_path = args.output;
  stage.experiment = args.experiment;
  stage.threads = args.threads;
  auto client = OptionalClient(options);
  if (!client) Note("evaluate", "no tracking URI (--tracking-uri or MLFLOW_TRACKING_URI): not logging to MLflow");
  auto metrics = pipeline::RunEvaluate(stage, client ? &*client : nullptr);
  if (!metrics.ok()) Fail(metrics.status());
  if (options.json) {
    PrintJson(metrics.value());
  } else {
    for (const char* key : {"macro_recall", "f1_pn", "accuracy"}) {
      if (metrics.value().contains(key)) {
        std::cout << fmt::format("{:<13} {:.4f}\n", key, metrics.value()[key].get<double>());
      }
    }
    std::cout << fmt::format("{:<13} {}\n", "rows", metrics.value()["rows"].get<size_t>());
  }
  return kExitOk;
}

void WritePredictions(const models::SentimentModel& model, const std::vector<std::string>& texts, bool jsonl,
                      int threads) {
  auto predictions = model.PredictBatch(texts, threads);
  for (size_t i = 0; i < texts.size(); ++i) {
    const auto& p = predictions[i];
    if (!jsonl) {
      std::cout << p.label << "\n";
      continue;
    }
    Json probabilities = Json::object();
    for (size_t c = 0; c < model.labels().size() && c < p.probabilities.size(); ++c) {
      probabilities[model.labels()[c]] = p.probabilities[c];
    }
    std::cout << DumpJson(Json{{"text", texts[i]}, {"label", p.label}, {"probabilities", probabilities}}) << "\n";
  }
  std::cout.flush();
}

int Predict(const GlobalOptions& options, const PredictArgs& args) {
  std::optional<MlflowClient> client;
  if (pipeline::IsModelUri(args.model)) client = MakeClient(options);
  auto model = pipeline::LoadModel(args.model, client ? &*client : nullptr);
  if (!model.ok()) Fail(model.status());
  std::ifstream file;
  if (!args.input.empty() && args.input != "-") {
    file.open(args.input, std::ios::binary);
    if (!file) throw Error(IoError("cannot read '" + args.input + "'"));
  }
  std::istream& in = file.is_open() ? static_cast<std::istream&>(file) : std::cin;
  bool jsonl = args.format == "jsonl" || options.json;
  std::vector<std::string> batch;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    batch.push_back(std::move(line));
    if (batch.size() >= args.batch) {
      WritePredictions(model.value(), batch, jsonl, args.threads);
      batch.clear();
    }
  }
  if (!batch.empty()) WritePredictions(model.value(), batch, jsonl, args.threads);
  return kExitOk;
}

}  // namespace

void RegisterPipelineModelCommands(CLI::App& app, CommandRegistry& registry) {
  GlobalOptions& options = registry.options();

  auto train_args = std::make_shared<TrainArgs>();
  CLI::App* train = app.add_subcommand("train", "Train a model variant from params.yaml and log it (pipeline stage)");
  train->add_option("--config", train_args->config, "params.yaml with `train` and `models` sections")
      ->capture_default_str();
  train->add_option("--output", train_args->output, "Model directory to write")->required();
  train->add_option("--experiment", train_args->experiment,
                    "MLflow experiment (default: $MLFLOW_EXPERIMENT_NAME or tweet-sentiment)");
  train->add_option("--variant", train_args->variant, "Which entry of `models` to train (default: the first)");
  registry.Bind(train, [&options, train_args] { return Train(options, *train_args); });

  auto evaluate_args = std::make_shared<EvaluateArgs>();
  CLI::App* evaluate =
      app.add_subcommand("evaluate", "Score a model on labelled data and write metrics JSON (pipeline stage)");
  evaluate->add_option("--model", evaluate_args->model, "Model directory or model URI")->required();
  evaluate->add_option("--data", evaluate_args->data, "Labelled data files")->required();
  evaluate->add_option("--output", evaluate_args->output, "Metrics JSON to write")->required();
  evaluate->add_option("--experiment", evaluate_args->experiment,
                       "MLflow experiment (default: $MLFLOW_EXPERIMENT_NAME or tweet-sentiment)");
  evaluate->add_option("--threads", evaluate_args->threads, "Prediction threads (0: all cores)")->capture_default_str();
  evaluate_args->format.AddTo(evaluate);
  registry.Bind(evaluate, [&options, evaluate_args] { return Evaluate(options, *evaluate_args); });

  auto predict_args = std::make_shared<PredictArgs>();
  CLI::App* predict = app.add_subcommand("predict", "Predict the sentiment of one tweet per line (stdin by default)");
  predict->add_option("--model", predict_args->model, "Model directory or model URI")->required();
  predict->add_option("--input", predict_args->input, "File with one tweet per line (default: stdin)");
  predict->add_option("--format", predict_args->format, "labels: one label per line; jsonl: label and probabilities")
      ->check(CLI::IsMember({"labels", "jsonl"}))
      ->capture_default_str();
  predict->add_option("--threads", predict_args->threads, "Prediction threads (0: all cores)")->capture_default_str();
  predict->add_option("--batch", predict_args->batch, "Lines predicted per batch")
      ->check(CLI::Range(1, 1 << 20))
      ->capture_default_str();
  registry.Bind(predict, [&options, predict_args] { return Predict(options, *predict_args); });
}

}  // namespace mlflow::cli
