#include "mlflow/models/text_decoding.h"

#include <array>
#include <cstdint>
#include <optional>

#include "mlflow/core/utf8.h"
#include "mlflow/models/unicode_classes.h"

namespace mlflow::models {
namespace {

std::optional<uint32_t> ParseHex4(std::string_view text, size_t pos) {
  if (pos + 4 > text.size()) return std::nullopt;
  uint32_t value = 0;
  for (size_t i = pos; i < pos + 4; ++i) {
    char c = text[i];
    uint32_t digit = 0;
    if (c >= '0' && c <= '9') {
      digit = static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      digit = static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return std::nullopt;
    }
    value = value * 16 + digit;
  }
  return value;
}

bool IsHighSurrogate(uint32_t c) { return c >= 0xD800 && c <= 0xDBFF; }
bool IsLowSurrogate(uint32_t c) { return c >= 0xDC00 && c <= 0xDFFF; }

struct NamedEntity {
  std::string_view name;
  char32_t code_point;
};
constexpr std::array<NamedEntity, 6> kNamedEntities{
    {{"amp", U'&'}, {"lt", U'<'}, {"gt", U'>'}, {"quot", U'"'}, {"apos", U'\''}, {"nbsp", U' '}}};

// Parses an entity at text[pos] == '&'; returns its length and code point.
std::optional<std::pair<size_t, char32_t>> ParseEntity(std::string_view text, size_t pos) {
  size_t semicolon = text.find(';', pos + 1);
  if (semicolon == std::string_view::npos || semicolon - pos > 10) return std::nullopt;
  std::string_view body = text.substr(pos + 1, semicolon - pos - 1);
  size_t length = semicolon - pos + 1;
  if (body.size() >= 2 && body[0] == '#') {
    bool hex = body[1] == 'x' || body[1] == 'X';
    std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 7) return std::nullopt;
    uint32_t value = 0;
    for (char c : digits) {
      uint32_t digit = 0;
      if (c >= '0' && c <= '9') {
        digit = static_cast<uint32_t>(c - '0');
      } else if (hex && c >= 'a' && c <= 'f') {
        digit = static_cast<uint32_t>(c - 'a' + 10);
      } else if (hex && c >= 'A' && c <= 'F') {
        digit = static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return std::nullopt;
      }
      value = value * (hex ? 16 : 10) + digit;
    }
    if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return std::nullopt;
    return std::make_pair(length, static_cast<char32_t>(value));
  }
  for (const auto& entity : kNamedEntities) {
    if (body == entity.name) return std::make_pair(length, entity.code_point);
  }
  return std::nullopt;
}

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

DecodeStats& DecodeStats::operator+=(const DecodeStats& other) {
  csv_unquoted += other.csv_unquoted;
  unicode_escapes += other.unicode_escapes;
  invalid_escapes += other.invalid_escapes;
  html_entities += other.html_entities;
  invalid_utf8 += other.invalid_utf8;
  return *this;
}

bool UnquoteCsvField(std::string_view field, std::string* out) {
  if (field.size() < 2 || field.front() != '"' || field.back() != '"') return false;
  std::string_view inner = field.substr(1, field.size() - 2);
  std::string result;
  result.reserve(inner.size());
  for (size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] != '"') {
      result.push_back(inner[i]);
      continue;
    }
    if (i + 1 >= inner.size() || inner[i + 1] != '"') return false;
    result.push_back('"');
    ++i;
  }
  *out = std::move(result);
  return true;
}

std::string DecodeBackslashEscapes(std::string_view text, DecodeStats* stats) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c != '\\' || i + 1 >= text.size()) {
      out.push_back(c);
      ++i;
      continue;
    }
    if (text[i + 1] == '"') {
      out.push_back('"');
      i += 2;
      continue;
    }
    std::optional<uint32_t> unit = text[i + 1] == 'u' ? ParseHex4(text, i + 2) : std::nullopt;
    if (!unit) {
      out.push_back(c);
      ++i;
      continue;
    }
    i += 6;
    char32_t code_point = *unit;
    if (IsHighSurrogate(*unit)) {
      std::optional<uint32_t> low;
      if (i + 1 < text.size() && text[i] == '\\' && text[i + 1] == 'u') low = ParseHex4(text, i + 2);
      if (low && IsLowSurrogate(*low)) {
        code_point = 0x10000 + ((*unit - 0xD800) << 10) + (*low - 0xDC00);
        i += 6;
      } else {
        code_point = kReplacementCharacter;
      }
    } else if (IsLowSurrogate(*unit)) {
      code_point = kReplacementCharacter;
    }
    if (stats) {
      if (code_point == kReplacementCharacter) {
        ++stats->invalid_escapes;
      } else {
        ++stats->unicode_escapes;
      }
    }
    AppendUtf8(code_point, &out);
  }
  return out;
}

std::string DecodeHtmlEntities(std::string_view text, DecodeStats* stats) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '&') {
      if (auto entity = ParseEntity(text, i)) {
        AppendUtf8(entity->second, &out);
        i += entity->first;
        if (stats) ++stats->html_entities;
        continue;
      }
    }
    out.push_back(text[i]);
    ++i;
  }
  return out;
}

std::string DecodeTweetEscapes(std::string_view text, DecodeStats* stats) {
  std::string decoded = DecodeHtmlEntities(DecodeBackslashEscapes(text, stats), stats);
  size_t replaced = 0;
  std::string clean = SanitizeUtf8(decoded, &replaced);
  if (stats) stats->invalid_utf8 += replaced;
  size_t begin = 0;
  size_t end = clean.size();
  while (begin < end && IsAsciiSpace(clean[begin])) ++begin;
  while (end > begin && IsAsciiSpace(clean[end - 1])) --end;
  return clean.substr(begin, end - begin);
}

std::string CleanTweetText(std::string_view raw, DecodeStats* stats) {
  std::string unquoted;
  if (UnquoteCsvField(raw, &unquoted)) {
    if (stats) ++stats->csv_unquoted;
    return DecodeTweetEscapes(unquoted, stats);
  }
  return DecodeTweetEscapes(raw, stats);
}

std::string NormalizeForComparison(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t c = DecodeUtf8(text, &pos);
    if ((c < 0x80 && IsAsciiSpace(static_cast<char>(c))) || unicode::IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (c == 0x2018 || c == 0x2019 || c == 0x2032) c = U'\'';
    if (c == 0x201C || c == 0x201D || c == 0x2033) c = U'"';
    if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
    if (pending_space) out.push_back(' ');
    pending_space = false;
    AppendUtf8(c, &out);
  }
  return out;
}

}  // namespace mlflow::models
