// The baseline on the real SemEval data: loader statistics and a sanity floor on the
// validation file. Takes a few seconds (whole training set, one model).
#include <catch2/catch.hpp>

#include "mlflow/models/semeval_loader.h"
#include "mlflow/models/sentiment_model.h"
#include "support/test_env.h"

using namespace mlflow::models;

TEST_CASE("Baseline on the SemEval split clears a sanity floor", "[models][real-data]") {
  auto split = LoadSemEvalSplit(mlflow::testing::DataDir());
  REQUIRE(split.ok());
  CHECK(split->train_files.size() == 10);
  CHECK(split->validation.size() > 1990);
  CHECK(split->train.size() > 45000);
  CHECK(split->train_report.overlap_removed >= 20);
  CHECK(split->train_report.conflicting_ids > 50);
  CHECK(split->train_report.decode.html_entities > 2000);
  CHECK(split->train_report.decode.csv_unquoted > 10000);
  TrainingConfig config = TrainingConfig::Preset("baseline").value();
  auto model = SentimentModel::Train(config, split->train);
  REQUIRE(model.ok());
  auto evaluation = model->Evaluate(split->validation).value();
  INFO("macro-recall " << evaluation.macro_recall << ", accuracy " << evaluation.accuracy);
  CHECK(evaluation.macro_recall > 0.55);
  CHECK(evaluation.accuracy > 0.50);
}
