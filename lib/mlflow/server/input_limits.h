// Limits every prediction request is held to, with their defaults. Plain value type.
#pragma once

#include <cstddef>
#include <string>

namespace mlflow::server {

struct InputLimits {
  size_t max_body_bytes = 16u << 20;   // Default 16 MiB; larger bodies are answered 413.
  size_t max_batch = 10000;            // Default 10,000 texts per request; more is a 400.
  size_t max_text_bytes = 100u << 10;  // Default 100 KiB per text; longer is a 400.
  size_t max_json_depth = 32;          // Default 32 levels of arrays/objects; deeper is a 400.
  std::string text_column = "text";    // The input column read from tabular shapes.
};

}  // namespace mlflow::server
