#include "mlflow/pipeline/validate_stage.h"

#include <fmt/format.h>

#include "mlflow/pipeline/run_logging.h"
#include "mlflow/pipeline/stage_run.h"

namespace mlflow::pipeline {
namespace {

Status LogValidateRun(MlflowClient& client, const ValidateStageOptions& options, const ValidationReport& report) {
  StageRunOptions run_options;
  run_options.stage = "validate";
  run_options.experiment = options.experiment;
  run_options.inputs = options.input.data_paths;
  if (!options.input.reference_path.empty()) run_options.inputs.push_back(options.input.reference_path);
  run_options.tags.push_back({"validation.passed", report.Passed() ? "true" : "false"});
  MLFLOW_ASSIGN_OR_RETURN(ActiveRun run, StartStageRun(client, run_options));
  std::string files;
  for (const auto& path : options.input.data_paths) files += (files.empty() ? "" : ",") + path;
  MLFLOW_RETURN_IF_ERROR(run.LogParam("data", files.substr(0, 6000)));
  MLFLOW_RETURN_IF_ERROR(run.LogParam("reference", options.input.reference_path));
  MLFLOW_RETURN_IF_ERROR(run.LogParam("format", options.input.format.Name()));
  MLFLOW_RETURN_IF_ERROR(run.LogParam("min_rows", std::to_string(options.checks.min_rows)));
  MLFLOW_RETURN_IF_ERROR(run.LogParam("max_class_distance", fmt::format("{}", options.checks.max_class_distance)));
  for (const auto& finding : report.findings) {
    MLFLOW_RETURN_IF_ERROR(run.LogParam("severity." + finding.check, SeverityName(finding.severity)));
    if (!finding.skipped)
      MLFLOW_RETURN_IF_ERROR(run.LogMetric("count." + finding.check, static_cast<double>(finding.count)));
  }
  MLFLOW_RETURN_IF_ERROR(run.LogMetric("rows", static_cast<double>(report.rows)));
  MLFLOW_RETURN_IF_ERROR(run.LogMetric("passed", report.Passed() ? 1 : 0));
  if (const Finding* balance = report.Find(kCheckClassBalance);
      balance && balance->details.contains("js_distance") && balance->details["js_distance"].is_number()) {
    MLFLOW_RETURN_IF_ERROR(run.LogMetric("class_js_distance", balance->details["js_distance"].get<double>()));
  }
  MLFLOW_RETURN_IF_ERROR(LogJsonArtifact(client, run.run_id(), "validation_report.json", report.ToJson()));
  return run.End();
}

}  // namespace

Result<ValidationReport> RunValidate(const ValidateStageOptions& options, MlflowClient* client) {
  if (options.report_path.empty()) return InvalidArgument("validate: no report path given");
  MLFLOW_ASSIGN_OR_RETURN(ValidationReport report, ValidateData(options.input, options.checks));
  MLFLOW_RETURN_IF_ERROR(WriteJsonFile(options.report_path, report.ToJson()));
  if (client)
    MLFLOW_RETURN_IF_ERROR(LogValidateRun(*client, options, report).WithContext("validate: logging to MLflow"));
  return report;
}

}  // namespace mlflow::pipeline
