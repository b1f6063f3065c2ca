// examples/quickstart against the real server, checked with the official Python client.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>

#include "tracking_test_util.h"

using namespace mlflow;
using namespace mlflow::testing;

TEST_CASE("the quickstart example logs a complete run", "[integration][example]") {
  const std::string binary = MLFLOWCPP_BINARY_DIR "/bin/quickstart";
  REQUIRE(std::filesystem::exists(binary));  // built with MLFLOWCPP_BUILD_EXAMPLES (the default)
  std::string experiment = UniqueName("quickstart");
  std::string output;
  int rc =
      RunCommand("MLFLOW_TRACKING_URI='" + TrackingUri() + "' '" + binary + "' '" + experiment + "' 2>&1", &output);
  INFO(output);
  REQUIRE(rc == 0);
  std::smatch match;
  REQUIRE(std::regex_search(output, match, std::regex("run_id=([0-9a-f]{32})")));
  std::string run_id = match[1];

  Json python = PythonJson(R"PY(
import json
from mlflow import MlflowClient
client = MlflowClient()
run = client.get_run(")PY" +
                           run_id + R"PY(")
experiment = client.get_experiment(run.info.experiment_id)
print(json.dumps({
    "experiment": experiment.name, "status": run.info.status, "params": run.data.params,
    "tags": run.data.tags,
    "loss": [[m.step, m.value] for m in client.get_metric_history(run.info.run_id, "loss")],
    "accuracy": [[m.step, m.value] for m in client.get_metric_history(run.info.run_id, "accuracy")],
}))
)PY");
  CHECK(python["experiment"] == experiment);
  CHECK(python["status"] == "FINISHED");
  CHECK(python["params"] == Json{{"learning_rate", "0.05"}, {"epochs", "10"}, {"optimizer", "sgd"}});
  CHECK(python["tags"]["model_type"] == "logistic_regression");
  CHECK(python["tags"]["mlflow.runName"] == "quickstart");
  REQUIRE(python["loss"].size() == 10);
  REQUIRE(python["accuracy"].size() == 10);
  for (int epoch = 0; epoch < 10; ++epoch) {
    CHECK(python["loss"][epoch][0] == epoch);
    CHECK(python["loss"][epoch][1].get<double>() < (epoch == 0 ? 1.0 : python["loss"][epoch - 1][1].get<double>()));
  }

  // Running it again reuses the experiment and adds a second run.
  REQUIRE(RunCommand("MLFLOW_TRACKING_URI='" + TrackingUri() + "' '" + binary + "' '" + experiment + "' >/dev/null") ==
          0);
  MlflowClient client = TestClient();
  std::string experiment_id = client.tracking().GetExperimentByName(experiment)->experiment_id;
  CHECK(client.tracking().SearchAllRuns(SearchRunsRequest{{experiment_id}, "", ViewType::kAll, 100, {}, ""})->size() ==
        2);

  // Without a tracking URI it fails with a message, not a crash.
  std::string error;
  CHECK(RunCommand("env -u MLFLOW_TRACKING_URI '" + binary + "' 2>&1", &error) == 1);
  CHECK_THAT(error, Catch::Contains("MLFLOW_TRACKING_URI"));
}
