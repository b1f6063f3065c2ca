// mlflow-cpp models register|get|search|set-alias|delete-alias|download — the Model Registry
// from the command line (aliases are the way to name versions; stages are not offered here):
//   models register --model-uri runs:/<run>/<path>|models:/<model_id> --name N [--tag K=V] [--alias A]
//   models get --name N [--version V | --alias A]
//   models search [--filter F] [--versions] [--max-results N]
//   models set-alias --name N --alias A --version V
//   models delete-alias --name N --alias A
//   models download --model-uri U [--dst-path D] [--no-cache]   (prints the local path)
#include <chrono>
#include <memory>

#include "artifact_model_commands.h"

namespace mlflow::cli {
namespace {

struct ModelArgs {
  std::string model_uri;
  std::string name;
  std::string version;
  std::string alias;
  std::vector<std::string> tags;  // KEY=VALUE
  std::string filter;
  bool versions = false;
  int max_results = 0;  // 0: every page
  std::string dst_path;
  bool no_cache = false;
  int await_seconds = 300;
};

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

std::string JoinMap(const std::map<std::string, std::string>& items, const char* separator) {
  std::string out;
  for (const auto& [key, value] : items) out += (out.empty() ? "" : ",") + key + separator + value;
  return out;
}

Json VersionToJson(const ModelVersion& v) {
  return {{"name", v.name},
          {"version", v.version},
          {"status", ModelVersionStatusName(v.status)},
          {"source", v.source},
          {"run_id", v.run_id},
          {"description", v.description},
          {"aliases", v.aliases},
          {"tags", v.tags},
          {"current_stage", v.current_stage},
          {"creation_timestamp", v.creation_timestamp},
          {"last_updated_timestamp", v.last_updated_timestamp}};
}

Json ModelToJson(const RegisteredModel& m) {
  Json latest = Json::array();
  for (const auto& v : m.latest_versions) latest.push_back(VersionToJson(v));
  return {{"name", m.name},
          {"description", m.description},
          {"tags", m.tags},
          {"aliases", m.aliases},
          {"latest_versions", latest},
          {"creation_timestamp", m.creation_timestamp},
          {"last_updated_timestamp", m.last_updated_timestamp}};
}

void PrintVersions(const std::vector<ModelVersion>& versions, bool json) {
  if (json) {
    Json out = Json::array();
    for (const auto& v : versions) out.push_back(VersionToJson(v));
    PrintJson(out);
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& v : versions) {
    rows.push_back({v.name, v.version, ModelVersionStatusName(v.status), Join(v.aliases), v.run_id,
                    FormatTimestamp(v.creation_timestamp), v.source});
  }
  PrintTable({"name", "version", "status", "aliases", "run_id", "created", "source"}, rows);
}

int Register(const GlobalOptions& options, const ModelArgs& args) {
  std::map<std::string, std::string> tags;
  for (const auto& text : args.tags) {
    auto [key, value] = ParseKeyValue(text, "--tag");
    tags[key] = value;
  }
  MlflowClient client = MakeClient(options);
  auto& registry = client.registry();
  ModelVersion version =
      registry.RegisterModel(args.model_uri, args.name, tags, std::chrono::seconds(args.await_seconds)).value();
  if (!args.alias.empty()) {
    ThrowIfError(registry.SetAlias(args.name, args.alias, version.version));
    version.aliases.push_back(args.alias);
  }
  if (options.json) {
    PrintJson(VersionToJson(version));
  } else {
    std::cout << "Registered version " << version.version << " of '" << version.name << "' from " << args.model_uri
              << (args.alias.empty() ? "" : " (alias '" + args.alias + "')") << "\n";
  }
  return kExitOk;
}

int Get(const GlobalOptions& options, const ModelArgs& args) {
  if (!args.version.empty() && !args.alias.empty()) throw UsageError("give at most one of --version and --alias");
  MlflowClient client = MakeClient(options);
  auto& registry = client.registry();
  if (args.version.empty() && args.alias.empty()) {
    RegisteredModel model = registry.GetRegisteredModel(args.name).value();
    if (options.json) {
      PrintJson(ModelToJson(model));
      return kExitOk;
    }
    PrintTable({"field", "value"}, {{"name", model.name},
                                    {"description", model.description},
                                    {"aliases", JoinMap(model.aliases, "->")},
                                    {"tags", JoinMap(model.tags, "=")},
                                    {"created", FormatTimestamp(model.creation_timestamp)},
                                    {"updated", FormatTimestamp(model.last_updated_timestamp)}});
    return kExitOk;
  }
  ModelVersion version = args.version.empty() ? registry.GetModelVersionByAlias(args.name, args.alias).value()
                                              : registry.GetModelVersion(args.name, args.version).value();
  if (options.json) {
    PrintJson(VersionToJson(version));
    return kExitOk;
  }
  PrintTable({"field", "value"}, {{"name", version.name},
                                  {"version", version.version},
                                  {"status", ModelVersionStatusName(version.status)},
                                  {"aliases", Join(version.aliases)},
                                  {"tags", JoinMap(version.tags, "=")},
                                  {"source", version.source},
                                  {"run_id", version.run_id},
                                  {"description", version.description},
                                  {"created", FormatTimestamp(version.creation_timestamp)}});
  return kExitOk;
}

int Search(const GlobalOptions& options, const ModelArgs& args) {
  MlflowClient client = MakeClient(options);
  auto& registry = client.registry();
  if (args.versions) {
    SearchModelVersionsRequest request;
    request.filter = args.filter;
    if (args.max_results > 0) request.max_results = args.max_results;
    PrintVersions(args.max_results > 0 ? registry.SearchModelVersions(request).value().items
                                       : registry.SearchAllModelVersions(request).value(),
                  options.json);
    return kExitOk;
  }
  SearchRegisteredModelsRequest request;
  request.filter = args.filter;
  if (args.max_results > 0) request.max_results = args.max_results;
  std::vector<RegisteredModel> models = args.max_results > 0 ? registry.SearchRegisteredModels(request).value().items
                                                             : registry.SearchAllRegisteredModels(request).value();
  if (options.json) {
    Json out = Json::array();
    for (const auto& m : models) out.push_back(ModelToJson(m));
    PrintJson(out);
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : models) {
    rows.push_back({m.name, JoinMap(m.aliases, "->"), FormatTimestamp(m.last_updated_timestamp), m.description});
  }
  PrintTable({"name", "aliases", "updated", "description"}, rows);
  return kExitOk;
}

int SetAlias(const GlobalOptions& options, const ModelArgs& args) {
  ThrowIfError(MakeClient(options).registry().SetAlias(args.name, args.alias, args.version));
  if (options.json) {
    PrintJson({{"name", args.name}, {"alias", args.alias}, {"version", args.version}});
  } else {
    std::cout << "Alias '" << args.alias << "' of '" << args.name << "' now points at version " << args.version << "\n";
  }
  return kExitOk;
}

int DeleteAlias(const GlobalOptions& options, const ModelArgs& args) {
  ThrowIfError(MakeClient(options).registry().DeleteAlias(args.name, args.alias));
  if (options.json) {
    PrintJson({{"name", args.name}, {"alias", args.alias}, {"deleted", true}});
  } else {
    std::cout << "Deleted alias '" << args.alias << "' of '" << args.name << "'\n";
  }
  return kExitOk;
}

int Download(const GlobalOptions& options, const ModelArgs& args) {
  MlflowClient client = MakeClient(options);
  if (args.no_cache && args.dst_path.empty()) throw UsageError("--no-cache needs --dst-path");
  std::string local = args.dst_path.empty() ? client.model_uris().DownloadCached(args.model_uri).value()
                                            : client.model_uris().Download(args.model_uri, args.dst_path).value();
  if (options.json) {
    PrintJson({{"model_uri", args.model_uri}, {"local_path", local}});
  } else {
    std::cout << local << "\n";
  }
  return kExitOk;
}

}  // namespace

void AddModelsGroup(CLI::App& app, CommandRegistry& registry) {
  auto args = std::make_shared<ModelArgs>();
  GlobalOptions& options = registry.options();
  CLI::App* group = app.add_subcommand("models", "Model Registry: register, inspect, alias and download models");
  group->require_subcommand(1);

  CLI::App* reg =
      group->add_subcommand("register", "Register runs:/<run>/<path> or models:/<model_id> as a new version");
  reg->add_option("-m,--model-uri", args->model_uri, "runs:/<run_id>/<path> or models:/<model_id>")->required();
  reg->add_option("-n,--name", args->name, "Registered model name (created if missing)")->required();
  reg->add_option("--tag", args->tags, "Version tag KEY=VALUE (repeatable)");
  reg->add_option("--alias", args->alias, "Point this alias at the new version (e.g. challenger)");
  reg->add_option("--await-seconds", args->await_seconds, "Wait this long for READY")->capture_default_str();
  registry.Bind(reg, [&options, args] { return Register(options, *args); });

  CLI::App* get = group->add_subcommand("get", "Show a registered model, or one version (by --version or --alias)");
  get->add_option("-n,--name", args->name, "Registered model name")->required();
  get->add_option("-v,--version", args->version, "Version number");
  get->add_option("-a,--alias", args->alias, "Alias");
  registry.Bind(get, [&options, args] { return Get(options, *args); });

  CLI::App* search = group->add_subcommand("search", "Search registered models (or versions with --versions)");
  search->add_option("--filter", args->filter, "Filter, e.g. \"name LIKE 'sent%'\" or \"name = 'm'\" with --versions");
  search->add_flag("--versions", args->versions, "Search model versions instead of registered models");
  search->add_option("--max-results", args->max_results, "Print one page of at most N (default: all)")
      ->check(CLI::Range(1, 200000));
  registry.Bind(search, [&options, args] { return Search(options, *args); });

  CLI::App* set_alias = group->add_subcommand("set-alias", "Point an alias at a version (moves it if it exists)");
  set_alias->add_option("-n,--name", args->name, "Registered model name")->required();
  set_alias->add_option("-a,--alias", args->alias, "Alias, e.g. champion")->required();
  set_alias->add_option("-v,--version", args->version, "Version number")->required();
  registry.Bind(set_alias, [&options, args] { return SetAlias(options, *args); });

  CLI::App* delete_alias = group->add_subcommand("delete-alias", "Delete an alias");
  delete_alias->add_option("-n,--name", args->name, "Registered model name")->required();
  delete_alias->add_option("-a,--alias", args->alias, "Alias")->required();
  registry.Bind(delete_alias, [&options, args] { return DeleteAlias(options, *args); });

  CLI::App* download = group->add_subcommand("download", "Download a model URI; prints the local directory");
  download
      ->add_option("-m,--model-uri", args->model_uri,
                   "models:/<name>/<version>, models:/<name>@<alias>, models:/<name>/latest, models:/<model_id>, "
                   "runs:/<run_id>/<path>")
      ->required();
  download->add_option("-d,--dst-path", args->dst_path, "Download here instead of the local model cache");
  download->add_flag("--no-cache", args->no_cache, "Do not use the cache (needs --dst-path)");
  registry.Bind(download, [&options, args] { return Download(options, *args); });
}

void RegisterArtifactAndModelCommands(CLI::App& app, CommandRegistry& registry) {
  AddArtifactsGroup(app, registry);
  AddModelsGroup(app, registry);
}

}  // namespace mlflow::cli
