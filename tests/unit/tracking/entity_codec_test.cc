// JSON <-> entities: MLflow's field names, int64 as strings, NaN/±Inf encode/decode.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "mlflow/tracking/entity_codec.h"

using namespace mlflow;

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMax = std::numeric_limits<double>::max();
}  // namespace

TEST_CASE("EncodeDouble sends NaN and ±Inf as MLflow's strings, finite values as numbers", "[codec]") {
  CHECK(EncodeDouble(std::nan("")) == "NaN");
  CHECK(EncodeDouble(kInf) == "Infinity");
  CHECK(EncodeDouble(-kInf) == "-Infinity");
  CHECK(EncodeDouble(0.1) == 0.1);
  CHECK(DumpJson(EncodeDouble(0.1 + 0.2)) == "0.30000000000000004");  // shortest exact text
  CHECK(DumpJson(EncodeDouble(5e-324)) == "5e-324");
}

TEST_CASE("DecodeDouble accepts numbers and MLflow's strings", "[codec]") {
  CHECK(std::isnan(*DecodeDouble(Json("NaN"), "v")));
  CHECK(*DecodeDouble(Json("Infinity"), "v") == kInf);
  CHECK(*DecodeDouble(Json("-Infinity"), "v") == -kInf);
  CHECK(*DecodeDouble(Json(1.5), "v") == 1.5);
  CHECK(*DecodeDouble(Json(3), "v") == 3.0);
  CHECK(*DecodeDouble(Json("2.25"), "v") == 2.25);
  auto bad = DecodeDouble(Json("abc"), "metric.value");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == ErrorCode::kInvalidResponse);
  CHECK_THAT(bad.status().message(), Catch::Contains("metric.value"));
  CHECK_FALSE(DecodeDouble(Json(nullptr), "v").ok());
}

TEST_CASE("metric values: the server's ±DBL_MAX reads back as ±Infinity", "[codec]") {
  CHECK(*codec::DecodeMetricValue(Json(kMax)) == kInf);
  CHECK(*codec::DecodeMetricValue(Json(-kMax)) == -kInf);
  CHECK(*codec::DecodeMetricValue(Json::parse("1.7976931348623157e+308")) == kInf);
  CHECK(std::isnan(*codec::DecodeMetricValue(Json("NaN"))));
  CHECK(*codec::DecodeMetricValue(Json(std::nextafter(kMax, 0.0))) == std::nextafter(kMax, 0.0));
}

TEST_CASE("metrics decode int64 fields sent as numbers or strings", "[codec]") {
  auto metric = codec::DecodeMetric(Json::parse(
      R"({"key": "loss", "value": "NaN", "timestamp": "9223372036854775807", "step": -3, "model_id": "m-1"})"));
  REQUIRE(metric.ok());
  CHECK(metric->key == "loss");
  CHECK(std::isnan(metric->value));
  CHECK(metric->timestamp == 9223372036854775807LL);
  CHECK(metric->step == -3);
  CHECK(metric->model_id == "m-1");
  CHECK_FALSE(codec::DecodeMetric(Json::parse(R"({"key": "loss"})")).ok());
  CHECK_FALSE(codec::DecodeMetric(Json::parse(R"({"key": "loss", "value": 1, "step": "x"})")).ok());
}

TEST_CASE("EncodeMetric writes proto field names and leaves empty optionals out", "[codec]") {
  Metric metric{"acc", 0.5, 1700000000000, 7, "", "", ""};
  CHECK(codec::EncodeMetric(metric) == Json::parse(R"({"key":"acc","value":0.5,"timestamp":1700000000000,"step":7})"));
  metric.dataset_name = "train";
  metric.dataset_digest = "abc";
  CHECK(codec::EncodeMetric(metric)["dataset_digest"] == "abc");
}

TEST_CASE("a run decodes info, data, inputs and outputs", "[codec]") {
  auto run = codec::DecodeRun(Json::parse(R"({
    "info": {"run_uuid": "r1", "experiment_id": "3", "run_name": "n", "user_id": "u", "status": "FINISHED",
             "start_time": "1000", "end_time": 2000, "artifact_uri": "mlflow-artifacts:/3/r1/artifacts",
             "lifecycle_stage": "active"},
    "data": {"metrics": [{"key": "m", "value": 1.7976931348623157e308, "timestamp": 5, "step": 1}],
             "params": [{"key": "p", "value": "1"}], "tags": [{"key": "t", "value": "v"}]},
    "inputs": {"dataset_inputs": [{"tags": [{"key": "mlflow.data.context", "value": "training"}],
               "dataset": {"name": "d", "digest": "x", "source_type": "local", "source": "{}"}}]},
    "outputs": {"model_outputs": [{"model_id": "m-1", "step": "4"}]}})"));
  REQUIRE(run.ok());
  CHECK(run->info.run_id == "r1");  // legacy run_uuid accepted
  CHECK(run->info.status == RunStatus::kFinished);
  CHECK(run->info.start_time == 1000);
  REQUIRE(run->info.end_time);
  CHECK(*run->info.end_time == 2000);
  CHECK(run->data.metrics.at(0).value == kInf);
  CHECK(run->data.params.at(0).value == "1");
  CHECK(run->data.tags.at("t") == "v");
  CHECK(run->dataset_inputs.at(0).dataset.source_type == "local");
  CHECK(run->dataset_inputs.at(0).tags.at(0).value == "training");
  CHECK(run->model_outputs.at(0).step == 4);

  auto running = codec::DecodeRunInfo(Json::parse(R"({"run_id": "r2", "status": "RUNNING", "start_time": 1})"));
  REQUIRE(running.ok());
  CHECK_FALSE(running->end_time);
  CHECK_FALSE(codec::DecodeRunInfo(Json::parse(R"({"run_id": "r2", "status": "DANCING"})")).ok());
  CHECK_FALSE(codec::DecodeRun(Json::parse(R"({"info": {}})")).ok());
}

TEST_CASE("an experiment decodes its tags and times", "[codec]") {
  auto experiment = codec::DecodeExperiment(Json::parse(R"({"experiment_id": "1", "name": "e",
      "artifact_location": "mlflow-artifacts:/1", "lifecycle_stage": "active", "creation_time": "17",
      "last_update_time": 18, "tags": [{"key": "a", "value": "b"}], "workspace": "default"})"));
  REQUIRE(experiment.ok());
  CHECK(experiment->creation_time == 17);
  CHECK(experiment->last_update_time == 18);
  CHECK(experiment->tags.at("a") == "b");
  CHECK_FALSE(codec::DecodeExperiment(Json::parse("[]")).ok());
}

TEST_CASE("dataset inputs encode the log-inputs shape", "[codec]") {
  DatasetInput input{{"d", "abc", "local", R"({"uri": "/x"})", "", R"({"rows": 3})"},
                     {{"mlflow.data.context", "eval"}}};
  Json json = codec::EncodeDatasetInput(input);
  CHECK(json["dataset"]["name"] == "d");
  CHECK(json["dataset"]["profile"] == R"({"rows": 3})");
  CHECK_FALSE(json["dataset"].contains("schema"));
  CHECK(json["tags"][0]["key"] == "mlflow.data.context");
  auto back = codec::DecodeDatasetInput(json);
  REQUIRE(back.ok());
  CHECK(back->dataset.source == R"({"uri": "/x"})");
}

TEST_CASE("run status and view type names", "[codec]") {
  CHECK(std::string(RunStatusName(RunStatus::kKilled)) == "KILLED");
  CHECK(RunStatusFromName("SCHEDULED") == RunStatus::kScheduled);
  CHECK_FALSE(RunStatusFromName("finished"));
  CHECK(std::string(ViewTypeName(ViewType::kDeletedOnly)) == "DELETED_ONLY");
  CHECK(ViewTypeFromName("all") == ViewType::kAll);
  CHECK(ViewTypeFromName("Active_Only") == ViewType::kActiveOnly);
  CHECK_FALSE(ViewTypeFromName("some"));
}

TEST_CASE("DecodeInt64 refuses numbers that are not whole or do not fit in 64 bits", "[codec]") {
  // 1e23 converted to int64 was undefined behaviour (found by fuzz_response_decoding).
  CHECK(DecodeInt64(Json(1.11111e23), "step").status().code() == ErrorCode::kInvalidResponse);
  CHECK(DecodeInt64(Json(9223372036854775808.0), "step").status().code() == ErrorCode::kInvalidResponse);
  CHECK(DecodeInt64(Json(1.5), "step").status().code() == ErrorCode::kInvalidResponse);
  CHECK(DecodeInt64(Json(18446744073709551615ULL), "step").status().code() == ErrorCode::kInvalidResponse);
  CHECK(DecodeInt64(Json(1700000000000.0), "timestamp").value() == 1700000000000);
  CHECK(DecodeInt64(Json(-3), "step").value() == -3);
  CHECK(DecodeInt64(Json("42"), "step").value() == 42);
}
