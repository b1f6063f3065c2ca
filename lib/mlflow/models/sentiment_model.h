// SentimentModel: train, predict, evaluate, save and load tweet sentiment classifiers.
//
// This is the contract the CLI, the scoring server and the Python bindings use; everything
// else in mlflow/models is its machinery.
//
//   auto split = LoadSemEvalSplit(data_dir).value();
//   auto config = TrainingConfig::Preset("baseline").value();
//   ConsoleProgress progress;                        // or an observer that logs to MLflow
//   auto model = SentimentModel::Train(config, split.train, &progress, &split.validation);
//   Prediction p = model->Predict("not bad at all :)");   // p.label, p.probabilities
//   Evaluation e = model->Evaluate(split.validation).value();
//   SaveModelDirectory(*model, "out/model");             // model_directory.h
//
// Ownership and thread safety: a SentimentModel is a cheap handle to immutable, shared state
// (copying it copies a pointer). Every const method may be called from any number of threads
// at once. Train and the loaders return new models; nothing mutates a model after that.
//
// Failures: Train returns kInvalidParameterValue for a bad config or unusable data (fewer
// than two examples or classes, label sets that differ between train and monitor data);
// Deserialize/LoadFile return kInvalidParameterValue for a foreign, truncated, corrupted or
// newer-format file and kIoError when the file cannot be read. Predict never fails: any UTF-8
// (even empty or malformed) gets a prediction.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mlflow/core/result.h"
#include "mlflow/models/dataset.h"
#include "mlflow/models/metrics.h"
#include "mlflow/models/reference_distribution.h"
#include "mlflow/models/training_config.h"
#include "mlflow/models/training_observer.h"

namespace mlflow::models {

struct Prediction {
  int label_index = -1;
  std::string label;
  std::vector<float> probabilities;  // one per SentimentModel::labels(), summing to 1

  float confidence() const { return label_index >= 0 ? probabilities[label_index] : 0.0f; }
};

struct ModelInfo {
  std::string model_type;        // ModelTypeName of the config
  std::string library_version;   // mlflow-cpp version that trained the model
  std::string trained_at_utc;    // "2026-01-01 10:57:16"
  std::string training_dataset;  // Dataset::name
  std::string training_digest;   // Dataset::Digest()
  size_t training_examples = 0;
  size_t num_features = 0;        // summed over an ensemble's members
  double training_seconds = 0.0;  // wall time of Train, features included
};

class SentimentModel {
 public:
  // Trains `config` on `train`. `observer` (may be null) receives params, per-epoch metrics
  // and progress. `monitor` (may be null; normally the validation set) is scored after every
  // epoch for the observer only — it never influences training — and the model's reference
  // distribution is computed on it; without a monitor the model has no reference. Both
  // datasets must have the same labels, in the same order.
  static Result<SentimentModel> Train(const TrainingConfig& config, const Dataset& train,
                                      TrainingObserver* observer = nullptr, const Dataset* monitor = nullptr);

  // Class names; label indices and probability vectors follow this order.
  const std::vector<std::string>& labels() const;
  const TrainingConfig& config() const;
  const ModelInfo& info() const;
  // The reference distribution saved with the model; null when it has none.
  const ReferenceDistribution* reference() const;
  // Bytes held by the fused prediction tables of the linear members (LinearScorer), on top of
  // the vocabularies and weights that saving needs; 0 when every member scores generically.
  size_t prediction_table_bytes() const;

  Prediction Predict(std::string_view text) const;
  // Predictions for every text, computed on `threads` threads (<= 0: all hardware threads).
  std::vector<Prediction> PredictBatch(const std::vector<std::string>& texts, int threads = 1) const;
  // Only the label indices: the fast path for bulk scoring, always Predict's labels. A single
  // member without class bias skips the softmax when its raw scores clearly decide the label.
  std::vector<int> PredictLabels(const std::vector<std::string>& texts, int threads = 1) const;
  // The serving path, on the calling thread and without per-text allocations: labels[i],
  // probabilities[i * labels().size() + c] and, when `stats` is non-null, each text's token
  // statistics counted as ComputeReference counts them (tokens, and tokens whose unigram is in
  // the first member's vocabulary), so a server can compare live OOV rates with the reference.
  // The arrays hold texts.size() (times labels().size()) entries.
  void PredictInto(const std::vector<std::string>& texts, int* labels, float* probabilities,
                   RowStats* stats = nullptr) const;

  // Scores a labelled dataset; its labels must be a subset of labels() (matched by name).
  Result<Evaluation> Evaluate(const Dataset& data, int threads = 1) const;
  // Prediction and input statistics of `data` (labels optional: true_class_fraction is
  // filled only when every example's label is one of labels()).
  ReferenceDistribution ComputeReference(const Dataset& data, int threads = 1) const;
  // A handle sharing this model's trained parts but carrying `reference` instead.
  SentimentModel WithReference(ReferenceDistribution reference) const;

  // The versioned binary model format (magic "MLCPPSNT", format version, checksum).
  std::string Serialize() const;
  // `source` names the bytes in error messages.
  static Result<SentimentModel> Deserialize(std::string_view bytes, const std::string& source = "model file");
  Status SaveFile(const std::string& path) const;
  static Result<SentimentModel> LoadFile(const std::string& path);

  struct State;  // defined in sentiment_model_state.h (library-internal)

 private:
  explicit SentimentModel(std::shared_ptr<const State> state) : state_(std::move(state)) {}
  friend Result<SentimentModel> MakeSentimentModel(std::shared_ptr<const State> state);
  std::shared_ptr<const State> state_;
};

}  // namespace mlflow::models
