#include "log_batch_file.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include "mlflow/core/text.h"

namespace mlflow::cli {
namespace {

std::string ReadAll(const std::string& path) {
  if (path == "-") return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(IoError("cannot read '" + path + "'"));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw Error(IoError("error while reading '" + path + "'"));
  return text.str();
}

[[noreturn]] void Invalid(const std::string& path, const std::string& where, const std::string& what) {
  throw CheckFailed(path + ": " + where + " " + what);
}

std::string RequiredKey(const Json& entry, const std::string& path, const std::string& where) {
  if (!entry.is_object()) Invalid(path, where, "is not an object");
  auto it = entry.find("key");
  if (it == entry.end() || !it->is_string()) Invalid(path, where, "needs a string \"key\"");
  return it->get<std::string>();
}

std::string TextValue(const Json& entry, const std::string& path, const std::string& where) {
  auto it = entry.find("value");
  if (it == entry.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number() || it->is_boolean()) return DumpJson(*it);
  Invalid(path, where, "has a \"value\" that is not a string");
}

int64_t IntegerField(const Json& entry, const char* field, int64_t fallback, const std::string& path,
                     const std::string& where) {
  auto it = entry.find(field);
  if (it == entry.end() || it->is_null()) return fallback;
  auto decoded = DecodeInt64(*it, field);
  if (!decoded.ok() || it->is_number_float()) Invalid(path, where, std::string("has a non-integer \"") + field + "\"");
  return *decoded;
}

const Json& List(const Json& body, const char* name, const std::string& path) {
  static const Json kEmpty = Json::array();
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return kEmpty;
  if (!it->is_array()) Invalid(path, std::string("\"") + name + "\"", "is not a list");
  return *it;
}

}  // namespace

std::optional<double> ParseMetricValue(const std::string& text) {
  const std::string lower = AsciiLowercase(text);
  if (lower == "nan") return std::numeric_limits<double>::quiet_NaN();
  if (lower == "inf" || lower == "infinity" || lower == "+inf" || lower == "+infinity") {
    return std::numeric_limits<double>::infinity();
  }
  if (lower == "-inf" || lower == "-infinity") return -std::numeric_limits<double>::infinity();
  if (text.empty() || std::isspace(static_cast<unsigned char>(text.front()))) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || errno == ERANGE) return std::nullopt;
  return value;
}

LogBatchRequest ReadLogBatchFile(const std::string& path, int64_t now_millis) {
  auto parsed = ParseJson(ReadAll(path), path);
  if (!parsed.ok()) throw CheckFailed(parsed.status().message());
  const Json& body = *parsed;
  if (!body.is_object()) throw CheckFailed(path + ": expected a JSON object with metrics, params and tags");

  LogBatchRequest request;
  request.run_id = GetString(body, "run_id");
  const Json& metrics = List(body, "metrics", path);
  for (size_t i = 0; i < metrics.size(); ++i) {
    std::string where = "metrics[" + std::to_string(i) + "]";
    Metric metric;
    metric.key = RequiredKey(metrics[i], path, where);
    auto value = metrics[i].find("value");
    if (value == metrics[i].end()) Invalid(path, where, "needs a \"value\"");
    std::optional<double> number;
    if (value->is_number()) number = value->get<double>();
    if (value->is_string()) number = ParseMetricValue(value->get<std::string>());
    if (!number) Invalid(path, where, "has a \"value\" that is not a number, NaN or ±Infinity");
    metric.value = *number;
    metric.timestamp = IntegerField(metrics[i], "timestamp", now_millis, path, where);
    metric.step = IntegerField(metrics[i], "step", 0, path, where);
    request.metrics.push_back(std::move(metric));
  }
  const Json& params = List(body, "params", path);
  for (size_t i = 0; i < params.size(); ++i) {
    std::string where = "params[" + std::to_string(i) + "]";
    request.params.push_back({RequiredKey(params[i], path, where), TextValue(params[i], path, where)});
  }
  const Json& tags = List(body, "tags", path);
  for (size_t i = 0; i < tags.size(); ++i) {
    std::string where = "tags[" + std::to_string(i) + "]";
    request.tags.push_back({RequiredKey(tags[i], path, where), TextValue(tags[i], path, where)});
  }
  return request;
}

}  // namespace mlflow::cli
