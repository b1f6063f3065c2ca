#include "tracking_output.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "mlflow/tracking/entity_codec.h"

namespace mlflow::cli {
namespace {

Json TagsToJson(const std::map<std::string, std::string>& tags) {
  Json out = Json::array();
  for (const auto& [key, value] : tags) out.push_back({{"key", key}, {"value", value}});
  return out;
}

std::string OrDash(const std::string& text) { return text.empty() ? "-" : text; }

}  // namespace

std::string FormatMetricValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buffer[32];
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

Json ExperimentToJson(const Experiment& experiment) {
  return Json{{"experiment_id", experiment.experiment_id},
              {"name", experiment.name},
              {"artifact_location", experiment.artifact_location},
              {"lifecycle_stage", experiment.lifecycle_stage},
              {"creation_time", experiment.creation_time},
              {"last_update_time", experiment.last_update_time},
              {"tags", TagsToJson(experiment.tags)}};
}

Json RunInfoToJson(const RunInfo& info) {
  Json out{{"run_id", info.run_id},
           {"run_name", info.run_name},
           {"experiment_id", info.experiment_id},
           {"user_id", info.user_id},
           {"status", RunStatusName(info.status)},
           {"start_time", info.start_time},
           {"artifact_uri", info.artifact_uri},
           {"lifecycle_stage", info.lifecycle_stage}};
  if (info.end_time) out["end_time"] = *info.end_time;
  return out;
}

Json RunToJson(const Run& run) {
  Json metrics = Json::array();
  for (const auto& metric : run.data.metrics) metrics.push_back(codec::EncodeMetric(metric));
  Json params = Json::array();
  for (const auto& param : run.data.params) params.push_back(codec::EncodeParam(param));
  Json inputs = Json::array();
  for (const auto& input : run.dataset_inputs) inputs.push_back(codec::EncodeDatasetInput(input));
  return Json{{"info", RunInfoToJson(run.info)},
              {"data", {{"metrics", metrics}, {"params", params}, {"tags", TagsToJson(run.data.tags)}}},
              {"inputs", {{"dataset_inputs", inputs}}}};
}

void PrintExperiment(const Experiment& experiment, bool json) {
  if (json) return PrintJson(ExperimentToJson(experiment));
  std::vector<std::vector<std::string>> rows{{"experiment_id", experiment.experiment_id},
                                             {"name", experiment.name},
                                             {"artifact_location", experiment.artifact_location},
                                             {"lifecycle_stage", experiment.lifecycle_stage},
                                             {"creation_time", FormatTimestamp(experiment.creation_time)},
                                             {"last_update_time", FormatTimestamp(experiment.last_update_time)}};
  for (const auto& [key, value] : experiment.tags) rows.push_back({"tag " + key, value});
  PrintTable({"FIELD", "VALUE"}, rows);
}

void PrintExperiments(const std::vector<Experiment>& experiments, const std::string& next_page_token, bool json) {
  if (json) {
    Json list = Json::array();
    for (const auto& experiment : experiments) list.push_back(ExperimentToJson(experiment));
    Json out{{"experiments", list}};
    if (!next_page_token.empty()) out["next_page_token"] = next_page_token;
    return PrintJson(out);
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : experiments) {
    rows.push_back({e.experiment_id, e.name, e.lifecycle_stage, FormatTimestamp(e.creation_time), e.artifact_location});
  }
  PrintTable({"EXPERIMENT_ID", "NAME", "STAGE", "CREATED (UTC)", "ARTIFACT_LOCATION"}, rows);
  if (!next_page_token.empty()) std::cout << "(more results: --page-token " << next_page_token << ")\n";
}

void PrintRun(const Run& run, bool json) {
  if (json) return PrintJson(RunToJson(run));
  const RunInfo& info = run.info;
  PrintTable({"FIELD", "VALUE"}, {{"run_id", info.run_id},
                                  {"run_name", info.run_name},
                                  {"experiment_id", info.experiment_id},
                                  {"status", RunStatusName(info.status)},
                                  {"start_time", FormatTimestamp(info.start_time)},
                                  {"end_time", info.end_time ? FormatTimestamp(*info.end_time) : ""},
                                  {"user_id", info.user_id},
                                  {"artifact_uri", info.artifact_uri},
                                  {"lifecycle_stage", info.lifecycle_stage}});
  if (!run.data.params.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& param : run.data.params) rows.push_back({param.key, param.value});
    std::cout << "\n";
    PrintTable({"PARAM", "VALUE"}, rows);
  }
  if (!run.data.metrics.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& m : run.data.metrics) {
      rows.push_back({m.key, FormatMetricValue(m.value), std::to_string(m.step), FormatTimestamp(m.timestamp)});
    }
    std::cout << "\n";
    PrintTable({"METRIC (LATEST)", "VALUE", "STEP", "TIME (UTC)"}, rows);
  }
  if (!run.data.tags.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& [key, value] : run.data.tags) rows.push_back({key, value});
    std::cout << "\n";
    PrintTable({"TAG", "VALUE"}, rows);
  }
  if (!run.dataset_inputs.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& input : run.dataset_inputs) {
      rows.push_back({input.dataset.name, input.dataset.digest, input.dataset.source_type});
    }
    std::cout << "\n";
    PrintTable({"DATASET", "DIGEST", "SOURCE_TYPE"}, rows);
  }
}

void PrintRuns(const std::vector<Run>& runs, const std::string& next_page_token, bool json) {
  if (json) {
    Json list = Json::array();
    for (const auto& run : runs) list.push_back(RunToJson(run));
    Json out{{"runs", list}};
    if (!next_page_token.empty()) out["next_page_token"] = next_page_token;
    return PrintJson(out);
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& run : runs) {
    const RunInfo& info = run.info;
    rows.push_back({info.run_id, OrDash(info.run_name), info.experiment_id, RunStatusName(info.status),
                    FormatTimestamp(info.start_time), info.end_time ? FormatTimestamp(*info.end_time) : "-"});
  }
  PrintTable({"RUN_ID", "NAME", "EXPERIMENT_ID", "STATUS", "START (UTC)", "END (UTC)"}, rows);
  if (!next_page_token.empty()) std::cout << "(more results: --page-token " << next_page_token << ")\n";
}

}  // namespace mlflow::cli
