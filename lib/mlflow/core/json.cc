#include "mlflow/core/json.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace mlflow {

Result<Json> ParseJson(std::string_view text, std::string_view what) {
  Json parsed = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    std::string preview(text.substr(0, 120));
    return Status(ErrorCode::kInvalidResponse,
                  std::string(what) + " is not valid JSON" + (preview.empty() ? " (empty body)" : ": " + preview));
  }
  return parsed;
}

std::string DumpJson(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json EncodeDouble(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  return value;
}

Result<double> DecodeDouble(const Json& value, std::string_view field) {
  if (value.is_number()) return value.get<double>();
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    if (s == "NaN" || s == "nan") return std::numeric_limits<double>::quiet_NaN();
    if (s == "Infinity" || s == "inf") return std::numeric_limits<double>::infinity();
    if (s == "-Infinity" || s == "-inf") return -std::numeric_limits<double>::infinity();
    char* end = nullptr;
    errno = 0;
    double parsed = std::strtod(s.c_str(), &end);
    if (!s.empty() && end == s.c_str() + s.size() && errno == 0) return parsed;
  }
  return Status(ErrorCode::kInvalidResponse, "field '" + std::string(field) + "' is not a number: " + DumpJson(value));
}

Result<int64_t> DecodeInt64(const Json& value, std::string_view field) {
  if (value.is_number_unsigned()) {
    if (value.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return static_cast<int64_t>(value.get<uint64_t>());
    }
  } else if (value.is_number_integer()) {
    return value.get<int64_t>();
  }
  if (value.is_number_float()) {
    // Only whole numbers that fit: 2^63 itself does not (found by fuzz_response_decoding).
    double number = value.get<double>();
    if (std::isfinite(number) && number == std::trunc(number) && number >= -9223372036854775808.0 &&
        number < 9223372036854775808.0) {
      return static_cast<int64_t>(number);
    }
  }
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    char* end = nullptr;
    errno = 0;
    long long parsed = std::strtoll(s.c_str(), &end, 10);
    if (!s.empty() && end == s.c_str() + s.size() && errno == 0) return static_cast<int64_t>(parsed);
  }
  return Status(ErrorCode::kInvalidResponse,
                "field '" + std::string(field) + "' is not an integer: " + DumpJson(value));
}

std::string GetString(const Json& object, std::string_view key, std::string fallback) {
  if (!object.is_object()) return fallback;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return fallback;
  if (it->is_string()) return it->get<std::string>();
  return DumpJson(*it);
}

std::optional<int64_t> GetOptionalInt64(const Json& object, std::string_view key) {
  if (!object.is_object()) return std::nullopt;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  auto decoded = DecodeInt64(*it, key);
  if (!decoded.ok()) return std::nullopt;
  return *decoded;
}

int64_t GetInt64(const Json& object, std::string_view key, int64_t fallback) {
  return GetOptionalInt64(object, key).value_or(fallback);
}

const Json& GetArray(const Json& object, std::string_view key) {
  static const Json kEmpty = Json::array();
  if (!object.is_object()) return kEmpty;
  auto it = object.find(key);
  return (it != object.end() && it->is_array()) ? *it : kEmpty;
}

const Json& GetObject(const Json& object, std::string_view key) {
  static const Json kEmpty = Json::object();
  if (!object.is_object()) return kEmpty;
  auto it = object.find(key);
  return (it != object.end() && it->is_object()) ? *it : kEmpty;
}

}  // namespace mlflow
