#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "mlflow/mlmodel/input_example.h"
#include "mlflow/mlmodel/mlmodel.h"
#include "support/test_env.h"

using namespace mlflow::mlmodel;

TEST_CASE("MLmodel write then read round trip", "[mlmodel]") {
  MLmodel m;
  m.artifact_path = "model";
  m.run_id = "4f2a";
  m.model_id = "m-0123";
  m.mlflow_version = "3.18.0";
  m.model_uuid = NewModelUuid();
  m.utc_time_created = UtcTimeCreated();
  YamlNode flavor = YamlNode::Mapping();
  flavor.Set("model_type", YamlNode::String("logistic_regression"));
  flavor.Set("format_version", YamlNode::Int(1));
  m.flavors.Set("mlflow_cpp", flavor);
  m.signature = ModelSignature{R"([{"type": "string", "name": "text", "required": true}])",
                               R"([{"type": "string", "name": "label", "required": true}])", ""};
  m.saved_input_example_info = InputExampleInfo{};
  m.extra.Set("model_size_bytes", YamlNode::Int(1801));
  std::string dir = mlflow::testing::MakeTempDir("mlmodel");
  REQUIRE(m.Save(dir).ok());
  auto loaded = MLmodel::Load(dir);
  REQUIRE(loaded.ok());
  CHECK(loaded->artifact_path == "model");
  CHECK(loaded->run_id == "4f2a");
  CHECK(loaded->model_id == "m-0123");
  CHECK(loaded->model_uuid == m.model_uuid);
  CHECK(loaded->utc_time_created == m.utc_time_created);
  CHECK(loaded->mlflow_version == "3.18.0");
  REQUIRE(loaded->Flavor("mlflow_cpp"));
  CHECK(loaded->Flavor("mlflow_cpp")->Find("model_type")->scalar() == "logistic_regression");
  CHECK(loaded->Flavor("python_function") == nullptr);
  REQUIRE(loaded->signature);
  CHECK(loaded->signature->inputs == m.signature->inputs);
  CHECK(loaded->signature->params.empty());
  REQUIRE(loaded->saved_input_example_info);
  CHECK(loaded->saved_input_example_info->pandas_orient == "split");
  CHECK(loaded->extra.Find("model_size_bytes")->scalar() == "1801");
  CHECK(loaded->ToYaml() == m.ToYaml());
  auto by_file = MLmodel::Load(dir + "/MLmodel");
  REQUIRE(by_file.ok());
  CHECK(by_file->model_uuid == m.model_uuid);
}

TEST_CASE("MLmodel fields and failures", "[mlmodel]") {
  std::string uuid = NewModelUuid();
  CHECK(uuid.size() == 32);
  CHECK(uuid[12] == '4');
  CHECK(uuid != NewModelUuid());
  std::string time = UtcTimeCreated();
  CHECK(time.size() == 26);
  CHECK(time[10] == ' ');
  CHECK(time[19] == '.');
  CHECK_FALSE(MLmodel::FromYaml("artifact_path: x\n").ok());
  CHECK_FALSE(MLmodel::FromYaml("- a list\n").ok());
  CHECK(MLmodel::Load(mlflow::testing::MakeTempDir("no-mlmodel")).status().code() == mlflow::ErrorCode::kIoError);
  MLmodel minimal;
  minimal.flavors.Set("x", YamlNode::Mapping());
  std::string yaml = minimal.ToYaml();
  CHECK(yaml == "flavors:\n  x: {}\nmodel_id: null\n");
}

TEST_CASE("Input examples in split orientation", "[mlmodel]") {
  std::string dir = mlflow::testing::MakeTempDir("input-example");
  StringTable rows{{"great game"}, {"not \"good\""}};
  REQUIRE(WriteInputExample(dir, {"text"}, rows).ok());
  std::ifstream in(dir + "/input_example.json");
  std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(json == R"({"columns":["text"],"data":[["great game"],["not \"good\""]]})");
  CHECK(std::filesystem::exists(dir + "/serving_input_example.json"));
  std::vector<std::string> columns;
  auto read = ReadInputExampleRows(dir + "/input_example.json", &columns);
  REQUIRE(read.ok());
  CHECK(*read == rows);
  CHECK(columns == std::vector<std::string>{"text"});
  CHECK(ServingInputJson({"text"}, rows).find("\"dataframe_split\"") != std::string::npos);
  std::ofstream(dir + "/bad.json") << "{not json";
  CHECK_FALSE(ReadInputExampleRows(dir + "/bad.json").ok());
}
