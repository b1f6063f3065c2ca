#include "mlflow/models/lbfgs.h"

#include <cmath>
#include <algorithm>
#include <deque>
#include <limits>
#include <vector>

namespace mlflow::models {

LbfgsResult MinimizeLbfgs(const LbfgsObjective& objective, Eigen::VectorXd x0, const LbfgsOptions& options,
                          const LbfgsCallback& callback) {
  LbfgsResult result;
  Eigen::VectorXd x = std::move(x0);
  Eigen::VectorXd gradient(x.size());
  double f = objective(x, &gradient);
  result.evaluations = 1;
  std::deque<Eigen::VectorXd> s_history;
  std::deque<Eigen::VectorXd> y_history;
  std::deque<double> rho_history;
  Eigen::VectorXd direction(x.size());
  Eigen::VectorXd x_new(x.size());
  Eigen::VectorXd gradient_new(x.size());
  std::vector<double> alpha(options.memory);
  result.stop_reason = "max_iterations";
  for (int iteration = 1; iteration <= options.max_iterations; ++iteration) {
    if (gradient.lpNorm<Eigen::Infinity>() <= options.gradient_tolerance) {
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
      const double* s_last = s_history[pairs - 1].data();
      double dot = 0.0;
      for (Eigen::Index j = 0; j < n; ++j) {
        d[j] = -g[j];
        dot += s_last[j] * d[j];
      }
      for (int i = pairs - 1; i >= 0; --i) {
        alpha[i] = rho_history[i] * dot;
        const double* y = y_history[i].data();
        const double* s_next = i > 0 ? s_history[i - 1].data() : nullptr;
        const double a = alpha[i];
        dot = 0.0;
        if (s_next) {
          for (Eigen::Index j = 0; j < n; ++j) {
            d[j] -= a * y[j];
            dot += s_next[j] * d[j];
          }
        } else {
          // The last pass also scales by gamma and computes the first pair's y . direction.
          const double gamma = 1.0 / (rho_history.back() * y_history.back().squaredNorm());
          const double* y0 = y_history[0].data();
          for (Eigen::Index j = 0; j < n; ++j) {
            d[j] = (d[j] - a * y[j]) * gamma;
            dot += y0[j] * d[j];
          }
        }
      }
      for (int i = 0; i < pairs; ++i) {
        const double coefficient = alpha[i] - rho_history[i] * dot;
        const double* s = s_history[i].data();
        const double* y_next = i + 1 < pairs ? y_history[i + 1].data() : nullptr;
        dot = 0.0;
        if (y_next) {
          for (Eigen::Index j = 0; j < n; ++j) {
            d[j] += coefficient * s[j];
            dot += y_next[j] * d[j];
          }
        } else {
          for (Eigen::Index j = 0; j < n; ++j) d[j] += coefficient * s[j];
        }
      }
    }
    double slope = gradient.dot(direction);
    if (slope >= 0.0) {  // not a descent direction: restart from steepest descent
      s_history.clear(), y_history.clear(), rho_history.clear();
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
    Eigen::VectorXd s = x_new - x;
    Eigen::VectorXd y = gradient_new - gradient;
    double curvature = s.dot(y);
    if (curvature > 1e-12) {
      if (static_cast<int>(s_history.size()) == options.memory) {
        s_history.pop_front(), y_history.pop_front(), rho_history.pop_front();
      }
      s_history.push_back(std::move(s));
      y_history.push_back(std::move(y));
      rho_history.push_back(1.0 / curvature);
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
