// quickstart: log a small training run to MLflow from C++.
//
//   export MLFLOW_TRACKING_URI=http://127.0.0.1:5000
//   build/bin/quickstart [experiment-name]
//
// Creates (or reuses) the experiment, starts a run, logs params, a loss and an accuracy curve
// over 10 epochs and a few tags, ends the run, and prints "run_id=<id>". Exit code 0 on
// success, 1 when MLflow or the configuration reports an error (printed on stderr).
#include <chrono>
#include <cmath>
#include <iostream>
#include <string>

#include "mlflow/mlflow.h"

namespace {

int64_t NowMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int Fail(const mlflow::Status& status) {
  std::cerr << "quickstart: " << status << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string experiment_name = argc > 1 ? argv[1] : "mlflow-cpp-quickstart";

  auto client = mlflow::MlflowClient::FromEnvironment();  // reads MLFLOW_TRACKING_URI & co.
  if (!client.ok()) return Fail(client.status());
  mlflow::TrackingApi& tracking = client->tracking();

  auto experiment_id = tracking.GetOrCreateExperiment(experiment_name);
  if (!experiment_id.ok()) return Fail(experiment_id.status());

  mlflow::CreateRunRequest create;
  create.experiment_id = *experiment_id;
  create.run_name = "quickstart";
  auto run = tracking.CreateRun(create);
  if (!run.ok()) return Fail(run.status());
  const std::string run_id = run->info.run_id;

  // Params: everything that defines the training, logged once.
  mlflow::LogBatchRequest params;
  params.run_id = run_id;
  params.params = {{"learning_rate", "0.05"}, {"epochs", "10"}, {"optimizer", "sgd"}};
  if (auto status = tracking.LogBatch(params); !status.ok()) return Fail(status);

  // Metrics: one point per epoch, stamped when observed.
  for (int epoch = 0; epoch < 10; ++epoch) {
    double loss = 0.9 * std::exp(-0.3 * epoch) + 0.05;
    double accuracy = 1.0 - loss / 2.0;
    for (auto [key, value] : {std::pair<const char*, double>{"loss", loss}, {"accuracy", accuracy}}) {
      mlflow::Metric metric;
      metric.key = key;
      metric.value = value;
      metric.step = epoch;
      metric.timestamp = NowMillis();
      if (auto status = tracking.LogMetric(run_id, metric); !status.ok()) return Fail(status);
    }
  }

  if (auto status = tracking.SetTag(run_id, "model_type", "logistic_regression"); !status.ok()) return Fail(status);
  if (auto status = tracking.SetTag(run_id, "mlflow.source.name", "examples/quickstart"); !status.ok()) {
    return Fail(status);
  }
  if (auto status = tracking.EndRun(run_id); !status.ok()) return Fail(status);

  std::cout << "experiment_id=" << *experiment_id << "\n"
            << "run_id=" << run_id << "\n";
  return 0;
}
