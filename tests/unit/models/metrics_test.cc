#include <catch2/catch.hpp>

#include <cmath>

#include "mlflow/core/json.h"
#include "mlflow/models/confusion_matrix_svg.h"
#include "mlflow/models/metrics.h"

using namespace mlflow::models;
using Catch::Matchers::WithinAbs;

namespace {
const std::vector<std::string> kLabels{"negative", "neutral", "positive"};
// true \ predicted:  neg neu pos
//   negative          8   2   0     (10)
//   neutral           3  12   5     (20)
//   positive          1   4  25     (30)
const std::vector<std::vector<size_t>> kConfusion{{8, 2, 0}, {3, 12, 5}, {1, 4, 25}};
}  // namespace

TEST_CASE("Metrics from a hand-computed confusion matrix", "[models][metrics]") {
  Evaluation e = EvaluateConfusion(kConfusion, kLabels);
  CHECK(e.total == 60);
  CHECK_THAT(e.accuracy, WithinAbs(45.0 / 60.0, 1e-12));
  // Recalls: 8/10, 12/20, 25/30. Precisions: 8/12, 12/18, 25/30.
  CHECK_THAT(e.per_class[0].recall, WithinAbs(0.8, 1e-12));
  CHECK_THAT(e.per_class[1].recall, WithinAbs(0.6, 1e-12));
  CHECK_THAT(e.per_class[2].recall, WithinAbs(25.0 / 30.0, 1e-12));
  CHECK_THAT(e.macro_recall, WithinAbs((0.8 + 0.6 + 25.0 / 30.0) / 3.0, 1e-12));
  CHECK_THAT(e.per_class[0].precision, WithinAbs(8.0 / 12.0, 1e-12));
  double f1_negative = 2 * (8.0 / 12.0) * 0.8 / (8.0 / 12.0 + 0.8);
  double f1_positive = 25.0 / 30.0;  // precision == recall
  CHECK_THAT(e.per_class[0].f1, WithinAbs(f1_negative, 1e-12));
  CHECK_THAT(e.f1_pn, WithinAbs((f1_negative + f1_positive) / 2.0, 1e-12));
  CHECK(e.per_class[1].support == 20);
  CHECK(e.per_class[1].predicted == 18);
}

TEST_CASE("Evaluate counts pairs and handles empty classes", "[models][metrics]") {
  std::vector<int> truth{0, 0, 1, 2, 2, 2};
  std::vector<int> predicted{0, 1, 1, 2, 2, 0};
  Evaluation e = Evaluate(truth, predicted, kLabels);
  CHECK(e.confusion[0] == std::vector<size_t>{1, 1, 0});
  CHECK(e.confusion[2] == std::vector<size_t>{1, 0, 2});
  CHECK_THAT(MacroRecall(truth, predicted, 3), WithinAbs(e.macro_recall, 1e-12));
  Evaluation none = Evaluate({0, 0}, {0, 0}, kLabels);
  CHECK(none.per_class[2].precision == 0.0);
  CHECK(none.per_class[2].f1 == 0.0);
  Evaluation no_pn = Evaluate({0, 1}, {0, 1}, {"a", "b"});
  CHECK(std::isnan(no_pn.f1_pn));
  CHECK(no_pn.ToMetricMap().count("f1_pn") == 0);
}

TEST_CASE("Metric map and JSON", "[models][metrics]") {
  Evaluation e = EvaluateConfusion(kConfusion, kLabels);
  auto metrics = e.ToMetricMap("val_");
  CHECK(metrics.at("val_macro_recall") == e.macro_recall);
  CHECK(metrics.count("val_f1_pn") == 1);
  CHECK(metrics.count("val_recall_neutral") == 1);
  auto json = mlflow::ParseJson(e.ToJson()).value();
  CHECK(json["labels"][2] == "positive");
  CHECK(json["matrix"][1][2] == 5);
  CHECK(json["per_class"][0]["support"] == 10);
}

TEST_CASE("Confusion matrix SVG", "[models][metrics]") {
  Evaluation e = EvaluateConfusion(kConfusion, {"neg<ative>", "neutral", "positive"});
  std::string svg = RenderConfusionMatrixSvg(e, SvgOptions{"Validation & test", 80});
  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(svg.find("</svg>") != std::string::npos);
  CHECK(svg.find("neg&lt;ative&gt;") != std::string::npos);
  CHECK(svg.find("Validation &amp; test") != std::string::npos);
  CHECK(svg.find(">25</text>") != std::string::npos);
  CHECK(svg.find("83.3%") != std::string::npos);
  size_t cells = 0;
  for (size_t pos = svg.find("<rect x="); pos != std::string::npos; pos = svg.find("<rect x=", pos + 1)) ++cells;
  CHECK(cells == 9);
}
