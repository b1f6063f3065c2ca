// Limited-memory BFGS for smooth unconstrained minimisation (used by logistic regression).
//
// Two-loop recursion with `memory` correction pairs and a backtracking line search that
// accepts the first step satisfying the Armijo condition; a pair whose curvature s'y is not
// positive is skipped. Stops when max|gradient| <= gradient_tolerance (scikit-learn's gtol),
// when the relative decrease of f falls below function_tolerance, after max_iterations, or
// when the callback returns false. The correction pairs are stored in single precision (x, the
// gradient and the direction in double). Deterministic; not thread-safe itself (the objective
// may be).
#pragma once

#include <functional>
#include <string>

#include <Eigen/Core>

namespace mlflow::models {

struct LbfgsOptions {
  int max_iterations = 200;           // Default: 200.
  int memory = 6;                     // Default: 6 pairs.
  double gradient_tolerance = 1e-4;   // Default: 1e-4 (max abs gradient).
  double function_tolerance = 1e-10;  // Default: 1e-10 (relative decrease).
  int max_line_search = 30;           // Default: 30 halvings.
  // When set (same size as x), convergence is tested on max|gradient_i / gradient_unscale_i|:
  // the gradient in the original coordinates of a problem solved in rescaled ones
  // (x = unscale .* u gives df/dx = (df/du) / unscale). Default: empty (no rescaling).
  Eigen::VectorXd gradient_unscale;
};

// Returns f(x) and writes the gradient into *gradient (same size as x).
using LbfgsObjective = std::function<double(const Eigen::VectorXd& x, Eigen::VectorXd* gradient)>;
// Called after each iteration with its 1-based number, f and x; return false to stop.
using LbfgsCallback = std::function<bool(int iteration, double f, const Eigen::VectorXd& x)>;

struct LbfgsResult {
  Eigen::VectorXd x;
  double f = 0.0;
  int iterations = 0;
  int evaluations = 0;
  bool converged = false;
  std::string stop_reason;
};

LbfgsResult MinimizeLbfgs(const LbfgsObjective& objective, Eigen::VectorXd x0, const LbfgsOptions& options,
                          const LbfgsCallback& callback = {});

}  // namespace mlflow::models
