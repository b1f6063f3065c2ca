// Small text helpers shared by the layers. Pure functions, thread-safe.
#pragma once

#include <string_view>

namespace mlflow {

// The ASCII lower case of `c`; other bytes (including UTF-8 ones) unchanged, whatever the locale.
constexpr char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// `text` without its leading and trailing bytes that are in `chars`; a view into `text`, so it
// lives only as long as `text`'s storage.
inline std::string_view TrimChars(std::string_view text, std::string_view chars) {
  const size_t first = text.find_first_not_of(chars);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(chars) - first + 1);
}

}  // namespace mlflow
