// Library-internal: the immutable state behind a SentimentModel handle, shared by
// sentiment_model.cc (training, prediction) and model_serialization.cc (binary format).
// Not part of the public API; may change without notice.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mlflow/models/embedding_bag.h"
#include "mlflow/models/linear_model.h"
#include "mlflow/models/linear_scorer.h"
#include "mlflow/models/sentiment_model.h"
#include "mlflow/models/vectorizer.h"

namespace mlflow::models {

// One trained member: its features and its classifier (linear or embedding bag).
struct ModelComponent {
  ModelType type;
  double weight;
  TextVectorizer vectorizer;
  LinearModel linear;           // logistic_regression, linear_svm, nb_svm
  EmbeddingBagModel embedding;  // embedding_bag
  // Linear members' fused prediction tables (nullptr: score through vectorizer and linear). A
  // snapshot of both: PrepareForPrediction must run again if either changes.
  std::shared_ptr<const LinearScorer> scorer;

  // Builds `scorer`; called once the member is trained or loaded.
  void PrepareForPrediction();
};

// Per-thread scratch for prediction.
struct PredictWorkspace {
  // Dense counts (see TextVectorizer::Workspace) pay once a thread predicts this many texts in
  // a row; single texts, as a server mostly gets, keep the small marks.
  static constexpr size_t kDenseCountsFrom = 16;
  static bool DenseCountsFor(size_t texts) { return texts >= kDenseCountsFrom; }
  void PrepareFor(size_t texts) { features.dense_counts = scorer.dense_counts = DenseCountsFor(texts); }

  TextVectorizer::Workspace features;
  LinearScorer::Workspace scorer;
  SparseRow row;
  std::vector<float> hidden;
  std::vector<float> scores;
  std::vector<float> member_probabilities;
};

struct SentimentModel::State {
  TrainingConfig config;
  std::vector<std::string> labels;
  // Shared between handles that differ only in their reference distribution.
  std::shared_ptr<const std::vector<ModelComponent>> components;
  ModelInfo info;
  std::optional<ReferenceDistribution> reference;

  // Writes labels.size() probabilities for `text` into `probabilities`, and its token
  // statistics (from the first member's tokens and vocabulary) into *stats when non-null.
  void Probabilities(std::string_view text, PredictWorkspace* workspace, float* probabilities,
                     RowStats* stats = nullptr) const;
  // Softmax probabilities of one component given its scores (in place).
  void ComponentProbabilities(const ModelComponent& component, float* scores) const;
  // The scores the softmax takes: an SVM member's scaled by svm_probability_scale (in place).
  void ScaleForSoftmax(const ModelComponent& component, float* scores) const;
  // One component's raw class scores for `text` in workspace->scores, with token statistics as
  // in Probabilities.
  void ComponentScores(const ModelComponent& component, std::string_view text, PredictWorkspace* workspace,
                       RowStats* stats) const;
  // True when the only component's raw scores can decide labels: one member (not an ensemble)
  // with a finite positive weight and no class bias, so the probabilities are its softmax.
  bool LabelsFromRawScores() const;
  // For such a model, the label of `text` from the raw scores without the softmax, when they
  // decide it: all finite, and the largest ahead of every other by kClearMargin after the SVM
  // scale, so the softmax cannot round it into a tie (which Probabilities' callers resolve to
  // the first class). False, *label untouched, when the caller must use the probabilities.
  bool LabelFromScores(std::string_view text, PredictWorkspace* workspace, int* label) const;
  static constexpr float kClearMargin = 1e-5f;  // ~170 float ulps of a probability near 1
};

Result<SentimentModel> MakeSentimentModel(std::shared_ptr<const SentimentModel::State> state);

// The library version compiled in (the project's VERSION file).
const char* LibraryVersion();

}  // namespace mlflow::models
