#include "mlflow/models/semeval_loader.h"

#include <algorithm>
#include <filesystem>
#include <string_view>

#include "mlflow/models/file_util.h"
#include "mlflow/core/text.h"

namespace mlflow::models {
namespace {

constexpr std::string_view kBlank = " \t\r";  // trimmed around fields and lines

int ParseLabel(std::string_view field) {
  std::string lower(TrimChars(field, kBlank));
  for (char& c : lower) c = LowerAscii(c);
  const auto& labels = SemEvalLabels();
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] == lower) return static_cast<int>(i);
  }
  return -1;
}

// Appends the examples of one file's contents to *out, counting lines and problems in *report.
void ParseSemEvalContents(std::string_view contents, const std::string& source, Dataset* out, LoadReport* report) {
  if (contents.substr(0, 3) == "\xEF\xBB\xBF") contents.remove_prefix(3);  // UTF-8 byte order mark
  size_t line_number = 0;
  size_t start = 0;
  while (start < contents.size()) {
    size_t end = contents.find('\n', start);
    if (end == std::string_view::npos) end = contents.size();
    std::string_view line = contents.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (TrimChars(line, kBlank).empty()) continue;
    ++report->lines;
    auto reject = [&](const std::string& why) {
      ++report->unparsable;
      report->AddProblem(source + ":" + std::to_string(line_number) + ": " + why);
    };
    std::vector<std::string_view> fields;
    size_t field_start = 0;
    while (true) {
      size_t tab = line.find('\t', field_start);
      fields.push_back(
          line.substr(field_start, tab == std::string_view::npos ? std::string_view::npos : tab - field_start));
      if (tab == std::string_view::npos) break;
      field_start = tab + 1;
    }
    if (fields.size() < 3) {
      reject("expected id<TAB>label<TAB>text, found " + std::to_string(fields.size()) + " column(s)");
      continue;
    }
    std::string_view id = TrimChars(fields[0], kBlank);
    if (id.empty()) {
      reject("empty tweet id");
      continue;
    }
    int label = ParseLabel(fields[1]);
    if (label < 0) {
      reject("unknown label '" + std::string(TrimChars(fields[1], kBlank).substr(0, 40)) + "'");
      continue;
    }
    std::string text = CleanTweetText(fields[2], &report->decode);
    if (text.empty()) {
      reject("empty text");
      continue;
    }
    out->examples.push_back(Example{std::string(id), std::move(text), label});
  }
}

Result<Dataset> LoadFiles(const std::vector<std::string>& paths, LoadReport* report) {
  Dataset data;
  data.labels = SemEvalLabels();
  for (const auto& path : paths) {
    MLFLOW_ASSIGN_OR_RETURN(std::string contents, ReadFileToString(path));
    std::string name = std::filesystem::path(path).filename().string();
    size_t before = data.examples.size();
    size_t lines_before = report->lines;
    ParseSemEvalContents(contents, name, &data, report);
    if (report->lines > lines_before && data.examples.size() == before) {
      return InvalidArgument("'" + path + "' has no line in SemEval format (id<TAB>label<TAB>text)");
    }
    data.source += (data.source.empty() ? "" : ",") + path;
    if (!data.name.empty()) data.name += "+";
    data.name += std::filesystem::path(path).stem().string();
  }
  ResolveDuplicateIds(&data, report);
  report->loaded = data.examples.size();
  return data;
}

}  // namespace

const std::vector<std::string>& SemEvalLabels() {
  static const std::vector<std::string> labels{"negative", "neutral", "positive"};
  return labels;
}

Result<Dataset> LoadSemEvalFile(const std::string& path, LoadReport* report) {
  LoadReport local;
  return LoadFiles({path}, report ? report : &local);
}

Result<Dataset> LoadSemEvalFiles(const std::vector<std::string>& paths, LoadReport* report) {
  LoadReport local;
  return LoadFiles(paths, report ? report : &local);
}

Result<SemEvalSplit> LoadSemEvalSplit(const std::string& directory, const std::string& validation_file) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::is_directory(directory, error)) return IoError("'" + directory + "' is not a directory");
  SemEvalSplit split;
  fs::path validation_path = fs::path(directory) / validation_file;
  for (const auto& entry : fs::directory_iterator(directory, error)) {
    if (entry.path().extension() != ".tsv" || entry.path().filename() == validation_file) continue;
    split.train_files.push_back(entry.path().string());
  }
  if (error) return IoError("cannot list '" + directory + "': " + error.message());
  std::sort(split.train_files.begin(), split.train_files.end());
  if (split.train_files.empty()) return InvalidArgument("no training *.tsv files in '" + directory + "'");
  MLFLOW_ASSIGN_OR_RETURN(split.validation, LoadSemEvalFile(validation_path.string(), &split.validation_report));
  MLFLOW_ASSIGN_OR_RETURN(split.train, LoadSemEvalFiles(split.train_files, &split.train_report));
  RemoveOverlap(&split.train, split.validation, &split.train_report);
  split.train.name = "semeval2017-task4a-train";
  split.train.source = directory;
  split.validation.name = "semeval2017-task4a-" + fs::path(validation_file).stem().string();
  return split;
}

}  // namespace mlflow::models
