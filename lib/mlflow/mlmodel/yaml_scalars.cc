#include "mlflow/mlmodel/yaml_scalars.h"

#include "mlflow/core/utf8.h"

#include <array>
#include <cstdint>

namespace mlflow::mlmodel {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllOf(std::string_view text, bool (*predicate)(char)) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!predicate(c)) return false;
  }
  return true;
}

bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsOctalDigit(char c) { return c >= '0' && c <= '7'; }

bool IsInteger(std::string_view t) {
  if (!t.empty() && (t[0] == '-' || t[0] == '+')) t.remove_prefix(1);
  if (t.rfind("0x", 0) == 0) return AllOf(t.substr(2), IsHexDigit);
  if (t.rfind("0o", 0) == 0) return AllOf(t.substr(2), IsOctalDigit);
  return AllOf(t, IsDigit);
}

bool IsFloat(std::string_view t) {
  if (!t.empty() && (t[0] == '-' || t[0] == '+')) t.remove_prefix(1);
  if (t == ".inf" || t == ".Inf" || t == ".INF" || t == ".nan" || t == ".NaN" || t == ".NAN") return true;
  size_t i = 0;
  size_t digits = 0;
  while (i < t.size() && IsDigit(t[i])) ++i, ++digits;
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (i < t.size() && IsDigit(t[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '-' || t[i] == '+')) ++i;
    if (i >= t.size()) return false;
    while (i < t.size() && IsDigit(t[i])) ++i;
  }
  return i == t.size();
}

// YAML 1.1 base-60 integers ("8:08"), which PyYAML still resolves as numbers.
bool IsSexagesimal(std::string_view t) {
  size_t colon = t.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  for (char c : t) {
    if (!IsDigit(c) && c != ':') return false;
  }
  return t.back() != ':';
}

bool IsDateLike(std::string_view t) {
  return t.size() >= 8 && IsDigit(t[0]) && IsDigit(t[1]) && IsDigit(t[2]) && IsDigit(t[3]) && t[4] == '-' &&
         IsDigit(t[5]);
}

// Joins the lines of a multi-line quoted scalar: a single break becomes a space, each
// further empty line a '\n'; a double-quoted line ending in '\' joins without a space.
std::string Fold(std::string_view body, bool double_quoted) {
  std::string out;
  size_t start = 0;
  bool first = true;
  bool pending_break = false;
  bool escaped_break = false;
  while (start <= body.size()) {
    size_t end = body.find('\n', start);
    bool last = end == std::string_view::npos;
    std::string line(body.substr(start, last ? std::string_view::npos : end - start));
    start = last ? body.size() + 1 : end + 1;
    if (!first) {
      size_t lead = line.find_first_not_of(" \t");
      line = lead == std::string::npos ? "" : line.substr(lead);
    }
    if (!last) {
      size_t trail = line.find_last_not_of(" \t");
      line = trail == std::string::npos ? "" : line.substr(0, trail + 1);
    }
    if (first) {
      out = line;
    } else if (line.empty() && !last) {
      out += "\n";
      pending_break = true;
    } else {
      if (!pending_break && !escaped_break) out += " ";
      out += line;
      pending_break = false;
    }
    escaped_break = false;
    if (double_quoted && !last && !out.empty() && out.back() == '\\') {
      size_t slashes = 0;
      for (size_t i = out.size(); i > 0 && out[i - 1] == '\\'; --i) ++slashes;
      if (slashes % 2 == 1) {
        out.pop_back();
        escaped_break = true;
      }
    }
    first = false;
  }
  return out;
}

Result<std::string> Unescape(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out.push_back(text[i]);
      continue;
    }
    if (++i >= text.size()) return InvalidArgument("YAML: dangling escape in a double-quoted scalar");
    char e = text[i];
    int hex_digits = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
    if (hex_digits) {
      if (i + hex_digits >= text.size()) {
        return InvalidArgument("YAML: truncated \\" + std::string(1, e) + " escape");
      }
      uint32_t value = 0;
      for (int k = 1; k <= hex_digits; ++k) {
        char h = text[i + k];
        if (!IsHexDigit(h)) return InvalidArgument("YAML: invalid hex escape");
        value = value * 16 + static_cast<uint32_t>(IsDigit(h) ? h - '0' : (h | 0x20) - 'a' + 10);
      }
      AppendUtf8(value, &out);
      i += hex_digits;
      continue;
    }
    switch (e) {
      case 'n':
        out.push_back('\n');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case '0':
        out.push_back('\0');
        break;
      case '"':
        out.push_back('"');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case '/':
        out.push_back('/');
        break;
      case ' ':
        out.push_back(' ');
        break;
      case 'e':
        out.push_back('\x1b');
        break;
      default:
        return InvalidArgument(std::string("YAML: unknown escape \\") + e);
    }
  }
  return out;
}

}  // namespace

bool PlainScalarIsString(std::string_view t) {
  static const std::array<std::string_view, 27> kReserved{
      "~",  "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES", "no",
      "No", "NO",   "on",   "On",   "ON",   "off",  "Off",  "OFF",   "y",     "Y",     "n",   "N",   ""};
  for (auto word : kReserved) {
    if (t == word) return false;
  }
  return !IsInteger(t) && !IsFloat(t) && !IsSexagesimal(t) && !IsDateLike(t);
}

std::string Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return "";
  size_t end = text.find_last_not_of(" \t");
  return std::string(text.substr(begin, end - begin + 1));
}

size_t FindClosingQuote(std::string_view text, size_t open) {
  char quote = text[open];
  for (size_t i = open + 1; i < text.size(); ++i) {
    if (quote == '\'' && text[i] == '\'') {
      if (i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;
        continue;
      }
      return i;
    }
    if (quote == '"') {
      if (text[i] == '\\') {
        ++i;
        continue;
      }
      if (text[i] == '"') return i;
    }
  }
  return std::string_view::npos;
}

Result<std::string> DecodeQuoted(std::string_view quoted) {
  const bool double_quoted = quoted.front() == '"';
  std::string folded = Fold(quoted.substr(1, quoted.size() - 2), double_quoted);
  if (double_quoted) return Unescape(folded);
  std::string out;
  for (size_t i = 0; i < folded.size(); ++i) {
    out.push_back(folded[i]);
    if (folded[i] == '\'' && i + 1 < folded.size() && folded[i + 1] == '\'') ++i;
  }
  return out;
}

size_t FindMappingColon(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '#' && (i == 0 || text[i - 1] == ' ')) return std::string_view::npos;
    if (text[i] == ':' && (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\t')) return i;
  }
  return std::string_view::npos;
}

bool LooksLikeMappingEntry(std::string_view text) {
  if (text.empty() || text[0] == '[' || text[0] == '{' || text[0] == '#') return false;
  if (text[0] == '"' || text[0] == '\'') {
    size_t close = FindClosingQuote(text, 0);
    if (close == std::string_view::npos) return false;
    size_t i = close + 1;
    while (i < text.size() && text[i] == ' ') ++i;
    return i < text.size() && text[i] == ':' && (i + 1 == text.size() || text[i + 1] == ' ');
  }
  return FindMappingColon(text) != std::string_view::npos;
}

std::string StripComment(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t')) return Trim(text.substr(0, i));
  }
  return Trim(text);
}

YamlNode PlainToNode(const std::string& text) {
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") return YamlNode();
  return YamlNode::Literal(text);
}

std::string QuoteIfNeeded(const std::string& text) {
  bool control = false;
  for (char c : text) control = control || (static_cast<unsigned char>(c) < 0x20);
  if (control) {
    std::string out = "\"";
    for (char c : text) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\r':
          out += "\\r";
          break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            char buffer[8];
            std::snprintf(buffer, sizeof(buffer), "\\x%02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
            out += buffer;
          } else {
            out.push_back(c);
          }
      }
    }
    return out + "\"";
  }
  static const std::string_view kIndicators = "-?:,[]{}#&*!|>'\"%@`";
  bool quote = !PlainScalarIsString(text) || kIndicators.find(text.front()) != std::string_view::npos ||
               text.front() == ' ' || text.back() == ' ' || text.back() == ':' ||
               text.find(": ") != std::string::npos || text.find(" #") != std::string::npos;
  if (!quote) return text;
  std::string out = "'";
  for (char c : text) {
    out.push_back(c);
    if (c == '\'') out.push_back('\'');
  }
  return out + "'";
}

bool FlowIsBalanced(std::string_view text) {
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"' || c == '\'') {
      size_t close = FindClosingQuote(text, i);
      if (close == std::string_view::npos) return false;
      i = close;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return depth <= 0;
}

void FlowParser::SkipSpaces() {
  while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
}

Result<YamlNode> FlowParser::Parse() {
  MLFLOW_ASSIGN_OR_RETURN(YamlNode node, Value(false));
  SkipSpaces();
  if (pos_ < text_.size() && text_[pos_] != '#') return InvalidArgument("unexpected text after a flow collection");
  return node;
}

Result<YamlNode> FlowParser::Value(bool is_key) {
  SkipSpaces();
  if (pos_ >= text_.size()) return InvalidArgument("unexpected end of a flow collection");
  char c = text_[pos_];
  if (c == '[') return Sequence();
  if (c == '{') return Mapping();
  if (c == '"' || c == '\'') {
    size_t close = FindClosingQuote(text_, pos_);
    if (close == std::string_view::npos) return InvalidArgument("unterminated quoted scalar");
    MLFLOW_ASSIGN_OR_RETURN(std::string value, DecodeQuoted(text_.substr(pos_, close - pos_ + 1)));
    pos_ = close + 1;
    return YamlNode::String(std::move(value));
  }
  size_t start = pos_;
  while (pos_ < text_.size()) {
    char d = text_[pos_];
    if (d == ',' || d == ']' || d == '}') break;
    if (is_key && d == ':' &&
        (pos_ + 1 == text_.size() || text_[pos_ + 1] == ' ' || text_[pos_ + 1] == ',' || text_[pos_ + 1] == '}')) {
      break;
    }
    ++pos_;
  }
  return PlainToNode(Trim(text_.substr(start, pos_ - start)));
}

Result<YamlNode> FlowParser::Sequence() {
  ++pos_;
  YamlNode node = YamlNode::Sequence();
  while (true) {
    SkipSpaces();
    if (pos_ >= text_.size()) return InvalidArgument("unterminated flow sequence");
    if (text_[pos_] == ']') {
      ++pos_;
      return node;
    }
    MLFLOW_ASSIGN_OR_RETURN(YamlNode item, Value(false));
    node.Append(std::move(item));
    SkipSpaces();
    if (pos_ < text_.size() && text_[pos_] == ',') {
      ++pos_;
    } else if (pos_ >= text_.size() || text_[pos_] != ']') {
      return InvalidArgument("expected ',' or ']' in a flow sequence");
    }
  }
}

Result<YamlNode> FlowParser::Mapping() {
  ++pos_;
  YamlNode node = YamlNode::Mapping();
  while (true) {
    SkipSpaces();
    if (pos_ >= text_.size()) return InvalidArgument("unterminated flow mapping");
    if (text_[pos_] == '}') {
      ++pos_;
      return node;
    }
    MLFLOW_ASSIGN_OR_RETURN(YamlNode key, Value(true));
    SkipSpaces();
    YamlNode value;
    if (pos_ < text_.size() && text_[pos_] == ':') {
      ++pos_;
      SkipSpaces();
      if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '}') {
        MLFLOW_ASSIGN_OR_RETURN(value, Value(false));
      }
    }
    node.Set(key.AsString(), std::move(value));
    SkipSpaces();
    if (pos_ < text_.size() && text_[pos_] == ',') {
      ++pos_;
    } else if (pos_ >= text_.size() || text_[pos_] != '}') {
      return InvalidArgument("expected ',' or '}' in a flow mapping");
    }
  }
}

}  // namespace mlflow::mlmodel
