#include "mlflow/server/json_guard.h"

#include <string>

#include "mlflow/server/api_error.h"
#include "mlflow/core/utf8.h"

namespace mlflow::server {

size_t JsonNestingDepth(std::string_view text, size_t max_depth) {
  size_t depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // skip the escaped character
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > deepest) {
          deepest = depth;
          if (deepest > max_depth) return deepest;
        }
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return deepest;
}

Result<Json> ParseRequestJson(std::string_view body, size_t max_depth) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return BadRequest("the request body is empty; expected a JSON document");
  }
  if (size_t bad = FindInvalidUtf8(body); bad != std::string_view::npos) {
    return BadRequest("the request body is not valid UTF-8 (first invalid byte at offset " + std::to_string(bad) + ")");
  }
  if (JsonNestingDepth(body, max_depth) > max_depth) {
    return BadRequest("the JSON document nests deeper than " + std::to_string(max_depth) + " levels");
  }
  // The parser's exception carries the position and reason; it is caught here and turned
  // into a value, so nothing escapes to the caller.
  std::string error;
  Json parsed;
  try {
    parsed = Json::parse(body.begin(), body.end());
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() reads "[json.exception.parse_error.101] parse error at line 1, column 9: ...".
    std::string what = e.what();
    size_t pos = what.find("] ");
    error = pos == std::string::npos ? what : what.substr(pos + 2);
  } catch (const std::exception& e) {
    error = e.what();
  }
  if (!error.empty()) return BadRequest("malformed JSON: " + error);
  return parsed;
}

}  // namespace mlflow::server
