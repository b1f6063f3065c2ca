#include "mlflow/server/reference_distribution.h"

#include <cmath>
#include <fstream>
#include <limits>
#include <numeric>
#include <sstream>

namespace mlflow::server {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A statistic written either as {"<name>": {"<field>": x}} or as a flat "<flat>": x.
double ReadStat(const Json& doc, const std::vector<const char*>& names, const std::vector<const char*>& fields,
                const std::vector<const char*>& flats) {
  for (const char* name : names) {
    auto it = doc.find(name);
    if (it == doc.end()) continue;
    if (it->is_number()) return it->get<double>();
    if (!it->is_object()) continue;
    for (const char* field : fields) {
      auto f = it->find(field);
      if (f != it->end() && f->is_number()) return f->get<double>();
    }
  }
  for (const char* flat : flats) {
    auto it = doc.find(flat);
    if (it != doc.end() && it->is_number()) return it->get<double>();
  }
  return kNaN;
}

Json NumberOrNull(double value) { return std::isfinite(value) ? Json(value) : Json(nullptr); }

}  // namespace

ReferenceDistribution::ReferenceDistribution()
    : mean_confidence(kNaN), mean_entropy(kNaN), mean_oov_rate(kNaN), mean_length(kNaN), std_length(kNaN) {}

ReferenceDistribution ReferenceFromSummary(const TrafficSummary& summary, std::vector<std::string> classes,
                                           std::string source) {
  ReferenceDistribution ref;
  ref.classes = std::move(classes);
  ref.class_fractions = summary.ClassFractions();
  ref.count = summary.count;
  ref.mean_confidence = summary.MeanConfidence();
  ref.mean_entropy = summary.MeanEntropy();
  ref.mean_oov_rate = summary.MeanOovRate();
  ref.mean_length = summary.MeanLength();
  ref.std_length = summary.StdLength();
  ref.source = std::move(source);
  return ref;
}

Json ReferenceToJson(const ReferenceDistribution& ref) {
  Json fractions = Json::object();
  for (size_t i = 0; i < ref.classes.size() && i < ref.class_fractions.size(); ++i) {
    fractions[ref.classes[i]] = NumberOrNull(ref.class_fractions[i]);
  }
  return Json{{"format", "mlflowcpp-reference/1"},
              {"count", ref.count},
              {"classes", ref.classes},
              {"predicted_class_fractions", fractions},
              {"confidence", {{"mean", NumberOrNull(ref.mean_confidence)}}},
              {"entropy", {{"mean", NumberOrNull(ref.mean_entropy)}}},
              {"oov_rate", {{"mean", NumberOrNull(ref.mean_oov_rate)}}},
              {"text_length", {{"mean", NumberOrNull(ref.mean_length)}, {"std", NumberOrNull(ref.std_length)}}}};
}

Result<ReferenceDistribution> ParseReference(const Json& doc, const std::vector<std::string>& classes,
                                             std::string source) {
  if (!doc.is_object()) return InvalidArgument("reference " + source + ": expected a JSON object");
  const Json* mix = nullptr;
  for (const char* key : {"predicted_class_fractions", "predicted_class_fraction", "predicted_class_distribution",
                          "class_distribution", "class_fractions"}) {
    if (auto it = doc.find(key); it != doc.end() && (it->is_object() || it->is_array())) {
      mix = &*it;
      break;
    }
  }
  if (!mix) return InvalidArgument("reference " + source + ": no predicted-class distribution");
  std::vector<std::string> names;
  for (const char* key : {"classes", "labels"}) {
    if (auto it = doc.find(key); names.empty() && it != doc.end() && it->is_array()) {
      for (const auto& c : *it) {
        if (c.is_string()) names.push_back(c.get<std::string>());
      }
    }
  }
  std::vector<double> values;
  if (mix->is_object()) {
    names.clear();
    for (auto it = mix->begin(); it != mix->end(); ++it) {
      if (!it->is_number())
        return InvalidArgument("reference " + source + ": class '" + it.key() + "' is not a number");
      names.push_back(it.key());
      values.push_back(it->get<double>());
    }
  } else {
    for (const auto& v : *mix) {
      if (!v.is_number()) return InvalidArgument("reference " + source + ": class mix holds a non-number");
      values.push_back(v.get<double>());
    }
    if (names.size() != values.size()) {
      return InvalidArgument("reference " + source + ": the class mix and 'classes' differ in length");
    }
  }
  ReferenceDistribution ref;
  ref.source = std::move(source);
  ref.classes = classes.empty() ? names : classes;
  ref.class_fractions.assign(ref.classes.size(), 0.0);
  for (size_t i = 0; i < ref.classes.size(); ++i) {
    bool found = false;
    for (size_t j = 0; j < names.size(); ++j) {
      if (names[j] == ref.classes[i]) {
        ref.class_fractions[i] = values[j];
        found = true;
      }
    }
    if (!found) {
      return InvalidArgument("reference " + ref.source + ": no fraction for the model's class '" + ref.classes[i] +
                             "'");
    }
  }
  double total = std::accumulate(ref.class_fractions.begin(), ref.class_fractions.end(), 0.0);
  if (!(total > 0)) return InvalidArgument("reference " + ref.source + ": the class mix sums to zero");
  for (double& f : ref.class_fractions) f /= total;  // counts work too
  for (const char* key : {"count", "rows", "n"}) {
    if (auto it = doc.find(key); ref.count == 0 && it != doc.end() && it->is_number()) ref.count = it->get<int64_t>();
  }
  ref.mean_confidence = ReadStat(doc, {"confidence"}, {"mean"}, {"mean_confidence"});
  ref.mean_entropy = ReadStat(doc, {"entropy"}, {"mean"}, {"mean_entropy"});
  ref.mean_oov_rate = ReadStat(doc, {"oov_rate"}, {"mean"}, {"mean_oov_rate"});
  ref.mean_length = ReadStat(doc, {"text_length", "text_length_chars"}, {"mean"}, {"mean_text_length"});
  ref.std_length = ReadStat(doc, {"text_length", "text_length_chars"}, {"std", "stddev"}, {"std_text_length"});
  return ref;
}

Result<ReferenceDistribution> LoadReferenceFile(const std::string& path, const std::vector<std::string>& classes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot open reference file " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  MLFLOW_ASSIGN_OR_RETURN(Json doc, ParseJson(buffer.str(), "reference file " + path));
  return ParseReference(doc, classes, path);
}

Status SaveReferenceFile(const ReferenceDistribution& reference, const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return IoError("cannot write reference file " + path);
  out << ReferenceToJson(reference).dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
  if (!out.flush()) return IoError("cannot write reference file " + path);
  return Status::Ok();
}

Result<ReferenceDistribution> ComputeReference(const Predictor& predictor, const std::vector<std::string>& texts,
                                               std::string source, size_t batch_size) {
  const size_t k = predictor.classes().size();
  TrafficSummary summary(k);
  if (batch_size == 0) batch_size = 512;
  for (size_t start = 0; start < texts.size(); start += batch_size) {
    std::vector<std::string> chunk(texts.begin() + start, texts.begin() + std::min(texts.size(), start + batch_size));
    MLFLOW_ASSIGN_OR_RETURN(PredictionBatch batch, predictor.PredictBatch(chunk));
    MLFLOW_RETURN_IF_ERROR(ValidatePredictionBatch(batch, chunk.size(), k));
    for (const TextObservation& o : Observe(chunk, batch, k)) summary.Add(o);
  }
  if (summary.count == 0) return InvalidArgument("cannot compute a reference from no texts");
  return ReferenceFromSummary(summary, predictor.classes(), std::move(source));
}

}  // namespace mlflow::server
