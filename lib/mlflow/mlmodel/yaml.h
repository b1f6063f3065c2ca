// A small YAML subset: what MLflow's MLmodel files use, read and written by hand.
//
// Supported when reading: block mappings and sequences (including "- key: value" items and
// sequences at their parent key's indentation), plain scalars, single- and double-quoted
// scalars spanning several lines (folded as YAML does), flow collections ([a, b], {k: v}),
// comments, a leading "---". Not supported: anchors/aliases, tags, block scalars (| and >),
// multiple documents; they give kInvalidParameterValue with a line number.
// Writing produces block style with two-space indentation, quoting a string only when it
// would otherwise read back as something else (a number, bool, null, date, or text with
// YAML syntax in it). Keys keep insertion order. Nodes are plain values; functions are pure.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mlflow/core/result.h"

namespace mlflow::mlmodel {

class YamlNode {
 public:
  enum class Kind { kNull, kScalar, kSequence, kMapping };

  YamlNode() = default;                        // null
  static YamlNode String(std::string value);   // always a string (quoted when needed)
  static YamlNode Literal(std::string value);  // written as-is: numbers, true/false
  static YamlNode Bool(bool value) { return Literal(value ? "true" : "false"); }
  static YamlNode Int(long long value) { return Literal(std::to_string(value)); }
  static YamlNode Sequence();
  static YamlNode Mapping();

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_scalar() const { return kind_ == Kind::kScalar; }
  bool is_sequence() const { return kind_ == Kind::kSequence; }
  bool is_mapping() const { return kind_ == Kind::kMapping; }
  // True for quoted scalars and plain ones that do not read as number/bool/null.
  bool is_string() const { return kind_ == Kind::kScalar && is_string_; }

  // The scalar text ("" for non-scalars).
  const std::string& scalar() const { return scalar_; }
  // The scalar text, or `fallback` for null and collections.
  std::string AsString(std::string fallback = "") const { return is_scalar() ? scalar_ : std::move(fallback); }

  // Mapping access; Find returns null when absent or when this is not a mapping.
  const YamlNode* Find(std::string_view key) const;
  // Replaces the value of `key` or appends it; turns a null node into a mapping.
  YamlNode& Set(std::string key, YamlNode value);
  const std::vector<std::pair<std::string, YamlNode>>& entries() const { return entries_; }

  // Sequence access; Append turns a null node into a sequence.
  void Append(YamlNode item);
  const std::vector<YamlNode>& items() const { return items_; }

  friend bool operator==(const YamlNode& a, const YamlNode& b);

 private:
  Kind kind_ = Kind::kNull;
  bool is_string_ = false;
  std::string scalar_;
  std::vector<std::pair<std::string, YamlNode>> entries_;
  std::vector<YamlNode> items_;
};

// Parses one document; an empty document is a null node.
Result<YamlNode> ParseYaml(std::string_view text);

// Block-style YAML ending in a newline.
std::string EmitYaml(const YamlNode& root);

// Whether a plain (unquoted) scalar with this text would read back as a string.
bool PlainScalarIsString(std::string_view text);

}  // namespace mlflow::mlmodel
