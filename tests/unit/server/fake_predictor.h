// A hand-written Predictor for the server's unit tests: keyword rules, fixed probabilities.
//   "bad"/"awful" -> negative, "good"/"great" -> positive, anything else -> neutral;
//   the chosen class gets 0.8, the others 0.1; tokens are words, unknown unless in a tiny vocabulary.
// "FAIL" anywhere in a text makes PredictBatch fail (to test 500 handling).
#pragma once

#include <atomic>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "mlflow/server/loaded_model.h"
#include "mlflow/server/predictor.h"

namespace mlflow::server::testing {

class FakePredictor final : public Predictor {
 public:
  explicit FakePredictor(std::vector<std::string> classes = {"negative", "neutral", "positive"})
      : classes_(std::move(classes)) {}

  const std::vector<std::string>& classes() const override { return classes_; }

  Result<PredictionBatch> PredictBatch(const std::vector<std::string>& texts) const override {
    calls.fetch_add(1);
    PredictionBatch batch;
    const size_t k = classes_.size();
    for (const std::string& text : texts) {
      if (text.find("FAIL") != std::string::npos) return InternalError("the fake model failed on purpose");
      int label = 1;
      if (text.find("bad") != std::string::npos || text.find("awful") != std::string::npos) label = 0;
      if (text.find("good") != std::string::npos || text.find("great") != std::string::npos) label = 2;
      batch.labels.push_back(label);
      for (size_t c = 0; c < k; ++c) batch.probabilities.push_back(static_cast<int>(c) == label ? 0.8f : 0.1f);
      std::istringstream words(text);
      std::string word;
      int total = 0, oov = 0;
      while (words >> word) {
        ++total;
        if (word != "good" && word != "bad" && word != "great" && word != "awful" && word != "day") ++oov;
      }
      batch.tokens.push_back(static_cast<uint32_t>(total));
      batch.unknown_tokens.push_back(static_cast<uint32_t>(oov));
    }
    return batch;
  }

  mutable std::atomic<int> calls{0};

 private:
  std::vector<std::string> classes_;
};

inline LoadedModel MakeModel(const std::string& version = "1", std::shared_ptr<const Predictor> predictor = nullptr) {
  LoadedModel model;
  model.identity.name = "tweet-sentiment";
  model.identity.version = version;
  model.identity.uri = "models:/tweet-sentiment@champion";
  model.identity.alias = "champion";
  model.predictor = predictor ? predictor : std::make_shared<FakePredictor>();
  return model;
}

}  // namespace mlflow::server::testing
