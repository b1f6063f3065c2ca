#include "mlflow/models/sentiment_model.h"

#include <algorithm>
#include <cmath>

#include "mlflow/core/utf8.h"
#include "mlflow/models/parallel.h"
#include "mlflow/models/sentiment_model_state.h"
#include "mlflow/models/unicode_classes.h"

namespace mlflow::models {

#ifndef MLFLOWCPP_MODELS_VERSION
#define MLFLOWCPP_MODELS_VERSION "unknown"
#endif

const char* LibraryVersion() { return MLFLOWCPP_MODELS_VERSION; }

namespace {

// Prediction scratch, one per thread and reused across calls, so that scoring a short request
// allocates nothing beyond its result, prepared for the `texts` this thread is about to score.
// Probabilities never calls out, so it is never re-entered.
PredictWorkspace& ThreadWorkspace(size_t texts) {
  thread_local PredictWorkspace workspace;
  workspace.PrepareFor(texts);
  return workspace;
}

// probabilities <- softmax(log(probabilities) + bias): a shift of the class priors.
void ApplyClassBias(const std::vector<double>& bias, float* probabilities, int k) {
  if (bias.empty()) return;
  for (int c = 0; c < k; ++c) {
    probabilities[c] = std::log(std::max(probabilities[c], 1e-30f)) + static_cast<float>(bias[c]);
  }
  Softmax(probabilities, k);
}

}  // namespace

void ModelComponent::PrepareForPrediction() {
  scorer.reset();
  if (type != ModelType::kEmbeddingBag) scorer = LinearScorer::Build(vectorizer, linear);
}

Result<SentimentModel> MakeSentimentModel(std::shared_ptr<const SentimentModel::State> state) {
  return SentimentModel(std::move(state));
}

void SentimentModel::State::ScaleForSoftmax(const ModelComponent& component, float* scores) const {
  if (component.type != ModelType::kLinearSvm && component.type != ModelType::kNbSvm) return;
  const auto scale = static_cast<float>(config.svm_probability_scale);
  for (size_t c = 0; c < labels.size(); ++c) scores[c] *= scale;
}

void SentimentModel::State::ComponentProbabilities(const ModelComponent& component, float* scores) const {
  ScaleForSoftmax(component, scores);
  Softmax(scores, static_cast<int>(labels.size()));
}

void SentimentModel::State::ComponentScores(const ModelComponent& component, std::string_view text,
                                            PredictWorkspace* ws, RowStats* stats) const {
  const int k = static_cast<int>(labels.size());
  ws->scores.resize(k);
  if (component.type == ModelType::kEmbeddingBag) {
    component.vectorizer.TransformOne(text, &ws->features, &ws->row, stats);
    ws->hidden.resize(component.embedding.dim());
    component.embedding.Score(ws->row.columns.data(), ws->row.values.data(), ws->row.columns.size(), ws->hidden.data(),
                              ws->scores.data());
  } else if (component.scorer) {
    component.scorer->Score(text, &ws->scorer, ws->scores.data());
    if (stats) *stats = component.scorer->WordStats(ws->scorer.tokens);
  } else {
    // Linear members score the unsorted block features directly: no sparse row is built.
    component.vectorizer.Weigh(text, &ws->features);
    if (stats) *stats = component.vectorizer.WordStats(ws->features.tokens);
    for (int c = 0; c < k; ++c) ws->scores[c] = component.linear.bias(c);
    for (const auto& block : ws->features.blocks) {
      component.linear.Accumulate(block.columns.data(), block.values.data(), block.columns.size(), block.scale,
                                  ws->scores.data());
    }
  }
}

bool SentimentModel::State::LabelsFromRawScores() const {
  if (components->size() != 1 || config.model_type == ModelType::kEnsemble) return false;
  const double weight = components->front().weight;
  return std::isfinite(weight) && weight > 0.0 &&  // the member's share of the mix is exactly 1
         std::all_of(config.class_bias.begin(), config.class_bias.end(), [](double b) { return b == 0.0; });
}

bool SentimentModel::State::LabelFromScores(std::string_view text, PredictWorkspace* ws, int* label) const {
  const ModelComponent& component = components->front();
  ComponentScores(component, text, ws, nullptr);
  float* z = ws->scores.data();
  const int k = static_cast<int>(ws->scores.size());
  ScaleForSoftmax(component, z);
  const int best = static_cast<int>(std::max_element(z, z + k) - z);
  for (int c = 0; c < k; ++c) {
    if (!std::isfinite(z[c])) return false;
    if (c != best && !(z[best] - z[c] >= kClearMargin)) return false;
  }
  *label = best;
  return true;
}

void SentimentModel::State::Probabilities(std::string_view text, PredictWorkspace* ws, float* probabilities,
                                          RowStats* stats) const {
  const int k = static_cast<int>(labels.size());
  std::fill(probabilities, probabilities + k, 0.0f);
  double total_weight = 0.0;
  for (const auto& component : *components) total_weight += component.weight;
  if (!(total_weight > 0.0)) total_weight = 1.0;
  // An ensemble member's own class_bias shifts its probabilities before they are mixed.
  const bool ensemble = config.model_type == ModelType::kEnsemble;
  for (size_t m = 0; m < components->size(); ++m) {
    const ModelComponent& component = (*components)[m];
    // The statistics come from the first member, as in ComputeReference.
    ComponentScores(component, text, ws, &component == &components->front() ? stats : nullptr);
    ComponentProbabilities(component, ws->scores.data());
    if (ensemble && m < config.members.size()) ApplyClassBias(config.members[m].class_bias, ws->scores.data(), k);
    const auto weight = static_cast<float>(component.weight / total_weight);
    for (int c = 0; c < k; ++c) probabilities[c] += weight * ws->scores[c];
  }
  ApplyClassBias(config.class_bias, probabilities, k);
}

const std::vector<std::string>& SentimentModel::labels() const { return state_->labels; }
const TrainingConfig& SentimentModel::config() const { return state_->config; }
const ModelInfo& SentimentModel::info() const { return state_->info; }
size_t SentimentModel::prediction_table_bytes() const {
  size_t bytes = 0;
  for (const auto& component : *state_->components) {
    if (component.scorer) bytes += component.scorer->memory_bytes();
  }
  return bytes;
}

const ReferenceDistribution* SentimentModel::reference() const {
  return state_->reference ? &*state_->reference : nullptr;
}

Prediction SentimentModel::Predict(std::string_view text) const {
  Prediction prediction;
  prediction.probabilities.resize(state_->labels.size());
  PredictWorkspace& workspace = ThreadWorkspace(1);
  state_->Probabilities(text, &workspace, prediction.probabilities.data());
  auto best = std::max_element(prediction.probabilities.begin(), prediction.probabilities.end());
  prediction.label_index = static_cast<int>(best - prediction.probabilities.begin());
  prediction.label = state_->labels[prediction.label_index];
  return prediction;
}

std::vector<Prediction> SentimentModel::PredictBatch(const std::vector<std::string>& texts, int threads) const {
  std::vector<Prediction> predictions(texts.size());
  const size_t k = state_->labels.size();
  ParallelFor(texts.size(), ResolveThreadCount(threads), [&](size_t begin, size_t end, int) {
    PredictWorkspace& workspace = ThreadWorkspace(end - begin);
    for (size_t i = begin; i < end; ++i) {
      Prediction& p = predictions[i];
      p.probabilities.resize(k);
      state_->Probabilities(texts[i], &workspace, p.probabilities.data());
      p.label_index =
          static_cast<int>(std::max_element(p.probabilities.begin(), p.probabilities.end()) - p.probabilities.begin());
      p.label = state_->labels[p.label_index];
    }
  });
  return predictions;
}

void SentimentModel::PredictInto(const std::vector<std::string>& texts, int* labels, float* probabilities,
                                 RowStats* stats) const {
  const size_t k = state_->labels.size();
  PredictWorkspace& workspace = ThreadWorkspace(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    float* row = probabilities + i * k;
    state_->Probabilities(texts[i], &workspace, row, stats ? stats + i : nullptr);
    labels[i] = static_cast<int>(std::max_element(row, row + k) - row);
  }
}

std::vector<int> SentimentModel::PredictLabels(const std::vector<std::string>& texts, int threads) const {
  std::vector<int> labels(texts.size());
  const size_t k = state_->labels.size();
  const bool from_scores = state_->LabelsFromRawScores();
  ParallelFor(texts.size(), ResolveThreadCount(threads), [&](size_t begin, size_t end, int) {
    PredictWorkspace& workspace = ThreadWorkspace(end - begin);
    std::vector<float> probabilities(k);
    for (size_t i = begin; i < end; ++i) {
      if (from_scores && state_->LabelFromScores(texts[i], &workspace, &labels[i])) continue;
      state_->Probabilities(texts[i], &workspace, probabilities.data());
      labels[i] =
          static_cast<int>(std::max_element(probabilities.begin(), probabilities.end()) - probabilities.begin());
    }
  });
  return labels;
}

Result<Evaluation> SentimentModel::Evaluate(const Dataset& data, int threads) const {
  std::vector<int> mapping(data.labels.size(), -1);
  for (size_t i = 0; i < data.labels.size(); ++i) {
    auto it = std::find(state_->labels.begin(), state_->labels.end(), data.labels[i]);
    if (it == state_->labels.end()) {
      return InvalidArgument("dataset label '" + data.labels[i] + "' is not one of the model's labels");
    }
    mapping[i] = static_cast<int>(it - state_->labels.begin());
  }
  std::vector<int> truth;
  truth.reserve(data.size());
  for (const auto& example : data.examples) {
    if (example.label < 0 || static_cast<size_t>(example.label) >= mapping.size()) {
      return InvalidArgument("dataset example '" + example.id + "' has no valid label");
    }
    truth.push_back(mapping[example.label]);
  }
  return models::Evaluate(truth, PredictLabels(data.Texts(), threads), state_->labels);
}

ReferenceDistribution SentimentModel::ComputeReference(const Dataset& data, int threads) const {
  ReferenceDistribution r;
  const size_t k = state_->labels.size();
  r.dataset_name = data.name;
  r.dataset_digest = data.Digest();
  r.rows = data.size();
  r.labels = state_->labels;
  r.predicted_class_fraction.assign(k, 0.0);
  r.confidence_histogram.assign(ReferenceDistribution::kConfidenceBins, 0.0);
  std::vector<std::string> texts = data.Texts();
  std::vector<Prediction> predictions = PredictBatch(texts, threads);
  const TextVectorizer& vectorizer = state_->components->front().vectorizer;
  std::vector<double> lengths;
  std::vector<double> token_counts;
  size_t tokens = 0;
  size_t known = 0;
  TextVectorizer::Workspace workspace;
  workspace.dense_counts = PredictWorkspace::DenseCountsFor(texts.size());
  SparseRow row;
  for (size_t i = 0; i < texts.size(); ++i) {
    const Prediction& p = predictions[i];
    r.predicted_class_fraction[p.label_index] += 1.0;
    r.mean_confidence += p.confidence();
    int bin = std::min(ReferenceDistribution::kConfidenceBins - 1,
                       static_cast<int>(p.confidence() * ReferenceDistribution::kConfidenceBins));
    r.confidence_histogram[std::max(0, bin)] += 1.0;
    RowStats stats;
    vectorizer.TransformOne(texts[i], &workspace, &row, &stats);
    tokens += stats.tokens;
    known += stats.known_unigrams;
    token_counts.push_back(stats.tokens);
    size_t pos = 0;
    double code_points = 0;
    while (pos < texts[i].size()) {
      DecodeUtf8(texts[i], &pos);
      code_points += 1;
    }
    lengths.push_back(code_points);
  }
  const double n = std::max<double>(1.0, static_cast<double>(texts.size()));
  for (double& f : r.predicted_class_fraction) f /= n;
  for (double& f : r.confidence_histogram) f /= n;
  r.mean_confidence /= n;
  r.oov_rate = tokens ? 1.0 - static_cast<double>(known) / static_cast<double>(tokens) : 0.0;
  r.text_length_chars = NumericSummary::Of(std::move(lengths));
  r.token_count = NumericSummary::Of(std::move(token_counts));
  bool labelled = !data.labels.empty();
  std::vector<double> truth(k, 0.0);
  for (const auto& example : data.examples) {
    if (example.label < 0 || static_cast<size_t>(example.label) >= data.labels.size()) {
      labelled = false;
      break;
    }
    auto it = std::find(state_->labels.begin(), state_->labels.end(), data.labels[example.label]);
    if (it == state_->labels.end()) {
      labelled = false;
      break;
    }
    truth[it - state_->labels.begin()] += 1.0 / n;
  }
  if (labelled && !data.empty()) r.true_class_fraction = truth;
  return r;
}

SentimentModel SentimentModel::WithReference(ReferenceDistribution reference) const {
  auto state = std::make_shared<State>(*state_);
  state->reference = std::move(reference);
  return SentimentModel(std::move(state));
}

}  // namespace mlflow::models
