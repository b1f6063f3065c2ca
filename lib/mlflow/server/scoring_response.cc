#include "mlflow/server/scoring_response.h"

#include "mlflow/server/json_writer.h"

namespace mlflow::server {

std::string FormatScoringResponse(const PredictionBatch& batch, const std::vector<std::string>& classes,
                                  const ModelIdentity& model, std::string_view request_id, bool with_probabilities) {
  const size_t n = batch.labels.size(), k = classes.size();
  JsonWriter w(64 + n * (with_probabilities ? 40 + 24 * k : 24));
  w.Raw("{\"predictions\":[");
  for (size_t i = 0; i < n; ++i) {
    if (i) w.Raw(",");
    w.Raw("{").Key("label").String(classes[batch.labels[i]]);
    if (with_probabilities) {
      w.Raw(",").Key("probabilities").Raw("{");
      for (size_t c = 0; c < k; ++c) {
        if (c) w.Raw(",");
        w.Key(classes[c]).Number(batch.probabilities[i * k + c]);
      }
      w.Raw("}");
    }
    w.Raw("}");
  }
  w.Raw("],").Key("model_name").String(model.name);
  w.Raw(",").Key("model_version").String(model.version);
  w.Raw(",").Key("request_id").String(request_id).Raw("}");
  return w.Take();
}

}  // namespace mlflow::server
