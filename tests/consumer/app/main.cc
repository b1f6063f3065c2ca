// A program outside the project that uses the installed (or embedded) mlflow-cpp: it logs a run
// to the server named by MLFLOW_TRACKING_URI and prints its id.
#include <mlflow/mlflow.h>

#include <iostream>

int main() {
  auto client = mlflow::MlflowClient::FromEnvironment();
  if (!client.ok()) {
    std::cerr << client.status() << "\n";
    return 2;
  }
  auto& tracking = client->tracking();
  auto experiment_id = tracking.GetOrCreateExperiment("consumer-project");
  if (!experiment_id.ok()) {
    std::cerr << experiment_id.status() << "\n";
    return 3;
  }
  mlflow::CreateRunRequest request;
  request.experiment_id = *experiment_id;
  request.run_name = "consumer";
  auto run = tracking.CreateRun(request);
  if (!run.ok()) {
    std::cerr << run.status() << "\n";
    return 3;
  }
  mlflow::Status status = tracking.LogMetric(run->info.run_id, {"answer", 42.0, mlflow::NowMillis(), 0});
  if (status.ok()) status = tracking.EndRun(run->info.run_id);
  if (!status.ok()) {
    std::cerr << status << "\n";
    return 3;
  }
  std::cout << run->info.run_id << "\n";
  return 0;
}
