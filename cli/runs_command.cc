// mlflow-cpp runs create|get|search|end|delete|restore|log-metric|log-param|set-tag|log-batch
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <optional>

#include "cli_common.h"
#include "log_batch_file.h"
#include "mlflow/tracking/entity_codec.h"
#include "mlflow/core/text.h"
#include "tracking_output.h"

namespace mlflow::cli {
namespace {

struct RunArgs {
  std::string run_id;
  std::vector<std::string> experiment_ids;
  std::string experiment_name;
  std::string run_name;
  std::vector<std::string> tags;  // KEY=VALUE
  std::string status = "FINISHED";
  std::string key;
  std::string value;
  int64_t step = 0;
  int64_t timestamp = -1;  // -1: now
  std::string file;
  std::string filter;
  std::vector<std::string> order_by;
  int max_results = 0;  // 0: every page
  std::string page_token;
  std::string view = "active_only";
};

int64_t NowMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Prints a one-line confirmation, or the JSON object when --json.
void Confirm(const GlobalOptions& options, const Json& json, const std::string& text) {
  if (options.json) {
    PrintJson(json);
  } else {
    std::cout << text << "\n";
  }
}

std::string ExperimentFor(MlflowClient& client, const RunArgs& args) {
  if (!args.experiment_name.empty()) return client.tracking().GetOrCreateExperiment(args.experiment_name).value();
  if (!args.experiment_ids.empty()) return args.experiment_ids.front();
  return client.DefaultExperimentId().value();
}

int Create(const GlobalOptions& options, const RunArgs& args) {
  if (args.experiment_ids.size() > 1) throw UsageError("runs create takes one --experiment-id");
  CreateRunRequest request;
  request.run_name = args.run_name;
  for (const auto& text : args.tags) {
    auto [key, value] = ParseKeyValue(text, "--tag");
    request.tags.push_back({key, value});
  }
  // Like the Python client: the run records who started it.
  const char* user = std::getenv("USER");
  bool has_user_tag =
      std::any_of(request.tags.begin(), request.tags.end(), [](const RunTag& tag) { return tag.key == "mlflow.user"; });
  if (user && *user) {
    request.user_id = user;
    if (!has_user_tag) request.tags.push_back({"mlflow.user", user});
  }
  MlflowClient client = MakeClient(options);
  request.experiment_id = ExperimentFor(client, args);
  Run run = client.tracking().CreateRun(request).value();
  Confirm(options, RunInfoToJson(run.info),
          "Created run " + run.info.run_id + " ('" + run.info.run_name + "') in experiment " + run.info.experiment_id);
  return kExitOk;
}

int Get(const GlobalOptions& options, const RunArgs& args) {
  PrintRun(MakeClient(options).tracking().GetRun(args.run_id).value(), options.json);
  return kExitOk;
}

int Search(const GlobalOptions& options, const RunArgs& args) {
  MlflowClient client = MakeClient(options);
  SearchRunsRequest request;
  request.experiment_ids = args.experiment_ids;
  if (request.experiment_ids.empty()) request.experiment_ids.push_back(ExperimentFor(client, args));
  request.filter = args.filter;
  request.order_by = args.order_by;
  request.page_token = args.page_token;
  request.run_view_type = ViewTypeFromName(args.view).value_or(ViewType::kActiveOnly);
  if (args.max_results > 0) {
    request.max_results = args.max_results;
    Page<Run> page = client.tracking().SearchRuns(request).value();
    PrintRuns(page.items, page.next_page_token, options.json);
  } else {
    PrintRuns(client.tracking().SearchAllRuns(request).value(), "", options.json);
  }
  return kExitOk;
}

int End(const GlobalOptions& options, const RunArgs& args) {
  std::optional<RunStatus> parsed = RunStatusFromName(AsciiUppercase(args.status));
  if (!parsed || *parsed == RunStatus::kRunning || *parsed == RunStatus::kScheduled) {
    throw UsageError("--status: '" + args.status + "' is not FINISHED, FAILED or KILLED");
  }
  RunStatus status = *parsed;
  ThrowIfError(MakeClient(options).tracking().EndRun(args.run_id, status));
  Confirm(options, {{"run_id", args.run_id}, {"status", RunStatusName(status)}},
          "Ended run " + args.run_id + " (" + RunStatusName(status) + ")");
  return kExitOk;
}

int Delete(const GlobalOptions& options, const RunArgs& args) {
  ThrowIfError(MakeClient(options).tracking().DeleteRun(args.run_id));
  Confirm(options, {{"run_id", args.run_id}, {"lifecycle_stage", "deleted"}}, "Deleted run " + args.run_id);
  return kExitOk;
}

int Restore(const GlobalOptions& options, const RunArgs& args) {
  ThrowIfError(MakeClient(options).tracking().RestoreRun(args.run_id));
  Confirm(options, {{"run_id", args.run_id}, {"lifecycle_stage", "active"}}, "Restored run " + args.run_id);
  return kExitOk;
}

int LogMetricCommand(const GlobalOptions& options, const RunArgs& args) {
  Metric metric;
  metric.key = args.key;
  auto value = ParseMetricValue(args.value);
  if (!value) throw UsageError("--value must be a number, NaN, Infinity or -Infinity, got '" + args.value + "'");
  metric.value = *value;
  metric.step = args.step;
  metric.timestamp = args.timestamp >= 0 ? args.timestamp : NowMillis();
  ThrowIfError(MakeClient(options).tracking().LogMetric(args.run_id, metric));
  Confirm(options, {{"run_id", args.run_id}, {"metric", codec::EncodeMetric(metric)}},
          "Logged metric " + metric.key + "=" + FormatMetricValue(metric.value) + " (step " +
              std::to_string(metric.step) + ") to run " + args.run_id);
  return kExitOk;
}

int LogParamCommand(const GlobalOptions& options, const RunArgs& args) {
  ThrowIfError(MakeClient(options).tracking().LogParam(args.run_id, args.key, args.value));
  Confirm(options, {{"run_id", args.run_id}, {"param", {{"key", args.key}, {"value", args.value}}}},
          "Logged param " + args.key + "=" + args.value + " to run " + args.run_id);
  return kExitOk;
}

int SetTagCommand(const GlobalOptions& options, const RunArgs& args) {
  ThrowIfError(MakeClient(options).tracking().SetTag(args.run_id, args.key, args.value));
  Confirm(options, {{"run_id", args.run_id}, {"tag", {{"key", args.key}, {"value", args.value}}}},
          "Set tag " + args.key + "=" + args.value + " on run " + args.run_id);
  return kExitOk;
}

int LogBatchCommand(const GlobalOptions& options, const RunArgs& args) {
  LogBatchRequest request = ReadLogBatchFile(args.file, NowMillis());
  if (!args.run_id.empty()) {
    if (!request.run_id.empty() && request.run_id != args.run_id) {
      throw UsageError("--run-id " + args.run_id + " differs from run_id " + request.run_id + " in " + args.file);
    }
    request.run_id = args.run_id;
  }
  if (request.run_id.empty()) throw UsageError("give --run-id (or a run_id in " + args.file + ")");
  ThrowIfError(MakeClient(options).tracking().LogBatch(request));
  Confirm(options,
          {{"run_id", request.run_id},
           {"metrics", request.metrics.size()},
           {"params", request.params.size()},
           {"tags", request.tags.size()}},
          "Logged " + std::to_string(request.metrics.size()) + " metrics, " + std::to_string(request.params.size()) +
              " params and " + std::to_string(request.tags.size()) + " tags to run " + request.run_id);
  return kExitOk;
}

CLI::Option* AddRunId(CLI::App* command, RunArgs& args) {
  return command->add_option("-r,--run-id", args.run_id, "Run id")->required();
}

void AddExperimentChoice(CLI::App* command, RunArgs& args, const char* ids_help) {
  auto* ids = command->add_option("-x,--experiment-id", args.experiment_ids, ids_help);
  command->add_option("-n,--experiment-name", args.experiment_name, "Experiment name (created when missing)")
      ->excludes(ids);
}

}  // namespace

void RegisterRunCommands(CLI::App& app, CommandRegistry& registry) {
  auto args = std::make_shared<RunArgs>();
  GlobalOptions& options = registry.options();
  CLI::App* group = app.add_subcommand("runs", "Create, inspect and log to runs");
  group->require_subcommand(1);
  auto bind = [&](CLI::App* command, int (*body)(const GlobalOptions&, const RunArgs&)) {
    registry.Bind(command, [&options, args, body] { return body(options, *args); });
  };

  CLI::App* create = group->add_subcommand("create",
                                           "Start a run (default experiment: $MLFLOW_EXPERIMENT_NAME, "
                                           "$MLFLOW_EXPERIMENT_ID, else 0)");
  AddExperimentChoice(create, *args, "Experiment id");
  create->add_option("--run-name", args->run_name, "Run name (default: the server picks one)");
  create->add_option("--tag", args->tags, "Run tag KEY=VALUE (repeatable)");
  bind(create, Create);

  CLI::App* get = group->add_subcommand("get", "Show a run: info, params, latest metrics, tags, datasets");
  AddRunId(get, *args);
  bind(get, Get);

  CLI::App* search = group->add_subcommand("search", "Search runs of one or more experiments");
  AddExperimentChoice(search, *args, "Experiment id (repeatable; default as for create)");
  search->add_option("--filter", args->filter, "Filter, e.g. \"metrics.loss < 0.5 and params.lr = '0.1'\"");
  search->add_option("--order-by", args->order_by, "Order clause, e.g. \"metrics.loss ASC\" (repeatable)");
  search->add_option("--max-results", args->max_results, "Print one page of at most N (default: all)")
      ->check(CLI::Range(1, 50000));
  search->add_option("--page-token", args->page_token, "Continue from a previous page");
  search->add_option("--view", args->view, "Lifecycle filter: active_only, deleted_only or all")
      ->check(CLI::IsMember({"active_only", "deleted_only", "all"}, CLI::ignore_case))
      ->capture_default_str();
  bind(search, Search);

  CLI::App* end = group->add_subcommand("end", "End a run: set its status and end time");
  AddRunId(end, *args);
  end->add_option("--status", args->status, "FINISHED, FAILED or KILLED")
      ->check(CLI::IsMember({"FINISHED", "FAILED", "KILLED"}, CLI::ignore_case))
      ->capture_default_str();
  bind(end, End);

  CLI::App* remove = group->add_subcommand("delete", "Delete a run (restorable)");
  AddRunId(remove, *args);
  bind(remove, Delete);

  CLI::App* restore = group->add_subcommand("restore", "Restore a deleted run");
  AddRunId(restore, *args);
  bind(restore, Restore);

  CLI::App* metric = group->add_subcommand("log-metric", "Log one metric point");
  AddRunId(metric, *args);
  metric->add_option("-k,--key", args->key, "Metric key")->required();
  metric->add_option("-v,--value", args->value, "Value: a number, NaN, Infinity or -Infinity")->required();
  metric->add_option("-s,--step", args->step, "Step")->capture_default_str();
  metric->add_option("-t,--timestamp", args->timestamp, "Milliseconds since the epoch (default: now)")
      ->check(CLI::NonNegativeNumber);
  bind(metric, LogMetricCommand);

  CLI::App* param = group->add_subcommand("log-param", "Log a parameter (write-once)");
  AddRunId(param, *args);
  param->add_option("-k,--key", args->key, "Param key")->required();
  param->add_option("-v,--value", args->value, "Param value")->required();
  bind(param, LogParamCommand);

  CLI::App* tag = group->add_subcommand("set-tag", "Set a run tag (overwrites)");
  AddRunId(tag, *args);
  tag->add_option("-k,--key", args->key, "Tag key")->required();
  tag->add_option("-v,--value", args->value, "Tag value")->required();
  bind(tag, SetTagCommand);

  CLI::App* batch = group->add_subcommand(
      "log-batch", "Log metrics, params and tags from a JSON file in MLflow's log-batch body format");
  batch->add_option("-r,--run-id", args->run_id, "Run id (default: run_id in the file)");
  batch->add_option("-f,--file", args->file, "JSON file ('-' reads stdin)")->required();
  bind(batch, LogBatchCommand);
}

}  // namespace mlflow::cli
