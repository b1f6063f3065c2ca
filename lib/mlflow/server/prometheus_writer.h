// PrometheusWriter: text exposition format 0.0.4 — `# HELP`/`# TYPE` once per family, then
// samples `name{label="value"} number`. Label values are escaped (\\, \", \n); numbers are
// written shortest-round-trip, with NaN/+Inf/-Inf spelled as Prometheus expects. Not
// thread-safe (one writer per scrape); never throws on content.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace mlflow::server {

// The metric name prefix of everything the server exports.
inline constexpr std::string_view kMetricPrefix = "mlflowcpp_";

class PrometheusWriter {
 public:
  using Labels = std::initializer_list<std::pair<std::string_view, std::string_view>>;

  // type: "counter", "gauge" or "histogram". `name` is appended to kMetricPrefix.
  void Family(std::string_view name, std::string_view type, std::string_view help);
  void Sample(std::string_view name, Labels labels, double value);
  void Sample(std::string_view name, Labels labels, uint64_t value);
  void Sample(std::string_view name, double value) { Sample(name, {}, value); }

  const std::string& text() const { return out_; }
  std::string Take() { return std::move(out_); }

  static std::string EscapeLabel(std::string_view value);
  static std::string FormatValue(double value);

 private:
  void Begin(std::string_view name, Labels labels);
  std::string out_;
};

}  // namespace mlflow::server
