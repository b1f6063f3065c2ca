#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "fake_mlflow.h"
#include "mlflow/fluent/log_batch_body.h"

using namespace mlflow;
using mlflow::fluent::AppendJsonDouble;
using mlflow::fluent::AppendJsonString;
using mlflow::fluent::DecodeLogBatchBody;
using mlflow::fluent::EncodeLogBatchBody;
using mlflow::fluent::JsonStringSize;

namespace {
std::string Str(std::string_view text) {
  std::string out;
  AppendJsonString(out, text);
  return out;
}
std::string Dbl(double value) {
  std::string out;
  AppendJsonDouble(out, value);
  return out;
}
}  // namespace

TEST_CASE("JSON strings are escaped like nlohmann's dump") {
  for (std::string text : {std::string("plain"), std::string("quote\" back\\slash"), std::string("tab\tnew\nline\r"),
                           std::string("ctl\x01\x1f"), std::string("utf8 \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"),
                           std::string("nul\0inside", 10)}) {
    CHECK(Str(text) == DumpJson(Json(text)));
    CHECK(JsonStringSize(text) == Str(text).size());
  }
}

TEST_CASE("invalid UTF-8 is replaced, never thrown") {
  std::string bad =
      "a\xFF"
      "b\xC3";  // stray byte, truncated sequence
  CHECK(Str(bad) ==
        "\"a\xEF\xBF\xBD"
        "b\xEF\xBF\xBD\"");
  CHECK(Str("\xED\xA0\x80") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");  // a surrogate is not UTF-8
  CHECK(ParseJson(Str(bad)).ok());
}

TEST_CASE("metric values: shortest round trip, NaN and infinities as strings") {
  CHECK(Dbl(0.1) == "0.1");
  CHECK(Dbl(3) == "3");
  CHECK(Dbl(-2.5e-300) == "-2.5e-300");
  CHECK(Dbl(std::numeric_limits<double>::quiet_NaN()) == "\"NaN\"");
  CHECK(Dbl(std::numeric_limits<double>::infinity()) == "\"Infinity\"");
  CHECK(Dbl(-std::numeric_limits<double>::infinity()) == "\"-Infinity\"");
  double tricky = 0.30000000000000004;
  CHECK(std::stod(Dbl(tricky)) == tricky);
}

TEST_CASE("a log-batch body round-trips") {
  LogBatchRequest batch;
  batch.run_id = "abc123";
  batch.metrics.push_back(testing::Point("loss", 0.25, 1700000000123, 7));
  batch.metrics.push_back(testing::Point("nan/metric", std::numeric_limits<double>::quiet_NaN(), 1, -3));
  batch.metrics.push_back(testing::Point("inf", -std::numeric_limits<double>::infinity(), 2, 0));
  batch.params.push_back({"lr", "0.01"});
  batch.tags.push_back({"note", "multi\nline \"quoted\""});
  std::string body = EncodeLogBatchBody(batch);
  auto json = ParseJson(body);
  REQUIRE(json.ok());
  auto decoded = DecodeLogBatchBody(*json);
  REQUIRE(decoded.ok());
  CHECK(decoded->run_id == "abc123");
  REQUIRE(decoded->metrics.size() == 3);
  CHECK(decoded->metrics[0].key == "loss");
  CHECK(decoded->metrics[0].value == 0.25);
  CHECK(decoded->metrics[0].timestamp == 1700000000123);
  CHECK(decoded->metrics[0].step == 7);
  CHECK(std::isnan(decoded->metrics[1].value));
  CHECK(decoded->metrics[1].step == -3);
  CHECK(decoded->metrics[2].value == -std::numeric_limits<double>::infinity());
  REQUIRE(decoded->params.size() == 1);
  CHECK(decoded->params[0].value == "0.01");
  REQUIRE(decoded->tags.size() == 1);
  CHECK(decoded->tags[0].value == "multi\nline \"quoted\"");
}

TEST_CASE("empty lists are left out of the body") {
  LogBatchRequest batch;
  batch.run_id = "r";
  batch.params.push_back({"a", "b"});
  CHECK(EncodeLogBatchBody(batch) == R"({"run_id":"r","params":[{"key":"a","value":"b"}]})");
}

TEST_CASE("the size estimates bound the encoded size") {
  LogBatchRequest batch;
  batch.run_id = "0123456789abcdef0123456789abcdef";
  std::string key(250, 'k');
  size_t estimate = fluent::BatchEnvelopeBytes(JsonStringSize(batch.run_id));
  for (int i = 0; i < 1000; ++i) {
    batch.metrics.push_back(testing::Point(key, -1.2345678901234567e-308, std::numeric_limits<int64_t>::min(),
                                           std::numeric_limits<int64_t>::min()));
    estimate += fluent::MetricBodyBytes(JsonStringSize(key));
  }
  batch.params.push_back({"p", std::string(100, '"')});
  estimate += fluent::KeyValueBodyBytes(JsonStringSize("p"), JsonStringSize(std::string(100, '"')));
  CHECK(EncodeLogBatchBody(batch).size() <= estimate);
}

TEST_CASE("malformed journal batches are rejected with the field named") {
  auto missing_run = DecodeLogBatchBody(Json{{"metrics", Json::array()}});
  CHECK(missing_run.status().message().find("run_id") != std::string::npos);
  auto bad_value =
      DecodeLogBatchBody(Json::parse(R"({"run_id":"r","metrics":[{"key":"k","value":"x","timestamp":1}]})"));
  CHECK_FALSE(bad_value.ok());
}
