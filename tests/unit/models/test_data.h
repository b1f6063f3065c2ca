// Synthetic labelled tweets for fast model tests: each class has its own cue words.
#pragma once

#include "mlflow/models/dataset.h"
#include "mlflow/models/random.h"

namespace mlflow::models::testing {

inline Dataset SyntheticTweets(int rows, uint64_t seed) {
  const std::vector<std::vector<std::string>> cues{
      {"hate", "awful", "terrible", "worst", ":(", "sad", "angry"},
      {"today", "meeting", "schedule", "report", "announced", "update", "tuesday"},
      {"love", "great", "awesome", "best", ":)", "happy", "amazing"}};
  const std::vector<std::string> filler{"the", "game", "phone", "movie", "@someone", "#news", "with", "and", "it"};
  Random rng(seed);
  Dataset data;
  data.name = "synthetic";
  data.labels = {"negative", "neutral", "positive"};
  for (int i = 0; i < rows; ++i) {
    int label = static_cast<int>(rng.Below(3));
    std::string text;
    for (int w = 0; w < 8; ++w) {
      const auto& pool = rng.Uniform() < 0.5 ? cues[label] : filler;
      text += (w ? " " : "") + pool[rng.Below(pool.size())];
    }
    data.examples.push_back({"id" + std::to_string(i), text, label});
  }
  return data;
}

}  // namespace mlflow::models::testing
