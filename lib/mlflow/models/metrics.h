// Classification metrics: the SemEval-2017 Task 4A measures and the confusion matrix.
//
// macro_recall is the official metric (AvgRec: the mean of per-class recall); f1_pn is the
// mean F1 of the "positive" and "negative" classes (NaN when the label set lacks either);
// per-class precision/recall/F1 use 0 when the denominator is 0 (scikit-learn's default).
// Pure functions over values; thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace mlflow::models {

struct ClassMetrics {
  std::string label;
  double precision = 0.0;
  double recall = 0.0;
  double f1 = 0.0;
  size_t support = 0;    // true examples of this class
  size_t predicted = 0;  // examples predicted as this class
};

struct Evaluation {
  std::vector<std::string> labels;
  std::vector<std::vector<size_t>> confusion;  // [true class][predicted class]
  std::vector<ClassMetrics> per_class;
  size_t total = 0;
  double accuracy = 0.0;
  double macro_recall = 0.0;
  double macro_precision = 0.0;
  double macro_f1 = 0.0;
  double f1_pn = 0.0;  // NaN when "positive" or "negative" is not a label

  // Flat metric names for MLflow: macro_recall, f1_pn, accuracy, macro_f1, macro_precision,
  // recall_<label>, precision_<label>, f1_<label>; each prefixed with `prefix`. NaN omitted.
  std::map<std::string, double> ToMetricMap(const std::string& prefix = "") const;
  // {"labels": [...], "matrix": [[...]], "metrics": {...}, "per_class": [...]}, pretty-printed.
  std::string ToJson() const;
};

// Both vectors hold class indices in [0, labels.size()); entries outside are ignored.
Evaluation Evaluate(const std::vector<int>& truth, const std::vector<int>& predicted,
                    const std::vector<std::string>& labels);

// Metrics of a given square confusion matrix ([true][predicted]).
Evaluation EvaluateConfusion(const std::vector<std::vector<size_t>>& confusion, const std::vector<std::string>& labels);

// Macro recall alone, cheaply (used inside training loops).
double MacroRecall(const std::vector<int>& truth, const std::vector<int>& predicted, int classes);

}  // namespace mlflow::models
