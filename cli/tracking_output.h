// How the tracking commands print experiments and runs: JSON in MLflow's REST shape
// (--json) or readable tables. Metric values use MLflow's wire spelling for NaN/±Infinity.
#pragma once

#include <string>
#include <vector>

#include "cli_common.h"

namespace mlflow::cli {

Json ExperimentToJson(const Experiment& experiment);
Json RunInfoToJson(const RunInfo& info);
Json RunToJson(const Run& run);

// A metric value as a table cell: shortest text that reads back exactly; "NaN", "Infinity".
std::string FormatMetricValue(double value);

void PrintExperiment(const Experiment& experiment, bool json);
void PrintExperiments(const std::vector<Experiment>& experiments, const std::string& next_page_token, bool json);
void PrintRun(const Run& run, bool json);
void PrintRuns(const std::vector<Run>& runs, const std::string& next_page_token, bool json);

}  // namespace mlflow::cli
