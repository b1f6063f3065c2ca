#include "mlflow/models/table_loader.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "mlflow/core/utf8.h"
#include "mlflow/models/file_util.h"

namespace mlflow::models {
namespace {

bool IsBlankRecord(const TableRecord& record) {
  return record.fields.size() == 1 && record.fields[0].find_first_not_of(" \t\r") == std::string::npos;
}

std::string Trimmed(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  size_t end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

Result<int> ResolveColumn(const ColumnRef& column, const std::vector<std::string>* header, const char* role) {
  if (column.index >= 0) return column.index;
  if (!header)
    return InvalidArgument(std::string(role) + " column '" + column.name + "' named but the table has no header");
  for (size_t i = 0; i < header->size(); ++i) {
    if (Trimmed((*header)[i]) == column.name) return static_cast<int>(i);
  }
  return InvalidArgument(std::string(role) + " column '" + column.name + "' is not in the header");
}

}  // namespace

ColumnRef ColumnRef::Parse(std::string_view spec) {
  bool digits = !spec.empty() && std::all_of(spec.begin(), spec.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits && spec.size() < 9) return At(std::stoi(std::string(spec)));
  return Named(std::string(spec));
}

std::vector<TableRecord> SplitRecords(std::string_view contents, char delimiter, bool* unterminated) {
  std::vector<TableRecord> records;
  *unterminated = false;
  if (contents.substr(0, 3) == "\xEF\xBB\xBF") contents.remove_prefix(3);
  size_t line = 1;
  size_t i = 0;
  while (i < contents.size()) {
    TableRecord record;
    record.line = line;
    std::string field;
    bool in_quotes = false;
    bool field_was_quoted = false;
    bool record_done = false;
    while (i < contents.size() && !record_done) {
      char c = contents[i];
      if (in_quotes) {
        if (c == '"') {
          if (i + 1 < contents.size() && contents[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          in_quotes = false;
        } else {
          if (c == '\n') ++line;
          field.push_back(c);
        }
        ++i;
        continue;
      }
      if (c == '"' && field.empty() && !field_was_quoted) {
        in_quotes = true;
        field_was_quoted = true;
      } else if (c == delimiter) {
        record.fields.push_back(std::move(field));
        field.clear();
        field_was_quoted = false;
      } else if (c == '\n') {
        ++line;
        record_done = true;
      } else if (c == '\r' && i + 1 < contents.size() && contents[i + 1] == '\n') {
        // the '\n' ends the record on the next step
      } else {
        field.push_back(c);
      }
      ++i;
    }
    if (in_quotes) {
      *unterminated = true;
      break;
    }
    record.fields.push_back(std::move(field));
    records.push_back(std::move(record));
  }
  return records;
}

Result<Dataset> ParseTable(std::string_view contents, const std::string& source, const TableLoadOptions& options,
                           LoadReport* report) {
  LoadReport local;
  if (!report) report = &local;
  bool unterminated = false;
  std::vector<TableRecord> records = SplitRecords(contents, options.delimiter, &unterminated);
  records.erase(std::remove_if(records.begin(), records.end(), IsBlankRecord), records.end());
  const std::vector<std::string>* header = nullptr;
  size_t first = 0;
  if (options.has_header && !records.empty()) {
    header = &records[0].fields;
    first = 1;
  }
  MLFLOW_ASSIGN_OR_RETURN(int text_index, ResolveColumn(options.text_column, header, "text"));
  MLFLOW_ASSIGN_OR_RETURN(int label_index, ResolveColumn(options.label_column, header, "label"));
  int id_index = -1;
  if (options.id_column) {
    MLFLOW_ASSIGN_OR_RETURN(id_index, ResolveColumn(*options.id_column, header, "id"));
  }
  size_t needed = static_cast<size_t>(std::max({text_index, label_index, id_index})) + 1;

  Dataset data;
  data.name = std::filesystem::path(source).stem().string();
  data.source = source;
  std::map<std::string, int> label_ids;
  for (size_t i = 0; i < options.labels.size(); ++i) label_ids.emplace(options.labels[i], static_cast<int>(i));
  std::vector<std::string> raw_labels;  // per kept example, when labels are discovered
  for (size_t r = first; r < records.size(); ++r) {
    const TableRecord& record = records[r];
    ++report->lines;
    auto reject = [&](const std::string& why) {
      ++report->unparsable;
      report->AddProblem(source + ":" + std::to_string(record.line) + ": " + why);
    };
    if (record.fields.size() < needed) {
      reject("expected at least " + std::to_string(needed) + " columns, found " + std::to_string(record.fields.size()));
      continue;
    }
    std::string label = SanitizeUtf8(Trimmed(record.fields[label_index]));
    if (label.empty()) {
      reject("empty label");
      continue;
    }
    if (!options.labels.empty() && !label_ids.count(label)) {
      reject("unknown label '" + label.substr(0, 40) + "'");
      continue;
    }
    // Texts are valid UTF-8 either way: malformed bytes become U+FFFD and are counted.
    size_t replaced = 0;
    std::string text = options.decode_escapes ? DecodeTweetEscapes(record.fields[text_index], &report->decode)
                                              : SanitizeUtf8(Trimmed(record.fields[text_index]), &replaced);
    report->decode.invalid_utf8 += replaced;
    if (text.empty()) {
      reject("empty text");
      continue;
    }
    std::string id = id_index >= 0 ? SanitizeUtf8(Trimmed(record.fields[id_index])) : std::string();
    data.examples.push_back(Example{std::move(id), std::move(text), options.labels.empty() ? -1 : label_ids[label]});
    if (options.labels.empty()) raw_labels.push_back(std::move(label));
  }
  if (unterminated) {
    ++report->unparsable;
    report->AddProblem(source + ": input ends inside a quoted field; the last record was dropped");
  }
  if (options.labels.empty()) {
    std::vector<std::string> sorted = raw_labels;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    data.labels = sorted;
    for (size_t i = 0; i < sorted.size(); ++i) label_ids[sorted[i]] = static_cast<int>(i);
    for (size_t i = 0; i < data.examples.size(); ++i) data.examples[i].label = label_ids[raw_labels[i]];
  } else {
    data.labels = options.labels;
  }
  if (report->lines > 0 && data.examples.empty()) {
    return InvalidArgument("'" + source + "' has no usable record (" + std::to_string(report->unparsable) +
                           " unparsable)");
  }
  if (id_index >= 0) ResolveDuplicateIds(&data, report);
  report->loaded = data.examples.size();
  return data;
}

Result<Dataset> LoadTable(const std::string& path, const TableLoadOptions& options, LoadReport* report) {
  MLFLOW_ASSIGN_OR_RETURN(std::string contents, ReadFileToString(path));
  return ParseTable(contents, path, options, report);
}

}  // namespace mlflow::models
