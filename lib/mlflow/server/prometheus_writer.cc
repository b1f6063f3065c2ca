#include "mlflow/server/prometheus_writer.h"

#include <cmath>

#include <fmt/format.h>

namespace mlflow::server {

void PrometheusWriter::Family(std::string_view name, std::string_view type, std::string_view help) {
  fmt::format_to(std::back_inserter(out_), "# HELP {}{} {}\n# TYPE {}{} {}\n", kMetricPrefix, name, help, kMetricPrefix,
                 name, type);
}

void PrometheusWriter::Begin(std::string_view name, Labels labels) {
  out_.append(kMetricPrefix).append(name);
  if (labels.size() == 0) {
    out_.push_back(' ');
    return;
  }
  out_.push_back('{');
  bool first = true;
  for (const auto& [key, value] : labels) {
    if (!first) out_.push_back(',');
    first = false;
    out_.append(key).append("=\"").append(EscapeLabel(value)).push_back('"');
  }
  out_.append("} ");
}

void PrometheusWriter::Sample(std::string_view name, Labels labels, double value) {
  Begin(name, labels);
  out_.append(FormatValue(value)).push_back('\n');
}

void PrometheusWriter::Sample(std::string_view name, Labels labels, uint64_t value) {
  Begin(name, labels);
  fmt::format_to(std::back_inserter(out_), "{}\n", value);
}

std::string PrometheusWriter::EscapeLabel(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out.append("\\\\");
    } else if (c == '"') {
      out.append("\\\"");
    } else if (c == '\n') {
      out.append("\\n");
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string PrometheusWriter::FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);
}

}  // namespace mlflow::server
