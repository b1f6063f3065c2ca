#include "mlflow/fluent/log_batch_body.h"

#include <charconv>
#include <cmath>

#include "mlflow/core/utf8.h"

namespace mlflow::fluent {
namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Calls emit(piece) for each output piece of the escaped string body (without quotes).
template <typename Emit>
void EscapeInto(std::string_view text, Emit&& emit) {
  size_t run_start = 0;
  size_t i = 0;
  auto flush_run = [&] {
    if (i > run_start) emit(text.substr(run_start, i - run_start));
  };
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      size_t length = Utf8SequenceLength(text, i);
      if (length > 0) {
        i += length;
        continue;
      }
      flush_run();
      emit(kReplacement);
      run_start = ++i;
      continue;
    }
    flush_run();
    switch (c) {
      case '"':
        emit("\\\"");
        break;
      case '\\':
        emit("\\\\");
        break;
      case '\n':
        emit("\\n");
        break;
      case '\r':
        emit("\\r");
        break;
      case '\t':
        emit("\\t");
        break;
      case '\b':
        emit("\\b");
        break;
      case '\f':
        emit("\\f");
        break;
      default: {
        char escaped[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        emit(std::string_view(escaped, sizeof escaped));
      }
    }
    run_start = ++i;
  }
  flush_run();
}

void AppendInt(std::string& out, int64_t value) {
  char buffer[24];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

void AppendKeyValueList(std::string& out, const char* name,
                        const std::vector<std::pair<std::string_view, std::string_view>>& items) {
  if (items.empty()) return;
  out += ",\"";
  out += name;
  out += "\":[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"key\":";
    AppendJsonString(out, items[i].first);
    out += ",\"value\":";
    AppendJsonString(out, items[i].second);
    out += '}';
  }
  out += ']';
}

Status BadField(const std::string& field) {
  return Status(ErrorCode::kInvalidResponse, "log-batch body: field '" + field + "' is missing or malformed");
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  EscapeInto(text, [&out](std::string_view piece) { out.append(piece); });
  out += '"';
}

size_t JsonStringSize(std::string_view text) {
  size_t size = 2;
  EscapeInto(text, [&size](std::string_view piece) { size += piece.size(); });
  return size;
}

void AppendJsonDouble(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "\"NaN\"";
  } else if (std::isinf(value)) {
    out += value > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  } else {
    char buffer[32];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
  }
}

void EncodeLogBatchBody(const LogBatchRequest& batch, std::string& out) {
  out.clear();
  out += "{\"run_id\":";
  AppendJsonString(out, batch.run_id);
  if (!batch.metrics.empty()) {
    out += ",\"metrics\":[";
    for (size_t i = 0; i < batch.metrics.size(); ++i) {
      const Metric& m = batch.metrics[i];
      out += i == 0 ? "{\"key\":" : ",{\"key\":";
      AppendJsonString(out, m.key);
      out += ",\"value\":";
      AppendJsonDouble(out, m.value);
      out += ",\"timestamp\":";
      AppendInt(out, m.timestamp);
      out += ",\"step\":";
      AppendInt(out, m.step);
      out += '}';
    }
    out += ']';
  }
  std::vector<std::pair<std::string_view, std::string_view>> items;
  items.reserve(batch.params.size());
  for (const Param& p : batch.params) items.emplace_back(p.key, p.value);
  AppendKeyValueList(out, "params", items);
  items.clear();
  for (const RunTag& t : batch.tags) items.emplace_back(t.key, t.value);
  AppendKeyValueList(out, "tags", items);
  out += '}';
}

std::string EncodeLogBatchBody(const LogBatchRequest& batch) {
  std::string out;
  EncodeLogBatchBody(batch, out);
  return out;
}

Result<LogBatchRequest> DecodeLogBatchBody(const Json& body) {
  if (!body.is_object()) return BadField("(body)");
  LogBatchRequest batch;
  auto run_id = body.find("run_id");
  if (run_id == body.end() || !run_id->is_string()) return BadField("run_id");
  batch.run_id = run_id->get<std::string>();
  const Json& metrics = GetArray(body, "metrics");
  batch.metrics.reserve(metrics.size());
  for (const Json& m : metrics) {
    Metric metric;
    auto key = m.find("key");
    if (!m.is_object() || key == m.end() || !key->is_string()) return BadField("metrics.key");
    metric.key = key->get<std::string>();
    auto value = m.find("value");
    if (value == m.end()) return BadField("metrics.value");
    MLFLOW_ASSIGN_OR_RETURN(metric.value, DecodeDouble(*value, "metrics.value"));
    auto timestamp = m.find("timestamp");
    if (timestamp == m.end()) return BadField("metrics.timestamp");
    MLFLOW_ASSIGN_OR_RETURN(metric.timestamp, DecodeInt64(*timestamp, "metrics.timestamp"));
    metric.step = GetInt64(m, "step", 0);
    batch.metrics.push_back(std::move(metric));
  }
  for (const char* list : {"params", "tags"}) {
    for (const Json& item : GetArray(body, list)) {
      auto key = item.find("key");
      auto value = item.find("value");
      if (!item.is_object() || key == item.end() || !key->is_string() || value == item.end() || !value->is_string()) {
        return BadField(std::string(list) + ".key/value");
      }
      if (list[0] == 'p') {
        batch.params.push_back({key->get<std::string>(), value->get<std::string>()});
      } else {
        batch.tags.push_back({key->get<std::string>(), value->get<std::string>()});
      }
    }
  }
  return batch;
}

}  // namespace mlflow::fluent
