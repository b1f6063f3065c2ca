// The `validate` stage: runs data validation (data_validator.h), writes the report JSON (a
// DVC output) and logs a run: params (files, options), metrics (rows, per-check counts,
// passed), the tag validation.passed and the report as an artifact.
//
// The report is written whether or not validation passes; a failed validation is not an
// error Status (the caller decides the exit code from ValidationReport::Passed()).
// Failures: kIoError (unreadable data, unwritable report), MLflow errors when logging.
#pragma once

#include <string>

#include "mlflow/client/mlflow_client.h"
#include "mlflow/core/result.h"
#include "mlflow/pipeline/data_validator.h"

namespace mlflow::pipeline {

struct ValidateStageOptions {
  ValidationInput input;
  ValidationOptions checks;
  std::string report_path;  // required
  std::string experiment;   // stage_run.h defaults
};

// `client` may be null: no MLflow logging.
Result<ValidationReport> RunValidate(const ValidateStageOptions& options, MlflowClient* client);

}  // namespace mlflow::pipeline
