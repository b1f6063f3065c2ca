// The mlflow-cpp tracking commands against the real server: output (tables and --json) and
// exit codes 0 (ok), 1 (invalid input data), 2 (usage) and 3 (runtime / MLflow error).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "mlflow/mlflow.h"
#include "support/test_env.h"

using namespace mlflow;
using namespace mlflow::testing;

namespace {

struct CliResult {
  int code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `mlflow-cpp <args>` with MLFLOW_TRACKING_URI set to the test server (unset when
// `with_uri` is false) and no retries; `env` adds assignments ("MLFLOW_X=y").
CliResult Cli(const std::string& args, const std::string& env = "", bool with_uri = true) {
  static const std::string dir = MakeTempDir("cli");
  static int counter = 0;
  std::string err_path = dir + "/stderr-" + std::to_string(counter++);
  std::string uri = with_uri ? "MLFLOW_TRACKING_URI='" + TrackingUri() + "'" : "-u MLFLOW_TRACKING_URI";
  std::string command = "env " + uri + " MLFLOW_HTTP_REQUEST_MAX_RETRIES=0 " + env +
                        " '" MLFLOWCPP_BINARY_DIR "/bin/mlflow-cpp' " + args + " 2>'" + err_path + "'";
  CliResult result;
  result.code = RunCommand(command, &result.out);
  std::ifstream in(err_path);
  result.err.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return result;
}

Json JsonOf(const CliResult& result) {
  INFO(result.out << result.err);
  auto parsed = ParseJson(result.out, "mlflow-cpp output");
  REQUIRE(parsed.ok());
  return *parsed;
}

std::string WriteFile(const std::string& name, const std::string& text) {
  static const std::string dir = MakeTempDir("cli-files");
  std::string path = dir + "/" + name;
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_CASE("experiments: create, get, search, delete, restore", "[integration][cli]") {
  std::string name = UniqueName("cli-exp");
  CliResult created = Cli("--json experiments create --name '" + name + "' --tag team=ml");
  REQUIRE(created.code == 0);
  std::string id = JsonOf(created)["experiment_id"];

  CliResult table = Cli("experiments create --name '" + UniqueName("cli-exp-table") + "'");
  CHECK(table.code == 0);
  CHECK_THAT(table.out, Catch::StartsWith("Created experiment 'cli-exp-table"));

  CliResult by_id = Cli("experiments get --experiment-id " + id + " --json");  // --json after the command
  REQUIRE(by_id.code == 0);
  Json experiment = JsonOf(by_id);
  CHECK(experiment["name"] == name);
  CHECK(experiment["tags"][0] == Json{{"key", "team"}, {"value", "ml"}});

  CliResult by_name = Cli("experiments get --name '" + name + "'");
  REQUIRE(by_name.code == 0);
  CHECK_THAT(by_name.out, Catch::Contains("experiment_id"));
  CHECK_THAT(by_name.out, Catch::Contains(id));
  CHECK_THAT(by_name.out, Catch::Contains("tag team"));

  CliResult search = Cli("experiments search --filter \"name = '" + name + "'\" --order-by 'name ASC'");
  REQUIRE(search.code == 0);
  CHECK_THAT(search.out, Catch::StartsWith("EXPERIMENT_ID"));
  CHECK_THAT(search.out, Catch::Contains(name));

  REQUIRE(Cli("experiments delete --experiment-id " + id).code == 0);
  Json deleted = JsonOf(Cli("--json experiments search --view deleted_only --filter \"name = '" + name + "'\""));
  REQUIRE(deleted["experiments"].size() == 1);
  CHECK(deleted["experiments"][0]["lifecycle_stage"] == "deleted");
  REQUIRE(Cli("experiments restore --experiment-id " + id).code == 0);
  CHECK(JsonOf(Cli("--json experiments get -x " + id))["lifecycle_stage"] == "active");

  Json page = JsonOf(Cli("--json experiments search --max-results 1"));
  CHECK(page["experiments"].size() == 1);
  CHECK(page.contains("next_page_token"));
}

TEST_CASE("runs: create, log, get, search, end, delete, restore", "[integration][cli]") {
  std::string experiment = JsonOf(Cli("--json experiments create --name " + UniqueName("cli-runs")))["experiment_id"];
  Json run_info = JsonOf(Cli("--json runs create -x " + experiment + " --run-name cli-run --tag source=cli"));
  std::string run = run_info["run_id"];
  CHECK(run_info["status"] == "RUNNING");

  CliResult metric =
      Cli("runs log-metric --run-id " + run + " --key loss --value 0.25 --step 3 --timestamp 1700000000000");
  REQUIRE(metric.code == 0);
  CHECK_THAT(metric.out, Catch::Contains("Logged metric loss=0.25 (step 3)"));
  REQUIRE(Cli("runs log-metric -r " + run + " -k odd -v NaN").code == 0);
  REQUIRE(Cli("runs log-param -r " + run + " -k lr -v 0.1").code == 0);
  REQUIRE(Cli("runs set-tag -r " + run + " -k stage -v dev").code == 0);

  Json fetched = JsonOf(Cli("--json runs get --run-id " + run));
  CHECK(fetched["info"]["run_name"] == "cli-run");
  CHECK(fetched["data"]["params"][0] == Json{{"key", "lr"}, {"value", "0.1"}});
  bool saw_loss = false, saw_nan = false;
  for (const auto& m : fetched["data"]["metrics"]) {
    if (m["key"] == "loss") {
      saw_loss = m["value"] == 0.25 && m["step"] == 3 && m["timestamp"] == 1700000000000;
    }
    if (m["key"] == "odd") saw_nan = m["value"] == "NaN";
  }
  CHECK(saw_loss);
  CHECK(saw_nan);
  bool saw_tag = false;
  for (const auto& t : fetched["data"]["tags"]) saw_tag |= t["key"] == "source" && t["value"] == "cli";
  CHECK(saw_tag);

  CliResult table = Cli("runs get --run-id " + run);
  REQUIRE(table.code == 0);
  CHECK_THAT(table.out, Catch::Contains("METRIC (LATEST)"));
  CHECK_THAT(table.out, Catch::Contains("NaN"));

  CliResult search =
      Cli("runs search -x " + experiment + " --filter \"params.lr = '0.1'\" --order-by 'start_time DESC'");
  REQUIRE(search.code == 0);
  CHECK_THAT(search.out, Catch::Contains(run));
  CHECK_THAT(search.out, Catch::Contains("RUNNING"));

  REQUIRE(Cli("runs end --run-id " + run + " --status failed").code == 0);
  CHECK(JsonOf(Cli("--json runs get -r " + run))["info"]["status"] == "FAILED");
  REQUIRE(Cli("runs delete --run-id " + run).code == 0);
  Json deleted = JsonOf(Cli("--json runs search -x " + experiment + " --view deleted_only"));
  REQUIRE(deleted["runs"].size() == 1);
  REQUIRE(Cli("runs restore --run-id " + run).code == 0);
  CHECK(JsonOf(Cli("--json runs get -r " + run))["info"]["lifecycle_stage"] == "active");
}

TEST_CASE("runs log-batch reads MLflow's log-batch body format", "[integration][cli]") {
  std::string experiment = JsonOf(Cli("--json experiments create --name " + UniqueName("cli-batch")))["experiment_id"];
  std::string run = JsonOf(Cli("--json runs create -x " + experiment))["run_id"];
  Json body{{"run_id", run}, {"metrics", Json::array()}, {"params", Json::array()}, {"tags", Json::array()}};
  for (int i = 0; i < 1500; ++i) {
    body["metrics"].push_back({{"key", "m"}, {"value", i * 0.5}, {"timestamp", 1000 + i}, {"step", i}});
  }
  body["metrics"].push_back({{"key", "inf"}, {"value", "Infinity"}});  // timestamp: now, step: 0
  for (int i = 0; i < 150; ++i) body["params"].push_back({{"key", "p" + std::to_string(i)}, {"value", "v"}});
  body["tags"].push_back({{"key", "from"}, {"value", "file"}});
  std::string path = WriteFile("batch.json", body.dump());

  CliResult logged = Cli("runs log-batch --file '" + path + "'");
  REQUIRE(logged.code == 0);
  CHECK_THAT(logged.out, Catch::Contains("Logged 1501 metrics, 150 params and 1 tags to run " + run));

  MlflowClient client = MlflowClient::FromEnvironment(TrackingUri()).value();
  CHECK(client.tracking().GetFullMetricHistory(run, "m")->size() == 1500);
  CHECK(std::isinf(client.tracking().GetFullMetricHistory(run, "inf")->at(0).value));
  CHECK(client.tracking().GetRun(run)->data.params.size() == 150);

  // --run-id given and the file without run_id; stdin works too.
  std::string second = JsonOf(Cli("--json runs create -x " + experiment))["run_id"];
  std::string small = WriteFile("small.json", R"({"params": [{"key": "only", "value": "1"}]})");
  REQUIRE(Cli("runs log-batch --run-id " + second + " --file - < '" + small + "'").code == 0);
  CHECK(client.tracking().GetRun(second)->data.params.at(0).key == "only");
}

TEST_CASE("exit code 1: the log-batch file is not valid data", "[integration][cli]") {
  std::string bad_json = WriteFile("bad.json", "{not json");
  CliResult parse = Cli("runs log-batch --run-id abc --file '" + bad_json + "'");
  CHECK(parse.code == 1);
  CHECK_THAT(parse.err, Catch::Contains("not valid JSON"));
  std::string bad_value = WriteFile("bad-value.json", R"({"metrics": [{"key": "m", "value": "high"}]})");
  CliResult value = Cli("runs log-batch --run-id abc --file '" + bad_value + "'");
  CHECK(value.code == 1);
  CHECK_THAT(value.err, Catch::Contains("metrics[0] has a \"value\" that is not a number"));
  CHECK(value.out.empty());
}

TEST_CASE("exit code 2: usage errors, with a one-line message", "[integration][cli]") {
  CliResult no_command = Cli("");
  CHECK(no_command.code == 2);
  CliResult unknown = Cli("experiments frobnicate");
  CHECK(unknown.code == 2);
  CliResult missing = Cli("runs log-param --run-id abc --key k");
  CHECK(missing.code == 2);
  CHECK_THAT(missing.err, Catch::Contains("--value"));
  CliResult both = Cli("experiments get --experiment-id 1 --name x");
  CHECK(both.code == 2);
  CliResult neither = Cli("experiments get");
  CHECK(neither.code == 2);
  CHECK_THAT(neither.err, Catch::Contains("--experiment-id"));
  CliResult bad_view = Cli("experiments search --view sometimes");
  CHECK(bad_view.code == 2);
  CliResult bad_value = Cli("runs log-metric -r abc -k m -v twelve");
  CHECK(bad_value.code == 2);
  CHECK_THAT(bad_value.err, Catch::Contains("--value"));
  CliResult bad_tag = Cli("experiments create --name x --tag novalue");
  CHECK(bad_tag.code == 2);
  CHECK_THAT(bad_tag.err, Catch::Contains("KEY=VALUE"));

  CliResult no_uri = Cli("experiments search", "", false);
  CHECK(no_uri.code == 2);
  CHECK_THAT(no_uri.err, Catch::Contains("MLFLOW_TRACKING_URI"));
  CHECK(std::count(no_uri.err.begin(), no_uri.err.end(), '\n') == 1);
  CliResult bad_env = Cli("experiments search", "MLFLOW_HTTP_REQUEST_TIMEOUT=soon");
  CHECK(bad_env.code == 2);
  CHECK_THAT(bad_env.err, Catch::Contains("MLFLOW_HTTP_REQUEST_TIMEOUT"));
  CHECK(Cli("--help").code == 0);
}

TEST_CASE("exit code 3: MLflow errors print the error code and message", "[integration][cli]") {
  CliResult missing = Cli("runs get --run-id 00000000000000000000000000000000");
  CHECK(missing.code == 3);
  CHECK_THAT(missing.err, Catch::Contains("RESOURCE_DOES_NOT_EXIST"));
  CHECK_THAT(missing.err, Catch::Contains("00000000000000000000000000000000"));

  std::string name = UniqueName("cli-dup");
  REQUIRE(Cli("experiments create --name " + name).code == 0);
  CliResult duplicate = Cli("experiments create --name " + name);
  CHECK(duplicate.code == 3);
  CHECK_THAT(duplicate.err, Catch::Contains("RESOURCE_ALREADY_EXISTS"));

  CliResult invalid_key = Cli("runs log-param -r 00000000000000000000000000000000 -k 'bad key!' -v 1");
  CHECK(invalid_key.code == 3);
  CHECK_THAT(invalid_key.err, Catch::Contains("INVALID_PARAMETER_VALUE"));
  CHECK_THAT(invalid_key.err, Catch::Contains("bad key!"));

  CliResult unreachable = Cli("--tracking-uri http://127.0.0.1:9 experiments search");
  CHECK(unreachable.code == 3);
  CHECK_THAT(unreachable.err, Catch::Contains("CONNECTION_ERROR"));

  CliResult unreadable = Cli("runs log-batch --run-id abc --file /nonexistent/batch.json");
  CHECK(unreadable.code == 3);
  CHECK_THAT(unreadable.err, Catch::Contains("IO_ERROR"));
}
