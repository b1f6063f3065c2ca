#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "mlflow/models/linear_scorer.h"

using namespace mlflow::models;

namespace {

const std::vector<std::string> kCorpus{
    "good good movie :)",
    "bad movie, not good at all",
    "soooo good!!! #happy",
    "@someone this is bad bad bad",
    "the movie was ok",
    "not bad, really not bad",
    "good",
    "meh... ok I guess",
};

LinearModel PseudoRandomModel(size_t features, int classes) {
  LinearModel model(static_cast<int64_t>(features), classes);
  uint32_t state = 12345;
  auto next = [&] {
    state = state * 1664525u + 1013904223u;
    return static_cast<float>(state >> 8) / static_cast<float>(1u << 24) - 0.5f;
  };
  for (size_t f = 0; f < features; ++f) {
    for (int c = 0; c < classes; ++c) model.weight(static_cast<int64_t>(f), c) = next();
  }
  for (int c = 0; c < classes; ++c) model.bias(c) = next();
  return model;
}

// The generic path the fused scorer replaces.
std::vector<float> ReferenceScores(const TextVectorizer& v, const LinearModel& model, const std::string& text) {
  TextVectorizer::Workspace ws;
  v.Weigh(text, &ws);
  std::vector<float> scores(model.classes());
  for (int c = 0; c < model.classes(); ++c) scores[c] = model.bias(c);
  for (const auto& block : ws.blocks) {
    model.Accumulate(block.columns.data(), block.values.data(), block.columns.size(), block.scale, scores.data());
  }
  return scores;
}

}  // namespace

TEST_CASE("The fused scorer reproduces vectorizer + linear model scores exactly", "[models][scorer]") {
  VectorizerOptions options;
  options.word_ngrams = {1, 3};
  options.char_ngrams = {2, 5};
  options.min_df = 1;
  const auto norm = GENERATE(RowNorm::kL2, RowNorm::kL1, RowNorm::kNone);
  const bool sublinear = GENERATE(true, false);
  options.norm = norm;
  options.sublinear_tf = sublinear;
  const int classes = GENERATE(2, 3, LinearScorer::kMaxClasses);
  auto v = TextVectorizer::Fit(kCorpus, options).value();
  LinearModel model = PseudoRandomModel(v.num_features(), classes);
  auto scorer = LinearScorer::Build(v, model);
  REQUIRE(scorer != nullptr);
  CHECK(scorer->memory_bytes() >= v.num_features() * 32);

  std::vector<std::string> texts = kCorpus;
  texts.insert(texts.end(), {"", "   ", "completely unseen words here", "good good good good good", "bad :) good :("});
  LinearScorer::Workspace ws;
  for (const auto& text : texts) {
    std::vector<float> fused(classes);
    scorer->Score(text, &ws, fused.data());
    const std::vector<float> expected = ReferenceScores(v, model, text);
    for (int c = 0; c < classes; ++c) {
      INFO("text '" << text << "', class " << c);
      CHECK(fused[c] == expected[c]);  // bit-identical: same floats, same order
    }
  }
}

TEST_CASE("The fused scorer declines hashing vectorizers and wide models", "[models][scorer]") {
  VectorizerOptions options;
  options.min_df = 1;
  auto exact = TextVectorizer::Fit(kCorpus, options).value();
  CHECK(LinearScorer::Build(exact, PseudoRandomModel(exact.num_features(), LinearScorer::kMaxClasses + 1)) == nullptr);
  CHECK(LinearScorer::Build(exact, PseudoRandomModel(exact.num_features() + 1, 3)) == nullptr);

  options.hash_bits = 12;
  auto hashed = TextVectorizer::Fit(kCorpus, options).value();
  CHECK(LinearScorer::Build(hashed, PseudoRandomModel(hashed.num_features(), 3)) == nullptr);
}
