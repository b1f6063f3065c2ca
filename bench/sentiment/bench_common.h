// Helpers shared by the sentiment benchmark programs: flags, clocks, memory, JSON lines.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "mlflow/models/dataset.h"
#include "mlflow/models/training_config.h"

namespace mlflow::bench {

// "--key value" and "--flag" arguments; a flag without value maps to "true".
std::map<std::string, std::string> ParseFlags(int argc, char** argv);

double WallSeconds();
double CpuSeconds();  // user + system time of the whole process
double PeakRssMegabytes();

// A preset name ("baseline", "best", a model type) or key=value params separated by ";".
models::TrainingConfig ConfigFromSpec(const std::string& spec);

// Writes {"label": ..., "text": ...} lines (UTF-8, one example per line).
void WriteJsonLines(const models::Dataset& data, const std::string& path);

}  // namespace mlflow::bench
