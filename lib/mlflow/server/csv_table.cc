#include "mlflow/server/csv_table.h"

#include "mlflow/server/api_error.h"

namespace mlflow::server {
namespace {

// Reads one record starting at `pos`; advances `pos` past its line ending.
Status ReadRecord(std::string_view text, size_t& pos, size_t record_number, std::vector<std::string>& fields) {
  fields.clear();
  std::string field;
  while (true) {
    field.clear();
    if (pos < text.size() && text[pos] == '"') {
      ++pos;
      bool closed = false;
      while (pos < text.size()) {
        char c = text[pos++];
        if (c != '"') {
          field.push_back(c);
        } else if (pos < text.size() && text[pos] == '"') {
          field.push_back('"');
          ++pos;
        } else {
          closed = true;
          break;
        }
      }
      if (!closed) return BadRequest("CSV record " + std::to_string(record_number) + " has an unterminated quote");
      if (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') {
        return BadRequest("CSV record " + std::to_string(record_number) + " has text after a closing quote");
      }
    } else {
      while (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') {
        field.push_back(text[pos++]);
      }
    }
    fields.push_back(field);
    if (pos >= text.size()) return Status::Ok();
    char c = text[pos++];
    if (c == ',') continue;
    if (c == '\r' && pos < text.size() && text[pos] == '\n') ++pos;
    return Status::Ok();
  }
}

}  // namespace

Result<CsvTable> ParseCsv(std::string_view text) {
  CsvTable table;
  size_t pos = 0;
  size_t record = 0;
  std::vector<std::string> fields;
  while (pos < text.size()) {
    ++record;
    MLFLOW_RETURN_IF_ERROR(ReadRecord(text, pos, record, fields));
    if (record == 1) {
      table.header = fields;
      continue;
    }
    // A blank line (typically the last) is not a record.
    if (fields.size() == 1 && fields[0].empty() && table.header.size() != 1) continue;
    if (fields.size() == 1 && fields[0].empty() && pos >= text.size()) continue;
    if (fields.size() != table.header.size()) {
      return BadRequest("CSV record " + std::to_string(record) + " has " + std::to_string(fields.size()) +
                        " fields; the header has " + std::to_string(table.header.size()));
    }
    table.rows.push_back(fields);
  }
  if (table.header.empty()) return BadRequest("the CSV body is empty; expected a header line");
  return table;
}

}  // namespace mlflow::server
