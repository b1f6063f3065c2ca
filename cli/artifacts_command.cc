// mlflow-cpp artifacts log|list|download — like `mlflow artifacts`, one command for files and
// directories:
//   artifacts log --run-id R --local-path FILE_OR_DIR [--artifact-path P]
//   artifacts list (--run-id R [--artifact-path P] | --artifact-uri U) [--recursive]
//   artifacts download (--run-id R [--artifact-path P] | --artifact-uri U) [--dst-path D]
// download prints the local path of what it wrote (as `mlflow artifacts download` does).
#include <filesystem>
#include <memory>

#include "artifact_model_commands.h"

namespace mlflow::cli {
namespace {
namespace fs = std::filesystem;

struct ArtifactArgs {
  std::string run_id;
  std::string local_path;
  std::string artifact_path;
  std::string artifact_uri;
  std::string dst_path;
  bool recursive = false;
};

std::string FormatSize(const std::optional<int64_t>& size) { return size ? std::to_string(*size) : ""; }

// The repository and path a list/download names: a run (+ path) or an artifact URI.
std::pair<ArtifactRepository, std::string> Target(MlflowClient& client, const ArtifactArgs& args) {
  if (args.run_id.empty() == args.artifact_uri.empty())
    throw UsageError("give exactly one of --run-id and --artifact-uri");
  if (!args.run_id.empty()) return {client.artifacts().ForRun(args.run_id).value(), args.artifact_path};
  if (!args.artifact_path.empty())
    throw UsageError("--artifact-path goes with --run-id; put the path in --artifact-uri");
  return {client.artifacts().ForUri(args.artifact_uri).value(), ""};
}

int Log(const GlobalOptions& options, const ArtifactArgs& args) {
  std::error_code ec;
  if (!fs::exists(args.local_path, ec)) throw UsageError("no such file or directory: " + args.local_path);
  MlflowClient client = MakeClient(options);
  ThrowIfError(client.artifacts().LogArtifacts(args.run_id, args.local_path, args.artifact_path));
  std::string root = client.artifacts().GetRunArtifactUri(args.run_id).value();
  std::string where = args.artifact_path.empty() ? root : root + "/" + args.artifact_path;
  if (options.json) {
    PrintJson({{"run_id", args.run_id}, {"local_path", args.local_path}, {"artifact_uri", where}});
  } else {
    std::cout << "Logged " << args.local_path << " to " << where << "\n";
  }
  return kExitOk;
}

int List(const GlobalOptions& options, const ArtifactArgs& args) {
  MlflowClient client = MakeClient(options);
  auto [repository, path] = Target(client, args);
  std::vector<FileInfo> entries =
      args.recursive ? repository.ListRecursive(path).value() : repository.List(path).value();
  if (options.json) {
    Json files = Json::array();
    for (const auto& entry : entries) {
      Json item = {{"path", entry.path}, {"is_dir", entry.is_dir}};
      if (entry.file_size) item["file_size"] = *entry.file_size;
      files.push_back(std::move(item));
    }
    PrintJson({{"root_uri", repository.root_uri()}, {"files", files}});
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& entry : entries) {
    rows.push_back(
        {entry.path + (entry.is_dir ? "/" : ""), entry.is_dir ? "dir" : "file", FormatSize(entry.file_size)});
  }
  PrintTable({"path", "type", "size"}, rows);
  return kExitOk;
}

int Download(const GlobalOptions& options, const ArtifactArgs& args) {
  MlflowClient client = MakeClient(options);
  std::string dest = args.dst_path.empty() ? fs::current_path().string() : args.dst_path;
  std::string local = args.run_id.empty()
                          ? client.artifacts().DownloadArtifacts(args.artifact_uri, dest).value()
                          : client.artifacts().ForRun(args.run_id).value().Download(args.artifact_path, dest).value();
  if (options.json) {
    PrintJson({{"local_path", local}});
  } else {
    std::cout << local << "\n";
  }
  return kExitOk;
}

}  // namespace

void AddArtifactsGroup(CLI::App& app, CommandRegistry& registry) {
  auto args = std::make_shared<ArtifactArgs>();
  GlobalOptions& options = registry.options();
  CLI::App* group = app.add_subcommand("artifacts", "Upload, list and download run artifacts");
  group->require_subcommand(1);

  CLI::App* log = group->add_subcommand("log", "Upload a file or a directory's contents to a run");
  log->add_option("-r,--run-id", args->run_id, "Run to attach the artifacts to")->required();
  log->add_option("-l,--local-path,--local-file,--local-dir", args->local_path, "File or directory to upload")
      ->required();
  log->add_option("-a,--artifact-path", args->artifact_path, "Directory inside the run's artifacts (default: root)");
  registry.Bind(log, [&options, args] { return Log(options, *args); });

  CLI::App* list = group->add_subcommand("list", "List a run's artifacts (or any artifact URI)");
  list->add_option("-r,--run-id", args->run_id, "Run whose artifacts to list");
  list->add_option("-a,--artifact-path", args->artifact_path, "Directory inside the run's artifacts");
  list->add_option("-u,--artifact-uri", args->artifact_uri, "Artifact URI (runs:/, mlflow-artifacts:/, file:)");
  list->add_flag("-R,--recursive", args->recursive, "List the whole tree");
  registry.Bind(list, [&options, args] { return List(options, *args); });

  CLI::App* download = group->add_subcommand("download", "Download a file or directory; prints its local path");
  download->add_option("-r,--run-id", args->run_id, "Run whose artifacts to download");
  download->add_option("-a,--artifact-path", args->artifact_path, "File or directory inside the run's artifacts");
  download->add_option("-u,--artifact-uri", args->artifact_uri, "Artifact URI (runs:/, mlflow-artifacts:/, file:)");
  download->add_option("-d,--dst-path", args->dst_path, "Local destination directory (default: current directory)");
  registry.Bind(download, [&options, args] {
    if (args->run_id.empty() == args->artifact_uri.empty())
      throw UsageError("give exactly one of --run-id and --artifact-uri");
    return Download(options, *args);
  });
}

}  // namespace mlflow::cli
