// TrainingConfig: everything that determines a trained model, as one plain value.
//
// A config is built from a preset (ForModelType / Preset) and adjusted field by field, or
// parsed from flat string parameters (FromParams: params.yaml entries and MLflow run params);
// ToParams gives the same flat form back, so logging a config as MLflow params and re-training
// from those params reproduces the model. The presets per model type are the ones chosen by
// cross-validation on the training files (docs/models.md, "Model selection"); the struct's own
// member defaults are generic starting values, not always the presets'.
// Plain value: copyable, no synchronisation.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mlflow/core/result.h"
#include "mlflow/models/vectorizer.h"

namespace mlflow::models {

enum class ModelType {
  kLogisticRegression,  // "logistic_regression": multinomial LR on TF-IDF (the baseline)
  kLinearSvm,           // "linear_svm": one-vs-rest squared-hinge SVM on TF-IDF
  kNbSvm,               // "nb_svm": linear SVM on NB log-count-ratio scaled TF-IDF
  kEmbeddingBag,        // "embedding_bag": fastText-style mean-embedding classifier
  kEnsemble,            // "ensemble": weighted mean of member probabilities
};

std::string_view ModelTypeName(ModelType type);
Result<ModelType> ParseModelType(std::string_view name);

struct TrainingConfig {
  ModelType model_type = ModelType::kLogisticRegression;
  VectorizerOptions features;

  // Linear models (logistic_regression, linear_svm, nb_svm).
  double c = 2.0;                      // inverse regularisation strength
  bool balanced_class_weights = true;  // weight classes by n / (k * n_c)
  int max_iterations = 200;            // L-BFGS iterations (LR) or epochs (SVM)
  double tolerance = 1e-4;             // LR: preconditioned gradient; SVM: projected-gradient spread
  double nb_smoothing = 1.0;           // nb_svm: count smoothing
  double nb_interpolation = 1.0;       // nb_svm: beta in (1 - beta) mean|w| + beta w

  // embedding_bag.
  int embedding_dim = 50;
  int epochs = 3;
  double learning_rate = 0.2;

  // ensemble: members and their weights (equal when empty).
  std::vector<TrainingConfig> members;
  std::vector<double> member_weights;
  // Members that are SVMs output margins; probabilities are softmax(margin * svm_scale).
  double svm_probability_scale = 3.0;

  // Added to each class's log-probability before the argmax (prior shift): class_bias gives
  // one value per class in label order, class_bias_by_label offsets for the classes it names
  // (others get 0; names that match no class are ignored when none matches, so the presets,
  // tuned for negative / neutral / positive, train on any label set, and refused beside names
  // that match, as misspelt). At most one of the two is set (a preset's are by label);
  // both empty = none. Training resolves names into the label-ordered form. In an ensemble, a
  // member's offsets shift that member's probabilities before they are mixed (a member taken
  // from a preset brings the preset's), and the ensemble's shift the mixture.
  std::vector<double> class_bias;
  std::map<std::string, double> class_bias_by_label;

  uint64_t seed = 42;
  int threads = 0;  // <= 0: all hardware threads. Does not change results except LR rounding.

  // The defaults of one model type (an ensemble gets its default members).
  static TrainingConfig ForModelType(ModelType type);
  // "baseline" (= logistic_regression), any model type name, or "best" (the strongest
  // model by cross-validation). Unknown name: kInvalidParameterValue.
  static Result<TrainingConfig> Preset(std::string_view name);

  // Flat parameters: model_type, c, class_weight, word_ngrams ("1-2" or "none"),
  // char_ngrams, min_df, max_df, sublinear_tf, binary_tf, use_idf, norm, hash_bits, the
  // tokenizer flags (tokenizer.lowercase, ...), nb_*, embedding_dim, epochs, learning_rate,
  // members ("linear_svm,embedding_bag") with member<i>.<param>, member_weights,
  // svm_probability_scale, class_bias ("0,0.1,0" in label order, or "negative=0.6,positive=0.8"
  // by label), seed, threads, max_iterations, tolerance.
  std::map<std::string, std::string> ToParams() const;
  // Starts from ForModelType(params["model_type"]) (default logistic_regression) without its
  // class_bias, and applies every other key: a class_bias (also member<i>.class_bias) applies
  // only when the params give one. An unknown key or malformed value is kInvalidParameterValue.
  static Result<TrainingConfig> FromParams(const std::map<std::string, std::string>& params);
  // This config with class_bias_by_label (its own and its members') turned into class_bias in
  // the order of `labels`; empty when it names none of them.
  TrainingConfig WithClassBiasResolved(const std::vector<std::string>& labels) const;
  // kInvalidParameterValue when a label-ordered class_bias (its own or a member's, which the
  // message names) does not have `classes` values.
  Status CheckClassBiasSize(size_t classes) const;

  // Checks ranges and combinations; kInvalidParameterValue naming the field.
  Status Validate() const;
};

}  // namespace mlflow::models
