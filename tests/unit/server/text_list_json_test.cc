#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "mlflow/server/json_guard.h"
#include "mlflow/server/scoring_request.h"
#include "mlflow/server/text_list_json.h"

using namespace mlflow::server;

namespace {

// What the full parser makes of `body` when it has the fast path's shape; nullopt otherwise.
std::optional<TextListJson> FullParser(std::string_view body) {
  auto doc = ParseRequestJson(body);
  if (!doc.ok() || !doc->is_object() || doc->size() != 1) return std::nullopt;
  auto it = doc->begin();
  if ((it.key() != "inputs" && it.key() != "instances") || !it->is_array() || it->empty()) return std::nullopt;
  TextListJson result{it.key(), {}};
  for (const auto& item : *it) {
    if (!item.is_string()) return std::nullopt;
    result.texts.push_back(item.get<std::string>());
  }
  return result;
}

// Returns whether the fast path took the body.
bool CheckAgainstFullParser(const std::string& body) {
  INFO("body: " << body);
  std::optional<TextListJson> fast = ParseTextListJson(body);
  if (!fast) return false;  // declined: the full parser decides, nothing to compare
  std::optional<TextListJson> full = FullParser(body);
  REQUIRE(full.has_value());
  CHECK(fast->key == full->key);
  CHECK(fast->texts == full->texts);
  return true;
}

}  // namespace

TEST_CASE("The text-list fast path reads the common bodies as the full parser does", "[scoring][fast-json]") {
  const std::string taken[] = {
      R"({"inputs": ["good day"]})",
      R"({"instances":["a","b","c"]})",
      " \r\n{ \"inputs\" :\t[ \"x\" , \"y\" ] }\n",
      R"({"inputs": ["quote \" backslash \\ slash \/ \b\f\n\r\t"]})",
      R"({"inputs": ["caf\u00e9 \u00E9 \u20ac \ud83d\ude00 smile"]})",
      "{\"inputs\": [\"raw UTF-8: caf\xC3\xA9 \xF0\x9F\x98\x80\"]}",
      R"({"inputs": [""]})",
      R"({"in\u0070uts": ["escaped key"]})",
  };
  for (const auto& body : taken) {
    INFO(body);
    CHECK(ParseTextListJson(body).has_value());
    CheckAgainstFullParser(body);
  }
  const std::string declined[] = {
      R"({"inputs": []})",
      R"({"inputs": ["a"], "params": {"return_probabilities": false}})",
      R"({"inputs": [["nested"]]})",
      R"({"inputs": ["a", 1]})",
      R"({"inputs": ["a", null]})",
      R"({"dataframe_split": {"columns": ["text"], "data": [["a"]]}})",
      R"({"inputs": {"text": ["a"]}})",
      R"({"inputs": ["lone \ud800 high"]})",
      R"({"inputs": ["lone \udc00 low"]})",
      R"({"inputs": ["nul \u0000"]})",
      R"({"inputs": ["bad \x escape"]})",
      R"({"inputs": ["short \u12"]})",
      "{\"inputs\": [\"raw\ttab\"]}",
      "{\"inputs\": [\"bad \xFF byte\"]}",
      R"({"inputs": ["a",]})",
      R"({"inputs": ["a"]} trailing)",
      R"({"inputs": ["unterminated]})",
      "\xEF\xBB\xBF{\"inputs\": [\"bom\"]}",
      R"(["a"])",
      "",
  };
  for (const auto& body : declined) {
    INFO(body);
    CHECK_FALSE(ParseTextListJson(body).has_value());
  }
}

TEST_CASE("The text-list fast path never disagrees with the full parser on random bodies", "[scoring][fast-json]") {
  std::mt19937 rng(20261126);
  const std::string pieces[] = {"a",
                                "Z",
                                " ",
                                "\\\"",
                                "\\\\",
                                "\\/",
                                "\\n",
                                "\\u00e9",
                                "\\uD83D\\uDE00",
                                "\\ud800",
                                "\\u0041",
                                "\\t",
                                "\xC3\xA9",
                                "\xF0\x9F\x98\x80",
                                "\\x",
                                "\"",
                                ",",
                                "]",
                                "\t",
                                "\\u"};
  std::uniform_int_distribution<size_t> piece(0, std::size(pieces) - 1);
  std::uniform_int_distribution<int> count(0, 4);
  std::uniform_int_distribution<int> length(0, 6);
  int taken = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string body = round % 2 ? "{\"inputs\": [" : "{ \"instances\":[";
    const int items = count(rng);
    for (int i = 0; i < items; ++i) {
      if (i) body += ", ";
      body += '"';
      for (int k = length(rng); k > 0; --k) body += pieces[piece(rng)];
      body += '"';
    }
    body += "]}";
    if (round % 5 == 0 && !body.empty()) {  // and a mutated byte now and then
      std::uniform_int_distribution<size_t> at(0, body.size() - 1);
      body[at(rng)] = static_cast<char>(rng() & 0xFF);
    }
    taken += CheckAgainstFullParser(body) ? 1 : 0;
  }
  CHECK(taken > 2000);  // the comparison ran on many bodies, not only on declined ones
}

TEST_CASE("Scoring requests take the fast path with the same result", "[scoring][fast-json]") {
  const InputLimits limits;
  auto fast = ParseScoringRequest("application/json", R"({"inputs": ["good \"day\"", "caf\u00e9"]})", limits);
  // The same texts through the full parser: params defeat the fast path.
  auto full = ParseScoringRequest(
      "application/json", R"({"inputs": ["good \"day\"", "caf\u00e9"], "params": {"return_probabilities": true}})",
      limits);
  REQUIRE(fast.ok());
  REQUIRE(full.ok());
  CHECK(fast->texts == full->texts);
  CHECK(fast->shape == full->shape);
  CHECK(fast->params.return_probabilities == full->params.return_probabilities);
  CHECK(fast->params.request_id.empty());
  // Limits apply after either path.
  InputLimits small;
  small.max_batch = 1;
  auto over = ParseScoringRequest("application/json", R"({"inputs": ["a", "b"]})", small);
  REQUIRE_FALSE(over.ok());
  CHECK(over.status().message().find("limit is 1") != std::string::npos);
}
