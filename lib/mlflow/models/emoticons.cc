#include "mlflow/models/emoticons.h"

#include <array>

namespace mlflow::models {
namespace {

bool IsAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

char At(std::string_view text, size_t i) { return i < text.size() ? text[i] : '\0'; }

// Canonical mouth, or '\0' when `c` is not a mouth.
char CanonicalMouth(char c) {
  switch (c) {
    case ')':
    case ']':
    case '}':
      return ')';
    case '(':
    case '[':
    case '{':
      return '(';
    case 'D':
      return 'D';
    case 'P':
    case 'p':
      return 'p';
    case 'O':
    case 'o':
      return 'o';
    case '/':
    case '\\':
      return '/';
    case '|':
      return '|';
    case '*':
      return '*';
    case '3':
      return '3';
    case '$':
      return '$';
    case '@':
      return '@';
    case '<':
      return '<';
    case '>':
      return '>';
    default:
      return '\0';
  }
}

bool IsLetterOrDigitMouth(char mouth) { return IsAlnum(mouth); }

struct Kaomoji {
  std::string_view text;
  std::string_view canonical;
};
constexpr std::array<Kaomoji, 15> kKaomoji{{
    {"</3", "</3"},
    {"<3", "<3"},
    {"^_^", "^_^"},
    {"^.^", "^_^"},
    {"^^", "^_^"},
    {"-_-", "-_-"},
    {"-.-", "-_-"},
    {"T_T", "T_T"},
    {"T.T", "T_T"},
    {";_;", "T_T"},
    {">_<", ">_<"},
    {"o_O", "o_O"},
    {"O_o", "o_O"},
    {"\\o/", "\\o/"},
    {"\\m/", "\\m/"},
}};

size_t MatchKaomoji(std::string_view text, size_t pos, bool at_boundary, std::string* canonical) {
  for (const auto& k : kKaomoji) {
    if (k.text.front() != text[pos] || text.compare(pos, k.text.size(), k.text) != 0) continue;
    size_t end = pos + k.text.size();
    bool is_heart = k.text.back() == '3';
    if (is_heart) {
      while (At(text, end) == '3') ++end;  // "<333"
    } else if (!at_boundary) {
      continue;
    }
    if (IsAlnum(At(text, end))) continue;
    *canonical = std::string(k.canonical);
    return end - pos;
  }
  return 0;
}

size_t MatchWestern(std::string_view text, size_t pos, bool at_boundary, std::string* canonical) {
  char eyes = text[pos];
  char canonical_eyes = '\0';
  switch (eyes) {
    case ':':
    case '=':
      canonical_eyes = ':';
      break;
    case ';':
      canonical_eyes = ';';
      break;
    case '8':
      canonical_eyes = ':';
      break;
    case 'x':
    case 'X':
      canonical_eyes = 'x';
      break;
    default:
      return 0;
  }
  bool letter_eyes = eyes == '8' || eyes == 'x' || eyes == 'X';
  if (letter_eyes && !at_boundary) return 0;
  size_t i = pos + 1;
  bool tear = false;
  if (At(text, i) == '\'' && !letter_eyes) {
    tear = true;
    ++i;
  }
  char nose = At(text, i);
  if ((nose == '-' || nose == '^' || (nose == 'o' && CanonicalMouth(At(text, i + 1)) != '\0')) && !letter_eyes) ++i;
  char mouth = CanonicalMouth(At(text, i));
  if (mouth == '\0') return 0;
  // "8)" and "x)" are more often list markers than faces: letter eyes take only "D" (and "xP").
  if (eyes == '8' && mouth != 'D') return 0;
  if ((eyes == 'x' || eyes == 'X') && mouth != 'D' && mouth != 'p') return 0;
  char raw_mouth = text[i];
  while (At(text, i) == raw_mouth) ++i;
  char next = At(text, i);
  if (IsLetterOrDigitMouth(raw_mouth) && IsAlnum(next)) return 0;
  if (mouth == '/' && (next == '/' || IsAlnum(next))) return 0;  // "://", ":/path"
  if ((mouth == '<' || mouth == '>' || mouth == '@' || mouth == '$' || mouth == '*') && !IsBlank(next) &&
      next != '\0') {
    return 0;
  }
  canonical->clear();
  canonical->push_back(canonical_eyes);
  if (tear) canonical->push_back('\'');
  canonical->push_back(mouth);
  return i - pos;
}

size_t MatchReversed(std::string_view text, size_t pos, bool at_boundary, std::string* canonical) {
  if (!at_boundary) return 0;
  char mouth = text[pos];
  if (mouth != '(' && mouth != ')') return 0;
  size_t i = pos + 1;
  if (At(text, i) == '-') ++i;
  if (At(text, i) != ':') return 0;
  ++i;
  char next = At(text, i);
  if (next != '\0' && !IsBlank(next)) return 0;
  *canonical = mouth == '(' ? ":)" : ":(";
  return i - pos;
}

}  // namespace

size_t MatchEmoticon(std::string_view text, size_t pos, std::string* canonical) {
  if (pos >= text.size()) return 0;
  if (!CanStartEmoticonAt(text, pos)) return 0;
  char previous = pos == 0 ? '\0' : text[pos - 1];
  if (IsDigit(previous)) return 0;
  bool at_boundary = previous == '\0' || IsBlank(previous);
  if (size_t n = MatchKaomoji(text, pos, at_boundary, canonical)) return n;
  if (size_t n = MatchWestern(text, pos, at_boundary, canonical)) return n;
  return MatchReversed(text, pos, at_boundary, canonical);
}

}  // namespace mlflow::models
