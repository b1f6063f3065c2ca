// mlflow-cpp prepare | validate: the data stages of the sentiment pipeline.
//
//   mlflow-cpp prepare  --config params.yaml --output DIR [--root DIR] [--summary FILE]
//   mlflow-cpp validate --data FILE... [--reference FILE] --report report.json
//                       [--fail-on CHECKS] [--warn-on CHECKS] [--off CHECKS] [--min-rows N]
//                       [--max-class-distance X] [--max-text-length N] [--allow-extra-columns]
// validate exits 1 when a check configured to fail finds something; prepare exits 1 when a
// downloaded file does not match its pinned SHA-256.
#include <filesystem>

#include "cli_common.h"
#include "pipeline_cli_util.h"

#include "mlflow/pipeline/prepare_stage.h"
#include "mlflow/pipeline/validate_stage.h"
#include "mlflow/pipeline/verified_download.h"

namespace mlflow::cli {
namespace {

struct PrepareArgs {
  std::string config = "params.yaml";
  std::string output;
  std::string root;
  std::string summary;
  std::string experiment;
};

struct ValidateArgs {
  std::vector<std::string> data;
  std::string reference;
  std::string report;
  std::string fail_on, warn_on, off;
  size_t min_rows = 1;
  double max_class_distance = 0.1;
  size_t max_text_length = 0;
  double text_length_mad_factor = 6.0;
  bool allow_extra_columns = false;
  std::string experiment;
  DataFormatArgs format;
};

// The repository root: --root, else the git checkout enclosing the working directory, else ".".
std::string RepositoryRoot(const std::string& flag) {
  if (!flag.empty()) return flag;
  namespace fs = std::filesystem;
  std::error_code ec;
  for (fs::path dir = fs::current_path(ec); !ec && !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / ".git", ec)) return dir.string();
    if (dir == dir.root_path()) break;
  }
  return ".";
}

int Prepare(const GlobalOptions& options, const PrepareArgs& args) {
  auto params = pipeline::Params::Load(args.config);
  if (!params.ok()) throw UsageError(params.status().message());
  pipeline::PrepareOptions prepare;
  prepare.params = params.value();
  prepare.root = RepositoryRoot(args.root);
  prepare.output_dir = args.output;
  prepare.summary_path = args.summary;
  prepare.experiment = args.experiment;
  auto client = OptionalClient(options);
  if (!client) Note("prepare", "no tracking URI (--tracking-uri or MLFLOW_TRACKING_URI): not logging to MLflow");
  auto summary = pipeline::RunPrepare(prepare, client ? &*client : nullptr);
  if (!summary.ok()) {
    if (summary.status().code() == pipeline::kChecksumMismatch) throw CheckFailed(summary.status().message());
    if (summary.status().code() == ErrorCode::kInvalidParameterValue) throw UsageError(summary.status().message());
    throw Error(summary.status());
  }
  const Json& s = summary.value();
  if (options.json) {
    PrintJson(s);
  } else {
    std::cout << "prepared " << s["train"]["rows"] << " training and " << s["validation"]["rows"]
              << " validation rows from " << s["source"]["location"].get<std::string>() << " into " << args.output
              << "\n";
    for (const auto& [key, value] : s["dropped"].items()) {
      if (value.get<size_t>() > 0) std::cout << "  dropped " << key << ": " << value << "\n";
    }
  }
  return kExitOk;
}

int Validate(const GlobalOptions& options, const ValidateArgs& args) {
  pipeline::ValidateStageOptions stage;
  stage.input.data_paths = args.data;
  stage.input.reference_path = args.reference;
  stage.input.format = args.format.ToFormat();
  stage.report_path = args.report;
  stage.experiment = args.experiment;
  auto& checks = stage.checks;
  checks.allowed_labels = SplitList(args.format.labels);
  checks.min_rows = args.min_rows;
  checks.max_class_distance = args.max_class_distance;
  checks.max_text_length = args.max_text_length;
  checks.text_length_mad_factor = args.text_length_mad_factor;
  checks.allow_extra_columns = args.allow_extra_columns;
  for (const auto& [list, severity] :
       {std::pair{&args.fail_on, pipeline::Severity::kFail}, std::pair{&args.warn_on, pipeline::Severity::kWarn},
        std::pair{&args.off, pipeline::Severity::kOff}}) {
    Status status = checks.SetSeverities(*list, severity);
    if (!status.ok()) throw UsageError(status.message());
  }
  auto client = OptionalClient(options);
  if (!client) Note("validate", "no tracking URI (--tracking-uri or MLFLOW_TRACKING_URI): not logging to MLflow");
  pipeline::ValidationReport report = pipeline::RunValidate(stage, client ? &*client : nullptr).value();
  if (options.json)
    PrintJson(report.ToJson());
  else
    std::cout << report.Summary();
  if (!report.Passed()) {
    std::string failed;
    for (const auto& check : report.FailedChecks()) failed += (failed.empty() ? "" : ", ") + check;
    throw CheckFailed("validation failed: " + failed + " (report: " + args.report + ")");
  }
  return kExitOk;
}

}  // namespace

void RegisterPipelineDataCommands(CLI::App& app, CommandRegistry& registry) {
  GlobalOptions& options = registry.options();

  auto prepare_args = std::make_shared<PrepareArgs>();
  CLI::App* prepare =
      app.add_subcommand("prepare", "Split the raw data into training and validation files (pipeline stage)");
  prepare->add_option("--config", prepare_args->config, "params.yaml with a `prepare` section")->capture_default_str();
  prepare->add_option("--output", prepare_args->output, "Output directory (train.tsv, validation.tsv)")->required();
  prepare->add_option("--root", prepare_args->root,
                      "Repository root that prepare.data_dir is relative to (default: the enclosing git checkout)");
  prepare->add_option("--summary", prepare_args->summary, "Write the JSON summary (counts, digests) here");
  prepare->add_option("--experiment", prepare_args->experiment,
                      "MLflow experiment (default: $MLFLOW_EXPERIMENT_NAME or tweet-sentiment)");
  registry.Bind(prepare, [&options, prepare_args] { return Prepare(options, *prepare_args); });

  auto args = std::make_shared<ValidateArgs>();
  CLI::App* validate =
      app.add_subcommand("validate", "Validate labelled data files and write a JSON report (pipeline stage)");
  validate->add_option("--data", args->data, "Data files, validated together")->required();
  validate->add_option("--reference", args->reference, "Reference file for class balance and overlap");
  validate->add_option("--report", args->report, "Where to write the JSON report")->required();
  validate->add_option("--fail-on", args->fail_on, "Checks that fail validation, comma-separated (or 'all')");
  validate->add_option("--warn-on", args->warn_on, "Checks that only warn, comma-separated");
  validate->add_option("--off", args->off, "Checks to skip, comma-separated");
  validate->add_option("--min-rows", args->min_rows, "Row-count floor")->capture_default_str();
  validate
      ->add_option("--max-class-distance", args->max_class_distance,
                   "Largest Jensen-Shannon distance of the label mix to the reference's")
      ->capture_default_str();
  validate->add_option("--max-text-length", args->max_text_length, "Hard bound on text length in code points (0: none)")
      ->capture_default_str();
  validate
      ->add_option("--text-length-mad-factor", args->text_length_mad_factor,
                   "Length outliers: this many robust SDs from the median")
      ->capture_default_str();
  validate->add_flag("--allow-extra-columns", args->allow_extra_columns,
                     "csv/tsv: accept columns besides id/label/text");
  validate->add_option("--experiment", args->experiment,
                       "MLflow experiment (default: $MLFLOW_EXPERIMENT_NAME or tweet-sentiment)");
  args->format.AddTo(validate);
  registry.Bind(validate, [&options, args] { return Validate(options, *args); });
}

}  // namespace mlflow::cli
