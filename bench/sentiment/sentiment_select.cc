// Hyperparameter selection without looking at the validation file.
//
// The selection slice is one of the training files (default twitter-2016dev-A.tsv, the
// training file closest in time to the validation file); every candidate trains on the other
// training files and is scored on that slice. Then ensembles of the family winners are
// searched over member weights, and per-class log-probability offsets (class_bias) over a
// coarse grid, on the same slice predictions. The validation file is only used to remove
// its tweets from both parts. Output: one JSON line per candidate, then the winners.
//
//   sentiment_select --data DIR [--slice twitter-2016dev-A.tsv] [--threads 2] [--families lr,svm,...]
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <set>

#include "bench_common.h"
#include "mlflow/core/json.h"
#include "mlflow/models/semeval_loader.h"
#include "mlflow/models/sentiment_model.h"

using namespace mlflow;
using models::ModelType;
using models::TrainingConfig;

namespace {

struct Candidate {
  std::string family;
  std::string name;
  TrainingConfig config;
  double macro_recall = 0.0;
  std::vector<std::vector<float>> probabilities;  // on the slice
};

std::vector<Candidate> Grid(const std::set<std::string>& families) {
  std::vector<Candidate> grid;
  auto add = [&](const std::string& family, const std::string& name, TrainingConfig config) {
    if (families.count(family)) grid.push_back({family, name, std::move(config), 0.0, {}});
  };
  for (double c : {0.5, 1.0, 2.0, 4.0}) {
    for (bool balanced : {true, false}) {
      TrainingConfig config = TrainingConfig::ForModelType(ModelType::kLogisticRegression);
      config.c = c;
      config.balanced_class_weights = balanced;
      add("lr", "lr c=" + std::to_string(c) + (balanced ? " balanced" : " unweighted"), config);
    }
  }
  for (double tolerance : {1e-3, 3e-4, 1e-4, 3e-5}) {
    TrainingConfig config = TrainingConfig::ForModelType(ModelType::kLogisticRegression);
    config.c = 1.0;
    config.tolerance = tolerance;
    add("lr_tolerance", "lr c=1 balanced tolerance=" + std::to_string(tolerance), config);
  }
  for (double c : {1.0, 4.0}) {
    TrainingConfig config = TrainingConfig::ForModelType(ModelType::kLogisticRegression);
    config.features.word_ngrams = {1, 3};
    config.features.char_ngrams = {2, 5};
    config.c = c;
    add("lr_char", "lr word1-3+char2-5 c=" + std::to_string(c), config);
  }
  for (double c : {0.03, 0.1, 0.3}) {
    TrainingConfig config = TrainingConfig::ForModelType(ModelType::kLinearSvm);
    config.c = c;
    add("svm", "svm c=" + std::to_string(c), config);
  }
  for (double c : {0.03, 0.1, 0.3}) {
    for (double beta : {1.0, 0.75}) {
      TrainingConfig config = TrainingConfig::ForModelType(ModelType::kNbSvm);
      config.c = c;
      config.nb_interpolation = beta;
      add("nbsvm", "nbsvm c=" + std::to_string(c) + " beta=" + std::to_string(beta), config);
    }
  }
  struct Ft {
    int dim, epochs;
    double lr;
  };
  for (Ft ft : {Ft{50, 3, 0.2}, Ft{50, 5, 0.1}, Ft{100, 3, 0.2}, Ft{50, 2, 0.3}}) {
    TrainingConfig config = TrainingConfig::ForModelType(ModelType::kEmbeddingBag);
    config.embedding_dim = ft.dim;
    config.epochs = ft.epochs;
    config.learning_rate = ft.lr;
    add("fasttext",
        "embedding_bag dim=" + std::to_string(ft.dim) + " epochs=" + std::to_string(ft.epochs) +
            " lr=" + std::to_string(ft.lr),
        config);
  }
  TrainingConfig base = TrainingConfig::ForModelType(ModelType::kLogisticRegression);
  TrainingConfig variant = base;
  variant.features.tokenizer.mark_negation = false;
  add("tokenizer", "lr without negation marking", variant);
  variant = base;
  variant.features.tokenizer.split_hashtags = false;
  add("tokenizer", "lr without hashtag splitting", variant);
  variant = base;
  variant.features.tokenizer.mark_elongation = true;
  add("tokenizer", "lr with <elong> tokens", variant);
  variant = base;
  variant.features.tokenizer.max_repeat = 0;
  add("tokenizer", "lr without elongation collapsing", variant);
  variant = base;
  variant.features.hash_bits = 18;
  add("tokenizer", "lr hashing 2^18 buckets", variant);
  variant = base;
  variant.features.hash_bits = 22;
  add("tokenizer", "lr hashing 2^22 buckets", variant);
  return grid;
}

double MacroRecallOf(const std::vector<std::vector<float>>& probabilities, const std::vector<double>& bias,
                     const std::vector<int>& truth) {
  std::vector<int> predicted(truth.size());
  for (size_t i = 0; i < truth.size(); ++i) {
    int best = 0;
    double best_score = -1e30;
    for (size_t c = 0; c < probabilities[i].size(); ++c) {
      double score = std::log(std::max(1e-30, static_cast<double>(probabilities[i][c]))) + bias[c];
      if (score > best_score) best_score = score, best = static_cast<int>(c);
    }
    predicted[i] = best;
  }
  return models::MacroRecall(truth, predicted, 3);
}

// Best offsets for negative and positive (neutral fixed at 0) on a 0.1 grid.
std::pair<std::vector<double>, double> SearchBias(const std::vector<std::vector<float>>& p, const std::vector<int>& y) {
  std::vector<double> best{0, 0, 0};
  double best_score = MacroRecallOf(p, best, y);
  for (int neg = -5; neg <= 10; ++neg) {
    for (int pos = -5; pos <= 10; ++pos) {
      std::vector<double> bias{neg / 10.0, 0.0, pos / 10.0};
      double score = MacroRecallOf(p, bias, y);
      if (score > best_score + 1e-12) best_score = score, best = bias;
    }
  }
  return {best, best_score};
}

}  // namespace

int main(int argc, char** argv) {
  try {
    auto flags = bench::ParseFlags(argc, argv);
    const std::string data_dir = flags.count("data") ? flags["data"] : "../shared/data/semeval2017-task4a";
    const std::string slice_file = flags.count("slice") ? flags["slice"] : "twitter-2016dev-A.tsv";
    const int threads = flags.count("threads") ? std::stoi(flags["threads"]) : 2;
    std::set<std::string> families{"lr", "lr_char", "svm", "nbsvm", "fasttext", "tokenizer"};
    if (flags.count("families")) {
      families.clear();
      std::string list = flags["families"];
      for (size_t start = 0; start <= list.size();) {
        size_t comma = list.find(',', start);
        families.insert(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
    auto split = models::LoadSemEvalSplit(data_dir).value();
    auto slice = models::LoadSemEvalFile((std::filesystem::path(data_dir) / slice_file).string()).value();
    models::RemoveOverlap(&slice, split.validation);
    models::Dataset train = split.train;
    size_t removed = models::RemoveOverlap(&train, slice);
    std::cerr << "selection: train " << train.size() << " rows (" << removed << " slice rows removed), slice "
              << slice.size() << " rows from " << slice_file << "\n";
    const std::vector<std::string> slice_texts = slice.Texts();
    const std::vector<int> slice_labels = slice.Labels();

    std::vector<Candidate> grid = Grid(families);
    for (auto& candidate : grid) {
      candidate.config.threads = threads;
      const double t0 = bench::WallSeconds();
      auto model = models::SentimentModel::Train(candidate.config, train).value();
      for (auto& p : model.PredictBatch(slice_texts, threads)) candidate.probabilities.push_back(p.probabilities);
      candidate.macro_recall = MacroRecallOf(candidate.probabilities, {0, 0, 0}, slice_labels);
      Json params = Json::object();
      for (const auto& [key, value] : candidate.config.ToParams()) params[key] = value;
      std::cout << DumpJson(Json{{"family", candidate.family},
                                 {"name", candidate.name},
                                 {"slice_macro_recall", candidate.macro_recall},
                                 {"seconds", bench::WallSeconds() - t0},
                                 {"params", params}})
                << std::endl;
    }

    std::map<std::string, const Candidate*> winners;
    for (const auto& candidate : grid) {
      const Candidate*& best = winners[candidate.family];
      if (!best || candidate.macro_recall > best->macro_recall) best = &candidate;
    }
    std::cout << "\n# family winners (slice macro-recall, then with the best class_bias)\n";
    for (const auto& [family, candidate] : winners) {
      auto [bias, score] = SearchBias(candidate->probabilities, slice_labels);
      std::cout << family << ": " << candidate->name << "  " << candidate->macro_recall << "  bias(" << bias[0] << ",0,"
                << bias[2] << ") -> " << score << "\n";
    }
    std::vector<const Candidate*> members;
    for (const char* family : {"lr", "svm", "nbsvm", "fasttext", "lr_char"}) {
      if (winners.count(family)) members.push_back(winners[family]);
    }
    if (members.size() >= 2) {
      std::cout << "\n# ensembles of family winners (weights 0..2 per member)\n";
      struct Result {
        std::vector<int> weights;
        double score;
      };
      std::vector<Result> results;
      std::vector<int> weights(members.size(), 0);
      while (true) {
        size_t k = 0;
        while (k < weights.size() && weights[k] == 2) weights[k++] = 0;
        if (k == weights.size()) break;
        ++weights[k];
        int used = 0;
        double total = 0;
        for (int w : weights) used += w > 0, total += w;
        if (used < 2) continue;
        std::vector<std::vector<float>> mixed(slice_texts.size(), std::vector<float>(3, 0.0f));
        for (size_t m = 0; m < members.size(); ++m) {
          for (size_t i = 0; i < mixed.size(); ++i) {
            for (int c = 0; c < 3; ++c)
              mixed[i][c] += static_cast<float>(weights[m] / total) * members[m]->probabilities[i][c];
          }
        }
        results.push_back({weights, MacroRecallOf(mixed, {0, 0, 0}, slice_labels)});
      }
      std::sort(results.begin(), results.end(), [](const Result& a, const Result& b) { return a.score > b.score; });
      for (size_t r = 0; r < std::min<size_t>(8, results.size()); ++r) {
        std::cout << results[r].score << "  weights";
        for (size_t m = 0; m < members.size(); ++m)
          std::cout << " " << members[m]->family << "=" << results[r].weights[m];
        std::cout << "\n";
      }
      // Class bias for the best ensemble.
      const auto& top = results.front();
      double total = 0;
      for (int w : top.weights) total += w;
      std::vector<std::vector<float>> mixed(slice_texts.size(), std::vector<float>(3, 0.0f));
      for (size_t m = 0; m < members.size(); ++m) {
        for (size_t i = 0; i < mixed.size(); ++i) {
          for (int c = 0; c < 3; ++c)
            mixed[i][c] += static_cast<float>(top.weights[m] / total) * members[m]->probabilities[i][c];
        }
      }
      auto [bias, score] = SearchBias(mixed, slice_labels);
      std::cout << "best ensemble with class_bias(" << bias[0] << ",0," << bias[2] << "): " << score << "\n";
    }
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "sentiment_select: " << error.what() << "\n";
    return 1;
  }
}
