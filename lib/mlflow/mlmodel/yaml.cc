#include "mlflow/mlmodel/yaml.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "mlflow/mlmodel/yaml_scalars.h"

namespace mlflow::mlmodel {
namespace {

struct Line {
  int indent;
  std::string text;  // after the indentation, trailing spaces removed
  int number;        // 1-based
};

bool IsBlankOrComment(const std::string& text) { return text.empty() || text[0] == '#'; }

bool StartsSequenceItem(const std::string& text) { return text == "-" || text.rfind("- ", 0) == 0; }

bool IsDocumentMarker(const Line& line) {
  return line.indent == 0 && (line.text == "---" || line.text == "..." || line.text.rfind("--- ", 0) == 0);
}

class Parser {
 public:
  explicit Parser(std::string_view text) {
    int number = 0;
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view raw = text.substr(start, end - start);
      ++number;
      start = end + 1;
      if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
      size_t indent = 0;
      while (indent < raw.size() && raw[indent] == ' ') ++indent;
      std::string body(raw.substr(indent));
      while (!body.empty() && (body.back() == ' ' || body.back() == '\t')) body.pop_back();
      lines_.push_back(Line{static_cast<int>(indent), std::move(body), number});
      if (end == text.size()) break;
    }
  }

  Result<YamlNode> ParseDocument() {
    SkipEmpty();
    if (!AtEnd() && (lines_[pos_].text == "---" || lines_[pos_].text.rfind("--- ", 0) == 0)) {
      ++pos_;
      SkipEmpty();
    }
    if (AtEnd()) return YamlNode();
    MLFLOW_ASSIGN_OR_RETURN(YamlNode root, ParseBlock(lines_[pos_].indent));
    SkipEmpty();
    if (!AtEnd()) {
      if (IsDocumentMarker(lines_[pos_])) return Error("multiple documents are not supported");
      return Error("unexpected content");
    }
    return root;
  }

 private:
  bool AtEnd() const { return pos_ >= lines_.size(); }
  void SkipEmpty() {
    while (!AtEnd() && IsBlankOrComment(lines_[pos_].text)) ++pos_;
  }
  Status Error(const std::string& what) const {
    int number = AtEnd() ? (lines_.empty() ? 0 : lines_.back().number) : lines_[pos_].number;
    return InvalidArgument("YAML line " + std::to_string(number) + ": " + what);
  }

  Result<YamlNode> ParseBlock(int indent) {
    return StartsSequenceItem(lines_[pos_].text) ? ParseSequence(indent) : ParseMapping(indent);
  }

  Result<YamlNode> ParseMapping(int indent) {
    YamlNode node = YamlNode::Mapping();
    while (true) {
      SkipEmpty();
      if (AtEnd() || lines_[pos_].indent < indent || IsDocumentMarker(lines_[pos_])) break;
      const Line& line = lines_[pos_];
      if (line.indent > indent) return Error("unexpected indentation");
      if (StartsSequenceItem(line.text)) return Error("sequence item inside a mapping");
      std::string key;
      size_t after_key = 0;
      MLFLOW_RETURN_IF_ERROR(ParseKey(line.text, &key, &after_key));
      if (node.Find(key)) return Error("duplicate key '" + key + "'");
      std::string rest = Trim(line.text.substr(after_key));
      ++pos_;
      YamlNode value;
      if (rest.empty() || rest[0] == '#') {
        SkipEmpty();
        if (!AtEnd() && lines_[pos_].indent > indent) {
          MLFLOW_ASSIGN_OR_RETURN(value, ParseBlock(lines_[pos_].indent));
        } else if (!AtEnd() && lines_[pos_].indent == indent && StartsSequenceItem(lines_[pos_].text)) {
          MLFLOW_ASSIGN_OR_RETURN(value, ParseSequence(indent));
        }
      } else {
        MLFLOW_ASSIGN_OR_RETURN(value, ParseInlineValue(rest, indent));
      }
      node.Set(std::move(key), std::move(value));
    }
    return node;
  }

  Result<YamlNode> ParseSequence(int indent) {
    YamlNode node = YamlNode::Sequence();
    while (true) {
      SkipEmpty();
      if (AtEnd() || lines_[pos_].indent < indent || IsDocumentMarker(lines_[pos_])) break;
      Line& line = lines_[pos_];
      if (line.indent > indent) return Error("unexpected indentation");
      if (!StartsSequenceItem(line.text)) break;
      size_t spaces = 1;
      while (spaces < line.text.size() && line.text[spaces] == ' ') ++spaces;
      std::string rest = line.text.substr(spaces);
      YamlNode item;
      if (rest.empty() || rest[0] == '#') {
        ++pos_;
        SkipEmpty();
        if (!AtEnd() && lines_[pos_].indent > indent) {
          MLFLOW_ASSIGN_OR_RETURN(item, ParseBlock(lines_[pos_].indent));
        }
      } else if (StartsSequenceItem(rest) || LooksLikeMappingEntry(rest)) {
        // "- key: value" / "- - x": the item is a block starting at the column after "- ".
        line.indent = indent + static_cast<int>(spaces);
        line.text = rest;
        MLFLOW_ASSIGN_OR_RETURN(item, ParseBlock(line.indent));
      } else {
        ++pos_;
        MLFLOW_ASSIGN_OR_RETURN(item, ParseInlineValue(rest, indent));
      }
      node.Append(std::move(item));
    }
    return node;
  }

  Status ParseKey(const std::string& text, std::string* key, size_t* after) {
    if (text[0] == '"' || text[0] == '\'') {
      size_t close = FindClosingQuote(text, 0);
      if (close == std::string::npos) return Error("unterminated quoted key");
      MLFLOW_ASSIGN_OR_RETURN(*key, DecodeQuoted(text.substr(0, close + 1)));
      size_t colon = close + 1;
      while (colon < text.size() && text[colon] == ' ') ++colon;
      if (colon >= text.size() || text[colon] != ':') return Error("expected ':' after key");
      *after = colon + 1;
      return Status::Ok();
    }
    size_t colon = FindMappingColon(text);
    if (colon == std::string::npos) return Error("expected 'key: value'");
    *key = Trim(text.substr(0, colon));
    if (!key->empty() && (key->front() == '&' || key->front() == '*' || key->front() == '!' || key->front() == '?')) {
      return Error("anchors, aliases, tags and complex keys are not supported");
    }
    *after = colon + 1;
    return Status::Ok();
  }

  // A value after "key:" or "- ": quoted (possibly multi-line), flow, or plain.
  Result<YamlNode> ParseInlineValue(const std::string& first, int parent_indent) {
    char c = first[0];
    if (c == '|' || c == '>') return Error("block scalars (| and >) are not supported");
    if (c == '&' || c == '*' || c == '!') return Error("anchors, aliases and tags are not supported");
    if (c == '"' || c == '\'') {
      std::string raw = first;
      size_t close = FindClosingQuote(raw, 0);
      while (close == std::string::npos) {
        if (AtEnd() || (lines_[pos_].indent <= parent_indent && !lines_[pos_].text.empty())) {
          return Error("unterminated quoted scalar");
        }
        raw += "\n" + lines_[pos_++].text;
        close = FindClosingQuote(raw, 0);
      }
      std::string tail = Trim(raw.substr(close + 1));
      if (!tail.empty() && tail[0] != '#') return Error("unexpected text after a quoted scalar");
      MLFLOW_ASSIGN_OR_RETURN(std::string value, DecodeQuoted(raw.substr(0, close + 1)));
      return YamlNode::String(std::move(value));
    }
    if (c == '[' || c == '{') {
      std::string raw = first;
      while (!FlowIsBalanced(raw)) {
        if (AtEnd()) return Error("unterminated flow collection");
        raw += " " + lines_[pos_++].text;
      }
      return ParseFlow(raw);
    }
    std::string value = StripComment(first);
    while (true) {  // folded continuation lines of a plain scalar
      SkipEmpty();
      if (AtEnd() || lines_[pos_].indent <= parent_indent) break;
      const std::string& text = lines_[pos_].text;
      if (StartsSequenceItem(text) || LooksLikeMappingEntry(text)) break;
      value += " " + StripComment(text);
      ++pos_;
    }
    return PlainToNode(value);
  }

  Result<YamlNode> ParseFlow(const std::string& raw) {
    FlowParser flow(raw);
    Result<YamlNode> node = flow.Parse();
    if (!node.ok()) return Error(node.status().message());
    return node;
  }

  std::vector<Line> lines_;
  size_t pos_ = 0;
};

void EmitScalar(const YamlNode& node, std::string* out) {
  if (node.is_null()) {
    *out += "null";
  } else if (!node.is_string()) {
    *out += node.scalar();
  } else {
    *out += QuoteIfNeeded(node.scalar());
  }
}

void EmitNode(const YamlNode& node, int indent, std::string* out);

void EmitValueAfterKey(const YamlNode& value, int indent, std::string* out) {
  if (value.is_mapping()) {
    if (value.entries().empty()) {
      *out += " {}\n";
    } else {
      *out += "\n";
      EmitNode(value, indent + 2, out);
    }
  } else if (value.is_sequence()) {
    if (value.items().empty()) {
      *out += " []\n";
    } else {
      *out += "\n";
      EmitNode(value, indent, out);
    }
  } else {
    *out += " ";
    EmitScalar(value, out);
    *out += "\n";
  }
}

void EmitNode(const YamlNode& node, int indent, std::string* out) {
  const std::string pad(indent, ' ');
  if (node.is_mapping()) {
    for (const auto& [key, value] : node.entries()) {
      *out += pad + QuoteIfNeeded(key) + ":";
      EmitValueAfterKey(value, indent, out);
    }
  } else if (node.is_sequence()) {
    for (const auto& item : node.items()) {
      if (item.is_mapping() && !item.entries().empty()) {
        std::string nested;
        EmitNode(item, indent + 2, &nested);
        *out += pad + "- " + nested.substr(indent + 2);
      } else if (item.is_sequence() && !item.items().empty()) {
        *out += pad + "-\n";
        EmitNode(item, indent + 2, out);
      } else if (item.is_mapping()) {
        *out += pad + "- {}\n";
      } else if (item.is_sequence()) {
        *out += pad + "- []\n";
      } else {
        *out += pad + "- ";
        EmitScalar(item, out);
        *out += "\n";
      }
    }
  } else {
    *out += pad;
    EmitScalar(node, out);
    *out += "\n";
  }
}

}  // namespace

YamlNode YamlNode::String(std::string value) {
  YamlNode node;
  node.kind_ = Kind::kScalar;
  node.is_string_ = true;
  node.scalar_ = std::move(value);
  return node;
}

YamlNode YamlNode::Literal(std::string value) {
  YamlNode node;
  node.kind_ = Kind::kScalar;
  node.is_string_ = PlainScalarIsString(value);
  node.scalar_ = std::move(value);
  return node;
}

YamlNode YamlNode::Sequence() {
  YamlNode node;
  node.kind_ = Kind::kSequence;
  return node;
}

YamlNode YamlNode::Mapping() {
  YamlNode node;
  node.kind_ = Kind::kMapping;
  return node;
}

const YamlNode* YamlNode::Find(std::string_view key) const {
  for (const auto& entry : entries_) {
    if (entry.first == key) return &entry.second;
  }
  return nullptr;
}

YamlNode& YamlNode::Set(std::string key, YamlNode value) {
  if (kind_ == Kind::kNull) kind_ = Kind::kMapping;
  for (auto& entry : entries_) {
    if (entry.first == key) {
      entry.second = std::move(value);
      return entry.second;
    }
  }
  entries_.emplace_back(std::move(key), std::move(value));
  return entries_.back().second;
}

void YamlNode::Append(YamlNode item) {
  if (kind_ == Kind::kNull) kind_ = Kind::kSequence;
  items_.push_back(std::move(item));
}

bool operator==(const YamlNode& a, const YamlNode& b) {
  return a.kind_ == b.kind_ && a.scalar_ == b.scalar_ && a.is_string_ == b.is_string_ && a.entries_ == b.entries_ &&
         a.items_ == b.items_;
}

Result<YamlNode> ParseYaml(std::string_view text) { return Parser(text).ParseDocument(); }

std::string EmitYaml(const YamlNode& root) {
  std::string out;
  if (root.is_null()) return "";  // the empty document, which ParseYaml reads as null
  EmitNode(root, 0, &out);
  return out;
}

}  // namespace mlflow::mlmodel
