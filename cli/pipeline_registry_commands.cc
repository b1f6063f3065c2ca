// mlflow-cpp register | promote: the registry stages of the sentiment pipeline.
//
//   mlflow-cpp register --model MODEL_DIR --name NAME [--alias challenger] [--output FILE]
//   mlflow-cpp promote  --name NAME --candidate ALIAS_OR_VERSION --champion-alias champion
//                       --metric macro_recall [--threshold X] [--min-absolute-change X]
//                       [--min-relative-change X] [--lower-is-better] --data FILE...
//                       [--output FILE] [--dry-run] [--skip-decided] [--rollback]
// register prints the version number on stdout (scripts read it). promote exits 0 when the
// candidate passes (promoted, first champion, already champion), 1 when the gate refuses it
// (every failed threshold is printed), 2 on usage errors, 3 on runtime errors.
// `promote --rollback` moves the champion alias back to the previous champion recorded by
// the gate; it needs only --name (and --champion-alias).
#include <iostream>

#include <fmt/format.h>

#include "cli_common.h"
#include "pipeline_cli_util.h"

#include "mlflow/pipeline/data_source.h"
#include "mlflow/pipeline/model_source.h"
#include "mlflow/pipeline/promotion.h"
#include "mlflow/pipeline/register_stage.h"
#include "mlflow/pipeline/rollback.h"
#include "mlflow/pipeline/run_logging.h"

namespace mlflow::cli {
namespace {

struct RegisterArgs {
  std::string model;
  std::string name;
  std::string alias;
  std::string output;
  std::string experiment;
};

struct PromoteArgs {
  std::string name;
  std::string candidate;
  std::string champion_alias = "champion";
  std::string metric;
  std::optional<double> threshold;
  std::optional<double> min_absolute_change;
  std::optional<double> min_relative_change;
  bool lower_is_better = false;
  bool rollback = false;
  bool dry_run = false;
  bool skip_decided = false;
  std::vector<std::string> data;
  std::string output;
  std::string experiment;
  int threads = 0;
  DataFormatArgs format;
};

[[noreturn]] void Fail(const Status& status) {
  if (status.code() == ErrorCode::kInvalidParameterValue) throw UsageError(status.message());
  throw Error(status);
}

void WriteOutput(const std::string& path, const Json& value) {
  if (path.empty()) return;
  Status status = pipeline::WriteJsonFile(path, value);
  if (!status.ok()) throw Error(status);
}

int Register(const GlobalOptions& options, const RegisterArgs& args) {
  MlflowClient client = MakeClient(options);
  pipeline::RegisterStageOptions stage{args.model, args.name, args.alias, args.experiment};
  auto result = pipeline::RunRegister(stage, client);
  if (!result.ok()) Fail(result.status());
  const auto& r = result.value();
  WriteOutput(args.output, r.ToJson());
  if (options.json) {
    PrintJson(r.ToJson());
  } else {
    std::cout << r.version << "\n";
    Note("register", fmt::format("{} {} version {} from run {}{}", r.created ? "registered" : "already registered:",
                                 r.name, r.version, r.run_id, args.alias.empty() ? "" : " (alias " + args.alias + ")"));
  }
  return kExitOk;
}

int Rollback(const GlobalOptions& options, const PromoteArgs& args) {
  MlflowClient client = MakeClient(options);
  auto result = pipeline::Rollback(client, args.name, args.champion_alias, args.dry_run);
  if (!result.ok()) {
    if (result.status().code() == ErrorCode::kInvalidState) throw CheckFailed(result.status().message());
    Fail(result.status());
  }
  WriteOutput(args.output, result.value().ToJson());
  if (options.json)
    PrintJson(result.value().ToJson());
  else
    std::cout << fmt::format("{}: {} {} -> version {} (was version {}){}\n", args.name, args.champion_alias,
                             args.dry_run ? "would move" : "moved back", result.value().to_version,
                             result.value().from_version, args.dry_run ? " [dry run]" : "");
  return kExitOk;
}

// --skip-decided: a version the gate already decided is not gated again.
bool ReportRecordedDecision(MlflowClient& client, const PromoteArgs& args, const GlobalOptions& options) {
  auto version = pipeline::ResolveVersion(client.registry(), args.name, args.candidate);
  if (!version.ok()) Fail(version.status());
  auto decision = version.value().tags.find("gate.decision");
  if (decision == version.value().tags.end()) return false;
  Json recorded{
      {"name", args.name},
      {"candidate_version", version.value().version},
      {"decision", decision->second},
      {"skipped", true},
      {"passed", version.value().tags.count("gate.passed") ? version.value().tags.at("gate.passed") == "true" : true}};
  WriteOutput(args.output, recorded);
  if (options.json)
    PrintJson(recorded);
  else
    std::cout << fmt::format("{} version {}: already decided by the gate ({}); skipped\n", args.name,
                             version.value().version, decision->second);
  return true;
}

int Promote(const GlobalOptions& options, const PromoteArgs& args) {
  if (args.rollback) return Rollback(options, args);
  if (args.candidate.empty()) throw UsageError("--candidate is required (an alias or a version number)");
  if (args.metric.empty()) throw UsageError("--metric is required");
  if (args.data.empty()) {
    throw UsageError("--data is required: the gate evaluates the candidate and the champion on the same data");
  }
  pipeline::NamedThreshold threshold;
  threshold.metric = args.metric;
  threshold.threshold.threshold = args.threshold;
  threshold.threshold.min_absolute_change = args.min_absolute_change;
  threshold.threshold.min_relative_change = args.min_relative_change;
  threshold.threshold.greater_is_better = !args.lower_is_better;
  Status valid = threshold.threshold.Validate();
  if (!valid.ok()) throw UsageError(valid.message());

  MlflowClient client = MakeClient(options);
  if (args.skip_decided && ReportRecordedDecision(client, args, options)) return kExitOk;
  auto data = pipeline::LoadDataset(args.data, args.format.ToFormat());
  if (!data.ok()) Fail(data.status());

  pipeline::PromoteOptions promote;
  promote.name = args.name;
  promote.candidate = args.candidate;
  promote.champion_alias = args.champion_alias;
  promote.thresholds = {threshold};
  promote.dry_run = args.dry_run;
  promote.experiment = args.experiment;
  promote.data_sources = args.data;
  int threads = args.threads;
  auto evaluate = [threads](const std::string& dir, const models::Dataset& rows) {
    return pipeline::EvaluateModelDirectory(dir, rows, threads);
  };
  auto decision = pipeline::Promote(client, promote, data.value(), evaluate);
  if (!decision.ok()) Fail(decision.status());
  WriteOutput(args.output, decision.value().ToJson());
  if (options.json)
    PrintJson(decision.value().ToJson());
  else
    std::cout << decision.value().Summary();
  if (!decision.value().Passed()) {
    throw CheckFailed(fmt::format("the gate refused {} version {}: {} threshold(s) failed", args.name,
                                  decision.value().candidate_version, decision.value().gate.Failures().size()));
  }
  return kExitOk;
}

}  // namespace

void RegisterPipelineRegistryCommands(CLI::App& app, CommandRegistry& registry) {
  GlobalOptions& options = registry.options();

  auto register_args = std::make_shared<RegisterArgs>();
  CLI::App* reg = app.add_subcommand("register", "Register a model directory as a model version (pipeline stage)");
  reg->add_option("--model", register_args->model, "Model directory (with an MLmodel file)")->required();
  reg->add_option("--name", register_args->name, "Registered model name")->required();
  reg->add_option("--alias", register_args->alias, "Alias to point at the version (e.g. challenger)");
  reg->add_option("--output", register_args->output, "Write {name, version, run_id, source, created} JSON here");
  reg->add_option("--experiment", register_args->experiment, "Experiment of the upload run, when one is needed");
  registry.Bind(reg, [&options, register_args] { return Register(options, *register_args); });

  auto args = std::make_shared<PromoteArgs>();
  CLI::App* promote =
      app.add_subcommand("promote", "Gate a candidate version against the champion and promote it (pipeline stage)");
  promote->add_option("--name", args->name, "Registered model name")->required();
  promote->add_option("--candidate", args->candidate, "Candidate: an alias or a version number");
  promote->add_option("--champion-alias", args->champion_alias, "Alias the gate moves")->capture_default_str();
  promote->add_option("--metric", args->metric, "Metric the gate compares, e.g. macro_recall");
  promote->add_option("--threshold", args->threshold, "Absolute floor (ceiling with --lower-is-better)");
  promote->add_option("--min-absolute-change", args->min_absolute_change,
                      "Candidate must beat the champion by this much (> 0)");
  promote->add_option("--min-relative-change", args->min_relative_change,
                      "... or by this fraction of the champion's value (0..1)");
  promote->add_flag("--lower-is-better", args->lower_is_better, "The metric improves downwards");
  promote->add_option("--data", args->data, "Labelled data both models are evaluated on");
  promote->add_option("--output", args->output, "Write the decision JSON here");
  promote->add_flag("--dry-run", args->dry_run, "Decide and report; change nothing in the registry");
  promote->add_flag("--skip-decided", args->skip_decided,
                    "Do not gate again a version that already has a gate decision");
  promote->add_flag("--rollback", args->rollback, "Move the champion alias back to the previous champion");
  promote->add_option("--experiment", args->experiment, "MLflow experiment of the promote run");
  promote->add_option("--threads", args->threads, "Prediction threads (0: all cores)")->capture_default_str();
  args->format.AddTo(promote);
  registry.Bind(promote, [&options, args] { return Promote(options, *args); });
}

}  // namespace mlflow::cli
