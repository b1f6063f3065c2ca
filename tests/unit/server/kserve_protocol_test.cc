#include <catch2/catch.hpp>

#include "mlflow/core/json.h"
#include "mlflow/server/kserve_protocol.h"

using namespace mlflow::server;

namespace {
const InputLimits kLimits;

mlflow::Status InferError(const std::string& body, const InputLimits& limits = kLimits) {
  auto parsed = ParseInferRequest(body, limits);
  INFO(body);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.status().http_status() == 400);
  return parsed.status();
}
}  // namespace

TEST_CASE("V2 infer requests: flat and nested data, id, outputs", "[kserve]") {
  auto r = ParseInferRequest(
      R"({"id": "r1", "inputs": [{"name": "text", "datatype": "BYTES", "shape": [2], "data": ["a", "b"]}]})", kLimits);
  REQUIRE(r.ok());
  CHECK(r->id == "r1");
  CHECK(r->texts == std::vector<std::string>{"a", "b"});
  CHECK(r->want_labels);
  CHECK(r->want_probabilities);
  r = ParseInferRequest(
      R"({"inputs": [{"name": "tweet", "datatype": "BYTES", "shape": [2, 1], "data": [["a"], ["b"]]}],
          "outputs": [{"name": "label"}]})",
      kLimits);
  REQUIRE(r.ok());
  CHECK(r->texts == std::vector<std::string>{"a", "b"});
  CHECK(r->want_labels);
  CHECK_FALSE(r->want_probabilities);
  r = ParseInferRequest(R"({"inputs": [{"name": "meta", "datatype": "INT64", "shape": [1], "data": [3]},
                                       {"name": "text", "datatype": "BYTES", "shape": [1], "data": ["a"]}]})",
                        kLimits);
  REQUIRE(r.ok());
  CHECK(r->texts == std::vector<std::string>{"a"});
}

TEST_CASE("V2 infer bad input", "[kserve][bad-input]") {
  CHECK_THAT(InferError("{").message(), Catch::Contains("malformed JSON"));
  CHECK_THAT(InferError(R"({"id": "x"})").message(), Catch::Contains("no 'inputs'"));
  CHECK_THAT(InferError(R"({"inputs": []})").message(), Catch::Contains("non-empty"));
  CHECK_THAT(InferError(R"({"inputs": [{"name": "text", "datatype": "FP32", "shape": [1], "data": [1.0]}]})").message(),
             Catch::Contains("must be BYTES"));
  CHECK_THAT(
      InferError(R"({"inputs": [{"name": "text", "datatype": "BYTES", "shape": [3], "data": ["a"]}]})").message(),
      Catch::Contains("3 elements but 1 texts"));
  CHECK_THAT(InferError(R"({"inputs": [{"name": "text", "datatype": "BYTES", "data": ["a"]}]})").message(),
             Catch::Contains("shape"));
  CHECK_THAT(InferError(R"({"inputs": [{"name": "text", "datatype": "BYTES", "shape": [1], "data": [7]}]})").message(),
             Catch::Contains("must be a string"));
  CHECK_THAT(InferError(R"({"inputs": [{"name": "text", "datatype": "BYTES", "shape": [0], "data": []}]})").message(),
             Catch::Contains("empty"));
  CHECK_THAT(InferError(R"({"inputs": [{"name": "text", "datatype": "BYTES", "shape": [1], "data": ["a"]}],
                            "outputs": [{"name": "embedding"}]})")
                 .message(),
             Catch::Contains("unknown output"));
  InputLimits small;
  small.max_batch = 1;
  CHECK_THAT(
      InferError(R"({"inputs": [{"name": "text", "datatype": "BYTES", "shape": [2], "data": ["a", "b"]}]})", small)
          .message(),
      Catch::Contains("limit"));
}

TEST_CASE("V2 responses and metadata are valid JSON with the protocol's fields", "[kserve]") {
  PredictionBatch batch;
  batch.labels = {2, 0};
  batch.probabilities = {0.1f, 0.1f, 0.8f, 0.7f, 0.2f, 0.1f};
  std::vector<std::string> classes = {"negative", "neutral", "positive"};
  ModelIdentity model{"tweet-sentiment", "3", "models:/tweet-sentiment@champion", "champion", "", ""};
  auto doc = mlflow::ParseJson(FormatInferResponse(batch, classes, model, "r1", true, true)).value();
  CHECK(doc["model_name"] == "tweet-sentiment");
  CHECK(doc["model_version"] == "3");
  CHECK(doc["id"] == "r1");
  REQUIRE(doc["outputs"].size() == 2);
  CHECK(doc["outputs"][0]["name"] == "label");
  CHECK(doc["outputs"][0]["datatype"] == "BYTES");
  CHECK(doc["outputs"][0]["shape"] == mlflow::Json::array({2}));
  CHECK(doc["outputs"][0]["data"] == mlflow::Json::array({"positive", "negative"}));
  CHECK(doc["outputs"][1]["shape"] == mlflow::Json::array({2, 3}));
  CHECK(doc["outputs"][1]["data"].size() == 6);
  CHECK(doc["outputs"][1]["data"][2].get<double>() == Approx(0.8));
  doc = mlflow::ParseJson(FormatInferResponse(batch, classes, model, "r1", false, true)).value();
  CHECK(doc["outputs"].size() == 1);

  auto meta = mlflow::ParseJson(FormatModelMetadata(model, classes, kLimits)).value();
  CHECK(meta["name"] == "tweet-sentiment");
  CHECK(meta["versions"] == mlflow::Json::array({"3"}));
  CHECK(meta["inputs"][0]["datatype"] == "BYTES");
  CHECK(meta["outputs"][1]["shape"] == mlflow::Json::array({-1, 3}));
  auto server = mlflow::ParseJson(FormatServerMetadata("1.2.3")).value();
  CHECK(server["name"] == "mlflow-cpp");
  CHECK(server["version"] == "1.2.3");
  CHECK(server["extensions"].is_array());
}
