#include "mlflow/server/sentiment_predictor.h"

#include "mlflow/models/model_directory.h"

namespace mlflow::server {

Result<PredictionBatch> SentimentPredictor::PredictBatch(const std::vector<std::string>& texts) const {
  const size_t k = model_.labels().size();
  PredictionBatch batch;
  batch.labels.resize(texts.size());
  batch.probabilities.resize(texts.size() * k);
  std::vector<models::RowStats> stats(texts.size());
  model_.PredictInto(texts, batch.labels.data(), batch.probabilities.data(), stats.data());
  batch.tokens.resize(texts.size());
  batch.unknown_tokens.resize(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    batch.tokens[i] = stats[i].tokens;
    batch.unknown_tokens[i] = stats[i].tokens - stats[i].known_unigrams;
  }
  return batch;
}

ReferenceDistribution FromModelReference(const models::ReferenceDistribution& r, std::string source) {
  ReferenceDistribution ref;
  ref.classes = r.labels;
  ref.class_fractions = r.predicted_class_fraction;
  ref.count = static_cast<int64_t>(r.rows);
  ref.mean_confidence = r.mean_confidence;
  ref.mean_oov_rate = r.oov_rate;
  ref.mean_length = r.text_length_chars.mean;
  ref.std_length = r.text_length_chars.stddev;
  ref.source = std::move(source);
  return ref;
}

ModelLoader SentimentModelLoader() {
  return [](const std::string& directory) -> Result<LoadedModel> {
    MLFLOW_ASSIGN_OR_RETURN(models::SentimentModel model, models::LoadModelDirectory(directory));
    LoadedModel loaded;
    loaded.identity.local_dir = directory;
    if (const models::ReferenceDistribution* r = model.reference(); r && r->rows > 0) {
      std::string source = directory + "/" + models::kReferenceFileName;
      if (!r->dataset_name.empty()) source += " (" + r->dataset_name + ")";
      loaded.reference = std::make_shared<const ReferenceDistribution>(FromModelReference(*r, source));
    }
    loaded.predictor = std::make_shared<const SentimentPredictor>(std::move(model));
    return loaded;
  };
}

}  // namespace mlflow::server
