#include "mlflow/server/json_writer.h"

#include <charconv>
#include <cmath>

#include "mlflow/core/utf8.h"

namespace mlflow::server {

JsonWriter& JsonWriter::String(std::string_view text) {
  static const char kHex[] = "0123456789abcdef";
  std::string replaced;
  if (!IsValidUtf8(text)) {
    // Replace each invalid byte with U+FFFD so the output stays valid JSON.
    while (!text.empty()) {
      size_t bad = FindInvalidUtf8(text);
      if (bad == std::string_view::npos) {
        replaced.append(text);
        break;
      }
      replaced.append(text.substr(0, bad)).append("\xEF\xBF\xBD");
      text.remove_prefix(bad + 1);
    }
    text = replaced;
  }
  out_.push_back('"');
  for (char c : text) {
    switch (c) {
      case '"':
        out_.append("\\\"");
        break;
      case '\\':
        out_.append("\\\\");
        break;
      case '\n':
        out_.append("\\n");
        break;
      case '\r':
        out_.append("\\r");
        break;
      case '\t':
        out_.append("\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out_.append("\\u00");
          out_.push_back(kHex[(c >> 4) & 0xF]);
          out_.push_back(kHex[c & 0xF]);
        } else {
          out_.push_back(c);
        }
    }
  }
  out_.push_back('"');
  return *this;
}

JsonWriter& JsonWriter::Number(double value) {
  if (!std::isfinite(value)) return Raw("null");
  // std::to_chars with a precision prints what printf's "%.6g" prints, without the locale and
  // format-string machinery (it showed in server profiles).
  char buffer[32];
  const std::to_chars_result r = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 6);
  out_.append(buffer, static_cast<size_t>(r.ptr - buffer));
  return *this;
}

JsonWriter& JsonWriter::Integer(int64_t value) {
  char buffer[24];
  const std::to_chars_result r = std::to_chars(buffer, buffer + sizeof buffer, value);
  out_.append(buffer, static_cast<size_t>(r.ptr - buffer));
  return *this;
}

}  // namespace mlflow::server
