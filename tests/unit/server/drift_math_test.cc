// Drift statistics against values computed by hand and with scipy (quoted in each check).
#include <catch2/catch.hpp>

#include <cmath>

#include "mlflow/server/drift_math.h"

using namespace mlflow::server;

TEST_CASE("Jensen-Shannon distance (natural log)", "[drift]") {
  // By hand: m = (0.75, 0.25); JSD = 0.5*(0.5 ln(2/3) + 0.5 ln 2) + 0.5*ln(4/3) = 0.2157615.
  CHECK(JensenShannonDistance({0.5, 0.5}, {1, 0}) == Approx(std::sqrt(0.2157615)).epsilon(1e-6));
  CHECK(JensenShannonDistance({0.5, 0.5}, {1, 0}) == Approx(0.464501404022459));  // scipy
  CHECK(JensenShannonDistance({0.16, 0.5, 0.34}, {0.8, 0.1, 0.1}) == Approx(0.47307320999678254));
  CHECK(JensenShannonDistance({0.16, 0.5, 0.34}, {0.17, 0.48, 0.35}) == Approx(0.014630455482568023));
  CHECK(JensenShannonDistance({1, 0}, {0, 1}) == Approx(std::sqrt(std::log(2.0))));  // the maximum
  CHECK(JensenShannonDistance({3, 1}, {0.75, 0.25}) == Approx(0.0).margin(1e-12));   // counts are normalised
  CHECK(std::isnan(JensenShannonDistance({0, 0}, {1, 0})));
  CHECK(std::isnan(JensenShannonDistance({1}, {1, 0})));
}

TEST_CASE("Population stability index", "[drift]") {
  // (0.25-0.5) ln(0.25/0.5) + (0.75-0.5) ln(0.75/0.5) = 0.1732868 + 0.1013663
  CHECK(PopulationStabilityIndex({0.5, 0.5}, {0.25, 0.75}) == Approx(0.2746531).epsilon(1e-6));
  CHECK(PopulationStabilityIndex({1, 1}, {1, 1}) == Approx(0.0).margin(1e-12));
  // A class never seen in the reference is smoothed with epsilon 1e-4, not infinite.
  double psi = PopulationStabilityIndex({1, 0}, {0.5, 0.5});
  CHECK(std::isfinite(psi));
  CHECK(psi == Approx((0.5 - 1) * std::log(0.5 / 1) + (0.5 - 1e-4) * std::log(0.5 / 1e-4)));
}

TEST_CASE("Chi-square survival function", "[drift]") {
  CHECK(ChiSquareSurvival(4, 2) == Approx(std::exp(-2.0)));  // dof 2: exp(-x/2) exactly
  CHECK(ChiSquareSurvival(3.841459, 1) == Approx(0.04999999465319563).epsilon(1e-7));
  CHECK(ChiSquareSurvival(0.5, 3) == Approx(0.9188914116546758).epsilon(1e-9));
  CHECK(ChiSquareSurvival(18.307, 10) == Approx(0.05000058909139812).epsilon(1e-7));
  CHECK(ChiSquareSurvival(2.5, 7) == Approx(0.9270970650134738).epsilon(1e-9));
  CHECK(ChiSquareSurvival(100, 3) == Approx(1.5541594313896026e-21).epsilon(1e-6));
  CHECK(ChiSquareSurvival(16, 1) == Approx(std::erfc(std::sqrt(8.0))).epsilon(1e-9));
  CHECK(ChiSquareSurvival(0, 3) == 1.0);
  CHECK(std::isnan(ChiSquareSurvival(1, 0)));
}

TEST_CASE("Chi-square goodness of fit", "[drift]") {
  // scipy.stats.chisquare([180, 480, 340], [160, 500, 340]) -> statistic 3.3, p 0.19204990862075405
  ChiSquareResult r = ChiSquareGoodnessOfFit({180, 480, 340}, {0.16, 0.5, 0.34});
  CHECK(r.statistic == Approx(3.3));
  CHECK(r.degrees_of_freedom == 2);
  CHECK(r.p_value == Approx(0.19204990862075405));
  // By hand: expected (50, 50): (20^2 + 20^2) / 50 = 16 with 1 dof.
  r = ChiSquareGoodnessOfFit({30, 70}, {0.5, 0.5});
  CHECK(r.statistic == Approx(16));
  CHECK(r.p_value == Approx(6.334248366623977e-05));
}

TEST_CASE("Entropy in nats", "[drift]") {
  float uniform[] = {0.5f, 0.5f};
  float certain[] = {1.0f, 0.0f, 0.0f};
  float three[] = {1.0f / 3, 1.0f / 3, 1.0f / 3};
  CHECK(Entropy(uniform, 2) == Approx(std::log(2.0)));
  CHECK(Entropy(certain, 3) == Approx(0.0).margin(1e-12));
  CHECK(Entropy(three, 3) == Approx(std::log(3.0)).epsilon(1e-6));
}
