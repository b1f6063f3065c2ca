#include "mlflow/models/lbfgs.h"

#include <cmath>
#include <algorithm>
#include <deque>
#include <limits>
#include <vector>

namespace mlflow::models {

namespace {

// d[j] = update(d, j) for every j, and returns other . d (the updated d). Four partial sums
// let the additions overlap: one running sum would be bound by the latency of each addition.
template <typename Update>
double UpdateAndDot(Eigen::Index n, double* d, const float* other, Update update) {
  double partial[4] = {0.0, 0.0, 0.0, 0.0};
  Eigen::Index j = 0;
  for (; j + 4 <= n; j += 4) {
    for (int k = 0; k < 4; ++k) {
      d[j + k] = update(d, j + k);
      partial[k] += other[j + k] * d[j + k];
    }
  }
  for (; j < n; ++j) {
    d[j] = update(d, j);
    partial[0] += other[j] * d[j];
  }
  return (partial[0] + partial[1]) + (partial[2] + partial[3]);
}

double ConvergenceNorm(const Eigen::VectorXd& gradient, const LbfgsOptions& options) {
  if (options.gradient_unscale.size() == 0) return gradient.lpNorm<Eigen::Infinity>();
  return gradient.cwiseQuotient(options.gradient_unscale).lpNorm<Eigen::Infinity>();
}

}  // namespace

LbfgsResult MinimizeLbfgs(const LbfgsObjective& objective, Eigen::VectorXd x0, const LbfgsOptions& options,
                          const LbfgsCallback& callback) {
  LbfgsResult result;
  Eigen::VectorXd x = std::move(x0);
  Eigen::VectorXd gradient(x.size());
  double f = objective(x, &gradient);
  result.evaluations = 1;
  // The correction pairs are kept in single precision: the two-loop recursion reads all of
  // them every iteration, and for a text model (~10^5-10^6 parameters, 2 * memory vectors)
  // halving them is what lets them stay in the last-level cache. Dot products accumulate in
  // double; x and the gradient stay double.
  std::deque<Eigen::VectorXf> s_history;
  std::deque<Eigen::VectorXf> y_history;
  std::deque<double> rho_history;
  std::deque<double> y_squared_norms;
  Eigen::VectorXf spare_s;
  Eigen::VectorXf spare_y;
  Eigen::VectorXd direction(x.size());
  Eigen::VectorXd x_new(x.size());
  Eigen::VectorXd gradient_new(x.size());
  std::vector<double> alpha(options.memory);
  result.stop_reason = "max_iterations";
  for (int iteration = 1; iteration <= options.max_iterations; ++iteration) {
    if (ConvergenceNorm(gradient, options) <= options.gradient_tolerance) {
      result.converged = true;
      result.stop_reason = "gradient_tolerance";
      break;
    }
    // Two-loop recursion: direction = -H * gradient. Each pass over the vectors updates the
    // direction with one pair and computes the dot product the next pair needs, so the
    // recursion reads every history vector once (the vectors are far larger than the caches).
    const int pairs = static_cast<int>(s_history.size());
    const Eigen::Index n = x.size();
    double* d = direction.data();
    if (pairs == 0) {
      direction = -gradient / std::max(1.0, gradient.norm());
    } else {
      const double* g = gradient.data();
      double dot = UpdateAndDot(n, d, s_history[pairs - 1].data(), [g](double*, Eigen::Index j) { return -g[j]; });
      for (int i = pairs - 1; i >= 0; --i) {
        alpha[i] = rho_history[i] * dot;
        const float* y = y_history[i].data();
        const double a = alpha[i];
        if (i > 0) {
          dot = UpdateAndDot(n, d, s_history[i - 1].data(),
                             [y, a](double* v, Eigen::Index j) { return v[j] - a * y[j]; });
        } else {
          // The last pass also scales by gamma and computes the first pair's y . direction.
          const double gamma = 1.0 / (rho_history.back() * y_squared_norms.back());
          dot = UpdateAndDot(n, d, y_history[0].data(),
                             [y, a, gamma](double* v, Eigen::Index j) { return (v[j] - a * y[j]) * gamma; });
        }
      }
      for (int i = 0; i < pairs; ++i) {
        const double coefficient = alpha[i] - rho_history[i] * dot;
        const float* s = s_history[i].data();
        auto add_pair = [s, coefficient](double* v, Eigen::Index j) { return v[j] + coefficient * s[j]; };
        if (i + 1 < pairs) {
          dot = UpdateAndDot(n, d, y_history[i + 1].data(), add_pair);
        } else {
          for (Eigen::Index j = 0; j < n; ++j) d[j] = add_pair(d, j);
        }
      }
    }
    double slope = gradient.dot(direction);
    if (slope >= 0.0) {  // not a descent direction: restart from steepest descent
      s_history.clear(), y_history.clear(), rho_history.clear(), y_squared_norms.clear();
      direction = -gradient / std::max(1.0, gradient.norm());
      slope = gradient.dot(direction);
    }
    // Weak Wolfe line search: a step that decreases f enough but where f still falls
    // steeply is doubled (early iterations otherwise crawl); one that does not decrease f
    // enough is halved, or replaced by the last good longer step.
    double step = 1.0;
    double good_step = 0.0;
    double f_new = 0.0;
    bool accepted = false;
    for (int trial = 0; trial < options.max_line_search && !accepted; ++trial) {
      x_new = x + step * direction;
      f_new = objective(x_new, &gradient_new);
      ++result.evaluations;
      bool sufficient = std::isfinite(f_new) && f_new <= f + 1e-4 * step * slope;
      if (sufficient) {
        bool flat_enough = gradient_new.dot(direction) >= 0.9 * slope;
        if (flat_enough || trial + 1 == options.max_line_search || step >= 64.0) {
          accepted = true;
        } else {
          good_step = step;
          step *= 2.0;
        }
      } else if (good_step > 0.0) {
        step = good_step;
        x_new = x + step * direction;
        f_new = objective(x_new, &gradient_new);
        ++result.evaluations;
        accepted = true;
      } else {
        step *= 0.5;
      }
    }
    // The new pair is written into spare storage: an accepted pair that evicts the oldest hands
    // the oldest's storage back, and a skipped one leaves the history as it was.
    spare_s.resize(x.size());
    spare_y.resize(x.size());
    double curvature = 0.0;
    double y_squared_norm = 0.0;
    {
      const double* xn = x_new.data();
      const double* xo = x.data();
      const double* gn = gradient_new.data();
      const double* go = gradient.data();
      float* sp = spare_s.data();
      float* yp = spare_y.data();
      // The pair's two dot products in the same pass, each over four partial sums (one running
      // sum would wait on every addition's latency).
      double sy[4] = {0.0, 0.0, 0.0, 0.0};
      double yy[4] = {0.0, 0.0, 0.0, 0.0};
      for (Eigen::Index j = 0; j < x.size(); ++j) {
        const auto s = static_cast<float>(xn[j] - xo[j]);
        const auto y = static_cast<float>(gn[j] - go[j]);
        sp[j] = s;
        yp[j] = y;
        sy[j & 3] += static_cast<double>(s) * y;
        yy[j & 3] += static_cast<double>(y) * y;
      }
      curvature = (sy[0] + sy[1]) + (sy[2] + sy[3]);
      y_squared_norm = (yy[0] + yy[1]) + (yy[2] + yy[3]);
    }
    if (curvature > 1e-12) {
      const bool full = static_cast<int>(s_history.size()) == options.memory;
      s_history.push_back(std::move(spare_s));
      y_history.push_back(std::move(spare_y));
      rho_history.push_back(1.0 / curvature);
      y_squared_norms.push_back(y_squared_norm);
      spare_s = Eigen::VectorXf();
      spare_y = Eigen::VectorXf();
      if (full) {
        spare_s = std::move(s_history.front());
        spare_y = std::move(y_history.front());
        s_history.pop_front(), y_history.pop_front(), rho_history.pop_front(), y_squared_norms.pop_front();
      }
    }
    double decrease = f - f_new;
    x.swap(x_new);
    gradient.swap(gradient_new);
    f = f_new;
    result.iterations = iteration;
    if (callback && !callback(iteration, f, x)) {
      result.stop_reason = "callback";
      break;
    }
    if (decrease <= options.function_tolerance * std::max({std::abs(f), std::abs(f + decrease), 1.0})) {
      result.converged = true;
      result.stop_reason = "function_tolerance";
      break;
    }
  }
  result.x = std::move(x);
  result.f = f;
  return result;
}

}  // namespace mlflow::models
