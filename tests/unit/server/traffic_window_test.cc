#include <catch2/catch.hpp>

#include <cmath>
#include <thread>

#include "mlflow/server/traffic_window.h"

using namespace mlflow::server;

namespace {
TextObservation Obs(int label, float confidence = 0.8f, uint32_t length = 10, uint32_t tokens = 10,
                    uint32_t unknown = 1) {
  TextObservation o;
  o.label = label;
  o.confidence = confidence;
  o.entropy = 0.5f;
  o.length = length;
  o.tokens = tokens;
  o.unknown_tokens = unknown;
  return o;
}
}  // namespace

TEST_CASE("the window keeps the last N observations", "[window]") {
  TrafficWindow window(4, 3);
  window.Reset(1, 3);
  CHECK(window.Add(1, {Obs(0), Obs(0), Obs(1)}) == 3);
  auto s = window.Snapshot();
  CHECK(s.summary.count == 3);
  CHECK(s.summary.class_counts == std::vector<int64_t>{2, 1, 0});
  CHECK(window.Add(1, {Obs(2, 0.4f, 30), Obs(2, 0.4f, 30), Obs(2, 0.4f, 30)}) == 6);
  s = window.Snapshot();
  // Window holds obs 3..6: label 1 and three label-2s.
  CHECK(s.summary.count == 4);
  CHECK(s.summary.class_counts == std::vector<int64_t>{0, 1, 3});
  CHECK(s.total_observed == 6);
  CHECK(s.summary.MeanConfidence() == Approx((0.8 + 3 * 0.4) / 4));
  CHECK(s.summary.MeanLength() == Approx((10 + 90) / 4.0));
  CHECK(s.summary.StdLength() == Approx(std::sqrt((100 + 3 * 900) / 4.0 - 25.0 * 25.0)));
  auto fractions = s.summary.ClassFractions();
  CHECK(fractions[2] == Approx(0.75));
}

TEST_CASE("observations of another generation are dropped; Reset starts over", "[window]") {
  TrafficWindow window(10, 2);
  window.Reset(7, 2);
  CHECK(window.Add(6, {Obs(0)}) == 0);
  CHECK(window.Snapshot().summary.count == 0);
  CHECK(window.Add(7, {Obs(1)}) == 1);
  window.Reset(8, 3);
  auto s = window.Snapshot();
  CHECK(s.summary.count == 0);
  CHECK(s.generation == 8);
  CHECK(s.summary.class_counts.size() == 3);
}

TEST_CASE("the OOV rate is token-weighted; without token statistics it is unknown", "[window]") {
  TrafficWindow window(10, 2);
  window.Reset(1, 2);
  window.Add(1, {Obs(0, 0.8f, 10, 0, 0), Obs(1, 0.8f, 10, 4, 2), Obs(1, 0.8f, 10, 16, 2)});
  CHECK(window.Snapshot().summary.MeanOovRate() == Approx(4.0 / 20));  // not the mean of 0.5 and 0.125
  TrafficWindow none(10, 2);
  none.Reset(1, 2);
  none.Add(1, {Obs(0, 0.8f, 10, 0, 0)});
  CHECK(std::isnan(none.Snapshot().summary.MeanOovRate()));
}

TEST_CASE("sums stay exact over many wraps, under concurrent writers", "[window]") {
  TrafficWindow window(100, 2);
  window.Reset(1, 2);
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&] {
      for (int i = 0; i < 2500; ++i) window.Add(1, {Obs(i % 2, 0.3f, 7)});
    });
  }
  for (auto& w : writers) w.join();
  auto s = window.Snapshot();
  CHECK(s.total_observed == 10000);
  CHECK(s.summary.count == 100);
  CHECK(s.summary.class_counts[0] + s.summary.class_counts[1] == 100);
  CHECK(s.summary.MeanConfidence() == Approx(0.3).epsilon(1e-6));
  CHECK(s.summary.MeanLength() == Approx(7));
}
