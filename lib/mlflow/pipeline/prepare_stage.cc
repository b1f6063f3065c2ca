#include "mlflow/pipeline/prepare_stage.h"

#include <algorithm>
#include <filesystem>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "mlflow/models/file_util.h"
#include "mlflow/core/text.h"
#include "mlflow/models/semeval_loader.h"
#include "mlflow/models/text_decoding.h"
#include "mlflow/pipeline/run_logging.h"
#include "mlflow/pipeline/sha256.h"
#include "mlflow/pipeline/stage_run.h"
#include "mlflow/pipeline/verified_download.h"

namespace mlflow::pipeline {
namespace fs = std::filesystem;
namespace {

struct SourceFiles {
  std::string kind;                // "directory" or "url"
  std::string location;            // the directory as configured, or the base URL
  std::string directory;           // where the files are locally
  std::vector<std::string> files;  // the *.tsv files to use, sorted by name
};

// Directory mode: every *.tsv in data_dir. URL mode: the files pinned in prepare.sha256,
// fetched from <url>/<name> into data_dir (a verified download cache) unless already there.
Result<SourceFiles> ResolveSource(const PrepareOptions& options) {
  const Params& params = options.params;
  MLFLOW_ASSIGN_OR_RETURN(std::string data_dir, params.GetString("prepare.data_dir", kDefaultDataDir));
  MLFLOW_ASSIGN_OR_RETURN(std::string url, params.GetString("prepare.url", ""));
  fs::path dir = fs::path(data_dir).is_absolute() ? fs::path(data_dir) : fs::path(options.root) / data_dir;
  SourceFiles source{
      url.empty() ? "directory" : "url", url.empty() ? data_dir : url, dir.lexically_normal().string(), {}};
  std::error_code ec;
  if (url.empty()) {
    if (!fs::is_directory(dir, ec))
      return IoError(fmt::format("prepare.data_dir '{}' is not a directory", dir.string()));
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".tsv") source.files.push_back(entry.path().string());
    }
    if (ec) return IoError(fmt::format("cannot list '{}': {}", dir.string(), ec.message()));
    std::sort(source.files.begin(), source.files.end());
    return source;
  }
  MLFLOW_ASSIGN_OR_RETURN(YamlValue pins, params.GetMap("prepare.sha256"));
  if (pins.empty()) {
    return InvalidArgument(
        "prepare.url is set but prepare.sha256 pins no file (name: sha256 for each file to download)");
  }
  while (!url.empty() && url.back() == '/') url.pop_back();
  fs::create_directories(dir, ec);
  for (const auto& [name, digest] : pins.items()) {
    if (!digest.is_string()) return InvalidArgument(fmt::format("prepare.sha256.{} must be a string", name));
    if (name.empty() || name.find('/') != std::string::npos || name.find("..") != std::string::npos) {
      return InvalidArgument(fmt::format("prepare.sha256: '{}' must be a plain file name", name));
    }
    std::string local = (dir / name).string();
    MLFLOW_RETURN_IF_ERROR(DownloadVerified(url + "/" + name, digest.get<std::string>(), local));
    source.files.push_back(local);
  }
  std::sort(source.files.begin(), source.files.end());
  return source;
}

// LoadSemEvalSplit over an explicit file list: validation = `validation_file`, training =
// the others, with the validation ids and texts removed.
Result<models::SemEvalSplit> Split(const SourceFiles& source, const std::string& validation_file) {
  models::SemEvalSplit split;
  std::string validation_path;
  for (const auto& file : source.files) {
    if (fs::path(file).filename() == validation_file)
      validation_path = file;
    else
      split.train_files.push_back(file);
  }
  if (validation_path.empty()) {
    return InvalidArgument(
        fmt::format("the validation file '{}' is not among the data files of {}", validation_file, source.location));
  }
  if (split.train_files.empty()) return InvalidArgument(fmt::format("no training *.tsv files in {}", source.location));
  MLFLOW_ASSIGN_OR_RETURN(split.validation, models::LoadSemEvalFile(validation_path, &split.validation_report));
  MLFLOW_ASSIGN_OR_RETURN(split.train, models::LoadSemEvalFiles(split.train_files, &split.train_report));
  models::RemoveOverlap(&split.train, split.validation, &split.train_report);
  split.train.name = "semeval2017-task4a-train";
  split.train.source = source.location;
  split.validation.name = "semeval2017-task4a-" + fs::path(validation_file).stem().string();
  split.validation.source = validation_path;
  return split;
}

// Keeps the first copy of each text and drops every copy of a text labelled differently.
void DeduplicateTexts(models::Dataset* train, bool drop_duplicates, bool drop_conflicts, size_t* duplicates,
                      size_t* conflicting) {
  std::unordered_map<std::string, std::vector<size_t>> groups;
  std::vector<std::string> keys;
  keys.reserve(train->examples.size());
  for (size_t i = 0; i < train->examples.size(); ++i) {
    keys.push_back(models::NormalizeForComparison(train->examples[i].text));
    groups[keys.back()].push_back(i);
  }
  std::vector<size_t> keep;
  for (size_t i = 0; i < train->examples.size(); ++i) {
    const auto& group = groups[keys[i]];
    bool conflict = false;
    for (size_t j : group) conflict |= train->examples[j].label != train->examples[group[0]].label;
    if (conflict && drop_conflicts) {
      ++*conflicting;
      continue;
    }
    if (drop_duplicates && group[0] != i) {
      ++*duplicates;
      continue;
    }
    keep.push_back(i);
  }
  *train = train->Subset(keep);
}

// The original lines of the kept examples: the first line of each kept id whose label
// matches, as "id<TAB>label<TAB>text" (a trailing empty column is dropped).
Result<std::string> SelectLines(const std::vector<std::string>& files, const models::Dataset& kept) {
  std::unordered_map<std::string, std::string> wanted;
  for (const auto& example : kept.examples) wanted.emplace(example.id, kept.labels[example.label]);
  std::unordered_set<std::string> written;
  std::string out;
  for (const auto& file : files) {
    MLFLOW_ASSIGN_OR_RETURN(std::string contents, models::ReadFileToString(file));
    size_t start = 0;
    while (start < contents.size()) {
      size_t end = contents.find('\n', start);
      if (end == std::string::npos) end = contents.size();
      std::string_view line(contents.data() + start, end - start);
      start = end + 1;
      size_t tab1 = line.find('\t');
      size_t tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
      if (tab2 == std::string_view::npos) continue;
      std::string id(TrimChars(line.substr(0, tab1), " \t\r"));
      auto it = wanted.find(id);
      if (it == wanted.end() || written.count(id)) continue;
      std::string label(TrimChars(line.substr(tab1 + 1, tab2 - tab1 - 1), " \t\r"));
      if (AsciiLowercase(label) != it->second) continue;
      size_t tab3 = line.find('\t', tab2 + 1);
      std::string_view text =
          line.substr(tab2 + 1, tab3 == std::string_view::npos ? std::string_view::npos : tab3 - tab2 - 1);
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      out += fmt::format("{}\t{}\t{}\n", id, it->second, text);
      written.insert(id);
    }
  }
  if (written.size() != wanted.size()) {
    return InternalError(
        fmt::format("prepare: found the original lines of {} of {} examples", written.size(), wanted.size()));
  }
  return out;
}

Json ClassCounts(const models::Dataset& data) {
  Json out = Json::object();
  auto counts = data.ClassCounts();
  for (size_t i = 0; i < data.labels.size(); ++i) out[data.labels[i]] = counts[i];
  return out;
}

Status LogPrepareRun(MlflowClient& client, const PrepareOptions& options, const Json& summary,
                     const models::Dataset& train, const models::Dataset& validation, const std::string& source_dir) {
  StageRunOptions run_options;
  run_options.stage = "prepare";
  run_options.experiment = options.experiment;
  run_options.inputs = {source_dir};
  MLFLOW_ASSIGN_OR_RETURN(ActiveRun run, StartStageRun(client, run_options));
  MLFLOW_RETURN_IF_ERROR(LogParamsSection(run, options.params, "prepare"));
  MLFLOW_RETURN_IF_ERROR(run.LogMetric("train_rows", static_cast<double>(train.size())));
  MLFLOW_RETURN_IF_ERROR(run.LogMetric("validation_rows", static_cast<double>(validation.size())));
  for (const auto& [key, value] : summary["dropped"].items()) {
    MLFLOW_RETURN_IF_ERROR(run.LogMetric("dropped_" + key, value.get<double>()));
  }
  fs::path out(options.output_dir);
  MLFLOW_RETURN_IF_ERROR(LogDatasetInput(client, run.run_id(), train, (out / "train.tsv").string(), "training"));
  MLFLOW_RETURN_IF_ERROR(
      LogDatasetInput(client, run.run_id(), validation, (out / "validation.tsv").string(), "validation"));
  MLFLOW_RETURN_IF_ERROR(LogJsonArtifact(client, run.run_id(), "prepare.json", summary));
  return run.End();
}

}  // namespace

Result<Json> RunPrepare(const PrepareOptions& options, MlflowClient* client) {
  if (options.output_dir.empty()) return InvalidArgument("prepare: no output directory given");
  const Params& params = options.params;
  MLFLOW_ASSIGN_OR_RETURN(std::string validation_file,
                          params.GetString("prepare.validation_file", models::kSemEvalValidationFile));
  MLFLOW_ASSIGN_OR_RETURN(bool drop_duplicates, params.GetBool("prepare.drop_duplicate_texts", true));
  MLFLOW_ASSIGN_OR_RETURN(bool drop_conflicts, params.GetBool("prepare.drop_conflicting_texts", true));
  MLFLOW_ASSIGN_OR_RETURN(SourceFiles source, ResolveSource(options));
  MLFLOW_ASSIGN_OR_RETURN(models::SemEvalSplit split, Split(source, validation_file));

  size_t duplicate_texts = 0, conflicting_texts = 0;
  DeduplicateTexts(&split.train, drop_duplicates, drop_conflicts, &duplicate_texts, &conflicting_texts);
  std::string validation_path = split.validation.source;
  MLFLOW_ASSIGN_OR_RETURN(std::string train_lines, SelectLines(split.train_files, split.train));
  MLFLOW_ASSIGN_OR_RETURN(std::string validation_lines, SelectLines({validation_path}, split.validation));

  fs::path out(options.output_dir);
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) return IoError(fmt::format("cannot create '{}': {}", out.string(), ec.message()));
  MLFLOW_RETURN_IF_ERROR(models::WriteFileAtomically((out / "train.tsv").string(), train_lines));
  MLFLOW_RETURN_IF_ERROR(models::WriteFileAtomically((out / "validation.tsv").string(), validation_lines));

  Json files = Json::array();
  for (const auto& file : source.files) {
    MLFLOW_ASSIGN_OR_RETURN(std::string digest, Sha256File(file));
    files.push_back(Json{{"name", fs::path(file).filename().string()}, {"sha256", digest}});
  }
  const auto& report = split.train_report;
  Json summary{
      {"source", Json{{"kind", source.kind}, {"location", source.location}, {"files", files}}},
      {"validation_file", validation_file},
      {"train",
       Json{{"rows", split.train.size()}, {"digest", split.train.Digest()}, {"classes", ClassCounts(split.train)}}},
      {"validation", Json{{"rows", split.validation.size()},
                          {"digest", split.validation.Digest()},
                          {"classes", ClassCounts(split.validation)}}},
      {"dropped", Json{{"overlap_with_validation", report.overlap_removed},
                       {"duplicate_ids", report.duplicates},
                       {"conflicting_ids", report.conflicting_rows},
                       {"unparsable", report.unparsable + split.validation_report.unparsable},
                       {"duplicate_texts", duplicate_texts},
                       {"conflicting_texts", conflicting_texts}}}};
  if (!options.summary_path.empty()) MLFLOW_RETURN_IF_ERROR(WriteJsonFile(options.summary_path, summary));
  if (client) {
    MLFLOW_RETURN_IF_ERROR(LogPrepareRun(*client, options, summary, split.train, split.validation, source.directory)
                               .WithContext("prepare: logging to MLflow"));
  }
  return summary;
}

}  // namespace mlflow::pipeline
