#include <catch2/catch.hpp>

#include "mlflow/mlmodel/yaml.h"

using namespace mlflow::mlmodel;

namespace {

// Written by MLflow 3.18 (mlflow.pyfunc.save_model), including PyYAML's folding of a long
// single-quoted string.
const char* kMlflowWritten = R"(flavors:
  python_function:
    cloudpickle_version: 3.1.3
    code: null
    env:
      conda: conda.yaml
      virtualenv: python_env.yaml
    loader_module: mlflow.pyfunc.model
    python_model: python_model.pkl
    python_version: 3.11.7
    streamable: false
is_signature_from_type_hint: false
mlflow_version: 3.18.0
model_id: null
model_size_bytes: 1801
model_uuid: 2896d19c331e402bb2d4d6cec6691970
prompts: null
saved_input_example_info:
  artifact_path: input_example.json
  pandas_orient: split
  serving_input_path: serving_input_example.json
  type: dataframe
signature:
  inputs: '[{"type": "string", "name": "text", "required": true}]'
  outputs: '[{"type": "string", "name": "label", "required": true}, {"type": "double",
    "name": "positive", "required": true}]'
  params: null
type_hint_from_example: false
utc_time_created: '2026-11-25 21:04:06.516072'
)";

}  // namespace

TEST_CASE("Parses an MLmodel written by MLflow", "[mlmodel][yaml]") {
  auto root = ParseYaml(kMlflowWritten);
  REQUIRE(root.ok());
  REQUIRE(root->is_mapping());
  const YamlNode* pyfunc = root->Find("flavors")->Find("python_function");
  REQUIRE(pyfunc);
  CHECK(pyfunc->Find("loader_module")->scalar() == "mlflow.pyfunc.model");
  CHECK(pyfunc->Find("code")->is_null());
  CHECK(pyfunc->Find("env")->Find("virtualenv")->scalar() == "python_env.yaml");
  CHECK_FALSE(pyfunc->Find("streamable")->is_string());
  CHECK(pyfunc->Find("python_version")->is_string());  // 3.11.7 is not a number
  CHECK(root->Find("model_size_bytes")->scalar() == "1801");
  CHECK_FALSE(root->Find("model_size_bytes")->is_string());
  CHECK(
      root->Find("signature")->Find("outputs")->scalar() ==
      R"([{"type": "string", "name": "label", "required": true}, {"type": "double", "name": "positive", "required": true}])");
  CHECK(root->Find("utc_time_created")->scalar() == "2026-11-25 21:04:06.516072");
  CHECK(root->Find("absent") == nullptr);
}

TEST_CASE("Emit then parse gives the same tree", "[mlmodel][yaml]") {
  YamlNode root = YamlNode::Mapping();
  root.Set("plain", YamlNode::String("model.mlcpp"));
  root.Set("looks_like_number", YamlNode::String("3.18"));
  root.Set("looks_like_bool", YamlNode::String("true"));
  root.Set("looks_like_date", YamlNode::String("2026-01-01 10:57:16.077123"));
  root.Set("clock", YamlNode::String("8:08"));
  root.Set("json", YamlNode::String(R"([{"type": "string"}])"));
  root.Set("quote", YamlNode::String("it's: tricky # really"));
  root.Set("multiline", YamlNode::String("line one\nline\ttwo \\ \"q\""));
  root.Set("empty", YamlNode::String(""));
  root.Set("unicode", YamlNode::String("caf\xC3\xA9 \xF0\x9F\x98\x80"));
  root.Set("number", YamlNode::Int(42));
  root.Set("flag", YamlNode::Bool(false));
  root.Set("nothing", YamlNode());
  YamlNode list = YamlNode::Sequence();
  list.Append(YamlNode::String("negative"));
  YamlNode entry = YamlNode::Mapping();
  entry.Set("name", YamlNode::String("a"));
  entry.Set("nested", YamlNode::Mapping());
  list.Append(entry);
  YamlNode inner = YamlNode::Sequence();
  inner.Append(YamlNode::Int(1));
  list.Append(inner);
  list.Append(YamlNode::Sequence());
  root.Set("list", list);
  YamlNode deep = YamlNode::Mapping();
  deep.Set("level2", YamlNode::Mapping());
  deep.Set("x", YamlNode::String("-starts with dash"));
  root.Set("deep", deep);
  std::string text = EmitYaml(root);
  auto parsed = ParseYaml(text);
  REQUIRE(parsed.ok());
  INFO(text);
  CHECK(*parsed == root);
  CHECK(text.find("plain: model.mlcpp\n") != std::string::npos);
  CHECK(text.find("looks_like_number: '3.18'\n") != std::string::npos);
  CHECK(text.find("json: '[{\"type\": \"string\"}]'\n") != std::string::npos);
  CHECK(text.find("number: 42\n") != std::string::npos);
}

TEST_CASE("Flow collections, comments and sequences at the key's indentation", "[mlmodel][yaml]") {
  auto root = ParseYaml(
      "--- # document start\n"
      "# a comment\n"
      "env: {conda: conda.yaml, virtualenv: 'python_env.yaml'}\n"
      "tags: [a, 'b c', [1, 2], {k: v}]\n"
      "items:\n"
      "- one   # trailing comment\n"
      "- key: value\n"
      "  other: 2\n"
      "- - nested\n"
      "plain: folded\n"
      "  continuation\n"
      "dq: \"tab\\there \\u00e9\"\n"
      "empty_map: {}\n");
  REQUIRE(root.ok());
  CHECK(root->Find("env")->Find("virtualenv")->scalar() == "python_env.yaml");
  const YamlNode* tags = root->Find("tags");
  REQUIRE(tags->items().size() == 4);
  CHECK(tags->items()[1].scalar() == "b c");
  CHECK(tags->items()[2].items()[1].scalar() == "2");
  CHECK(tags->items()[3].Find("k")->scalar() == "v");
  const YamlNode* items = root->Find("items");
  REQUIRE(items->items().size() == 3);
  CHECK(items->items()[0].scalar() == "one");
  CHECK(items->items()[1].Find("other")->scalar() == "2");
  CHECK(items->items()[2].items()[0].scalar() == "nested");
  CHECK(root->Find("plain")->scalar() == "folded continuation");
  CHECK(root->Find("dq")->scalar() == "tab\there \xC3\xA9");
  CHECK(root->Find("empty_map")->is_mapping());
}

TEST_CASE("Unsupported or malformed YAML is an error with a line number", "[mlmodel][yaml]") {
  auto message = [](const char* text) {
    auto r = ParseYaml(text);
    return r.ok() ? std::string("parsed") : r.status().message();
  };
  CHECK(message("a: 1\na: 2\n").find("line 2: duplicate key 'a'") != std::string::npos);
  CHECK(message("a: |\n  text\n").find("block scalars") != std::string::npos);
  CHECK(message("a: &anchor 1\n").find("anchors") != std::string::npos);
  CHECK(message("a: 'open\n").find("unterminated") != std::string::npos);
  CHECK(message("a: [1, 2\n").find("unterminated") != std::string::npos);
  CHECK(message("a: 1\n   b: 2\n").find("unexpected indentation") != std::string::npos);
  CHECK(message("a: 1\n---\nb: 2\n").find("multiple documents") != std::string::npos);
  CHECK(message("just a line without colon\nand another: 1\n") != "parsed");
  CHECK(message("a: \"bad \\q escape\"\n").find("unknown escape") != std::string::npos);
  auto empty = ParseYaml("\n# only a comment\n");
  REQUIRE(empty.ok());
  CHECK(empty->is_null());
}

TEST_CASE("Plain scalar typing", "[mlmodel][yaml]") {
  for (const char* text :
       {"", "~", "null", "true", "No", "42", "-7", "0x1F", "3.14", "1e5", ".inf", "8:08", "2026-01-01"}) {
    INFO(text);
    CHECK_FALSE(PlainScalarIsString(text));
  }
  for (const char* text : {"3.18.0", "model.mlcpp", "abc", "1.2.3", "python_function", "e5", "yes please"}) {
    INFO(text);
    CHECK(PlainScalarIsString(text));
  }
}
