// mlflow-cpp experiments create|get|search|delete|restore
#include "cli_common.h"
#include "tracking_output.h"

namespace mlflow::cli {
namespace {

struct ExperimentArgs {
  std::string experiment_id;
  std::string name;
  std::string artifact_location;
  std::vector<std::string> tags;  // KEY=VALUE
  std::string filter;
  std::vector<std::string> order_by;
  int max_results = 0;  // 0: every page
  std::string page_token;
  std::string view = "active_only";
};

CLI::Option* AddViewOption(CLI::App* command, std::string& view) {
  return command->add_option("--view", view, "Lifecycle filter: active_only, deleted_only or all")
      ->check(CLI::IsMember({"active_only", "deleted_only", "all"}, CLI::ignore_case))
      ->capture_default_str();
}

int Create(const GlobalOptions& options, const ExperimentArgs& args) {
  std::vector<ExperimentTag> tags;
  for (const auto& text : args.tags) {
    auto [key, value] = ParseKeyValue(text, "--tag");
    tags.push_back({key, value});
  }
  MlflowClient client = MakeClient(options);
  std::string id = client.tracking().CreateExperiment(args.name, args.artifact_location, tags).value();
  if (options.json) {
    PrintJson({{"experiment_id", id}, {"name", args.name}});
  } else {
    std::cout << "Created experiment '" << args.name << "' with id " << id << "\n";
  }
  return kExitOk;
}

int Get(const GlobalOptions& options, const ExperimentArgs& args) {
  if (args.experiment_id.empty() == args.name.empty())
    throw UsageError("give exactly one of --experiment-id and --name");
  MlflowClient client = MakeClient(options);
  Experiment experiment = args.experiment_id.empty() ? client.tracking().GetExperimentByName(args.name).value()
                                                     : client.tracking().GetExperiment(args.experiment_id).value();
  PrintExperiment(experiment, options.json);
  return kExitOk;
}

int Search(const GlobalOptions& options, const ExperimentArgs& args) {
  SearchExperimentsRequest request;
  request.filter = args.filter;
  request.order_by = args.order_by;
  request.page_token = args.page_token;
  request.view_type = ViewTypeFromName(args.view).value_or(ViewType::kActiveOnly);
  MlflowClient client = MakeClient(options);
  if (args.max_results > 0) {
    request.max_results = args.max_results;
    Page<Experiment> page = client.tracking().SearchExperiments(request).value();
    PrintExperiments(page.items, page.next_page_token, options.json);
  } else {
    PrintExperiments(client.tracking().SearchAllExperiments(request).value(), "", options.json);
  }
  return kExitOk;
}

int Delete(const GlobalOptions& options, const ExperimentArgs& args) {
  ThrowIfError(MakeClient(options).tracking().DeleteExperiment(args.experiment_id));
  if (options.json) {
    PrintJson({{"experiment_id", args.experiment_id}, {"lifecycle_stage", "deleted"}});
  } else {
    std::cout << "Deleted experiment " << args.experiment_id << "\n";
  }
  return kExitOk;
}

int Restore(const GlobalOptions& options, const ExperimentArgs& args) {
  ThrowIfError(MakeClient(options).tracking().RestoreExperiment(args.experiment_id));
  if (options.json) {
    PrintJson({{"experiment_id", args.experiment_id}, {"lifecycle_stage", "active"}});
  } else {
    std::cout << "Restored experiment " << args.experiment_id << "\n";
  }
  return kExitOk;
}

}  // namespace

void RegisterExperimentCommands(CLI::App& app, CommandRegistry& registry) {
  auto args = std::make_shared<ExperimentArgs>();
  GlobalOptions& options = registry.options();
  CLI::App* group = app.add_subcommand("experiments", "Create, inspect and manage experiments");
  group->require_subcommand(1);

  CLI::App* create = group->add_subcommand("create", "Create an experiment and print its id");
  create->add_option("-n,--name,--experiment-name", args->name, "Experiment name")->required();
  create->add_option("-l,--artifact-location", args->artifact_location, "Artifact root (default: the server's)");
  create->add_option("--tag", args->tags, "Experiment tag KEY=VALUE (repeatable)");
  registry.Bind(create, [&options, args] { return Create(options, *args); });

  CLI::App* get = group->add_subcommand("get", "Show one experiment, by id or by name");
  auto* id_option = get->add_option("-x,--experiment-id", args->experiment_id, "Experiment id");
  get->add_option("-n,--name,--experiment-name", args->name, "Experiment name")->excludes(id_option);
  registry.Bind(get, [&options, args] { return Get(options, *args); });

  CLI::App* search = group->add_subcommand("search", "Search experiments");
  search->add_option("--filter", args->filter, "Filter, e.g. \"name LIKE 'demo%'\"");
  search->add_option("--order-by", args->order_by, "Order clause, e.g. \"creation_time DESC\" (repeatable)");
  search->add_option("--max-results", args->max_results, "Print one page of at most N (default: all)")
      ->check(CLI::Range(1, 50000));
  search->add_option("--page-token", args->page_token, "Continue from a previous page");
  AddViewOption(search, args->view);
  registry.Bind(search, [&options, args] { return Search(options, *args); });

  CLI::App* remove = group->add_subcommand("delete", "Delete an experiment (restorable)");
  remove->add_option("-x,--experiment-id", args->experiment_id, "Experiment id")->required();
  registry.Bind(remove, [&options, args] { return Delete(options, *args); });

  CLI::App* restore = group->add_subcommand("restore", "Restore a deleted experiment");
  restore->add_option("-x,--experiment-id", args->experiment_id, "Experiment id")->required();
  registry.Bind(restore, [&options, args] { return Restore(options, *args); });
}

}  // namespace mlflow::cli
