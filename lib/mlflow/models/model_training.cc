// SentimentModel::Train: features, classifier(s), progress reporting, reference distribution.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <limits>

#include "mlflow/models/embedding_bag.h"
#include "mlflow/models/linear_svm.h"
#include "mlflow/models/logistic_regression.h"
#include "mlflow/models/nb_weighting.h"
#include "mlflow/models/parallel.h"
#include "mlflow/models/random.h"
#include "mlflow/models/sentiment_model.h"
#include "mlflow/models/sentiment_model_state.h"

namespace mlflow::models {
namespace {

std::string UtcTimestamp() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%d %H:%M:%S", &utc);
  return buffer;
}

int ArgMax(const float* scores, int k) {
  int best = 0;
  for (int c = 1; c < k; ++c) {
    if (scores[c] > scores[best]) best = c;
  }
  return best;
}

// Trains one member and reports its epochs; `first_fraction`..`last_fraction` is its share
// of the overall progress.
class ComponentTrainer {
 public:
  ComponentTrainer(const std::vector<std::string>& texts, const std::vector<int>& labels, int classes, int threads,
                   TrainingObserver* observer, const Dataset* monitor, int* step)
      : texts_(texts),
        labels_(labels),
        classes_(classes),
        threads_(threads),
        observer_(observer),
        monitor_(monitor),
        step_(step) {}

  Result<ModelComponent> Train(const TrainingConfig& config, double weight, const std::string& stage,
                               double first_fraction, double last_fraction) {
    stage_ = stage;
    first_ = first_fraction;
    last_ = last_fraction;
    Progress("features", 0.0);
    SparseMatrix x;
    MLFLOW_ASSIGN_OR_RETURN(TextVectorizer vectorizer,
                            TextVectorizer::FitTransform(texts_, config.features, threads_, &x));
    if (observer_ && monitor_) {
      SparseMatrix monitor_x = vectorizer.Transform(monitor_->Texts(), threads_);
      monitor_x_.swap(monitor_x);  // no move assignment in Eigen's SparseMatrix: swap, not copy
      monitor_y_ = monitor_->Labels();
    }
    Progress("training", 0.3);
    std::vector<double> class_weights;
    if (config.balanced_class_weights) class_weights = BalancedClassWeights(labels_, classes_);
    ModelComponent component{config.model_type,   weight, std::move(vectorizer), LinearModel(),
                             EmbeddingBagModel(), nullptr};
    const int total_epochs = config.model_type == ModelType::kEmbeddingBag ? config.epochs : config.max_iterations;
    auto linear_progress = [&](int epoch, double loss, const LinearModel& model) {
      Epoch(epoch, total_epochs, loss, [&](const int32_t* cols, const float* vals, size_t n, float* scores) {
        model.Score(cols, vals, n, scores);
      });
    };
    switch (config.model_type) {
      case ModelType::kLogisticRegression: {
        LogisticRegressionOptions options;
        options.c = config.c;
        options.class_weights = class_weights;
        options.max_iterations = config.max_iterations;
        options.tolerance = config.tolerance;
        options.threads = threads_;
        MLFLOW_ASSIGN_OR_RETURN(
            component.linear, TrainLogisticRegression(x, labels_, classes_, options,
                                                      observer_ ? LinearProgress(linear_progress) : LinearProgress()));
        break;
      }
      case ModelType::kLinearSvm:
      case ModelType::kNbSvm: {
        LinearSvmOptions options;
        options.c = config.c;
        options.class_weights = class_weights;
        options.max_epochs = config.max_iterations;
        options.tolerance = config.tolerance;
        options.seed = config.seed;
        options.threads = threads_;
        std::vector<std::vector<float>> ratios;
        if (config.model_type == ModelType::kNbSvm) {
          ratios = NaiveBayesLogCountRatios(x, labels_, classes_, config.nb_smoothing);
          options.column_scales = &ratios;
          options.nb_interpolation = config.nb_interpolation;
        }
        MLFLOW_ASSIGN_OR_RETURN(
            component.linear,
            TrainLinearSvm(x, labels_, classes_, options, observer_ ? SvmProgress(linear_progress) : SvmProgress()));
        break;
      }
      case ModelType::kEmbeddingBag: {
        EmbeddingBagOptions options;
        options.dim = config.embedding_dim;
        options.epochs = config.epochs;
        options.learning_rate = config.learning_rate;
        options.class_weights = class_weights;
        options.seed = config.seed;
        std::vector<float> hidden(config.embedding_dim);
        auto progress = [&](int epoch, double loss, const EmbeddingBagModel& model) {
          Epoch(epoch, total_epochs, loss, [&](const int32_t* cols, const float* vals, size_t n, float* scores) {
            model.Score(cols, vals, n, hidden.data(), scores);
          });
        };
        MLFLOW_ASSIGN_OR_RETURN(component.embedding,
                                TrainEmbeddingBag(x, labels_, classes_, options,
                                                  observer_ ? EmbeddingBagProgress(progress) : EmbeddingBagProgress()));
        break;
      }
      case ModelType::kEnsemble:
        return InvalidArgument("an ensemble cannot be a member of an ensemble");
    }
    Progress("done", 1.0);
    return component;
  }

 private:
  template <typename Scorer>
  void Epoch(int epoch, int total_epochs, double loss, Scorer&& score) {
    double macro_recall = std::numeric_limits<double>::quiet_NaN();
    if (monitor_ && monitor_x_.rows() > 0) {
      std::vector<int> predicted(static_cast<size_t>(monitor_x_.rows()));
      std::vector<float> scores(classes_);
      const int32_t* outer = monitor_x_.outerIndexPtr();
      for (int64_t i = 0; i < monitor_x_.rows(); ++i) {
        score(monitor_x_.innerIndexPtr() + outer[i], monitor_x_.valuePtr() + outer[i],
              static_cast<size_t>(outer[i + 1] - outer[i]), scores.data());
        predicted[i] = ArgMax(scores.data(), classes_);
      }
      macro_recall = MacroRecall(monitor_y_, predicted, classes_);
    }
    EpochReport report{stage_, ++*step_, epoch, loss, macro_recall};
    observer_->OnEpoch(report);
    Progress("training", 0.3 + 0.7 * std::min(1.0, static_cast<double>(epoch) / std::max(1, total_epochs)));
  }

  void Progress(const char* what, double within) {
    if (observer_) observer_->OnProgress(stage_ + ": " + what, first_ + (last_ - first_) * within);
  }

  const std::vector<std::string>& texts_;
  const std::vector<int>& labels_;
  int classes_;
  int threads_;
  TrainingObserver* observer_;
  const Dataset* monitor_;
  int* step_;
  std::string stage_;
  double first_ = 0.0;
  double last_ = 1.0;
  SparseMatrix monitor_x_;
  std::vector<int> monitor_y_;
};

// Offsets by name apply to the labels they name; naming none of the data's labels is fine (a
// preset tuned for other labels), but naming some of them and a label the data lacks is most
// likely a misspelt label.
Status CheckClassBiasNames(const TrainingConfig& config, const std::vector<std::string>& labels,
                           const std::string& prefix) {
  size_t known = 0;
  std::string unknown;
  for (const auto& [label, offset] : config.class_bias_by_label) {
    if (std::find(labels.begin(), labels.end(), label) != labels.end()) {
      ++known;
    } else if (unknown.empty()) {
      unknown = label;
    }
  }
  if (known > 0 && !unknown.empty()) {
    std::string names;
    for (const auto& label : labels) names += (names.empty() ? "" : ", ") + label;
    return InvalidArgument(prefix + "class_bias names '" + unknown + "', which is not a training label (" + names +
                           "), beside labels that are: check its spelling (names are case-sensitive)");
  }
  for (size_t m = 0; m < config.members.size(); ++m) {
    MLFLOW_RETURN_IF_ERROR(CheckClassBiasNames(config.members[m], labels, "member" + std::to_string(m) + "."));
  }
  return Status::Ok();
}

Status CheckData(const TrainingConfig& config, const Dataset& train, const Dataset* monitor) {
  if (train.size() < 2) return InvalidArgument("training needs at least two examples");
  if (train.labels.size() < 2) return InvalidArgument("training needs at least two classes");
  size_t present = 0;
  for (size_t count : train.ClassCounts()) present += count > 0 ? 1 : 0;
  if (present < 2) return InvalidArgument("the training data must contain at least two classes");
  for (const auto& example : train.examples) {
    if (example.label < 0 || static_cast<size_t>(example.label) >= train.labels.size()) {
      return InvalidArgument("training example '" + example.id + "' has no valid label");
    }
  }
  if (monitor && monitor->labels != train.labels) {
    return InvalidArgument("the monitor dataset's labels differ from the training labels");
  }
  return config.CheckClassBiasSize(train.labels.size());
}

}  // namespace

Result<SentimentModel> SentimentModel::Train(const TrainingConfig& config_in, const Dataset& train,
                                             TrainingObserver* observer, const Dataset* monitor) {
  MLFLOW_RETURN_IF_ERROR(config_in.Validate());
  MLFLOW_RETURN_IF_ERROR(CheckClassBiasNames(config_in, train.labels, ""));
  const TrainingConfig config = config_in.WithClassBiasResolved(train.labels);
  MLFLOW_RETURN_IF_ERROR(CheckData(config, train, monitor));
  const auto start = std::chrono::steady_clock::now();
  if (observer) {  // as given: named offsets stay named
    for (const auto& [key, value] : config_in.ToParams()) observer->OnParam(key, value);
  }
  const int threads = ResolveThreadCount(config.threads);
  const std::vector<std::string> texts = train.Texts();
  const std::vector<int> labels = train.Labels();
  const int classes = static_cast<int>(train.labels.size());
  const bool ensemble = config.model_type == ModelType::kEnsemble;
  std::vector<TrainingConfig> members = ensemble ? config.members : std::vector<TrainingConfig>{config};
  int step = 0;
  ComponentTrainer trainer(texts, labels, classes, threads, observer, monitor, &step);
  auto components = std::make_shared<std::vector<ModelComponent>>();
  for (size_t m = 0; m < members.size(); ++m) {
    TrainingConfig member = members[m];
    member.seed = ensemble ? Random::Derive(config.seed, m) : config.seed;
    double weight = ensemble && !config.member_weights.empty() ? config.member_weights[m] : 1.0;
    std::string stage(ModelTypeName(member.model_type));
    if (ensemble) stage = "member" + std::to_string(m) + "." + stage;
    double share = 0.95 / static_cast<double>(members.size());
    MLFLOW_ASSIGN_OR_RETURN(
        ModelComponent component,
        trainer.Train(member, weight, stage, share * static_cast<double>(m), share * static_cast<double>(m + 1)));
    component.PrepareForPrediction();
    components->push_back(std::move(component));
  }
  auto state = std::make_shared<State>();
  state->config = config;
  state->labels = train.labels;
  state->components = components;
  ModelInfo& info = state->info;
  info.model_type = std::string(ModelTypeName(config.model_type));
  info.library_version = LibraryVersion();
  info.trained_at_utc = UtcTimestamp();
  info.training_dataset = train.name;
  info.training_digest = train.Digest();
  info.training_examples = train.size();
  for (const auto& component : *components) info.num_features += component.vectorizer.num_features();
  info.training_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  MLFLOW_ASSIGN_OR_RETURN(SentimentModel model, MakeSentimentModel(state));
  if (monitor) {
    if (observer) observer->OnProgress("reference distribution", 0.97);
    state->reference = model.ComputeReference(*monitor, threads);
  }
  if (observer) observer->OnProgress("done", 1.0);
  return model;
}

}  // namespace mlflow::models
