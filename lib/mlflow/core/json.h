// JSON helpers shared by every API area: safe parsing, MLflow's wire conventions.
//
// MLflow sends int64 fields either as JSON numbers or as strings, and NaN/±Infinity metric
// values as the strings "NaN", "Infinity", "-Infinity"; these helpers accept both forms.
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mlflow/core/result.h"

namespace mlflow {

using Json = nlohmann::json;

// Parses text; malformed input is a kInvalidResponse status naming `what`.
Result<Json> ParseJson(std::string_view text, std::string_view what = "response");

// Serialises compactly; invalid UTF-8 in strings is replaced (U+FFFD), never thrown.
std::string DumpJson(const Json& value);

// A double as MLflow's wire expects it: numbers stay numbers, NaN/±Inf become strings.
Json EncodeDouble(double value);
// Accepts numbers and the strings "NaN", "Infinity", "-Infinity" and numeric strings.
Result<double> DecodeDouble(const Json& value, std::string_view field);
// Accepts numbers and decimal strings.
Result<int64_t> DecodeInt64(const Json& value, std::string_view field);

// Field accessors that never throw: a missing or null field gives the fallback.
std::string GetString(const Json& object, std::string_view key, std::string fallback = "");
int64_t GetInt64(const Json& object, std::string_view key, int64_t fallback = 0);
std::optional<int64_t> GetOptionalInt64(const Json& object, std::string_view key);
const Json& GetArray(const Json& object, std::string_view key);   // empty array when missing
const Json& GetObject(const Json& object, std::string_view key);  // empty object when missing

}  // namespace mlflow
