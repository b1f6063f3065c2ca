#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <deque>

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
  tracker.Remember("r1", 1, *classes, {0, 1, 2, 2});
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
  tracker.Remember("r1", 1, *classes, {0, 1});
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
  tracker.Remember("a", 1, *classes, {0, 0});
  tracker.Remember("b", 1, *classes, {1, 1});
  tracker.Remember("c", 1, *classes, {2});  // 5 held > 4: "a" goes
  CHECK(tracker.Record("a", Labels{"negative", "negative"}).status().http_status() == 404);
  CHECK(tracker.Record("b", Labels{"neutral", "neutral"}).ok());
  CHECK(tracker.Record("c", Labels{"positive"}).ok());
}

TEST_CASE("the window slides and resets with the model generation", "[feedback]") {
  FeedbackTracker tracker(1000, 3);
  auto classes = Classes();
  tracker.Reset(1, classes);
  tracker.Remember("wrong", 1, *classes, {0, 0, 0});
  tracker.Remember("right", 1, *classes, {2, 2});
  REQUIRE(tracker.Record("wrong", Labels{"positive", "positive", "positive"}).ok());
  auto stats = tracker.Record("right", Labels{"positive", "positive"})->stats;
  CHECK(stats.labelled == 3);  // the window holds the last three
  CHECK(stats.accuracy == Approx(2.0 / 3));
  tracker.Remember("old", 1, *classes, {2});
  tracker.Reset(2, classes);
  auto late = tracker.Record("old", Labels{"positive"});
  REQUIRE(late.ok());
  CHECK_FALSE(late->counted);  // predicted by the previous version
  CHECK(tracker.Stats().labelled == 0);
  CHECK(std::isnan(tracker.Stats().accuracy));
}

TEST_CASE("remembered predictions match a plain model of the rules under random traffic", "[feedback]") {
  // Reference: live (id, texts, answered) in arrival order; an id seen again replaces its entry;
  // the oldest go while more than `capacity` texts are held.
  struct Held {
    std::string id;
    size_t texts;
    bool answered;
  };
  // Small: entries come and go within the first index size; large: the index grows many times.
  const size_t capacity = GENERATE(size_t{50}, size_t{3000});
  const uint64_t pool = capacity * 3;
  FeedbackTracker tracker(capacity, 100);
  auto classes = Classes();
  tracker.Reset(1, classes);
  std::deque<Held> reference;
  size_t held = 0;
  uint64_t state = 12345;
  auto next = [&](uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  for (int step = 0; step < 20000; ++step) {
    // Ids from a small pool (frequent reuse, so replaced entries pile up and get compacted)
    // and, one time in four, fresh ones.
    const std::string id = next(4) == 0 ? "fresh-" + std::to_string(step) : "id-" + std::to_string(next(pool));
    if (next(3) != 0) {
      const size_t texts = 1 + next(3);
      for (auto it = reference.begin(); it != reference.end(); ++it) {
        if (it->id == id) {
          held -= it->texts;
          reference.erase(it);
          break;
        }
      }
      reference.push_back(Held{id, texts, false});
      held += texts;
      while (held > capacity) {
        held -= reference.front().texts;
        reference.pop_front();
      }
      tracker.Remember(id, 1, *classes, std::vector<int>(texts, 0));
    } else {
      auto it = std::find_if(reference.begin(), reference.end(), [&](const Held& h) { return h.id == id; });
      const size_t texts = it == reference.end() ? 1 : it->texts;
      auto outcome = tracker.Record(id, Labels(texts, std::string("negative")));
      if (it == reference.end()) {
        REQUIRE(outcome.status().http_status() == 404);
      } else if (it->answered) {
        REQUIRE(outcome.status().http_status() == 409);
      } else {
        REQUIRE(outcome.ok());
        CHECK(outcome->accepted == texts);
        it->answered = true;
      }
    }
  }
}

TEST_CASE("feedback maps labels with the classes of the generation that predicted", "[feedback]") {
  FeedbackTracker tracker(1000, 100);
  auto three = Classes();
  auto two = std::make_shared<const std::vector<std::string>>(std::vector<std::string>{"bad", "good"});
  tracker.Reset(1, three);
  tracker.Remember("v1", 1, *three, {2});
  tracker.Reset(2, two);
  tracker.Remember("v2", 2, *two, {1});
  CHECK(tracker.Record("v1", Labels{"good"}).status().http_status() == 400);  // not a class of version 1
  CHECK(tracker.Record("v1", Labels{"positive"}).ok());
  auto v2 = tracker.Record("v2", Labels{"good"});
  REQUIRE(v2.ok());
  CHECK(v2->counted);
  CHECK(v2->stats.accuracy == 1.0);
}

TEST_CASE("a reused request id does not make replaced predictions pile up", "[feedback]") {
  FeedbackTracker tracker(100000, 100);
  auto classes = Classes();
  tracker.Reset(1, classes);
  tracker.Remember("anchor", 1, *classes, {0});  // stays the oldest, live entry
  for (int i = 0; i < 5000; ++i) {
    tracker.Remember("same", 1, *classes, {i % 3});  // each replaces the one before (compacted)
    if (i % 997 == 0) tracker.Remember("other-" + std::to_string(i), 1, *classes, {1});
  }
  auto same = tracker.Record("same", Labels{"positive"});  // the last prediction, 4999 % 3 == 1
  REQUIRE(same.ok());
  CHECK(same->stats.accuracy == 0.0);
  CHECK(tracker.Record("anchor", Labels{"negative"}).ok());
  for (int i = 0; i < 5000; i += 997) CHECK(tracker.Record("other-" + std::to_string(i), Labels{"neutral"}).ok());
  CHECK(tracker.Stats().labelled == 8);
}

TEST_CASE("a prediction that cannot be remembered still forgets the older one under its id", "[feedback]") {
  FeedbackTracker tracker(4, 100);
  auto classes = Classes();
  tracker.Reset(1, classes);
  tracker.Remember("id", 1, *classes, {0});
  tracker.Remember("id", 1, *classes, {0, 0, 0, 0, 0});  // more than the capacity: not kept
  CHECK(tracker.Record("id", Labels{"negative"}).status().http_status() == 404);
  tracker.Remember("empty", 1, *classes, {});
  CHECK(tracker.Record("empty", Labels{}).status().http_status() == 404);
  tracker.Remember("", 1, *classes, {1});
  CHECK(tracker.Record("", Labels{"neutral"}).status().http_status() == 404);
}
