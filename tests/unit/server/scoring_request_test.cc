#include <catch2/catch.hpp>

#include "mlflow/server/scoring_request.h"

using namespace mlflow::server;
using mlflow::ErrorCode;

namespace {

const InputLimits kLimits;
const std::vector<std::string> kTwo = {"good day", "bad day"};

ScoringRequest ParseOk(const std::string& body, const std::string& type = "application/json") {
  auto parsed = ParseScoringRequest(type, body, kLimits);
  INFO(body);
  INFO((parsed.ok() ? std::string("ok") : parsed.status().ToString()));
  REQUIRE(parsed.ok());
  return parsed.value();
}

mlflow::Status ParseError(const std::string& body, const std::string& type = "application/json",
                          const InputLimits& limits = kLimits) {
  auto parsed = ParseScoringRequest(type, body, limits);
  INFO(body);
  REQUIRE_FALSE(parsed.ok());
  return parsed.status();
}

}  // namespace

TEST_CASE("dataframe_split with columns, a single column, and an index", "[scoring]") {
  auto r = ParseOk(R"({"dataframe_split": {"columns": ["text"], "data": [["good day"], ["bad day"]]}})");
  CHECK(r.texts == kTwo);
  CHECK(r.shape == "dataframe_split");
  r = ParseOk(
      R"({"dataframe_split": {"index": [0, 1], "columns": ["id", "text"], "data": [[1, "good day"], [2, "bad day"]]}})");
  CHECK(r.texts == kTwo);
  r = ParseOk(R"({"dataframe_split": {"columns": ["tweet"], "data": [["good day"], ["bad day"]]}})");
  CHECK(r.texts == kTwo);  // the only column, whatever its name
  r = ParseOk(R"({"dataframe_split": {"data": ["good day", "bad day"]}})");
  CHECK(r.texts == kTwo);  // rows as scalars without columns
}

TEST_CASE("dataframe_records", "[scoring]") {
  auto r = ParseOk(R"({"dataframe_records": [{"text": "good day"}, {"text": "bad day", "id": 7}]})");
  CHECK(r.texts == kTwo);
  r = ParseOk(R"({"dataframe_records": [{"tweet": "good day"}, {"tweet": "bad day"}]})");
  CHECK(r.texts == kTwo);
}

TEST_CASE("instances and inputs, list and dict forms", "[scoring]") {
  CHECK(ParseOk(R"({"instances": ["good day", "bad day"]})").texts == kTwo);
  CHECK(ParseOk(R"({"instances": [{"text": "good day"}, {"text": "bad day"}]})").texts == kTwo);
  CHECK(ParseOk(R"({"instances": [["good day"], ["bad day"]]})").texts == kTwo);
  CHECK(ParseOk(R"({"inputs": ["good day", "bad day"]})").texts == kTwo);
  CHECK(ParseOk(R"({"inputs": {"text": ["good day", "bad day"]}})").texts == kTwo);
  CHECK(ParseOk(R"({"inputs": {"text": "good day"}})").texts == std::vector<std::string>{"good day"});
}

TEST_CASE("params are read and unknown params refused", "[scoring]") {
  auto r = ParseOk(R"({"inputs": ["x"], "params": {"return_probabilities": false, "request_id": "abc"}})");
  CHECK_FALSE(r.params.return_probabilities);
  CHECK(r.params.request_id == "abc");
  auto error = ParseError(R"({"inputs": ["x"], "params": {"temperature": 2}})");
  CHECK(error.http_status() == 400);
  CHECK_THAT(error.message(), Catch::Contains("temperature"));
  CHECK(ParseError(R"({"inputs": ["x"], "params": {"return_probabilities": "no"}})").http_status() == 400);
}

TEST_CASE("CSV with a header, quotes, CRLF and a text column among others", "[scoring]") {
  auto r = ParseOk("text\ngood day\nbad day\n", "text/csv");
  CHECK(r.texts == kTwo);
  CHECK(r.shape == "csv");
  r = ParseOk("id,text\r\n1,\"good day\"\r\n2,\"bad day\"\r\n", "text/csv; charset=utf-8");
  CHECK(r.texts == kTwo);
  r = ParseOk("text\n\"she said \"\"hi\"\", then left\"\n\"two\nlines\"\n", "text/csv");
  CHECK(r.texts == std::vector<std::string>{"she said \"hi\", then left", "two\nlines"});
}

TEST_CASE("content types: JSON with a UTF-8 charset, CSV; others are 415", "[scoring][bad-input]") {
  CHECK(ParseOk(R"({"inputs": ["x"]})", "Application/JSON; charset=UTF-8").texts.size() == 1);
  CHECK(ParseError(R"({"inputs": ["x"]})", "text/plain").http_status() == 415);
  CHECK(ParseError(R"({"inputs": ["x"]})", "").http_status() == 415);
  CHECK(ParseError(R"({"inputs": ["x"]})", "application/json; charset=latin-1").http_status() == 415);
  CHECK(ParseError("a=b", "application/x-www-form-urlencoded").http_status() == 415);
}

TEST_CASE("malformed JSON is a 400 BAD_REQUEST naming the position", "[scoring][bad-input]") {
  auto error = ParseError(R"({"inputs": ["x",]})");
  CHECK(error.http_status() == 400);
  CHECK(error.code() == ErrorCode::kBadRequest);
  CHECK_THAT(error.message(), Catch::Contains("malformed JSON"));
  CHECK(ParseError("").http_status() == 400);
  CHECK(ParseError("   ").http_status() == 400);
  CHECK(ParseError("[\"x\"]").http_status() == 400);  // not an object
  CHECK(ParseError(R"({"inputs": ["x"]} trailing)").http_status() == 400);
}

TEST_CASE("wrong shapes get messages that say what was expected", "[scoring][bad-input]") {
  CHECK_THAT(ParseError(R"({"texts": ["x"]})").message(), Catch::Contains("exactly one of"));
  CHECK_THAT(ParseError(R"({"params": {}})").message(), Catch::Contains("none of"));
  CHECK_THAT(ParseError(R"({"inputs": ["x"], "instances": ["y"]})").message(), Catch::Contains("both"));
  CHECK_THAT(ParseError(R"({"inputs": [1, 2]})").message(), Catch::Contains("must be a string"));
  CHECK_THAT(ParseError(R"({"inputs": [null]})").message(), Catch::Contains("missing text"));
  CHECK_THAT(ParseError(R"({"dataframe_split": {"columns": ["a", "b"], "data": [["x", "y"]]}})").message(),
             Catch::Contains("no 'text' column"));
  CHECK_THAT(ParseError(R"({"dataframe_split": {"columns": ["text", "id"], "data": [["x"]]}})").message(),
             Catch::Contains("expected 2"));
  CHECK_THAT(ParseError(R"({"dataframe_records": ["x"]})").message(), Catch::Contains("must be an object"));
  CHECK_THAT(ParseError(R"({"dataframe_records": [{"a": "x", "b": "y"}]})").message(),
             Catch::Contains("no 'text' field"));
  CHECK(ParseError(R"({"instances": "x"})").http_status() == 400);
  CHECK(ParseError(R"({"dataframe_split": [["x"]]})").http_status() == 400);
}

TEST_CASE("empty and oversized batches, over-long texts", "[scoring][bad-input]") {
  CHECK_THAT(ParseError(R"({"inputs": []})").message(), Catch::Contains("empty"));
  CHECK_THAT(ParseError("text\n", "text/csv").message(), Catch::Contains("empty"));
  InputLimits small;
  small.max_batch = 2;
  small.max_text_bytes = 5;
  CHECK_THAT(ParseError(R"({"inputs": ["a", "b", "c"]})", "application/json", small).message(),
             Catch::Contains("3 texts; the limit is 2"));
  CHECK_THAT(ParseError("text\na\nb\nc\n", "text/csv", small).message(), Catch::Contains("limit is 2"));
  CHECK_THAT(ParseError(R"({"inputs": ["abcdefgh"]})", "application/json", small).message(),
             Catch::Contains("8 bytes long"));
}

TEST_CASE("invalid UTF-8 and deep nesting are refused before parsing", "[scoring][bad-input]") {
  std::string body = "{\"inputs\": [\"ab\xC3\x28\"]}";
  auto error = ParseError(body);
  CHECK(error.http_status() == 400);
  CHECK_THAT(error.message(), Catch::Contains("not valid UTF-8") && Catch::Contains("offset 15"));
  CHECK_THAT(ParseError("text\nab\xFF\n", "text/csv").message(), Catch::Contains("UTF-8"));
  CHECK(ParseError(R"({"inputs": ["\ud800"]})").http_status() == 400);  // lone surrogate escape
  std::string deep = "{\"inputs\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  CHECK_THAT(ParseError(deep).message(), Catch::Contains("nests deeper than 32"));
}

TEST_CASE("malformed CSV", "[scoring][bad-input]") {
  CHECK_THAT(ParseError("text\n\"unterminated\n", "text/csv").message(), Catch::Contains("unterminated quote"));
  CHECK_THAT(ParseError("id,text\n1,a,extra\n", "text/csv").message(), Catch::Contains("has 3 fields"));
  CHECK_THAT(ParseError("text\n\"a\"b\n", "text/csv").message(), Catch::Contains("after a closing quote"));
  CHECK_THAT(ParseError("", "text/csv").message(), Catch::Contains("empty"));
}
