// Benchmarks one model configuration end to end on the SemEval split and prints one JSON
// line: quality on the validation file, training time (raw text to fitted model), prediction
// throughput on one core (raw text to labels, the whole validation file in one batch, best of
// --repeat runs) and the process's peak memory.
//
//   bench_sentiment --data DIR --model baseline --threads 1
//   bench_sentiment --data DIR --model "model_type=linear_svm;c=0.1" --threads 2
//   bench_sentiment --data DIR --export-split OUT   (writes OUT/train.jsonl, OUT/validation.jsonl)
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "bench_common.h"
#include "mlflow/core/json.h"
#include "mlflow/models/semeval_loader.h"
#include "mlflow/models/sentiment_model.h"

using namespace mlflow;

int main(int argc, char** argv) {
  try {
    auto flags = bench::ParseFlags(argc, argv);
    const std::string data_dir = flags.count("data") ? flags["data"] : "../shared/data/semeval2017-task4a";
    auto split = models::LoadSemEvalSplit(data_dir).value();
    if (flags.count("export-split")) {
      std::filesystem::create_directories(flags["export-split"]);
      bench::WriteJsonLines(split.train, flags["export-split"] + "/train.jsonl");
      bench::WriteJsonLines(split.validation, flags["export-split"] + "/validation.jsonl");
      std::cerr << "train: " << split.train_report.Summary() << "\nvalidation: " << split.validation_report.Summary()
                << "\n";
      return 0;
    }
    const std::string spec = flags.count("model") ? flags["model"] : "baseline";
    const int threads = flags.count("threads") ? std::stoi(flags["threads"]) : 1;
    const int repeat = flags.count("repeat") ? std::stoi(flags["repeat"]) : 5;
    models::TrainingConfig config = bench::ConfigFromSpec(spec);
    config.threads = threads;

    const double wall0 = bench::WallSeconds();
    const double cpu0 = bench::CpuSeconds();
    auto model = models::SentimentModel::Train(config, split.train).value();
    const double train_seconds = bench::WallSeconds() - wall0;
    const double train_cpu = bench::CpuSeconds() - cpu0;

    const std::vector<std::string> texts = split.validation.Texts();
    double best = 1e30;
    std::vector<int> predicted;
    for (int r = 0; r < std::max(1, repeat); ++r) {
      const double t0 = bench::WallSeconds();
      predicted = model.PredictLabels(texts, 1);
      best = std::min(best, bench::WallSeconds() - t0);
    }
    auto evaluation = models::Evaluate(split.validation.Labels(), predicted, split.validation.labels);
    Json line{{"impl", "mlflow-cpp"},
              {"model", spec},
              {"model_type", model.info().model_type},
              {"threads", threads},
              {"train_rows", split.train.size()},
              {"validation_rows", texts.size()},
              {"features", model.info().num_features},
              {"macro_recall", evaluation.macro_recall},
              {"f1_pn", evaluation.f1_pn},
              {"accuracy", evaluation.accuracy},
              {"train_seconds", train_seconds},
              {"train_cpu_seconds", train_cpu},
              {"predict_seconds", best},
              {"predictions_per_second_per_core", static_cast<double>(texts.size()) / best},
              {"peak_rss_mb", bench::PeakRssMegabytes()}};
    std::cout << DumpJson(line) << std::endl;
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "bench_sentiment: " << error.what() << "\n";
    return 1;
  }
}
