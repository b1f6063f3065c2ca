// Small text helpers shared by the layers. Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mlflow {

// The ASCII lower case of `c`; other bytes (including UTF-8 ones) unchanged, whatever the locale.
constexpr char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr char UpperAscii(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// `text` with its ASCII letters lowered (upper-cased), whatever the locale: std::tolower follows
// the process's LC_CTYPE, which an embedding program (Python sets it from the environment) may
// have made one where 'I' does not lower to 'i'.
inline std::string AsciiLowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = LowerAscii(c);
  return out;
}
inline std::string AsciiUppercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = UpperAscii(c);
  return out;
}

// Whether `a` and `b` are equal up to ASCII case, whatever the locale.
constexpr bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

// A boolean setting as the project reads them (environment variables): true, 1 or yes; false, 0
// or no; in any case. Anything else is nullopt, for the caller to refuse or default.
constexpr std::optional<bool> ParseBoolText(std::string_view text) {
  if (EqualsIgnoringAsciiCase(text, "true") || text == "1" || EqualsIgnoringAsciiCase(text, "yes")) return true;
  if (EqualsIgnoringAsciiCase(text, "false") || text == "0" || EqualsIgnoringAsciiCase(text, "no")) return false;
  return std::nullopt;
}

// `text` without its leading and trailing bytes that are in `chars`; a view into `text`, so it
// lives only as long as `text`'s storage.
inline std::string_view TrimChars(std::string_view text, std::string_view chars) {
  const size_t first = text.find_first_not_of(chars);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(chars) - first + 1);
}

}  // namespace mlflow
