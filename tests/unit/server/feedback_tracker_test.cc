#include <catch2/catch.hpp>

#include <cmath>

#include "mlflow/server/feedback_tracker.h"

using namespace mlflow::server;
using Labels = std::vector<std::optional<std::string>>;

namespace {
auto Classes() {
  return std::make_shared<const std::vector<std::string>>(std::vector<std::string>{"negative", "neutral", "positive"});
}
}  // namespace

TEST_CASE("rolling accuracy and macro-recall from feedback", "[feedback]") {
  FeedbackTracker tracker(1000, 100);
  auto classes = Classes();
  tracker.Reset(1, classes);
  tracker.Remember("r1", 1, classes, {0, 1, 2, 2});
  // truth: negative, neutral, neutral, positive -> correct: 0, 1, 3 -> accuracy 3/4
  // recall: negative 1/1, neutral 1/2, positive 1/1 -> macro (1 + 0.5 + 1) / 3
  auto outcome = tracker.Record("r1", Labels{"negative", "neutral", "neutral", "positive"});
  REQUIRE(outcome.ok());
  CHECK(outcome->accepted == 4);
  CHECK(outcome->counted);
  CHECK(outcome->stats.accuracy == Approx(0.75));
  CHECK(outcome->stats.macro_recall == Approx(2.5 / 3));
  CHECK(outcome->stats.labelled == 4);
}

TEST_CASE("unknown labels are skipped with null; errors are clear statuses", "[feedback]") {
  FeedbackTracker tracker(1000, 100);
  auto classes = Classes();
  tracker.Reset(1, classes);
  tracker.Remember("r1", 1, classes, {0, 1});
  CHECK(tracker.Record("nope", Labels{"negative"}).status().http_status() == 404);
  CHECK(tracker.Record("r1", Labels{"negative"}).status().http_status() == 400);  // count mismatch
  auto wrong = tracker.Record("r1", Labels{"negative", "angry"});
  CHECK(wrong.status().http_status() == 400);
  CHECK_THAT(wrong.status().message(), Catch::Contains("angry") && Catch::Contains("negative, neutral, positive"));
  auto ok = tracker.Record("r1", Labels{"negative", std::nullopt});
  REQUIRE(ok.ok());
  CHECK(ok->accepted == 1);
  CHECK(tracker.Record("r1", Labels{"negative", "neutral"}).status().http_status() == 409);  // already answered
}

TEST_CASE("memory is bounded: the oldest predictions are forgotten", "[feedback]") {
  FeedbackTracker tracker(4, 100);
  auto classes = Classes();
  tracker.Reset(1, classes);
  tracker.Remember("a", 1, classes, {0, 0});
  tracker.Remember("b", 1, classes, {1, 1});
  tracker.Remember("c", 1, classes, {2});  // 5 held > 4: "a" goes
  CHECK(tracker.Record("a", Labels{"negative", "negative"}).status().http_status() == 404);
  CHECK(tracker.Record("b", Labels{"neutral", "neutral"}).ok());
  CHECK(tracker.Record("c", Labels{"positive"}).ok());
}

TEST_CASE("the window slides and resets with the model generation", "[feedback]") {
  FeedbackTracker tracker(1000, 3);
  auto classes = Classes();
  tracker.Reset(1, classes);
  tracker.Remember("wrong", 1, classes, {0, 0, 0});
  tracker.Remember("right", 1, classes, {2, 2});
  REQUIRE(tracker.Record("wrong", Labels{"positive", "positive", "positive"}).ok());
  auto stats = tracker.Record("right", Labels{"positive", "positive"})->stats;
  CHECK(stats.labelled == 3);  // the window holds the last three
  CHECK(stats.accuracy == Approx(2.0 / 3));
  tracker.Remember("old", 1, classes, {2});
  tracker.Reset(2, classes);
  auto late = tracker.Record("old", Labels{"positive"});
  REQUIRE(late.ok());
  CHECK_FALSE(late->counted);  // predicted by the previous version
  CHECK(tracker.Stats().labelled == 0);
  CHECK(std::isnan(tracker.Stats().accuracy));
}
