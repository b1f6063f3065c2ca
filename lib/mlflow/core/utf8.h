// UTF-8 checks for request bodies and texts (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF). Pure functions, thread-safe, never throw.
#pragma once

#include <cstddef>
#include <string_view>

namespace mlflow {

// Offset of the first byte that does not start a valid UTF-8 sequence; npos when valid.
size_t FindInvalidUtf8(std::string_view text);
inline bool IsValidUtf8(std::string_view text) { return FindInvalidUtf8(text) == std::string_view::npos; }

// Number of code points in valid UTF-8 (counts lead bytes; exact for valid input).
size_t CountCodePoints(std::string_view text);

}  // namespace mlflow
