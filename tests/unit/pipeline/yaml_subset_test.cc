// The YAML subset reader (params.yaml, dvc.lock) and typed params access.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include "mlflow/pipeline/params_file.h"
#include "mlflow/pipeline/yaml_subset.h"
#include "support/test_env.h"

using mlflow::pipeline::Params;
using mlflow::pipeline::ParseYaml;
using mlflow::pipeline::YamlValue;

TEST_CASE("nested mappings with typed scalars and comments", "[yaml]") {
  auto value = ParseYaml(R"(# pipeline parameters
prepare:
  data_dir: ../shared/data/semeval2017-task4a   # relative to the repository root
  url: ""
  validation_file: 'twitter-2016devtest-A.tsv'
train:
  seed: 42
  c: 2.5
  tol: 1e-4
  balanced: true
  note: it's   # a comment after a plain scalar
  empty:
  nothing: null
)")
                   .value();
  CHECK(value["prepare"]["data_dir"] == "../shared/data/semeval2017-task4a");
  CHECK(value["prepare"]["url"] == "");
  CHECK(value["prepare"]["validation_file"] == "twitter-2016devtest-A.tsv");
  CHECK(value["train"]["seed"] == 42);
  CHECK(value["train"]["seed"].is_number_integer());
  CHECK(value["train"]["c"] == 2.5);
  CHECK(value["train"]["tol"].get<double>() == Approx(1e-4));
  CHECK(value["train"]["balanced"] == true);
  CHECK(value["train"]["note"] == "it's");
  CHECK(value["train"]["tol"].is_number_float());
  CHECK(value["train"]["empty"].is_null());
  CHECK(value["train"]["nothing"].is_null());
}

TEST_CASE("mapping order is kept", "[yaml]") {
  auto value = ParseYaml("models:\n  logreg: {c: 2}\n  svm: {c: 0.1}\n  bag: {epochs: 5}\n").value();
  std::vector<std::string> keys;
  for (const auto& [key, item] : value["models"].items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"logreg", "svm", "bag"});
  CHECK(value["models"]["svm"]["c"] == 0.1);
}

TEST_CASE("sequences: block, at the parent's indentation, of mappings, and flow", "[yaml]") {
  auto value = ParseYaml(R"(a:
  - 1
  - two
b:
- x
- y
c: [1, "two, three", [4, 5], {k: v}]
d:
  - name: first
    size: 3
  - name: second
)")
                   .value();
  CHECK(value["a"] == YamlValue::array({1, "two"}));
  CHECK(value["b"] == YamlValue::array({"x", "y"}));
  CHECK(value["c"][1] == "two, three");
  CHECK(value["c"][2] == YamlValue::array({4, 5}));
  CHECK(value["c"][3]["k"] == "v");
  CHECK(value["d"][0]["name"] == "first");
  CHECK(value["d"][0]["size"] == 3);
  CHECK(value["d"][1]["name"] == "second");
}

TEST_CASE("a dvc.lock as DVC writes it", "[yaml]") {
  auto value = ParseYaml(R"(schema: '2.0'
stages:
  prepare:
    cmd: mlflow-cpp prepare --config params.yaml
    deps:
    - path: ../../../shared/data/semeval2017-task4a
      hash: md5
      md5: b47e3488a546e2214c42aa9bec8396e2.dir
      size: 7
      nfiles: 1
    params:
      params.yaml:
        prepare.data_dir: ../shared/data/semeval2017-task4a
    outs:
    - path: data/prepared
      hash: md5
      md5: 0123456789abcdef0123456789abcdef.dir
  train@logreg:
    cmd: mlflow-cpp train
)")
                   .value();
  CHECK(value["schema"] == "2.0");
  CHECK(value["stages"]["prepare"]["deps"][0]["md5"] == "b47e3488a546e2214c42aa9bec8396e2.dir");
  CHECK(value["stages"]["prepare"]["params"]["params.yaml"]["prepare.data_dir"] == "../shared/data/semeval2017-task4a");
  CHECK(value["stages"]["train@logreg"]["cmd"] == "mlflow-cpp train");
}

TEST_CASE("quoted scalars and escapes", "[yaml]") {
  auto value = ParseYaml("a: \"tab\\there \\u00e9\"\nb: 'it''s'\n'c d': x\n").value();
  CHECK(value["a"] == "tab\there \xC3\xA9");
  CHECK(value["b"] == "it's");
  CHECK(value["c d"] == "x");
}

TEST_CASE("unsupported or malformed YAML is a clear error naming the source", "[yaml]") {
  auto check = [](const std::string& text, const std::string& fragment) {
    auto result = ParseYaml(text, "params.yaml");
    INFO(text);
    REQUIRE(!result.ok());
    CHECK(result.status().code() == mlflow::ErrorCode::kInvalidParameterValue);
    CHECK(result.status().message().rfind("params.yaml: ", 0) == 0);
    CHECK(result.status().message().find(fragment) != std::string::npos);
  };
  check("a: |\n  text\n", "block scalars");
  check("a: &x 1\n", "anchors");
  check("a: 1\n  b: 2\n", "line 2");
  check("a: 1\na: 2\n", "duplicate key");
  check("a: [1, 2\n", "flow");
  check("a: 'open\n", "unterminated");
}

TEST_CASE("special floats and empty documents", "[yaml]") {
  auto value = ParseYaml("---\na: .inf\nb: -.Inf\nc: .nan\nd: 1_000\n").value();
  CHECK(std::isinf(value["a"].get<double>()));
  CHECK(value["b"].get<double>() < 0);
  CHECK(std::isnan(value["c"].get<double>()));
  CHECK(value["d"] == "1_000");
  CHECK(ParseYaml("# only a comment\n").value().is_null());
}

TEST_CASE("Params: dotted keys, fallbacks and type errors", "[params]") {
  auto dir = mlflow::testing::MakeTempDir("params");
  std::ofstream(dir + "/params.yaml") << "train:\n  epochs: 5\n  c: 0.5\n  name: base\n  flag: false\n"
                                         "models:\n  logreg: {c: 2, ngrams: [1, 2]}\n";
  auto params = Params::Load(dir + "/params.yaml").value();
  CHECK(params.GetInt("train.epochs").value() == 5);
  CHECK(params.GetDouble("train.epochs").value() == 5.0);
  CHECK(params.GetDouble("train.c").value() == 0.5);
  CHECK(params.GetString("train.name").value() == "base");
  CHECK(params.GetString("train.c").value() == "0.5");
  CHECK(params.GetBool("train.flag").value() == false);
  CHECK(params.GetInt("train.missing", 7).value() == 7);
  CHECK(!params.GetInt("train.missing").ok());
  auto wrong = params.GetInt("train.name");
  CHECK(wrong.status().code() == mlflow::ErrorCode::kInvalidParameterValue);
  CHECK(wrong.status().message().find("'train.name' must be an integer") != std::string::npos);
  CHECK(params.GetDouble("train.c", 1.0).value() == 0.5);  // a present value wins over the fallback
  auto flat = params.Flatten("models");
  REQUIRE(flat.size() == 2);
  CHECK(flat[0] == std::pair<std::string, std::string>{"models.logreg.c", "2"});
  CHECK(flat[1] == std::pair<std::string, std::string>{"models.logreg.ngrams", "[1,2]"});
  CHECK(Params::Load(dir + "/missing.yaml").status().code() == mlflow::ErrorCode::kIoError);
}
