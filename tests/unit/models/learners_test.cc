#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "mlflow/models/embedding_bag.h"
#include "mlflow/models/lbfgs.h"
#include "mlflow/models/linear_svm.h"
#include "mlflow/models/logistic_regression.h"
#include "mlflow/models/nb_weighting.h"
#include "mlflow/models/random.h"

using namespace mlflow::models;
using Catch::Matchers::WithinAbs;

namespace {

// Three classes, each marked by its own feature; features 3..7 are shared noise.
struct Toy {
  SparseMatrix x;
  std::vector<int> y;
};

Toy MakeToy(int rows, uint64_t seed) {
  Random rng(seed);
  std::vector<SparseRow> data(rows);
  Toy toy;
  for (int i = 0; i < rows; ++i) {
    int label = i % 3;
    toy.y.push_back(label);
    data[i].columns.push_back(label);
    data[i].values.push_back(1.0f);
    int noise = 3 + static_cast<int>(rng.Below(5));
    data[i].columns.push_back(noise);
    data[i].values.push_back(static_cast<float>(rng.Uniform(0.2, 1.0)));
  }
  toy.x = RowsToMatrix(&data, 8);
  return toy;
}

int Predict(const LinearModel& model, const SparseMatrix& x, int64_t row) {
  float scores[3];
  const int32_t* outer = x.outerIndexPtr();
  model.Score(x.innerIndexPtr() + outer[row], x.valuePtr() + outer[row], outer[row + 1] - outer[row], scores);
  return static_cast<int>(std::max_element(scores, scores + 3) - scores);
}

double Accuracy(const LinearModel& model, const Toy& toy) {
  int correct = 0;
  for (int64_t i = 0; i < toy.x.rows(); ++i) correct += Predict(model, toy.x, i) == toy.y[i];
  return static_cast<double>(correct) / static_cast<double>(toy.x.rows());
}

}  // namespace

TEST_CASE("L-BFGS minimises the Rosenbrock function", "[models][lbfgs]") {
  auto rosenbrock = [](const Eigen::VectorXd& v, Eigen::VectorXd* g) {
    double a = 1.0 - v[0];
    double b = v[1] - v[0] * v[0];
    (*g)[0] = -2.0 * a - 400.0 * v[0] * b;
    (*g)[1] = 200.0 * b;
    return a * a + 100.0 * b * b;
  };
  LbfgsOptions options;
  options.max_iterations = 500;
  options.gradient_tolerance = 1e-8;
  options.function_tolerance = 0.0;
  LbfgsResult result = MinimizeLbfgs(rosenbrock, Eigen::Vector2d(-1.2, 1.0), options);
  CHECK(result.converged);
  CHECK_THAT(result.x[0], WithinAbs(1.0, 1e-5));
  CHECK_THAT(result.x[1], WithinAbs(1.0, 1e-5));
}

TEST_CASE("Logistic regression learns a separable problem", "[models][learners]") {
  Toy toy = MakeToy(300, 1);
  LogisticRegressionOptions options;
  options.c = 10.0;
  int steps = 0;
  double last_loss = 1e9;
  bool decreasing = true;
  auto model = TrainLogisticRegression(toy.x, toy.y, 3, options, [&](int step, double loss, const LinearModel&) {
    steps = step;
    decreasing = decreasing && loss <= last_loss + 1e-12;
    last_loss = loss;
  });
  REQUIRE(model.ok());
  CHECK(Accuracy(*model, toy) == 1.0);
  CHECK(steps > 0);
  CHECK(decreasing);
  CHECK(last_loss < 0.1);
  float scores[3];
  int32_t column = 1;
  float value = 1.0f;
  model->Score(&column, &value, 1, scores);
  Softmax(scores, 3);
  CHECK(scores[1] > 0.8f);
  // Stronger regularisation gives smaller weights.
  options.c = 0.01;
  auto smooth = TrainLogisticRegression(toy.x, toy.y, 3, options).value();
  CHECK(std::abs(smooth.weight(1, 1)) < std::abs(model->weight(1, 1)));
  // Results do not depend on the thread count beyond rounding.
  options.c = 10.0;
  options.threads = 3;
  auto threaded = TrainLogisticRegression(toy.x, toy.y, 3, options).value();
  CHECK_THAT(threaded.weight(0, 0), WithinAbs(model->weight(0, 0), 1e-3));
}

TEST_CASE("Logistic regression rejects bad input", "[models][learners]") {
  Toy toy = MakeToy(30, 2);
  LogisticRegressionOptions options;
  CHECK_FALSE(TrainLogisticRegression(toy.x, {0, 1}, 3, options).ok());
  std::vector<int> out_of_range = toy.y;
  out_of_range[0] = 7;
  CHECK_FALSE(TrainLogisticRegression(toy.x, out_of_range, 3, options).ok());
  options.c = 0.0;
  CHECK_FALSE(TrainLogisticRegression(toy.x, toy.y, 3, options).ok());
  options.c = 1.0;
  options.class_weights = {1.0};
  CHECK_FALSE(TrainLogisticRegression(toy.x, toy.y, 3, options).ok());
}

TEST_CASE("Balanced class weights", "[models][learners]") {
  auto weights = BalancedClassWeights({0, 0, 0, 1}, 3);
  CHECK_THAT(weights[0], WithinAbs(4.0 / 9.0, 1e-12));
  CHECK_THAT(weights[1], WithinAbs(4.0 / 3.0, 1e-12));
  CHECK(weights[2] == 1.0);
}

TEST_CASE("Linear SVM learns, is deterministic and thread-count independent", "[models][learners]") {
  Toy toy = MakeToy(300, 3);
  LinearSvmOptions options;
  options.c = 1.0;
  options.tolerance = 1e-3;
  auto one = TrainLinearSvm(toy.x, toy.y, 3, options).value();
  CHECK(Accuracy(one, toy) == 1.0);
  options.threads = 2;
  auto two = TrainLinearSvm(toy.x, toy.y, 3, options).value();
  for (int64_t j = 0; j < 8; ++j) {
    for (int c = 0; c < 3; ++c) CHECK(one.weight(j, c) == two.weight(j, c));
  }
  options.seed = 99;
  options.max_epochs = 1;
  auto other_seed = TrainLinearSvm(toy.x, toy.y, 3, options).value();
  options.seed = 42;
  auto same_seed = TrainLinearSvm(toy.x, toy.y, 3, options).value();
  bool differs = false;
  for (int64_t j = 0; j < 8; ++j) differs = differs || other_seed.weight(j, 0) != same_seed.weight(j, 0);
  CHECK(differs);
}

TEST_CASE("Linear SVM: a class's solution does not depend on the classes solved beside it", "[models][learners]") {
  // Each class is marked by its own feature, plus shared noise features and 10% wrong labels.
  // Five classes: one thread solves them as one group of five (the generic pass), two threads as
  // groups of two and three (the fixed-size passes), five threads as groups of one. Eleven
  // classes: one thread makes two groups (at most eight per group), two threads too, eleven
  // threads eleven groups. With and without NB-SVM scales, class weights and a progress
  // callback; run to convergence and stopped after two epochs.
  const int classes = GENERATE(5, 11);
  Random rng(11);
  std::vector<SparseRow> rows(60 * classes);
  std::vector<int> labels;
  for (size_t i = 0; i < rows.size(); ++i) {
    const int marker = static_cast<int>(i % classes);
    labels.push_back(rng.Uniform() < 0.1 ? static_cast<int>(rng.Below(classes)) : marker);
    rows[i].columns = {marker, classes + static_cast<int>(rng.Below(6))};
    rows[i].values = {static_cast<float>(rng.Uniform(0.5, 1.0)), static_cast<float>(rng.Uniform(0.2, 1.0))};
  }
  SparseMatrix x = RowsToMatrix(&rows, classes + 6);
  std::vector<std::vector<float>> scales(classes, std::vector<float>(classes + 6));
  for (auto& per_class : scales) {
    for (float& v : per_class) v = static_cast<float>(rng.Uniform(0.5, 2.0));
  }
  std::vector<double> class_weights;
  for (int c = 0; c < classes; ++c) class_weights.push_back(0.5 + 0.25 * (c % 4));
  for (bool nb : {false, true}) {
    for (int max_epochs : {50, 2}) {
      LinearSvmOptions options;
      options.c = 0.5;
      options.tolerance = 1e-3;
      options.max_epochs = max_epochs;
      options.class_weights = class_weights;
      if (nb) options.column_scales = &scales;
      std::vector<LinearModel> models;
      std::vector<std::vector<double>> losses;
      for (int threads : {1, 2, classes}) {
        options.threads = threads;
        losses.emplace_back();
        auto progress = [&](int, double loss, const LinearModel&) { losses.back().push_back(loss); };
        models.push_back(TrainLinearSvm(x, labels, classes, options, progress).value());
      }
      int correct = 0;
      std::vector<float> scores(classes);
      for (int64_t i = 0; i < x.rows(); ++i) {
        const int32_t* outer = x.outerIndexPtr();
        models[0].Score(x.innerIndexPtr() + outer[i], x.valuePtr() + outer[i], outer[i + 1] - outer[i], scores.data());
        correct += std::max_element(scores.begin(), scores.end()) - scores.begin() == i % classes;
      }
      CHECK(correct >= 0.95 * static_cast<double>(x.rows()));  // the markers, despite the noise
      REQUIRE(!losses[0].empty());
      for (size_t m = 1; m < models.size(); ++m) {
        CHECK(losses[m] == losses[0]);
        for (int64_t j = 0; j < x.cols(); ++j) {
          for (int c = 0; c < classes; ++c) CHECK(models[m].weight(j, c) == models[0].weight(j, c));
        }
        for (int c = 0; c < classes; ++c) CHECK(models[m].bias(c) == models[0].bias(c));
      }
    }
  }
}

TEST_CASE("NB log-count ratios favour each class's own features", "[models][learners]") {
  Toy toy = MakeToy(90, 4);
  auto ratios = NaiveBayesLogCountRatios(toy.x, toy.y, 3);
  REQUIRE(ratios.size() == 3);
  for (int c = 0; c < 3; ++c) {
    CHECK(ratios[c][c] > 1.0f);
    CHECK(ratios[c][(c + 1) % 3] < 0.0f);
  }
  LinearSvmOptions options;
  options.column_scales = &ratios;
  auto model = TrainLinearSvm(toy.x, toy.y, 3, options).value();
  CHECK(Accuracy(model, toy) == 1.0);
  std::vector<std::vector<float>> wrong_size(3, std::vector<float>(2, 1.0f));
  options.column_scales = &wrong_size;
  CHECK_FALSE(TrainLinearSvm(toy.x, toy.y, 3, options).ok());
}

TEST_CASE("Embedding bag learns and is reproducible from its seed", "[models][learners]") {
  Toy toy = MakeToy(300, 5);
  EmbeddingBagOptions options;
  options.dim = 8;
  options.epochs = 10;
  options.learning_rate = 0.5;
  auto a = TrainEmbeddingBag(toy.x, toy.y, 3, options).value();
  auto b = TrainEmbeddingBag(toy.x, toy.y, 3, options).value();
  options.seed = 7;
  auto c = TrainEmbeddingBag(toy.x, toy.y, 3, options).value();
  std::vector<float> hidden(8);
  int correct = 0;
  bool same = true;
  bool differs = false;
  const int32_t* outer = toy.x.outerIndexPtr();
  for (int64_t i = 0; i < toy.x.rows(); ++i) {
    float sa[3], sb[3], sc[3];
    size_t n = outer[i + 1] - outer[i];
    a.Score(toy.x.innerIndexPtr() + outer[i], toy.x.valuePtr() + outer[i], n, hidden.data(), sa);
    b.Score(toy.x.innerIndexPtr() + outer[i], toy.x.valuePtr() + outer[i], n, hidden.data(), sb);
    c.Score(toy.x.innerIndexPtr() + outer[i], toy.x.valuePtr() + outer[i], n, hidden.data(), sc);
    correct += static_cast<int>(std::max_element(sa, sa + 3) - sa) == toy.y[i];
    for (int k = 0; k < 3; ++k) {
      same = same && sa[k] == sb[k];
      differs = differs || sa[k] != sc[k];
    }
  }
  CHECK(correct == 300);
  CHECK(same);
  CHECK(differs);
  BinaryWriter out;
  a.Save(&out);
  BinaryReader in(out.bytes(), "embedding");
  auto loaded = EmbeddingBagModel::Load(&in);
  REQUIRE(loaded.ok());
  CHECK(loaded->dim() == 8);
}

TEST_CASE("Linear model serialisation checks dimensions", "[models][learners]") {
  LinearModel model(4, 3);
  model.weight(2, 1) = 0.5f;
  model.bias(2) = -1.0f;
  BinaryWriter out;
  model.Save(&out);
  BinaryReader in(out.bytes(), "linear");
  auto loaded = LinearModel::Load(&in);
  REQUIRE(loaded.ok());
  CHECK(loaded->weight(2, 1) == 0.5f);
  CHECK(loaded->bias(2) == -1.0f);
  std::string bytes = out.bytes();
  bytes[4] = 9;  // feature count no longer matches the weight array
  BinaryReader corrupt(bytes, "linear");
  CHECK_FALSE(LinearModel::Load(&corrupt).ok());
}

TEST_CASE("Random is reproducible and uniform enough", "[models][random]") {
  Random a(123);
  Random b(123);
  for (int i = 0; i < 100; ++i) CHECK(a.NextU64() == b.NextU64());
  Random r(5);
  double sum = 0.0;
  for (int i = 0; i < 10000; ++i) {
    double u = r.Uniform();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    sum += u;
  }
  CHECK_THAT(sum / 10000, WithinAbs(0.5, 0.02));
  CHECK(Random::Derive(1, 0) != Random::Derive(1, 1));
}
