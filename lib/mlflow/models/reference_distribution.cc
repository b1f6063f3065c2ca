#include "mlflow/models/reference_distribution.h"

#include <algorithm>
#include <cmath>

#include "mlflow/core/json.h"

namespace mlflow::models {
namespace {

Json SummaryToJson(const NumericSummary& s) {
  return Json{{"mean", s.mean}, {"stddev", s.stddev}, {"min", s.min}, {"p05", s.p05},
              {"p50", s.p50},   {"p95", s.p95},       {"max", s.max}};
}

bool ReadNumber(const Json& object, const char* key, double* out) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return false;
  *out = it->get<double>();
  return true;
}

bool SummaryFromJson(const Json& json, NumericSummary* s) {
  return json.is_object() && ReadNumber(json, "mean", &s->mean) && ReadNumber(json, "stddev", &s->stddev) &&
         ReadNumber(json, "min", &s->min) && ReadNumber(json, "p05", &s->p05) && ReadNumber(json, "p50", &s->p50) &&
         ReadNumber(json, "p95", &s->p95) && ReadNumber(json, "max", &s->max);
}

bool ReadDoubles(const Json& object, const char* key, std::vector<double>* out) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return false;
  out->clear();
  for (const auto& v : *it) {
    if (!v.is_number()) return false;
    out->push_back(v.get<double>());
  }
  return true;
}

}  // namespace

NumericSummary NumericSummary::Of(std::vector<double> values) {
  NumericSummary s;
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  double sum = 0.0;
  for (double v : values) sum += v;
  s.mean = sum / static_cast<double>(values.size());
  double squares = 0.0;
  for (double v : values) squares += (v - s.mean) * (v - s.mean);
  s.stddev = std::sqrt(squares / static_cast<double>(values.size()));
  auto rank = [&](double q) {
    size_t index = static_cast<size_t>(std::ceil(q * static_cast<double>(values.size())));
    return values[std::min(values.size() - 1, index == 0 ? 0 : index - 1)];
  };
  s.min = values.front();
  s.max = values.back();
  s.p05 = rank(0.05);
  s.p50 = rank(0.5);
  s.p95 = rank(0.95);
  return s;
}

std::string ReferenceDistribution::ToJson() const {
  Json json{{"format_version", kFormatVersion},
            {"dataset", {{"name", dataset_name}, {"digest", dataset_digest}, {"rows", rows}}},
            {"labels", labels},
            {"predicted_class_fraction", predicted_class_fraction},
            {"true_class_fraction", true_class_fraction},
            {"mean_confidence", mean_confidence},
            {"confidence_histogram", confidence_histogram},
            {"oov_rate", oov_rate},
            {"text_length_chars", SummaryToJson(text_length_chars)},
            {"token_count", SummaryToJson(token_count)}};
  return json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Result<ReferenceDistribution> ReferenceDistribution::FromJson(std::string_view text) {
  Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  auto fail = [](const std::string& why) { return InvalidArgument("reference distribution: " + why); };
  if (json.is_discarded() || !json.is_object()) return fail("not a JSON object");
  double version = 0;
  if (!ReadNumber(json, "format_version", &version) || version != kFormatVersion) {
    return fail("missing or unsupported format_version");
  }
  ReferenceDistribution r;
  const Json& dataset = GetObject(json, "dataset");
  r.dataset_name = GetString(dataset, "name");
  r.dataset_digest = GetString(dataset, "digest");
  r.rows = static_cast<size_t>(GetInt64(dataset, "rows"));
  auto labels = json.find("labels");
  if (labels == json.end() || !labels->is_array()) return fail("missing labels");
  for (const auto& label : *labels) {
    if (!label.is_string()) return fail("labels must be strings");
    r.labels.push_back(label.get<std::string>());
  }
  if (!ReadDoubles(json, "predicted_class_fraction", &r.predicted_class_fraction) ||
      !ReadDoubles(json, "true_class_fraction", &r.true_class_fraction) ||
      !ReadDoubles(json, "confidence_histogram", &r.confidence_histogram) ||
      !ReadNumber(json, "mean_confidence", &r.mean_confidence) || !ReadNumber(json, "oov_rate", &r.oov_rate) ||
      !SummaryFromJson(GetObject(json, "text_length_chars"), &r.text_length_chars) ||
      !SummaryFromJson(GetObject(json, "token_count"), &r.token_count)) {
    return fail("missing or malformed field");
  }
  if (r.predicted_class_fraction.size() != r.labels.size()) return fail("one predicted fraction per label expected");
  return r;
}

}  // namespace mlflow::models
