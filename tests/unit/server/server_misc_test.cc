// Small pieces: UTF-8 validation, the JSON guard, CSV, routing, the JSON writer, references.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>

#include "fake_predictor.h"
#include "mlflow/server/csv_table.h"
#include "mlflow/server/json_guard.h"
#include "mlflow/server/json_writer.h"
#include "mlflow/server/reference_distribution.h"
#include "mlflow/server/routes.h"
#include "mlflow/core/utf8.h"
#include "support/test_env.h"

using namespace mlflow::server;
using mlflow::CountCodePoints;
using mlflow::FindInvalidUtf8;
using mlflow::IsValidUtf8;

TEST_CASE("UTF-8 validation", "[utf8]") {
  CHECK(IsValidUtf8("plain ascii, long enough for the fast path"));
  CHECK(IsValidUtf8("caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80"));  // é ✓ 😀
  CHECK(FindInvalidUtf8("ab\xC0\xAF") == 2);                        // overlong
  CHECK(FindInvalidUtf8("\xED\xA0\x80") == 0);                      // surrogate
  CHECK(FindInvalidUtf8("\xF4\x90\x80\x80") == 0);                  // above U+10FFFF
  CHECK(FindInvalidUtf8("12345678\xE2\x9C") == 8);                  // truncated
  CHECK(FindInvalidUtf8("\x80") == 0);
  CHECK(CountCodePoints("caf\xC3\xA9") == 4);
}

TEST_CASE("JSON guard: depth counts ignore brackets in strings", "[json]") {
  CHECK(JsonNestingDepth(R"({"a": "[[[[{{{{"})", 32) == 1);
  CHECK(JsonNestingDepth(R"({"a": "\"[[["})", 32) == 1);
  CHECK(JsonNestingDepth("[[[]]]", 32) == 3);
  CHECK(JsonNestingDepth("[[[]]]", 2) == 3);
  CHECK(ParseRequestJson(R"({"a": [1, 2]})").ok());
  CHECK_FALSE(ParseRequestJson("[[[1]]]", 2).ok());
}

TEST_CASE("CSV edge cases", "[csv]") {
  auto t = ParseCsv("a,b\n1,\n,2");
  REQUIRE(t.ok());
  CHECK(t->rows.size() == 2);
  CHECK(t->rows[0] == std::vector<std::string>{"1", ""});
  CHECK(t->rows[1] == std::vector<std::string>{"", "2"});
  t = ParseCsv("text\n\n\n");  // a blank line inside a one-column file is an empty text
  REQUIRE(t.ok());
  CHECK(t->rows.size() == 1);
}

TEST_CASE("routing", "[routes]") {
  CHECK(MatchRoute("POST", "/invocations").route == Route::kInvocations);
  CHECK(MatchRoute("POST", "/invocations/").route == Route::kInvocations);
  CHECK_FALSE(MatchRoute("GET", "/invocations").method_allowed);
  CHECK(MatchRoute("HEAD", "/ping").method_allowed);
  auto m = MatchRoute("POST", "/v2/models/tweet%2Dsentiment/versions/3/infer");
  CHECK(m.route == Route::kV2Infer);
  CHECK(m.model_name == "tweet-sentiment");
  CHECK(m.model_version == "3");
  CHECK(MatchRoute("GET", "/v2/models/x/ready").route == Route::kV2ModelReady);
  CHECK(MatchRoute("GET", "/v2/models/x/versions/").route == Route::kUnknown);
  CHECK(MatchRoute("GET", "/v2/models/x/other").route == Route::kUnknown);
  CHECK(MatchRoute("GET", "/v2/models/").route == Route::kUnknown);
  CHECK(IsKserveRoute(Route::kV2Infer));
  CHECK_FALSE(IsKserveRoute(Route::kInvocations));
}

TEST_CASE("JSON writer escapes and replaces invalid UTF-8", "[json]") {
  JsonWriter w;
  w.String("a\"b\\c\n\x01").Raw(",").String("bad\xFFz").Raw(",").Number(0.5).Raw(",").Number(std::nan(""));
  CHECK(w.str() == "\"a\\\"b\\\\c\\n\\u0001\",\"bad\xEF\xBF\xBDz\",0.5,null");
}

TEST_CASE("JSON writer numbers print as printf's %.6g and %lld", "[json]") {
  const double values[] = {0.0,  -0.0,    1.0,      0.5,        1.0 / 3.0, 2.0 / 3.0, 0.999999,  0.9999995, 1e-7,
                           1e-5, 123456., 1234567., 6.02214e23, -2.5e-300, 1e300,     0.0001234, 0.1 + 0.2};
  for (double v : values) {
    char expected[32];
    std::snprintf(expected, sizeof expected, "%.6g", v);
    JsonWriter w;
    w.Number(v);
    CHECK(w.str() == expected);
  }
  for (int64_t v : {int64_t{0}, int64_t{-1}, int64_t{42}, INT64_MIN, INT64_MAX}) {
    JsonWriter w;
    w.Integer(v);
    CHECK(w.str() == std::to_string(v));
  }
}

TEST_CASE("reference distributions: compute, save, load, re-order, reject", "[reference]") {
  testing::FakePredictor predictor;
  std::vector<std::string> texts = {"good", "good", "bad", "meh"};
  auto ref = ComputeReference(predictor, texts, "unit");
  REQUIRE(ref.ok());
  CHECK(ref->count == 4);
  CHECK(ref->class_fractions == std::vector<double>{0.25, 0.25, 0.5});
  CHECK(ref->mean_confidence == Approx(0.8));
  std::string path = mlflow::testing::MakeTempDir("reference") + "/reference.json";
  REQUIRE(SaveReferenceFile(*ref, path).ok());
  auto loaded = LoadReferenceFile(path, {"positive", "negative", "neutral"});
  REQUIRE(loaded.ok());
  CHECK(loaded->class_fractions == std::vector<double>{0.5, 0.25, 0.25});
  CHECK(loaded->count == 4);
  CHECK(loaded->mean_length == Approx(ref->mean_length));
  CHECK_FALSE(LoadReferenceFile(path, {"negative", "neutral", "positive", "mixed"}).ok());
  CHECK_FALSE(LoadReferenceFile(path + ".missing", {}).ok());
  auto flat = ParseReference(mlflow::Json::parse(R"({"classes": ["a", "b"], "class_distribution": [3, 1],
                                                      "mean_confidence": 0.9, "n": 40})"),
                             {}, "inline");
  REQUIRE(flat.ok());
  CHECK(flat->class_fractions == std::vector<double>{0.75, 0.25});
  CHECK(flat->mean_confidence == Approx(0.9));
  CHECK(flat->count == 40);
  CHECK(std::isnan(flat->mean_entropy));
}
