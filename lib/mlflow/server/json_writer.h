// A minimal append-only JSON writer for response bodies on the hot path: no DOM, no
// allocation beyond the output string. The caller is responsible for structure (commas,
// brackets); the writer escapes strings and formats numbers. Not thread-safe (one per
// response); never throws on content: invalid UTF-8 in strings is replaced by U+FFFD.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mlflow::server {

class JsonWriter {
 public:
  explicit JsonWriter(size_t reserve = 256) { out_.reserve(reserve); }

  JsonWriter& Raw(std::string_view text) {
    out_.append(text);
    return *this;
  }
  JsonWriter& String(std::string_view text);  // quoted and escaped
  JsonWriter& Key(std::string_view key) {     // "key":
    String(key);
    out_.push_back(':');
    return *this;
  }
  // Six significant digits; NaN and infinities (never produced by a sane model) become null.
  JsonWriter& Number(double value);
  JsonWriter& Integer(int64_t value);
  JsonWriter& Bool(bool value) { return Raw(value ? "true" : "false"); }

  std::string& str() { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

}  // namespace mlflow::server
