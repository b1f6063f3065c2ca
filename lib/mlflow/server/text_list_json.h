// The common scoring body, read without building a JSON document.
//
// `{"inputs": ["text", ...]}` or `{"instances": [...]}` whose items are all strings is what
// most clients send for text models. ParseTextListJson reads exactly that shape in one pass.
// For anything else (another key, params, a non-string item, an empty list, invalid UTF-8,
// malformed JSON, a lone surrogate escape or \u0000) it returns nullopt and decides nothing:
// the caller then runs the full parser, which owns every error message. When it does return,
// the texts are byte for byte what the full parser would have produced (a differential test
// holds it to that). Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlflow::server {

struct TextListJson {
  std::string key;  // "inputs" or "instances"
  std::vector<std::string> texts;
};

std::optional<TextListJson> ParseTextListJson(std::string_view body);

}  // namespace mlflow::server
