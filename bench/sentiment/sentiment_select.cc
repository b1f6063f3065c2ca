// Hyperparameter selection without looking at the validation file.
//
// Leave-one-file-out cross-validation on the training files: each fold holds out one training
// file (default twitter-2016dev-A.tsv, the one closest in time to the validation file,
// twitter-2016train-A.tsv and twitter-2015test-A.tsv); every candidate trains on the other
// training files and is scored on the held-out one. A candidate's decision rule includes
// per-class log-probability offsets (class_bias, a coarse grid) chosen for the best mean
// macro-recall over the folds; candidates, family winners and the ensembles of the winners
// (member weights 0..2) are ranked by that mean. The validation file is only used to remove
// its tweets from both parts. Output: one JSON line per candidate, then the winners.
//
//   sentiment_select --data DIR [--slice FILE[,FILE...]] [--threads 2] [--families lr,svm,...]
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "bench_common.h"
#include "mlflow/core/json.h"
#include "mlflow/models/semeval_loader.h"
#include "mlflow/models/sentiment_model.h"

using namespace mlflow;
using models::ModelType;
using models::TrainingConfig;

namespace {

struct Decision {
  std::vector<double> bias{0, 0, 0};
  double score = 0.0;  // mean macro-recall over the folds with that bias
};

struct Candidate {
  std::string family;
  std::string name;
  TrainingConfig config;
  std::vector<std::vector<std::vector<float>>> probabilities;  // per fold, per slice row
  std::vector<double> fold_recalls;                            // without class_bias
  double seconds = 0.0;                                        // training and scoring, all folds
  double mean_recall = 0.0;
  Decision decision;  // with the best class_bias
};

std::vector<Candidate> Grid(const std::set<std::string>& families) {
  std::vector<Candidate> grid;
  auto add = [&](const std::string& family, const std::string& name, TrainingConfig config) {
    if (!families.count(family)) return;
    config.class_bias.clear(), config.class_bias_by_label.clear();  // searched here, on the folds
    Candidate candidate;
    candidate.family = family;
    candidate.name = name;
    candidate.config = std::move(config);
    grid.push_back(std::move(candidate));
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

// One held-out training file: the models train on the other training files and are scored on it.
struct Fold {
  std::string file;
  models::Dataset train;
  std::vector<std::string> texts;
  std::vector<int> labels;
};

// Log-probabilities of one fold's rows, row-major (rows x 3).
using LogProbabilities = std::vector<float>;

LogProbabilities LogOf(const std::vector<std::vector<float>>& probabilities) {
  LogProbabilities out;
  out.reserve(probabilities.size() * 3);
  for (const auto& p : probabilities) {
    for (int c = 0; c < 3; ++c) out.push_back(std::log(std::max(1e-30f, p[c])));
  }
  return out;
}

double MacroRecallOf(const LogProbabilities& log_p, const std::vector<double>& bias, const std::vector<int>& truth) {
  std::vector<int> predicted(truth.size());
  for (size_t i = 0; i < truth.size(); ++i) {
    int best = 0;
    double best_score = -1e30;
    for (int c = 0; c < 3; ++c) {
      const double score = log_p[i * 3 + c] + bias[c];
      if (score > best_score) best_score = score, best = c;
    }
    predicted[i] = best;
  }
  return models::MacroRecall(truth, predicted, 3);
}

// Mean macro-recall over the folds with the same class_bias.
double MeanMacroRecall(const std::vector<LogProbabilities>& per_fold, const std::vector<double>& bias,
                       const std::vector<Fold>& folds) {
  double sum = 0.0;
  for (size_t f = 0; f < folds.size(); ++f) sum += MacroRecallOf(per_fold[f], bias, folds[f].labels);
  return sum / static_cast<double>(folds.size());
}

// Offsets for negative and positive (neutral fixed at 0) on a 0.1 grid in [-0.5, 2.0],
// maximising the mean macro-recall over the folds; a tie keeps no offsets, else the first found
// (negative, then positive, ascending). The score is tuned and measured on the same folds, so
// it is optimistic for the offsets' own gain.
Decision SearchBias(const std::vector<LogProbabilities>& per_fold, const std::vector<Fold>& folds) {
  Decision best;
  best.score = MeanMacroRecall(per_fold, best.bias, folds);
  for (int neg = -5; neg <= 20; ++neg) {
    for (int pos = -5; pos <= 20; ++pos) {
      std::vector<double> bias{neg / 10.0, 0.0, pos / 10.0};
      const double score = MeanMacroRecall(per_fold, bias, folds);
      if (score > best.score + 1e-12) best.score = score, best.bias = bias;
    }
  }
  return best;
}

std::string BiasText(const std::vector<double>& bias) {
  std::ostringstream out;
  out << bias[0] << "," << bias[1] << "," << bias[2];
  return out.str();
}

std::vector<std::string> SplitList(const std::string& list) {
  std::vector<std::string> items;
  for (size_t start = 0; start <= list.size();) {
    const size_t comma = list.find(',', start);
    items.push_back(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return items;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    auto flags = bench::ParseFlags(argc, argv);
    const std::string data_dir = flags.count("data") ? flags["data"] : "../shared/data/semeval2017-task4a";
    const std::string slice_list =
        flags.count("slice") ? flags["slice"] : "twitter-2016dev-A.tsv,twitter-2016train-A.tsv,twitter-2015test-A.tsv";
    const int threads = flags.count("threads") ? std::stoi(flags["threads"]) : 2;
    std::set<std::string> families{"lr", "lr_char", "svm", "nbsvm", "fasttext", "tokenizer"};
    if (flags.count("families")) {
      const std::vector<std::string> listed = SplitList(flags["families"]);
      families = std::set<std::string>(listed.begin(), listed.end());
    }
    auto split = models::LoadSemEvalSplit(data_dir).value();
    std::vector<Fold> folds;
    for (const std::string& file : SplitList(slice_list)) {
      Fold fold;
      fold.file = file;
      models::Dataset slice = models::LoadSemEvalFile((std::filesystem::path(data_dir) / file).string()).value();
      models::RemoveOverlap(&slice, split.validation);
      fold.train = split.train;
      const size_t removed = models::RemoveOverlap(&fold.train, slice);
      std::cerr << "fold " << file << ": train " << fold.train.size() << " rows (" << removed
                << " slice rows removed), slice " << slice.size() << " rows\n";
      fold.texts = slice.Texts();
      fold.labels = slice.Labels();
      folds.push_back(std::move(fold));
    }

    std::vector<Candidate> grid = Grid(families);
    for (auto& candidate : grid) {
      candidate.config.threads = threads;
      const double t0 = bench::WallSeconds();
      std::vector<LogProbabilities> log_p;
      for (const Fold& fold : folds) {
        auto model = models::SentimentModel::Train(candidate.config, fold.train).value();
        std::vector<std::vector<float>> probabilities;
        for (auto& p : model.PredictBatch(fold.texts, threads)) probabilities.push_back(p.probabilities);
        log_p.push_back(LogOf(probabilities));
        candidate.fold_recalls.push_back(MacroRecallOf(log_p.back(), {0, 0, 0}, fold.labels));
        candidate.probabilities.push_back(std::move(probabilities));
      }
      candidate.seconds = bench::WallSeconds() - t0;
      candidate.mean_recall = MeanMacroRecall(log_p, {0, 0, 0}, folds);
      candidate.decision = SearchBias(log_p, folds);
      Json params = Json::object();
      for (const auto& [key, value] : candidate.config.ToParams()) params[key] = value;
      std::cout << DumpJson(Json{{"family", candidate.family},
                                 {"name", candidate.name},
                                 {"fold_macro_recall", candidate.fold_recalls},
                                 {"mean_macro_recall", candidate.mean_recall},
                                 {"class_bias", BiasText(candidate.decision.bias)},
                                 {"mean_macro_recall_with_bias", candidate.decision.score},
                                 {"seconds", candidate.seconds},
                                 {"params", params}})
                << std::endl;
    }

    // The class_bias is part of each model's decision rule, so candidates are ranked with it.
    std::map<std::string, const Candidate*> winners;
    for (const auto& candidate : grid) {
      const Candidate*& best = winners[candidate.family];
      if (!best || candidate.decision.score > best->decision.score) best = &candidate;
    }
    std::cout << "\n# family winners (mean macro-recall over " << folds.size()
              << " folds without class_bias, then with the best class_bias)\n";
    for (const auto& [family, candidate] : winners) {
      std::cout << family << ": " << candidate->name << "  " << candidate->mean_recall << "  class_bias("
                << BiasText(candidate->decision.bias) << ") -> " << candidate->decision.score << "\n";
    }
    std::vector<const Candidate*> members;
    for (const char* family : {"lr", "svm", "nbsvm", "fasttext", "lr_char"}) {
      if (winners.count(family)) members.push_back(winners[family]);
    }
    if (members.size() >= 2) {
      std::cout << "\n# ensembles of family winners (weights 0..2 per member, each with its best class_bias)\n";
      struct Result {
        std::vector<int> weights;
        Decision decision;
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
        std::vector<LogProbabilities> log_p;
        for (size_t f = 0; f < folds.size(); ++f) {
          std::vector<std::vector<float>> mixed(folds[f].texts.size(), std::vector<float>(3, 0.0f));
          for (size_t m = 0; m < members.size(); ++m) {
            const auto member_weight = static_cast<float>(weights[m] / total);
            for (size_t i = 0; i < mixed.size(); ++i) {
              for (int c = 0; c < 3; ++c) mixed[i][c] += member_weight * members[m]->probabilities[f][i][c];
            }
          }
          log_p.push_back(LogOf(mixed));
        }
        results.push_back({weights, SearchBias(log_p, folds)});
      }
      std::sort(results.begin(), results.end(),
                [](const Result& a, const Result& b) { return a.decision.score > b.decision.score; });
      auto print = [&](const Result& result) {
        std::cout << result.decision.score << "  class_bias(" << BiasText(result.decision.bias) << ")  weights";
        for (size_t m = 0; m < members.size(); ++m) std::cout << " " << members[m]->family << "=" << result.weights[m];
        std::cout << "\n";
      };
      for (size_t r = 0; r < std::min<size_t>(8, results.size()); ++r) print(results[r]);
      // Differences this small are noise on ~10,000 held-out tweets: among the ensembles within
      // kTie of the best, the one with the fewest members, then the least training time, wins.
      constexpr double kTie = 0.001;
      auto cost = [&](const Result& result) {
        int used = 0;
        double seconds = 0.0;
        for (size_t m = 0; m < members.size(); ++m) {
          if (result.weights[m] > 0) ++used, seconds += members[m]->seconds;
        }
        return std::make_pair(used, seconds);
      };
      const Result* chosen = &results.front();
      for (const Result& result : results) {
        if (result.decision.score >= results.front().decision.score - kTie && cost(result) < cost(*chosen)) {
          chosen = &result;
        }
      }
      std::cout << "\n# chosen ensemble (fewest members, then least training time, within " << kTie
                << " of the best)\n";
      print(*chosen);
    }
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "sentiment_select: " << error.what() << "\n";
    return 1;
  }
}
