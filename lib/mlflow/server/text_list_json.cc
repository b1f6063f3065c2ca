#include "mlflow/server/text_list_json.h"

#include "mlflow/core/utf8.h"

namespace mlflow::server {
namespace {

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  void SkipSpace() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool Take(char c) {
    SkipSpace();
    if (pos_ >= text_.size() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  bool AtEnd() {
    SkipSpace();
    return pos_ == text_.size();
  }

  // A JSON string after its opening quote, decoded into *out.
  bool String(std::string* out) {
    while (pos_ < text_.size()) {
      const size_t start = pos_;
      while (pos_ < text_.size() && text_[pos_] != '"' && text_[pos_] != '\\' &&
             static_cast<unsigned char>(text_[pos_]) >= 0x20) {
        ++pos_;
      }
      out->append(text_.data() + start, pos_ - start);
      if (pos_ >= text_.size()) return false;
      const char c = text_[pos_++];
      if (c == '"') return true;
      if (c != '\\') return false;  // a raw control character: the full parser explains it
      if (!Escape(out)) return false;
    }
    return false;
  }

 private:
  bool Escape(std::string* out) {
    if (pos_ >= text_.size()) return false;
    switch (text_[pos_++]) {
      case '"':
        out->push_back('"');
        return true;
      case '\\':
        out->push_back('\\');
        return true;
      case '/':
        out->push_back('/');
        return true;
      case 'b':
        out->push_back('\b');
        return true;
      case 'f':
        out->push_back('\f');
        return true;
      case 'n':
        out->push_back('\n');
        return true;
      case 'r':
        out->push_back('\r');
        return true;
      case 't':
        out->push_back('\t');
        return true;
      case 'u':
        break;
      default:
        return false;
    }
    char32_t code_point = 0;
    if (!Hex4(&code_point)) return false;
    if (code_point >= 0xDC00 && code_point <= 0xDFFF) return false;  // a lone low surrogate
    if (code_point >= 0xD800 && code_point <= 0xDBFF) {
      char32_t low = 0;
      if (pos_ + 2 > text_.size() || text_[pos_] != '\\' || text_[pos_ + 1] != 'u') return false;
      pos_ += 2;
      if (!Hex4(&low) || low < 0xDC00 || low > 0xDFFF) return false;
      code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
    }
    if (code_point == 0) return false;  // rare; left to the full parser
    AppendUtf8(code_point, out);
    return true;
  }

  bool Hex4(char32_t* value) {
    if (pos_ + 4 > text_.size()) return false;
    char32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9') {
        v |= static_cast<char32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        v |= static_cast<char32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        v |= static_cast<char32_t>(c - 'A' + 10);
      } else {
        return false;
      }
    }
    *value = v;
    return true;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

std::optional<TextListJson> ParseTextListJson(std::string_view body) {
  if (!IsValidUtf8(body)) return std::nullopt;
  Reader reader(body);
  TextListJson result;
  if (!reader.Take('{') || !reader.Take('"') || !reader.String(&result.key)) return std::nullopt;
  if (result.key != "inputs" && result.key != "instances") return std::nullopt;
  if (!reader.Take(':') || !reader.Take('[')) return std::nullopt;
  do {
    if (!reader.Take('"')) return std::nullopt;  // not a string (or an empty list)
    result.texts.emplace_back();
    if (!reader.String(&result.texts.back())) return std::nullopt;
  } while (reader.Take(','));
  if (!reader.Take(']') || !reader.Take('}') || !reader.AtEnd()) return std::nullopt;
  return result;
}

}  // namespace mlflow::server
