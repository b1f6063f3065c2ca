#include "mlflow/models/utf8.h"

namespace mlflow::models::utf8 {

void Append(char32_t c, std::string* out) {
  if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) c = kReplacement;
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

char32_t Next(std::string_view text, size_t* pos) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  size_t i = *pos;
  unsigned char lead = byte(i);
  if (lead < 0x80) {
    *pos = i + 1;
    return lead;
  }
  int length = 0;
  char32_t c = 0;
  char32_t min_value = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, c = lead & 0x1F, min_value = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, c = lead & 0x0F, min_value = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, c = lead & 0x07, min_value = 0x10000;
  } else {
    *pos = i + 1;
    return kReplacement;
  }
  if (i + length > text.size()) {
    *pos = i + 1;
    return kReplacement;
  }
  for (int k = 1; k < length; ++k) {
    unsigned char next = byte(i + k);
    if ((next & 0xC0) != 0x80) {
      *pos = i + 1;
      return kReplacement;
    }
    c = (c << 6) | (next & 0x3F);
  }
  if (c < min_value || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    *pos = i + 1;
    return kReplacement;
  }
  *pos = i + length;
  return c;
}

bool IsValid(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t start = pos;
    char32_t c = Next(text, &pos);
    if (c == kReplacement && text.substr(start, pos - start) != "\xEF\xBF\xBD") return false;
  }
  return true;
}

std::string Sanitize(std::string_view text, size_t* replaced) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  size_t count = 0;
  while (pos < text.size()) {
    size_t start = pos;
    char32_t c = Next(text, &pos);
    if (c == kReplacement && text.substr(start, pos - start) != "\xEF\xBF\xBD") ++count;
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c == kReplacement) {
      Append(c, &out);
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  if (replaced) *replaced = count;
  return out;
}

bool IsEmoji(char32_t c) {
  if (IsEmojiModifier(c)) return false;
  return (c >= 0x1F300 && c <= 0x1FAFF) ||  // pictographs, emoticons, transport, supplemental
         (c >= 0x1F000 && c <= 0x1F2FF) ||  // mahjong, dominoes, cards, enclosed (incl. flags)
         (c >= 0x2600 && c <= 0x27BF) ||    // miscellaneous symbols, dingbats
         (c >= 0x2B00 && c <= 0x2BFF) ||    // arrows and stars (⭐, ⬆)
         (c >= 0x2190 && c <= 0x21FF) ||    // arrows
         (c >= 0x2300 && c <= 0x23FF) ||    // technical (⌚, ⏰)
         c == 0x00A9 || c == 0x00AE || c == 0x203C || c == 0x2049 || c == 0x2122 ||
         c == 0x2139 || c == 0x3030 || c == 0x303D || c == 0x3297 || c == 0x3299;
}

bool IsEmojiModifier(char32_t c) {
  return (c >= 0x1F3FB && c <= 0x1F3FF) || c == 0xFE0E || c == 0xFE0F || c == 0x200D || c == 0x20E3 ||
         (c >= 0xE0020 && c <= 0xE007F);  // tag characters (subdivision flags)
}

bool IsSpace(char32_t c) {
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

bool IsWordCharacter(char32_t c) {
  if (c < 0x80) return false;
  if (IsEmoji(c) || IsEmojiModifier(c) || IsSpace(c) || c == kReplacement) return false;
  if (c >= 0xA1 && c <= 0xBF) return false;    // Latin-1 punctuation and symbols
  if (c == 0xD7 || c == 0xF7) return false;    // × ÷
  if (c >= 0x2000 && c <= 0x2BFF) return false;  // general punctuation .. misc symbols
  if (c >= 0x3000 && c <= 0x303F) return false;  // CJK punctuation
  if (c >= 0xFE30 && c <= 0xFE4F) return false;  // CJK compatibility forms
  if (c >= 0xFF01 && c <= 0xFF0F) return false;  // full-width punctuation
  if (c >= 0xE000 && c <= 0xF8FF) return false;  // private use
  return true;
}

}  // namespace mlflow::models::utf8
