#include "mlflow/models/metrics.h"

#include <cmath>
#include <limits>

#include "mlflow/core/json.h"

namespace mlflow::models {
namespace {

double Ratio(double numerator, double denominator) { return denominator > 0 ? numerator / denominator : 0.0; }

}  // namespace

Evaluation EvaluateConfusion(const std::vector<std::vector<size_t>>& confusion,
                             const std::vector<std::string>& labels) {
  Evaluation e;
  e.labels = labels;
  e.confusion = confusion;
  const size_t k = labels.size();
  e.confusion.resize(k);
  for (auto& row : e.confusion) row.resize(k, 0);
  size_t correct = 0;
  for (size_t t = 0; t < k; ++t) {
    for (size_t p = 0; p < k; ++p) e.total += e.confusion[t][p];
    correct += e.confusion[t][t];
  }
  e.accuracy = Ratio(static_cast<double>(correct), static_cast<double>(e.total));
  int positive = -1;
  int negative = -1;
  for (size_t c = 0; c < k; ++c) {
    ClassMetrics m;
    m.label = labels[c];
    for (size_t other = 0; other < k; ++other) {
      m.support += e.confusion[c][other];
      m.predicted += e.confusion[other][c];
    }
    double tp = static_cast<double>(e.confusion[c][c]);
    m.precision = Ratio(tp, static_cast<double>(m.predicted));
    m.recall = Ratio(tp, static_cast<double>(m.support));
    m.f1 = Ratio(2 * m.precision * m.recall, m.precision + m.recall);
    e.macro_recall += m.recall;
    e.macro_precision += m.precision;
    e.macro_f1 += m.f1;
    if (labels[c] == "positive") positive = static_cast<int>(c);
    if (labels[c] == "negative") negative = static_cast<int>(c);
    e.per_class.push_back(std::move(m));
  }
  if (k > 0) {
    e.macro_recall /= static_cast<double>(k);
    e.macro_precision /= static_cast<double>(k);
    e.macro_f1 /= static_cast<double>(k);
  }
  e.f1_pn = positive >= 0 && negative >= 0 ? (e.per_class[positive].f1 + e.per_class[negative].f1) / 2.0
                                           : std::numeric_limits<double>::quiet_NaN();
  return e;
}

Evaluation Evaluate(const std::vector<int>& truth, const std::vector<int>& predicted,
                    const std::vector<std::string>& labels) {
  const int k = static_cast<int>(labels.size());
  std::vector<std::vector<size_t>> confusion(k, std::vector<size_t>(k, 0));
  for (size_t i = 0; i < truth.size() && i < predicted.size(); ++i) {
    if (truth[i] < 0 || truth[i] >= k || predicted[i] < 0 || predicted[i] >= k) continue;
    ++confusion[truth[i]][predicted[i]];
  }
  return EvaluateConfusion(confusion, labels);
}

double MacroRecall(const std::vector<int>& truth, const std::vector<int>& predicted, int classes) {
  std::vector<double> hits(classes, 0.0);
  std::vector<double> support(classes, 0.0);
  for (size_t i = 0; i < truth.size() && i < predicted.size(); ++i) {
    if (truth[i] < 0 || truth[i] >= classes) continue;
    support[truth[i]] += 1.0;
    if (predicted[i] == truth[i]) hits[truth[i]] += 1.0;
  }
  double sum = 0.0;
  for (int c = 0; c < classes; ++c) sum += Ratio(hits[c], support[c]);
  return classes > 0 ? sum / classes : 0.0;
}

std::map<std::string, double> Evaluation::ToMetricMap(const std::string& prefix) const {
  std::map<std::string, double> metrics{{prefix + "accuracy", accuracy},
                                        {prefix + "macro_recall", macro_recall},
                                        {prefix + "macro_precision", macro_precision},
                                        {prefix + "macro_f1", macro_f1}};
  if (!std::isnan(f1_pn)) metrics[prefix + "f1_pn"] = f1_pn;
  for (const auto& m : per_class) {
    metrics[prefix + "precision_" + m.label] = m.precision;
    metrics[prefix + "recall_" + m.label] = m.recall;
    metrics[prefix + "f1_" + m.label] = m.f1;
  }
  return metrics;
}

std::string Evaluation::ToJson() const {
  Json json;
  json["labels"] = labels;
  json["matrix"] = confusion;
  json["total"] = total;
  Json metrics = Json::object();
  for (const auto& [name, value] : ToMetricMap()) metrics[name] = value;
  json["metrics"] = metrics;
  Json classes = Json::array();
  for (const auto& m : per_class) {
    classes.push_back({{"label", m.label},
                       {"precision", m.precision},
                       {"recall", m.recall},
                       {"f1", m.f1},
                       {"support", m.support},
                       {"predicted", m.predicted}});
  }
  json["per_class"] = classes;
  return json.dump(2, ' ', false, Json::error_handler_t::replace);
}

}  // namespace mlflow::models
