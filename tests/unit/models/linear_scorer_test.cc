#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "mlflow/models/linear_scorer.h"
#include "mlflow/models/occurrence_counts.h"
#include "mlflow/models/position_marks.h"
#include "mlflow/models/sentiment_model.h"
#include "mlflow/models/sentiment_model_state.h"

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

// The generic path the fused scorer replaces (merging repeats by marks, or by dense counts).
std::vector<float> ReferenceScores(const TextVectorizer& v, const LinearModel& model, const std::string& text,
                                   bool dense_counts = false) {
  TextVectorizer::Workspace ws;
  ws.dense_counts = dense_counts;
  v.Weigh(text, &ws);
  std::vector<float> scores(model.classes());
  for (int c = 0; c < model.classes(); ++c) scores[c] = model.bias(c);
  for (const auto& block : ws.blocks) {
    model.Accumulate(block.columns.data(), block.values.data(), block.columns.size(), block.scale, scores.data());
  }
  return scores;
}

}  // namespace

// The fused tables' size: per block, the smallest power of two >= 2 x features (at least 16).
size_t ExpectedBytes(const TextVectorizer& v) {
  size_t bytes = 0;
  for (size_t features : {v.num_word_features(), v.num_features() - v.num_word_features()}) {
    size_t capacity = 16;
    while (capacity < 2 * features) capacity *= 2;
    bytes += capacity * 32;
  }
  return bytes;
}

TEST_CASE("The fused scorer reproduces vectorizer + linear model scores exactly", "[models][scorer]") {
  VectorizerOptions options;
  options.word_ngrams = {1, 3};
  options.char_ngrams = GENERATE(NgramRange{2, 5}, NgramRange{0, 0});
  options.min_df = 1;
  options.norm = GENERATE(RowNorm::kL2, RowNorm::kL1, RowNorm::kNone);
  const int tf_mode = GENERATE(0, 1, 2);  // sublinear, raw counts, binary
  options.sublinear_tf = tf_mode == 0;
  options.binary_tf = tf_mode == 2;
  options.use_idf = GENERATE(true, false);
  const int classes = GENERATE(2, 3, LinearScorer::kMaxClasses);
  auto v = TextVectorizer::Fit(kCorpus, options).value();
  LinearModel model = PseudoRandomModel(v.num_features(), classes);
  auto scorer = LinearScorer::Build(v, model);
  REQUIRE(scorer != nullptr);
  CHECK(scorer->classes() == classes);
  CHECK(scorer->memory_bytes() == ExpectedBytes(v));

  std::vector<std::string> texts = kCorpus;
  texts.insert(texts.end(), {"", "   ", "completely unseen words here", "good good good good good", "bad :) good :("});
  // Dense counts must be left at zero after every text: one workspace scores them all.
  const bool dense = GENERATE(false, true);
  LinearScorer::Workspace ws;
  ws.dense_counts = dense;
  for (const auto& text : texts) {
    std::vector<float> fused(classes);
    scorer->Score(text, &ws, fused.data());
    const std::vector<float> expected = ReferenceScores(v, model, text, !dense);
    for (int c = 0; c < classes; ++c) {
      INFO("text '" << text << "', class " << c << (dense ? ", dense counts" : ", marks"));
      // Bit-identical (same floats, same order), down to the sign of a zero.
      CHECK(std::memcmp(&fused[c], &expected[c], sizeof(float)) == 0);
    }
  }
}

TEST_CASE("Trained and loaded linear models predict through fused tables", "[models][scorer]") {
  std::vector<std::string> texts;
  for (int i = 0; i < 60; ++i) {
    texts.push_back(kCorpus[i % kCorpus.size()] + " #" + std::to_string(i % 7));
  }
  Dataset data;
  data.labels = {"negative", "neutral", "positive"};
  for (size_t i = 0; i < texts.size(); ++i) data.examples.push_back({"", texts[i], static_cast<int>(i % 3)});
  for (ModelType type : {ModelType::kLogisticRegression, ModelType::kLinearSvm, ModelType::kEmbeddingBag}) {
    INFO(ModelTypeName(type));
    TrainingConfig config = TrainingConfig::ForModelType(type);
    config.features.min_df = 1;
    auto trained = SentimentModel::Train(config, data).value();
    auto loaded = SentimentModel::Deserialize(trained.Serialize()).value();
    if (type == ModelType::kEmbeddingBag) {
      CHECK(trained.prediction_table_bytes() == 0);
    } else {
      CHECK(trained.prediction_table_bytes() > 0);
    }
    CHECK(loaded.prediction_table_bytes() == trained.prediction_table_bytes());
    for (const auto& text : texts) CHECK(loaded.Predict(text).probabilities == trained.Predict(text).probabilities);
  }
  TrainingConfig hashed = TrainingConfig::ForModelType(ModelType::kLogisticRegression);
  hashed.features.min_df = 1;
  hashed.features.hash_bits = 12;
  CHECK(SentimentModel::Train(hashed, data).value().prediction_table_bytes() == 0);
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

TEST_CASE("PredictInto matches PredictBatch and counts tokens as the reference does", "[models][scorer]") {
  Dataset data;
  data.labels = {"negative", "neutral", "positive"};
  const std::vector<std::string> extra{"never seen before zzz", "good good", "", "bad movie qqq :("};
  for (int i = 0; i < 60; ++i) {
    data.examples.push_back({"", kCorpus[i % kCorpus.size()] + " #" + std::to_string(i % 7), i % 3});
  }
  Dataset probe = data;
  for (size_t i = 0; i < extra.size(); ++i) probe.examples.push_back({"", extra[i], static_cast<int>(i % 3)});
  std::vector<TrainingConfig> configs;
  for (ModelType type : {ModelType::kLogisticRegression, ModelType::kLinearSvm, ModelType::kEmbeddingBag}) {
    configs.push_back(TrainingConfig::ForModelType(type));
  }
  configs.push_back(configs[0]);
  configs.back().features.hash_bits = 12;  // the generic linear path
  TrainingConfig ensemble = TrainingConfig::ForModelType(ModelType::kEnsemble);
  ensemble.members = {configs[2], configs[1]};  // statistics come from the first member
  ensemble.member_weights = {1.0, 1.0};
  configs.push_back(ensemble);
  for (size_t m = 0; m < configs.size(); ++m) {
    TrainingConfig config = configs[m];
    config.features.min_df = 1;
    for (auto& member : config.members) member.features.min_df = 1;
    INFO("config " << m << ": " << ModelTypeName(config.model_type));
    auto model = SentimentModel::Train(config, data).value();
    const std::vector<std::string> texts = probe.Texts();
    const size_t k = model.labels().size();
    std::vector<int> labels(texts.size());
    std::vector<float> probabilities(texts.size() * k);
    std::vector<RowStats> stats(texts.size());
    model.PredictInto(texts, labels.data(), probabilities.data(), stats.data());
    const std::vector<Prediction> expected = model.PredictBatch(texts, 1);
    CHECK(model.PredictLabels(texts, 1) == labels);
    // A batch this size merges repeated features by dense counts, a single text by marks.
    REQUIRE(texts.size() >= PredictWorkspace::kDenseCountsFrom);
    for (size_t i = 0; i < texts.size(); ++i) CHECK(model.Predict(texts[i]).probabilities == expected[i].probabilities);
    size_t tokens = 0;
    size_t known = 0;
    for (size_t i = 0; i < texts.size(); ++i) {
      CHECK(labels[i] == expected[i].label_index);
      CHECK(std::vector<float>(probabilities.begin() + i * k, probabilities.begin() + (i + 1) * k) ==
            expected[i].probabilities);
      CHECK(stats[i].known_unigrams <= stats[i].tokens);
      tokens += stats[i].tokens;
      known += stats[i].known_unigrams;
    }
    const ReferenceDistribution reference = model.ComputeReference(probe);
    CHECK(tokens > 0);
    CHECK(known < tokens);  // the probe has words outside every vocabulary
    CHECK(reference.oov_rate == Approx(1.0 - static_cast<double>(known) / static_cast<double>(tokens)));
    CHECK(reference.token_count.mean == Approx(static_cast<double>(tokens) / static_cast<double>(texts.size())));
  }
}

TEST_CASE("Blocks too long for dense counts fall back to the marks, with the same scores", "[models][scorer]") {
  VectorizerOptions options;
  options.min_df = 1;
  options.word_ngrams = {1, 1};   // a block of n words holds n occurrences
  options.norm = RowNorm::kNone;  // else a block of one feature scores the same whatever its count
  options.char_ngrams = {2, 4};
  auto v = TextVectorizer::Fit(kCorpus, options).value();
  LinearModel model = PseudoRandomModel(v.num_features(), 3);
  auto scorer = LinearScorer::Build(v, model);
  REQUIRE(scorer != nullptr);
  auto repeated = [](const std::string& word, size_t times) {
    std::string text;
    for (size_t i = 0; i < times; ++i) text += word + " ";
    return text;
  };
  // Word blocks of 30,000 and of exactly OccurrenceCounts::kMaxBlock occurrences of one feature
  // (counted densely), and of one more (the marks: a 16-bit count would wrap). The character
  // blocks are longer than the limit in all three.
  const size_t limit = OccurrenceCounts<uint32_t>::kMaxBlock;
  for (const std::string& text : {repeated("good", 30000), repeated("bad", limit), repeated("movie", limit + 1)}) {
    INFO("text of " << text.size() << " bytes");
    LinearScorer::Workspace dense;
    dense.dense_counts = true;
    LinearScorer::Workspace marks;
    float by_counts[3], by_marks[3];
    scorer->Score(text, &dense, by_counts);
    scorer->Score(text, &marks, by_marks);
    const std::vector<float> expected = ReferenceScores(v, model, text);
    const std::vector<float> expected_dense = ReferenceScores(v, model, text, true);
    for (int c = 0; c < 3; ++c) {
      CHECK(std::memcmp(&by_counts[c], &expected[c], sizeof(float)) == 0);
      CHECK(std::memcmp(&by_marks[c], &expected[c], sizeof(float)) == 0);
      CHECK(std::memcmp(&expected_dense[c], &expected[c], sizeof(float)) == 0);
    }
    // Afterwards the dense workspace scores a short text as a fresh one does.
    float after[3];
    scorer->Score("good movie", &dense, after);
    const std::vector<float> fresh = ReferenceScores(v, model, "good movie");
    for (int c = 0; c < 3; ++c) CHECK(std::memcmp(&after[c], &fresh[c], sizeof(float)) == 0);
  }
}

TEST_CASE("A text without features adds +0 like the generic path, also to a -0 bias", "[models][scorer]") {
  VectorizerOptions options;
  options.min_df = 1;
  options.char_ngrams = {2, 3};
  auto v = TextVectorizer::Fit(kCorpus, options).value();
  LinearModel model = PseudoRandomModel(v.num_features(), 3);
  for (int c = 0; c < 3; ++c) model.bias(c) = -0.0f;
  auto scorer = LinearScorer::Build(v, model);
  REQUIRE(scorer != nullptr);
  LinearScorer::Workspace ws;
  for (const std::string text : {"", "   ", "%%% ^^^ &&&"}) {
    float fused[3];
    scorer->Score(text, &ws, fused);
    const std::vector<float> expected = ReferenceScores(v, model, text);
    for (int c = 0; c < 3; ++c) {
      INFO("text '" << text << "', class " << c);
      CHECK(std::memcmp(&fused[c], &expected[c], sizeof(float)) == 0);
      CHECK(!std::signbit(fused[c]));
    }
  }
}

TEST_CASE("PredictLabels gives Predict's labels when it skips the softmax and when it cannot", "[models][scorer]") {
  Dataset data;
  data.labels = {"negative", "neutral", "positive"};
  for (int i = 0; i < 60; ++i) {
    data.examples.push_back({"", kCorpus[i % kCorpus.size()] + " #" + std::to_string(i % 7), i % 3});
  }
  const std::vector<std::string> texts = data.Texts();
  auto labels_of = [&](const SentimentModel& model) {
    std::vector<int> labels;
    for (const auto& p : model.PredictBatch(texts)) labels.push_back(p.label_index);
    return labels;
  };
  TrainingConfig zero_bias = TrainingConfig::ForModelType(ModelType::kLogisticRegression);
  zero_bias.features.min_df = 1;
  zero_bias.class_bias = {0.0, 0.0, 0.0};  // no offset, but a log/exp round trip in Predict
  auto model = SentimentModel::Train(zero_bias, data).value();
  CHECK(model.PredictLabels(texts, 1) == labels_of(model));

  // An SVM scale so small that every probability rounds to a third: Predict picks class 0, which
  // the raw scores would not; PredictLabels must see that they do not decide.
  TrainingConfig flat = TrainingConfig::ForModelType(ModelType::kLinearSvm);
  flat.features.min_df = 1;
  flat.class_bias.clear();
  flat.class_bias_by_label.clear();
  flat.svm_probability_scale = 1e-9;
  auto svm = SentimentModel::Train(flat, data).value();
  const std::vector<int> expected = labels_of(svm);
  CHECK(std::all_of(expected.begin(), expected.end(), [](int label) { return label == 0; }));
  CHECK(svm.PredictLabels(texts, 1) == expected);

  TrainingConfig bag = TrainingConfig::ForModelType(ModelType::kEmbeddingBag);
  bag.features.min_df = 1;
  bag.class_bias.clear();
  bag.class_bias_by_label.clear();
  auto embedding = SentimentModel::Train(bag, data).value();
  CHECK(embedding.PredictLabels(texts, 2) == labels_of(embedding));
}

TEST_CASE("PositionMarks starts each block empty without clearing, also when its stamp wraps", "[models][scorer]") {
  PositionMarks marks;
  marks.Begin(100);
  REQUIRE(marks.mask + 1 >= 200);
  marks.Add(marks.Probe(7), 7, 1);
  CHECK(marks.Listed(marks.Probe(7)));
  CHECK(marks.Probe(7).position == 1);
  CHECK_FALSE(marks.Listed(marks.Probe(70)));
  CHECK_FALSE(marks.Listed(marks.Probe(7 + static_cast<uint32_t>(marks.mask) + 1)));  // same slot, another key
  marks.Begin(100);  // a new block: the old mark is stale
  CHECK_FALSE(marks.Listed(marks.Probe(7)));
  marks.Add(marks.Probe(7), 7, 1);
  marks.stamp = UINT32_MAX;                       // the next block wraps the stamp
  marks.marks[9] = PositionMarks::Mark{1, 9, 5};  // would look current after the wrap
  marks.Begin(100);
  CHECK(marks.stamp == 1);
  for (const auto& mark : marks.marks) CHECK(mark.stamp == 0);
  marks.Begin(1000);  // a larger block grows the table
  CHECK(marks.mask + 1 >= 2000);
  CHECK(marks.marks.size() == marks.mask + 1);
}
