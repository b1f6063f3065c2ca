// A small training loop (logistic regression by SGD on synthetic data) that logs every step.
//
//   MLFLOW_TRACKING_URI=http://127.0.0.1:5000 ./training_loop [epochs]
//   MLFLOW_TRACKING_URI=journal:/tmp/my-journal ./training_loop   # offline; later:
//   mlflow-cpp sync --journal /tmp/my-journal --tracking-uri http://127.0.0.1:5000
//
// Each step's loss goes through the run's async logger: the call returns in well under a
// microsecond and the points travel in 1000-metric batches in the background. Leaving main()
// ends the run FINISHED (FAILED if an exception escapes the loop); Ctrl-C flushes and ends it
// KILLED. Set MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING=true for CPU/memory/disk/network metrics,
// MLFLOW_CPP_JOURNAL_FALLBACK_DIR=DIR to survive a server outage.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <random>
#include <vector>

#include "mlflow/mlflow.h"

namespace {

struct Example {
  std::vector<double> x;
  int y;
};

std::vector<Example> MakeData(size_t n, size_t dims, std::mt19937& rng) {
  std::normal_distribution<double> noise(0.0, 1.0);
  std::vector<double> truth(dims);
  for (double& w : truth) w = noise(rng);
  std::vector<Example> data(n);
  for (Example& e : data) {
    e.x.resize(dims);
    double score = 0;
    for (size_t d = 0; d < dims; ++d) score += truth[d] * (e.x[d] = noise(rng));
    e.y = score + 0.5 * noise(rng) > 0 ? 1 : 0;
  }
  return data;
}

double Sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

}  // namespace

int main(int argc, char** argv) {
  const int epochs = argc > 1 ? std::atoi(argv[1]) : 5;
  const size_t dims = 20, batch = 32;
  const double learning_rate = 0.05;

  mlflow::RunOptions options;
  options.run_name = "sgd-logreg";
  options.handle_signals = true;  // Ctrl-C: flush, end KILLED, exit
  if (!std::getenv("MLFLOW_EXPERIMENT_NAME")) options.experiment_name = "training-loop-example";
  auto started = mlflow::ActiveRun::Start(options);
  if (!started.ok()) {
    std::cerr << "cannot start the run: " << started.status() << "\n";
    return 3;
  }
  mlflow::ActiveRun run = std::move(started).value();
  std::cout << "run " << run.run_id() << " -> " << run.destination() << "\n";

  (void)run.LogParam("epochs", std::to_string(epochs));
  (void)run.LogParam("learning_rate", std::to_string(learning_rate));
  (void)run.LogParam("batch_size", std::to_string(batch));

  std::mt19937 rng(42);
  std::vector<Example> train = MakeData(20000, dims, rng);
  std::vector<double> w(dims, 0.0);
  int64_t step = 0;
  double slowest_call_us = 0;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    std::shuffle(train.begin(), train.end(), rng);
    size_t correct = 0;
    for (size_t start = 0; start + batch <= train.size(); start += batch, ++step) {
      std::vector<double> grad(dims, 0.0);
      double loss = 0;
      for (size_t i = start; i < start + batch; ++i) {
        double z = 0;
        for (size_t d = 0; d < dims; ++d) z += w[d] * train[i].x[d];
        double p = Sigmoid(z);
        loss -= train[i].y ? std::log(p + 1e-12) : std::log(1 - p + 1e-12);
        correct += (p > 0.5) == (train[i].y == 1);
        for (size_t d = 0; d < dims; ++d) grad[d] += (p - train[i].y) * train[i].x[d];
      }
      for (size_t d = 0; d < dims; ++d) w[d] -= learning_rate * grad[d] / batch;
      auto before = std::chrono::steady_clock::now();
      mlflow::Status logged = run.LogMetric("train/loss", loss / batch, step);
      slowest_call_us =
          std::max(slowest_call_us,
                   std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - before).count());
      if (!logged.ok()) std::cerr << "log failed: " << logged << "\n";
    }
    double accuracy = static_cast<double>(correct) / static_cast<double>(train.size() / batch * batch);
    (void)run.LogMetric("train/accuracy", accuracy, epoch);
    std::cout << "epoch " << epoch << " accuracy " << accuracy << "\n";
  }
  mlflow::Status flushed = run.Flush();  // optional: End() flushes too; this reports errors here
  auto stats = run.logging_stats();
  std::cout << stats.sent << " points sent, " << stats.failed << " failed, slowest log call " << slowest_call_us
            << " us\n";
  if (!flushed.ok()) std::cerr << "some points were not logged: " << flushed << "\n";
  mlflow::Status ended = run.End();
  if (!ended.ok()) {
    std::cerr << "ending the run: " << ended << "\n";
    return 3;
  }
  return 0;
}
