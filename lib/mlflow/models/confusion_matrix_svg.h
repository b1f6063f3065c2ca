// Renders a confusion matrix as a standalone SVG image (the MLflow UI displays SVG artifacts).
//
// Rows are true classes, columns predicted classes; each cell shows the count and the share
// of its row (per-class recall on the diagonal), shaded by that share. The title line carries
// accuracy and macro-recall. Labels are XML-escaped. Pure function; thread-safe.
#pragma once

#include <string>

#include "mlflow/models/metrics.h"

namespace mlflow::models {

struct SvgOptions {
  std::string title = "Confusion matrix";  // Default: "Confusion matrix".
  int cell_size = 96;                      // pixels. Default: 96.
};

std::string RenderConfusionMatrixSvg(const Evaluation& evaluation, const SvgOptions& options = {});

}  // namespace mlflow::models
