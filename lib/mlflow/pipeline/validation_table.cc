#include "mlflow/pipeline/validation_table.h"

#include <algorithm>

#include <fmt/format.h>

#include "mlflow/core/utf8.h"
#include "mlflow/core/text.h"
#include "mlflow/models/file_util.h"
#include "mlflow/models/text_decoding.h"
#include "mlflow/models/unicode_classes.h"

namespace mlflow::pipeline {
namespace {

constexpr std::string_view kBlank = " \t\r\n";  // trimmed around fields and lines

// Raw bytes valid, and no escape decoded into a lone surrogate.
std::string CleanText(std::string_view raw, bool csv_unquote, bool decode, bool* valid_utf8) {
  models::DecodeStats stats;
  std::string text;
  if (!decode)
    text = TrimChars(SanitizeUtf8(raw, &stats.invalid_utf8), kBlank);
  else if (csv_unquote)
    text = models::CleanTweetText(raw, &stats);
  else
    text = models::DecodeTweetEscapes(raw, &stats);
  *valid_utf8 = IsValidUtf8(raw) && stats.invalid_escapes == 0 && stats.invalid_utf8 == 0;
  return text;
}

void ReadSemEval(const std::string& path, const std::string& contents, ValidationTable* table) {
  size_t line_number = 0, start = 0, rows = 0;
  while (start <= contents.size()) {
    size_t end = contents.find('\n', start);
    if (end == std::string::npos) end = contents.size();
    std::string_view line(contents.data() + start, end - start);
    ++line_number;
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (TrimChars(line, kBlank).empty()) {
      if (end == contents.size()) break;
      continue;
    }
    std::vector<std::string_view> fields;
    size_t field_start = 0;
    for (;;) {
      size_t tab = line.find('\t', field_start);
      fields.push_back(
          line.substr(field_start, tab == std::string_view::npos ? std::string_view::npos : tab - field_start));
      if (tab == std::string_view::npos) break;
      field_start = tab + 1;
    }
    std::string raw(line);
    if (fields.size() < 3) {
      table->schema_problems.push_back(
          {path, line_number, fmt::format("{} field(s), expected id, label, text", fields.size()), raw});
      continue;
    }
    if (fields.size() > 4 || (fields.size() == 4 && !TrimChars(fields[3], kBlank).empty())) {
      table->schema_problems.push_back(
          {path, line_number, fmt::format("{} fields, expected 3 (or an empty 4th)", fields.size()), raw});
      continue;
    }
    ValidationRecord record;
    record.file = path;
    record.line = line_number;
    record.id = TrimChars(fields[0], kBlank);
    record.label = TrimChars(fields[1], kBlank);
    record.text = CleanText(fields[2], true, true, &record.valid_utf8);
    if (record.id.empty()) table->schema_problems.push_back({path, line_number, "empty id", raw});
    table->records.push_back(std::move(record));
    ++rows;
    if (end == contents.size()) break;
  }
  table->rows_per_file.push_back(rows);
}

// Column index of `ref` in `header` (-1 when missing).
int ResolveColumn(const models::ColumnRef& ref, const std::vector<std::string>& header) {
  if (ref.index >= 0) return ref.index;
  auto it = std::find_if(header.begin(), header.end(),
                         [&](const std::string& h) { return TrimChars(h, kBlank) == ref.name; });
  return it == header.end() ? -1 : static_cast<int>(it - header.begin());
}

std::string ColumnLabel(const models::ColumnRef& ref) {
  return ref.index >= 0 ? fmt::format("#{}", ref.index) : "'" + ref.name + "'";
}

void ReadTable(const std::string& path, const std::string& contents, const models::TableLoadOptions& options,
               bool allow_extra_columns, ValidationTable* table) {
  bool unterminated = false;
  std::vector<models::TableRecord> records = models::SplitRecords(contents, options.delimiter, &unterminated);
  records.erase(std::remove_if(records.begin(), records.end(),
                               [](const models::TableRecord& r) {
                                 return r.fields.size() == 1 && TrimChars(r.fields[0], kBlank).empty();
                               }),
                records.end());
  size_t rows = 0;
  if (unterminated) {
    table->schema_problems.push_back({path, 0, "the file ends inside a quoted field (its last record is lost)", ""});
  }
  std::vector<std::string> header;
  size_t first = 0;
  if (options.has_header && !records.empty()) {
    header = records[0].fields;
    first = 1;
  }
  auto join = [&](const std::vector<std::string>& fields) {
    std::string out;
    for (const auto& f : fields) out += (out.empty() ? "" : std::string(1, options.delimiter)) + f;
    return out;
  };
  int text_col = ResolveColumn(options.text_column, header);
  int label_col = ResolveColumn(options.label_column, header);
  int id_col = options.id_column ? ResolveColumn(*options.id_column, header) : -1;
  bool missing = false;
  for (auto [ref, col] : {std::pair{&options.text_column, text_col}, std::pair{&options.label_column, label_col}}) {
    if (col < 0) {
      table->schema_problems.push_back({path, 1, fmt::format("column {} is missing", ColumnLabel(*ref)), join(header)});
      missing = true;
    }
  }
  if (options.id_column && id_col < 0) {
    table->schema_problems.push_back(
        {path, 1, fmt::format("column {} is missing", ColumnLabel(*options.id_column)), join(header)});
    missing = true;
  }
  if (missing) {
    table->rows_per_file.push_back(0);
    return;
  }
  size_t expected_fields = !header.empty() ? header.size() : (records.empty() ? 0 : records[0].fields.size());
  if (!header.empty() && !allow_extra_columns) {
    for (size_t i = 0; i < header.size(); ++i) {
      int col = static_cast<int>(i);
      if (col != text_col && col != label_col && col != id_col) {
        table->schema_problems.push_back({path, 1, fmt::format("unexpected column '{}'", header[i]), join(header)});
      }
    }
  }
  int needed = std::max({text_col, label_col, id_col});
  for (size_t r = first; r < records.size(); ++r) {
    const auto& fields = records[r].fields;
    if (fields.size() != expected_fields) {
      table->schema_problems.push_back({path, records[r].line,
                                        fmt::format("{} field(s), expected {}", fields.size(), expected_fields),
                                        join(fields)});
    }
    if (static_cast<int>(fields.size()) <= needed) continue;
    ValidationRecord record;
    record.file = path;
    record.line = records[r].line;
    record.id = id_col >= 0 ? TrimChars(fields[id_col], kBlank) : "";
    record.label = TrimChars(fields[label_col], kBlank);
    record.text = CleanText(fields[text_col], false, options.decode_escapes, &record.valid_utf8);
    table->records.push_back(std::move(record));
    ++rows;
  }
  table->rows_per_file.push_back(rows);
}

}  // namespace

Result<ValidationTable> ReadValidationTable(const std::vector<std::string>& paths, const DataFormat& format,
                                            bool allow_extra_columns) {
  ValidationTable table;
  for (const auto& path : paths) {
    MLFLOW_ASSIGN_OR_RETURN(std::string contents, models::ReadFileToString(path));
    if (format.kind == DataFormat::Kind::kSemEval)
      ReadSemEval(path, contents, &table);
    else
      ReadTable(path, contents, format.table, allow_extra_columns, &table);
  }
  return table;
}

}  // namespace mlflow::pipeline
