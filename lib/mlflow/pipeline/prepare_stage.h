// The `prepare` stage: turns the raw SemEval files into the pipeline's training and
// validation files.
//
// Source (params.yaml `prepare` section):
//   data_dir         directory of *.tsv files, relative to `root` (the repository root) unless
//                    absolute. Default: ../shared/data/semeval2017-task4a
//   url + sha256     when url is set: exactly the files named in the `sha256` mapping
//                    (name -> pinned SHA-256) are used, fetched from <url>/<name> into
//                    data_dir (created if missing; a verified download cache: a file already
//                    there with the pinned checksum is not fetched again) and verified
//                    (verified_download.h); a mismatch fails and leaves data_dir untouched.
//   validation_file  the held-out file. Default: twitter-2016devtest-A.tsv
//   drop_duplicate_texts / drop_conflicting_texts  (default true) within the training
//                    files, keep the first copy of a repeated text / drop every copy of a text
//                    labelled differently.
// Training = every other *.tsv, with duplicate and conflicting ids resolved as the models'
// loader does and every row whose id or text appears in the validation file dropped.
// Output: <output>/train.tsv and <output>/validation.tsv hold the original lines (so later
// stages decode exactly what the loader decodes), and a deterministic JSON summary (counts,
// source digests) that is returned and written to `summary_path` when set.
// Failures: kIoError, kInvalidParameterValue (params, unusable files), download errors,
// kChecksumMismatch. When `client` is given, the stage logs a run (params, counts, datasets).
#pragma once

#include <optional>
#include <string>

#include "mlflow/client/mlflow_client.h"
#include "mlflow/core/json.h"
#include "mlflow/core/result.h"
#include "mlflow/pipeline/params_file.h"

namespace mlflow::pipeline {

inline constexpr const char* kDefaultDataDir = "../shared/data/semeval2017-task4a";

struct PrepareOptions {
  Params params;
  std::string root = ".";    // what a relative data_dir is resolved against
  std::string output_dir;    // required
  std::string summary_path;  // optional JSON summary (a DVC metrics file)
  std::string experiment;    // MLflow experiment (stage_run.h defaults)
};

Result<Json> RunPrepare(const PrepareOptions& options, MlflowClient* client);

}  // namespace mlflow::pipeline
