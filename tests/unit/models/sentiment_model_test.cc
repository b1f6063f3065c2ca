#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "mlflow/models/hashing.h"
#include "mlflow/models/model_directory.h"
#include "mlflow/models/sentiment_model.h"
#include "support/test_env.h"
#include "test_data.h"

using namespace mlflow::models;
using mlflow::models::testing::SyntheticTweets;
namespace fs = std::filesystem;

namespace {

TrainingConfig SmallConfig(ModelType type) {
  TrainingConfig config = TrainingConfig::ForModelType(type);
  config.threads = 2;
  if (type == ModelType::kEnsemble) {
    for (auto& member : config.members) member.features.char_ngrams = {2, 3};
  } else {
    config.features.min_df = 1;
  }
  if (type == ModelType::kEmbeddingBag) config.epochs = 10;
  return config;
}

struct RecordingObserver : TrainingObserver {
  std::map<std::string, std::string> params;
  std::vector<EpochReport> epochs;
  double last_fraction = 0.0;
  bool monotonic = true;
  void OnParam(const std::string& key, const std::string& value) override { params[key] = value; }
  void OnEpoch(const EpochReport& report) override { epochs.push_back(report); }
  void OnProgress(std::string_view, double fraction) override {
    monotonic = monotonic && fraction + 1e-12 >= last_fraction;
    last_fraction = fraction;
  }
};

bool SamePredictions(const std::vector<Prediction>& a, const std::vector<Prediction>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].label != b[i].label || a[i].probabilities != b[i].probabilities) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("Every model type trains, predicts and evaluates", "[models][facade]") {
  Dataset train = SyntheticTweets(600, 1);
  Dataset test = SyntheticTweets(200, 2);
  for (ModelType type : {ModelType::kLogisticRegression, ModelType::kLinearSvm, ModelType::kNbSvm,
                         ModelType::kEmbeddingBag, ModelType::kEnsemble}) {
    INFO(ModelTypeName(type));
    auto model = SentimentModel::Train(SmallConfig(type), train);
    REQUIRE(model.ok());
    CHECK(model->labels() == train.labels);
    CHECK(model->info().model_type == ModelTypeName(type));
    CHECK(model->info().training_examples == 600);
    auto evaluation = model->Evaluate(test);
    REQUIRE(evaluation.ok());
    CHECK(evaluation->macro_recall > 0.9);
    Prediction p = model->Predict("I love it, awesome and amazing :)");
    CHECK(p.label == "positive");
    REQUIRE(p.probabilities.size() == 3);
    CHECK(std::abs(p.probabilities[0] + p.probabilities[1] + p.probabilities[2] - 1.0f) < 1e-5f);
    CHECK(p.confidence() == p.probabilities[2]);
    Prediction empty = model->Predict("");
    CHECK(empty.label_index >= 0);
    CHECK(model->reference() == nullptr);  // no monitor data, no reference
  }
}

TEST_CASE("Training is deterministic given the seed", "[models][facade]") {
  Dataset train = SyntheticTweets(400, 3);
  std::vector<std::string> texts = SyntheticTweets(100, 4).Texts();
  for (ModelType type : {ModelType::kLinearSvm, ModelType::kEmbeddingBag, ModelType::kLogisticRegression}) {
    INFO(ModelTypeName(type));
    TrainingConfig config = SmallConfig(type);
    auto a = SentimentModel::Train(config, train).value().PredictBatch(texts);
    auto b = SentimentModel::Train(config, train).value().PredictBatch(texts);
    CHECK(SamePredictions(a, b));
  }
  TrainingConfig config = SmallConfig(ModelType::kEmbeddingBag);
  auto a = SentimentModel::Train(config, train).value().PredictBatch(texts);
  config.seed = 7;
  auto c = SentimentModel::Train(config, train).value().PredictBatch(texts);
  CHECK_FALSE(SamePredictions(a, c));
}

TEST_CASE("Save then load gives identical predictions", "[models][facade]") {
  Dataset train = SyntheticTweets(400, 5);
  std::vector<std::string> texts = SyntheticTweets(100, 6).Texts();
  std::string dir = mlflow::testing::MakeTempDir("model-roundtrip");
  for (ModelType type :
       {ModelType::kLogisticRegression, ModelType::kNbSvm, ModelType::kEmbeddingBag, ModelType::kEnsemble}) {
    INFO(ModelTypeName(type));
    TrainingConfig config = SmallConfig(type);
    config.class_bias_by_label.clear();
    config.class_bias = {0.1, -0.2, 0.0};
    Dataset monitor = SyntheticTweets(50, 16);
    auto model = SentimentModel::Train(config, train, nullptr, &monitor).value();
    std::string path = dir + "/" + std::string(ModelTypeName(type));
    REQUIRE(SaveModelDirectory(model, path).ok());
    auto loaded = LoadModelDirectory(path);
    REQUIRE(loaded.ok());
    CHECK(SamePredictions(model.PredictBatch(texts), loaded->PredictBatch(texts)));
    CHECK(loaded->config().ToParams() == model.config().ToParams());
    CHECK(loaded->info().training_digest == model.info().training_digest);
    REQUIRE(loaded->reference() != nullptr);
    CHECK(loaded->reference()->ToJson() == model.reference()->ToJson());
    auto from_file = LoadModelDirectory(path + "/" + kModelFileName);
    REQUIRE(from_file.ok());
    CHECK(SamePredictions(model.PredictBatch(texts), from_file->PredictBatch(texts)));
  }
}

TEST_CASE("Truncated, corrupted, foreign and newer files are clear errors", "[models][facade]") {
  auto model = SentimentModel::Train(SmallConfig(ModelType::kLogisticRegression), SyntheticTweets(200, 7)).value();
  const std::string bytes = model.Serialize();
  REQUIRE(SentimentModel::Deserialize(bytes).ok());
  auto message = [](const mlflow::Result<SentimentModel>& r) { return r.ok() ? std::string() : r.status().message(); };

  for (size_t length = 0; length < bytes.size(); length += 1 + length / 7) {
    auto r = SentimentModel::Deserialize(std::string_view(bytes).substr(0, length));
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == mlflow::ErrorCode::kInvalidParameterValue);
  }
  CHECK(message(SentimentModel::Deserialize(bytes.substr(0, bytes.size() / 2))).find("truncated") != std::string::npos);
  CHECK(message(SentimentModel::Deserialize("PK\x03\x04 a zip file, not a model")).find("bad magic") !=
        std::string::npos);
  std::string corrupted = bytes;
  corrupted[corrupted.size() / 2] ^= 0x5A;
  CHECK(message(SentimentModel::Deserialize(corrupted)).find("checksum") != std::string::npos);
  std::string newer = bytes;
  newer[8] = 99;
  CHECK(message(SentimentModel::Deserialize(newer)).find("version 99 is not supported") != std::string::npos);

  // A payload whose checksum is right but whose content lies: a huge parameter count, then a
  // payload cut short inside a string. Both must be refused by the bounds checks.
  auto reseal = [](std::string file, size_t payload_size) {
    std::string payload = file.substr(20, payload_size);
    std::memcpy(&file[12], &payload_size, 8);
    file.resize(20 + payload_size);
    uint64_t checksum = HashBytes(payload);
    file.append(reinterpret_cast<const char*>(&checksum), 8);
    return file;
  };
  uint64_t payload_size = 0;
  std::memcpy(&payload_size, bytes.data() + 12, 8);
  std::string lying = bytes;
  uint64_t huge = 1ull << 40;
  std::memcpy(&lying[24], &huge, 8);
  CHECK(message(SentimentModel::Deserialize(reseal(lying, payload_size))).find("invalid parameter count") !=
        std::string::npos);
  CHECK(message(SentimentModel::Deserialize(reseal(bytes, 40))).find("truncated") != std::string::npos);

  std::string dir = mlflow::testing::MakeTempDir("bad-models");
  std::ofstream(dir + "/model.mlcpp", std::ios::binary) << bytes.substr(0, 100);
  auto from_disk = SentimentModel::LoadFile(dir + "/model.mlcpp");
  REQUIRE_FALSE(from_disk.ok());
  CHECK(from_disk.status().message().find(dir + "/model.mlcpp") != std::string::npos);
  CHECK(SentimentModel::LoadFile(dir + "/absent").status().code() == mlflow::ErrorCode::kIoError);
  CHECK_FALSE(LoadModelDirectory(dir).ok());  // a directory without MLmodel
}

TEST_CASE("The model directory carries MLmodel, example and reference", "[models][facade]") {
  Dataset train = SyntheticTweets(300, 8);
  Dataset monitor = SyntheticTweets(50, 17);
  auto model = SentimentModel::Train(SmallConfig(ModelType::kLogisticRegression), train, nullptr, &monitor).value();
  std::string dir = mlflow::testing::MakeTempDir("model-dir") + "/nested/model";
  ModelDirectoryOptions options;
  options.run_id = "0123456789abcdef";
  options.artifact_path = "model";
  options.input_examples = {"first example", "second \"quoted\" example"};
  REQUIRE(SaveModelDirectory(model, dir, options).ok());
  for (const char* file : {"MLmodel", "model.mlcpp", "input_example.json", "serving_input_example.json",
                           "reference_distribution.json", "model_info.json"}) {
    CHECK(fs::exists(fs::path(dir) / file));
  }
  std::ifstream in(dir + "/MLmodel");
  std::string yaml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(yaml.find("  mlflow_cpp:\n") != std::string::npos);
  CHECK(yaml.find("    model_file: model.mlcpp\n") != std::string::npos);
  CHECK(yaml.find("    loader_module: mlflowcpp.pyfunc\n") != std::string::npos);
  CHECK(yaml.find("  inputs: '[{\"type\": \"string\", \"name\": \"text\", \"required\": true}]'") != std::string::npos);
  CHECK(yaml.find("\"name\": \"positive\"") != std::string::npos);
  CHECK(yaml.find("run_id: 0123456789abcdef\n") != std::string::npos);
  std::ifstream example(dir + "/input_example.json");
  std::string json((std::istreambuf_iterator<char>(example)), std::istreambuf_iterator<char>());
  CHECK(json == R"({"columns":["text"],"data":[["first example"],["second \"quoted\" example"]]})");
}

TEST_CASE("Observer sees params, steps and monotonic progress", "[models][facade]") {
  Dataset train = SyntheticTweets(300, 9);
  Dataset monitor = SyntheticTweets(100, 10);
  RecordingObserver observer;
  TrainingConfig config = SmallConfig(ModelType::kEnsemble);
  auto model = SentimentModel::Train(config, train, &observer, &monitor);
  REQUIRE(model.ok());
  CHECK(observer.params == config.ToParams());
  REQUIRE(observer.epochs.size() > 3);
  for (size_t i = 0; i < observer.epochs.size(); ++i) {
    CHECK(observer.epochs[i].step == static_cast<int>(i + 1));
    CHECK_FALSE(std::isnan(observer.epochs[i].monitor_macro_recall));
  }
  CHECK(observer.epochs.front().stage.rfind("member0.", 0) == 0);
  CHECK(observer.epochs.back().monitor_macro_recall > 0.8);
  CHECK(observer.monotonic);
  CHECK(observer.last_fraction == 1.0);
  CHECK(model->reference()->rows == 100);
  CHECK(model->reference()->true_class_fraction.size() == 3);
}

TEST_CASE("Concurrent prediction from one model", "[models][facade]") {
  auto model = SentimentModel::Train(SmallConfig(ModelType::kNbSvm), SyntheticTweets(300, 11)).value();
  std::vector<std::string> texts = SyntheticTweets(400, 12).Texts();
  const auto expected = model.PredictBatch(texts, 1);
  CHECK(SamePredictions(expected, model.PredictBatch(texts, 4)));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = t; i < texts.size(); i += 4) {
        Prediction p = model.Predict(texts[i]);
        if (p.probabilities != expected[i].probabilities) ++mismatches[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(mismatches == std::vector<int>{0, 0, 0, 0});
  CHECK(model.PredictLabels(texts, 2).size() == texts.size());
}

TEST_CASE("An ensemble member's class_bias shifts that member before mixing", "[models][facade]") {
  Dataset train = SyntheticTweets(300, 21);
  const std::vector<std::string> texts = SyntheticTweets(60, 22).Texts();
  // Two logistic regressions (deterministic whatever the seed) with different offsets, one by
  // label order and one by label name.
  TrainingConfig first = SmallConfig(ModelType::kLogisticRegression);
  first.class_bias = {0.9, 0.0, -0.4};
  TrainingConfig second = SmallConfig(ModelType::kLogisticRegression);
  second.c = 0.5;
  second.class_bias_by_label = {{"positive", 1.2}};
  TrainingConfig ensemble = TrainingConfig::ForModelType(ModelType::kEnsemble);
  ensemble.threads = 2;
  ensemble.members = {first, second};
  ensemble.member_weights = {1.0, 3.0};
  ensemble.class_bias_by_label.clear();
  auto alone_first = SentimentModel::Train(first, train).value().PredictBatch(texts);
  auto alone_second = SentimentModel::Train(second, train).value().PredictBatch(texts);
  auto mixed_model = SentimentModel::Train(ensemble, train).value();
  auto mixed = mixed_model.PredictBatch(texts);
  REQUIRE(mixed.size() == texts.size());
  // Each member is shifted as it would be alone, then the two are mixed 1:3.
  for (size_t i = 0; i < texts.size(); ++i) {
    for (int c = 0; c < 3; ++c) {
      const float expected = 0.25f * alone_first[i].probabilities[c] + 0.75f * alone_second[i].probabilities[c];
      CHECK(mixed[i].probabilities[c] == Approx(expected).margin(1e-5));
    }
  }
  // Without the members' offsets the ensemble predicts differently: they are not ignored.
  TrainingConfig unshifted = ensemble;
  for (auto& member : unshifted.members) member.class_bias.clear(), member.class_bias_by_label.clear();
  CHECK_FALSE(SamePredictions(mixed, SentimentModel::Train(unshifted, train).value().PredictBatch(texts)));
  // The offsets survive the binary format (resolved to label order).
  auto reloaded = SentimentModel::Deserialize(mixed_model.Serialize());
  REQUIRE(reloaded.ok());
  CHECK(SamePredictions(mixed, reloaded->PredictBatch(texts)));
  CHECK(reloaded->config().members[1].class_bias == std::vector<double>{0.0, 0.0, 1.2});
  // Member offsets need format 2: readers that would ignore them refuse the file. A file
  // without them stays at format 1, and a format-1 file's member offsets are not applied.
  const std::string bytes = mixed_model.Serialize();
  auto version_of = [](const std::string& file) {
    uint32_t version = 0;
    std::memcpy(&version, file.data() + 8, sizeof(version));
    return version;
  };
  CHECK(version_of(bytes) == 2);
  auto unshifted_model = SentimentModel::Train(unshifted, train).value();
  CHECK(version_of(unshifted_model.Serialize()) == 1);
  std::string as_version_1 = bytes;
  const uint32_t one = 1;
  std::memcpy(as_version_1.data() + 8, &one, sizeof(one));
  auto old_reader_view = SentimentModel::Deserialize(as_version_1);
  REQUIRE(old_reader_view.ok());
  CHECK(SamePredictions(old_reader_view->PredictBatch(texts), unshifted_model.PredictBatch(texts)));
  ensemble.members[0].class_bias = {1.0, 2.0};
  auto refused = SentimentModel::Train(ensemble, train);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.status().message(), Catch::Contains("member0.class_bias"));
}

TEST_CASE("Preset offsets name their labels, so presets train on any label set", "[models][facade]") {
  Dataset three = SyntheticTweets(300, 23);
  const std::vector<std::string> texts = SyntheticTweets(40, 24).Texts();
  TrainingConfig preset = TrainingConfig::Preset("linear_svm").value();
  preset.threads = 2;
  preset.features.char_ngrams = {2, 3};
  preset.features.min_df = 1;
  REQUIRE(preset.class_bias.empty());
  REQUIRE(preset.class_bias_by_label.count("negative") == 1);
  TrainingConfig plain = preset;
  plain.class_bias_by_label.clear();
  // SemEval labels: the named offsets apply.
  auto shifted = SentimentModel::Train(preset, three).value();
  CHECK(shifted.config().class_bias.size() == 3);
  CHECK_FALSE(
      SamePredictions(shifted.PredictBatch(texts), SentimentModel::Train(plain, three).value().PredictBatch(texts)));
  // Other names: no class is named, so no offset, and the same model as without them.
  Dataset renamed = three;
  renamed.labels = {"bad", "meh", "good"};
  CHECK(SamePredictions(SentimentModel::Train(preset, renamed).value().PredictBatch(texts),
                        SentimentModel::Train(plain, renamed).value().PredictBatch(texts)));
  // Two classes: trains (it failed when the offsets were one per SemEval class).
  Dataset two = three;
  two.labels = {"negative", "positive"};
  two.examples.clear();
  for (const auto& example : three.examples) {
    if (example.label != 1) two.examples.push_back({example.id, example.text, example.label == 0 ? 0 : 1});
  }
  auto binary = SentimentModel::Train(preset, two);
  REQUIRE(binary.ok());
  CHECK(binary->config().class_bias ==
        std::vector<double>{preset.class_bias_by_label["negative"], preset.class_bias_by_label["positive"]});
  // The best preset's members carry no offsets of their own: the ensemble's apply once.
  const TrainingConfig best = TrainingConfig::Preset("best").value();
  for (const auto& member : best.members) {
    CHECK(member.class_bias.empty());
    CHECK(member.class_bias_by_label.empty());
  }
  // Two-class predictions, and a save/load round trip.
  const std::vector<std::string> probe = {"so happy today :)", "awful, just awful", ""};
  auto reloaded = SentimentModel::Deserialize(binary->Serialize());
  REQUIRE(reloaded.ok());
  CHECK(SamePredictions(binary->PredictBatch(probe), reloaded->PredictBatch(probe)));
  for (const auto& prediction : binary->PredictBatch(probe)) CHECK(prediction.probabilities.size() == 2);
  // Both forms at once, and a misspelt name beside correct ones, are clear errors.
  TrainingConfig both = preset;
  both.class_bias = {1, 2, 3};
  auto refused_both = SentimentModel::Train(both, three);
  REQUIRE_FALSE(refused_both.ok());
  CHECK_THAT(refused_both.status().message(), Catch::Contains("not both"));
  TrainingConfig misspelt = preset;
  misspelt.class_bias_by_label = {{"negative", 0.5}, {"Positive", 0.5}};
  auto refused_misspelt = SentimentModel::Train(misspelt, three);
  REQUIRE_FALSE(refused_misspelt.ok());
  CHECK_THAT(refused_misspelt.status().message(), Catch::Contains("'Positive'"));
  // Spaces around names and values, as YAML writers put them, are not part of the names.
  auto spaced =
      TrainingConfig::FromParams({{"model_type", "linear_svm"}, {"class_bias", "negative=0.6, positive = 0.8"}});
  REQUIRE(spaced.ok());
  CHECK(spaced->class_bias_by_label == std::map<std::string, double>{{"negative", 0.6}, {"positive", 0.8}});
}

TEST_CASE("Bad configs and data are refused", "[models][facade]") {
  Dataset train = SyntheticTweets(50, 13);
  TrainingConfig config = TrainingConfig::ForModelType(ModelType::kLogisticRegression);
  config.c = -1;
  CHECK_FALSE(SentimentModel::Train(config, train).ok());
  config = TrainingConfig::ForModelType(ModelType::kLogisticRegression);
  config.class_bias = {1.0};
  CHECK_FALSE(SentimentModel::Train(config, train).ok());
  Dataset one_class = train;
  for (auto& example : one_class.examples) example.label = 0;
  CHECK_FALSE(SentimentModel::Train(TrainingConfig(), one_class).ok());
  Dataset other_labels = train;
  other_labels.labels = {"a", "b", "c"};
  CHECK_FALSE(SentimentModel::Train(TrainingConfig(), train, nullptr, &other_labels).ok());
  auto model = SentimentModel::Train(TrainingConfig(), train).value();
  CHECK_FALSE(model.Evaluate(other_labels).ok());
}

TEST_CASE("Config params round-trip and are validated", "[models][config]") {
  for (const char* preset : {"baseline", "linear_svm", "nb_svm", "embedding_bag", "ensemble", "best"}) {
    INFO(preset);
    TrainingConfig config = TrainingConfig::Preset(preset).value();
    config.seed = 123;
    config.class_bias_by_label.clear();
    config.class_bias = {0.5, 0, -0.25};
    auto parsed = TrainingConfig::FromParams(config.ToParams());
    REQUIRE(parsed.ok());
    CHECK(parsed->ToParams() == config.ToParams());
    // The preset as it is (its own class_bias, or none) and without any class_bias.
    TrainingConfig as_is = TrainingConfig::Preset(preset).value();
    CHECK(TrainingConfig::FromParams(as_is.ToParams())->ToParams() == as_is.ToParams());
    as_is.class_bias.clear(), as_is.class_bias_by_label.clear();
    for (auto& member : as_is.members) member.class_bias.clear(), member.class_bias_by_label.clear();
    CHECK(TrainingConfig::FromParams(as_is.ToParams())->ToParams() == as_is.ToParams());
  }
  // A class_bias applies only when the params give one: model files written before the presets
  // had one keep their decision rule.
  CHECK_FALSE(TrainingConfig::Preset("linear_svm")->class_bias_by_label.empty());
  CHECK(TrainingConfig::FromParams({{"model_type", "linear_svm"}})->class_bias_by_label.empty());
  auto best = TrainingConfig::FromParams({{"model_type", "ensemble"}});
  REQUIRE(best.ok());
  CHECK(best->class_bias_by_label.empty());
  for (const auto& member : best->members) CHECK(member.class_bias_by_label.empty());
  auto named = TrainingConfig::FromParams({{"model_type", "nb_svm"}, {"class_bias", "positive=0.7,negative=1"}});
  REQUIRE(named.ok());
  CHECK(named->class_bias.empty());
  CHECK(named->class_bias_by_label == std::map<std::string, double>{{"negative", 1.0}, {"positive", 0.7}});
  CHECK(named->ToParams().at("class_bias") == "negative=1,positive=0.7");
  CHECK_FALSE(TrainingConfig::FromParams({{"class_bias", "negative=1,negative=2"}}).ok());
  CHECK_FALSE(TrainingConfig::FromParams({{"class_bias", "negative=1,0.5"}}).ok());
  CHECK_FALSE(TrainingConfig::FromParams({{"class_bias", "=1"}}).ok());
  auto custom = TrainingConfig::FromParams({{"model_type", "linear_svm"},
                                            {"c", "0.25"},
                                            {"char_ngrams", "none"},
                                            {"word_ngrams", "1-3"},
                                            {"class_weight", "none"},
                                            {"tokenizer.mark_negation", "false"}});
  REQUIRE(custom.ok());
  CHECK(custom->c == 0.25);
  CHECK_FALSE(custom->features.char_ngrams.enabled());
  CHECK(custom->features.word_ngrams.max == 3);
  CHECK_FALSE(custom->balanced_class_weights);
  CHECK_FALSE(custom->features.tokenizer.mark_negation);
  auto ensemble = TrainingConfig::FromParams(
      {{"model_type", "ensemble"}, {"members", "logistic_regression,embedding_bag"}, {"member1.epochs", "4"}});
  REQUIRE(ensemble.ok());
  REQUIRE(ensemble->members.size() == 2);
  CHECK(ensemble->members[1].epochs == 4);
  CHECK_FALSE(TrainingConfig::FromParams({{"c", "abc"}}).ok());
  CHECK_FALSE(TrainingConfig::FromParams({{"unknown_key", "1"}}).ok());
  CHECK_FALSE(TrainingConfig::FromParams({{"model_type", "random_forest"}}).ok());
  CHECK_FALSE(TrainingConfig::FromParams({{"min_df", "0"}}).ok());
  CHECK_FALSE(TrainingConfig::FromParams({{"model_type", "ensemble"}, {"c", "1"}}).ok());
  CHECK_FALSE(TrainingConfig::FromParams({{"model_type", "ensemble"}, {"member5.c", "1"}}).ok());
  CHECK_FALSE(TrainingConfig::Preset("nope").ok());
}

TEST_CASE("Reference distribution JSON round trip", "[models][reference]") {
  auto model = SentimentModel::Train(SmallConfig(ModelType::kLogisticRegression), SyntheticTweets(200, 14)).value();
  Dataset data = SyntheticTweets(100, 15);
  data.examples.push_back({"x", "zzzz qqqq unseen words", 0});
  ReferenceDistribution r = model.ComputeReference(data);
  CHECK(r.rows == 101);
  double total = 0.0;
  for (double f : r.predicted_class_fraction) total += f;
  CHECK(std::abs(total - 1.0) < 1e-9);
  CHECK(r.oov_rate > 0.0);
  CHECK(r.oov_rate < 0.2);
  CHECK(r.text_length_chars.max >= r.text_length_chars.p50);
  auto parsed = ReferenceDistribution::FromJson(r.ToJson());
  REQUIRE(parsed.ok());
  CHECK(parsed->ToJson() == r.ToJson());
  CHECK_FALSE(ReferenceDistribution::FromJson("{\"format_version\": 2}").ok());
  CHECK_FALSE(ReferenceDistribution::FromJson("not json").ok());
  NumericSummary s = NumericSummary::Of({4, 1, 3, 2});
  CHECK(s.min == 1);
  CHECK(s.max == 4);
  CHECK(s.p50 == 2);
  CHECK(s.mean == 2.5);
}
