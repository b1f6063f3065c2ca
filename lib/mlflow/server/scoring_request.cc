#include "mlflow/server/scoring_request.h"

#include <algorithm>

#include "mlflow/server/api_error.h"
#include "mlflow/server/csv_table.h"
#include "mlflow/server/json_guard.h"
#include "mlflow/server/text_list_json.h"
#include "mlflow/core/utf8.h"
#include "mlflow/core/text.h"

namespace mlflow::server {
namespace {

const char* TypeName(const Json& v) { return v.type_name(); }

// Rejects an oversized list before any of it is copied.
Status CheckCount(size_t count, const InputLimits& limits) {
  if (count <= limits.max_batch) return Status::Ok();
  return InvalidInput("the batch has " + std::to_string(count) + " texts; the limit is " +
                      std::to_string(limits.max_batch));
}

// Moves the string out of `value` into `out`, or explains why it is not a text.
Status TakeText(Json& value, std::string_view where, std::vector<std::string>& out) {
  if (!value.is_string()) {
    return InvalidInput(std::string(where) + " must be a string, got " + TypeName(value) +
                        (value.is_null() ? " (missing text)" : ""));
  }
  out.push_back(std::move(value.get_ref<std::string&>()));
  return Status::Ok();
}

// Picks the text column among `columns`: the configured name, else the only column.
Result<size_t> PickColumn(const std::vector<std::string>& columns, const InputLimits& limits) {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == limits.text_column) return i;
  }
  if (columns.size() == 1) return size_t{0};
  std::string names;
  for (const auto& c : columns) names += (names.empty() ? "'" : ", '") + c + "'";
  return InvalidInput("no '" + limits.text_column + "' column among the " + std::to_string(columns.size()) +
                      " given (" + names + ")");
}

// A row given as an object: its text_column entry, or its only entry.
Status TakeFromObject(Json& row, std::string_view where, const InputLimits& limits, std::vector<std::string>& out) {
  auto it = row.find(limits.text_column);
  if (it == row.end()) {
    if (row.size() != 1) {
      return InvalidInput(std::string(where) + " has no '" + limits.text_column + "' field");
    }
    it = row.begin();
  }
  return TakeText(*it, std::string(where) + "." + it.key(), out);
}

Status ReadDataframeSplit(Json& split, const InputLimits& limits, std::vector<std::string>& out) {
  if (!split.is_object()) return InvalidInput("dataframe_split must be an object with 'columns' and 'data'");
  auto data = split.find("data");
  if (data == split.end() || !data->is_array()) return InvalidInput("dataframe_split.data must be an array of rows");
  size_t column = 0;
  size_t width = 1;
  if (auto columns = split.find("columns"); columns != split.end()) {
    if (!columns->is_array()) return InvalidInput("dataframe_split.columns must be an array of names");
    std::vector<std::string> names;
    for (const auto& c : *columns) {
      if (!c.is_string()) return InvalidInput("dataframe_split.columns must hold strings");
      names.push_back(c.get<std::string>());
    }
    MLFLOW_ASSIGN_OR_RETURN(column, PickColumn(names, limits));
    width = names.size();
  }
  MLFLOW_RETURN_IF_ERROR(CheckCount(data->size(), limits));
  out.reserve(data->size());
  for (size_t i = 0; i < data->size(); ++i) {
    Json& row = (*data)[i];
    std::string where = "dataframe_split.data[" + std::to_string(i) + "]";
    if (row.is_array()) {
      if (row.size() != width) {
        return InvalidInput(where + " has " + std::to_string(row.size()) + " values; expected " +
                            std::to_string(width));
      }
      MLFLOW_RETURN_IF_ERROR(TakeText(row[column], where, out));
    } else if (width == 1) {
      MLFLOW_RETURN_IF_ERROR(TakeText(row, where, out));
    } else {
      return InvalidInput(where + " must be an array of " + std::to_string(width) + " values");
    }
  }
  return Status::Ok();
}

// "instances", "inputs" (list form) and "dataframe_records" share element rules.
Status ReadList(Json& list, std::string_view name, bool records_only, const InputLimits& limits,
                std::vector<std::string>& out) {
  MLFLOW_RETURN_IF_ERROR(CheckCount(list.size(), limits));
  out.reserve(list.size());
  for (size_t i = 0; i < list.size(); ++i) {
    Json& item = list[i];
    std::string where = std::string(name) + "[" + std::to_string(i) + "]";
    if (item.is_object()) {
      MLFLOW_RETURN_IF_ERROR(TakeFromObject(item, where, limits, out));
    } else if (records_only) {
      return InvalidInput(where + " must be an object such as {\"" + limits.text_column + "\": \"...\"}");
    } else if (item.is_array() && item.size() == 1) {
      MLFLOW_RETURN_IF_ERROR(TakeText(item[0], where, out));
    } else {
      MLFLOW_RETURN_IF_ERROR(TakeText(item, where, out));
    }
  }
  return Status::Ok();
}

Status ReadColumnar(Json& columns, const InputLimits& limits, std::vector<std::string>& out) {
  std::vector<std::string> names;
  for (auto it = columns.begin(); it != columns.end(); ++it) names.push_back(it.key());
  MLFLOW_ASSIGN_OR_RETURN(size_t index, PickColumn(names, limits));
  Json& values = columns[names[index]];
  std::string where = "inputs." + names[index];
  if (values.is_string()) return TakeText(values, where, out);
  if (!values.is_array()) return InvalidInput(where + " must be an array of strings");
  return ReadList(values, where, false, limits, out);
}

Status ReadParams(const Json& params, ScoringParams& out) {
  if (!params.is_object()) return InvalidInput("params must be an object");
  for (auto it = params.begin(); it != params.end(); ++it) {
    if (it.key() == "return_probabilities") {
      if (!it->is_boolean()) return InvalidInput("params.return_probabilities must be true or false");
      out.return_probabilities = it->get<bool>();
    } else if (it.key() == "request_id") {
      if (!it->is_string()) return InvalidInput("params.request_id must be a string");
      out.request_id = it->get<std::string>();
    } else {
      return InvalidInput("unknown param '" + it.key() + "'; supported: return_probabilities, request_id");
    }
  }
  return Status::Ok();
}

Result<ScoringRequest> ParseJsonBody(std::string_view body, const InputLimits& limits) {
  // Most requests are a plain list of strings: read those without building a document.
  if (limits.max_json_depth >= 2) {
    if (std::optional<TextListJson> simple = ParseTextListJson(body)) {
      ScoringRequest request;
      request.shape = std::move(simple->key);
      request.texts = std::move(simple->texts);
      return request;
    }
  }
  MLFLOW_ASSIGN_OR_RETURN(Json doc, ParseRequestJson(body, limits.max_json_depth));
  static const char* kShapes = "dataframe_split, dataframe_records, instances or inputs";
  if (!doc.is_object()) {
    return BadRequest(std::string("the request must be a JSON object with exactly one of ") + kShapes +
                      "; got a JSON " + doc.type_name());
  }
  ScoringRequest request;
  Json* input = nullptr;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const std::string& key = it.key();
    if (key == "params") {
      MLFLOW_RETURN_IF_ERROR(ReadParams(*it, request.params));
    } else if (key == "dataframe_split" || key == "dataframe_records" || key == "instances" || key == "inputs") {
      if (input) {
        return BadRequest("the request has both '" + request.shape + "' and '" + key + "'; send exactly one of " +
                          kShapes);
      }
      input = &*it;
      request.shape = key;
    } else {
      return BadRequest("unknown field '" + key + "'; the request must have exactly one of " + kShapes +
                        " (and optionally params)");
    }
  }
  if (!input) return BadRequest(std::string("the request has none of ") + kShapes);
  if (request.shape == "dataframe_split") {
    MLFLOW_RETURN_IF_ERROR(ReadDataframeSplit(*input, limits, request.texts));
  } else if (request.shape == "dataframe_records") {
    if (!input->is_array()) return InvalidInput("dataframe_records must be an array of objects");
    MLFLOW_RETURN_IF_ERROR(ReadList(*input, "dataframe_records", true, limits, request.texts));
  } else if (input->is_array()) {
    MLFLOW_RETURN_IF_ERROR(ReadList(*input, request.shape, false, limits, request.texts));
  } else if (request.shape == "inputs" && input->is_object()) {
    MLFLOW_RETURN_IF_ERROR(ReadColumnar(*input, limits, request.texts));
  } else {
    return InvalidInput(request.shape + " must be an array" +
                        (request.shape == "inputs" ? std::string(" or an object of columns") : std::string()));
  }
  return request;
}

Result<ScoringRequest> ParseCsvBody(std::string_view body, const InputLimits& limits) {
  if (size_t bad = FindInvalidUtf8(body); bad != std::string_view::npos) {
    return BadRequest("the CSV body is not valid UTF-8 (first invalid byte at offset " + std::to_string(bad) + ")");
  }
  MLFLOW_ASSIGN_OR_RETURN(CsvTable table, ParseCsv(body));
  MLFLOW_ASSIGN_OR_RETURN(size_t column, PickColumn(table.header, limits));
  ScoringRequest request;
  request.shape = "csv";
  MLFLOW_RETURN_IF_ERROR(CheckCount(table.rows.size(), limits));
  request.texts.reserve(table.rows.size());
  for (auto& row : table.rows) request.texts.push_back(std::move(row[column]));
  return request;
}

}  // namespace

Result<BodyFormat> ClassifyContentType(std::string_view content_type, bool allow_csv, bool allow_missing) {
  // Built only for an error: this runs on every scoring request.
  auto supported = [allow_csv] { return std::string(allow_csv ? "application/json or text/csv" : "application/json"); };
  std::string_view media = TrimChars(content_type.substr(0, content_type.find(';')), " \t");
  if (media.empty()) {
    if (allow_missing) return BodyFormat::kJson;
    return UnsupportedMediaType("no Content-Type given; this endpoint takes " + supported());
  }
  BodyFormat format;
  if (EqualsIgnoringAsciiCase(media, "application/json")) {
    format = BodyFormat::kJson;
  } else if (EqualsIgnoringAsciiCase(media, "text/csv") && allow_csv) {
    format = BodyFormat::kCsv;
  } else {
    return UnsupportedMediaType("Content-Type '" + std::string(media) + "' is not supported; this endpoint takes " +
                                supported());
  }
  // Parameters: only a UTF-8 charset is acceptable (MLflow answers 415 otherwise).
  size_t semicolon = content_type.find(';');
  while (semicolon != std::string_view::npos) {
    std::string_view rest = content_type.substr(semicolon + 1);
    size_t next = rest.find(';');
    std::string param = AsciiLowercase(TrimChars(rest.substr(0, next), " \t"));
    if (param.rfind("charset=", 0) == 0) {
      std::string charset = param.substr(8);
      charset.erase(std::remove(charset.begin(), charset.end(), '"'), charset.end());
      if (charset != "utf-8" && charset != "utf8") {
        return UnsupportedMediaType("charset '" + charset + "' is not supported; send UTF-8");
      }
    }
    semicolon = next == std::string_view::npos ? next : semicolon + 1 + next;
  }
  return format;
}

Status CheckBatch(const std::vector<std::string>& texts, const InputLimits& limits) {
  if (texts.empty()) return InvalidInput("the batch is empty; send at least one text");
  MLFLOW_RETURN_IF_ERROR(CheckCount(texts.size(), limits));
  for (size_t i = 0; i < texts.size(); ++i) {
    if (texts[i].size() > limits.max_text_bytes) {
      return InvalidInput("text " + std::to_string(i) + " is " + std::to_string(texts[i].size()) +
                          " bytes long; the limit is " + std::to_string(limits.max_text_bytes));
    }
  }
  return Status::Ok();
}

Result<ScoringRequest> ParseScoringRequest(std::string_view content_type, std::string_view body,
                                           const InputLimits& limits) {
  MLFLOW_ASSIGN_OR_RETURN(BodyFormat format, ClassifyContentType(content_type, true, false));
  Result<ScoringRequest> parsed =
      format == BodyFormat::kJson ? ParseJsonBody(body, limits) : ParseCsvBody(body, limits);
  if (!parsed.ok()) return parsed.status();
  MLFLOW_RETURN_IF_ERROR(CheckBatch(parsed->texts, limits));
  return parsed;
}

}  // namespace mlflow::server
