// The project's one UTF-8 codec (RFC 3629: no overlongs, no surrogates, nothing above
// U+10FFFF). Decoding never fails: a malformed sequence decodes as U+FFFD and consumes one
// byte, so callers can walk arbitrary bytes. Pure functions, thread-safe, never throw.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mlflow {

// Offset of the first byte that does not start a valid UTF-8 sequence; npos when valid.
size_t FindInvalidUtf8(std::string_view text);
inline bool IsValidUtf8(std::string_view text) { return FindInvalidUtf8(text) == std::string_view::npos; }

// Number of code points in valid UTF-8 (counts lead bytes; exact for valid input).
size_t CountCodePoints(std::string_view text);

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

// Appends the encoding of `code_point`; surrogates and values above U+10FFFF become U+FFFD.
void AppendUtf8(char32_t code_point, std::string* out);

// Decodes the code point at text[*pos] and advances *pos past it (at least one byte).
// Overlong forms, surrogates and truncated sequences give kReplacementCharacter.
char32_t DecodeUtf8(std::string_view text, size_t* pos);

// Length of the well-formed sequence starting at text[pos] (1 for ASCII), 0 when it is malformed.
size_t Utf8SequenceLength(std::string_view text, size_t pos);

// A copy with every malformed sequence replaced by U+FFFD; `replaced` counts them if given.
std::string SanitizeUtf8(std::string_view text, size_t* replaced = nullptr);

}  // namespace mlflow
