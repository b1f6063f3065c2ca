// Library-internal helpers of the YAML subset (yaml.cc): scalar quoting and unquoting, key
// detection and flow collections. Not part of the public API.
#pragma once

#include <string>
#include <string_view>

#include "mlflow/core/result.h"
#include "mlflow/mlmodel/yaml.h"

namespace mlflow::mlmodel {

std::string Trim(std::string_view text);
// Index of the quote closing the quoted scalar that opens at text[open], or npos.
size_t FindClosingQuote(std::string_view text, size_t open);
// Decodes a complete quoted scalar (quotes included), folding line breaks as YAML does.
Result<std::string> DecodeQuoted(std::string_view quoted);
// Index of the ':' that ends a plain key ("key: value" or "key:"), or npos.
size_t FindMappingColon(std::string_view text);
bool LooksLikeMappingEntry(std::string_view text);
// A plain scalar without its trailing " # comment", trimmed.
std::string StripComment(std::string_view text);
// null for "", "~", "null"; otherwise a scalar typed by PlainScalarIsString.
YamlNode PlainToNode(const std::string& text);
// The text as a YAML scalar that reads back as this string: plain when safe, else quoted.
std::string QuoteIfNeeded(const std::string& text);
// Whether every '[' / '{' opened outside quotes has been closed.
bool FlowIsBalanced(std::string_view text);

// Parses one flow collection or scalar ("[a, 'b', {k: v}]").
class FlowParser {
 public:
  explicit FlowParser(std::string_view text) : text_(text) {}
  Result<YamlNode> Parse();

 private:
  Result<YamlNode> Value(bool is_key);
  Result<YamlNode> Sequence();
  Result<YamlNode> Mapping();
  void SkipSpaces();
  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace mlflow::mlmodel
