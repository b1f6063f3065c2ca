#include "mlflow/models/unicode_classes.h"

#include "mlflow/core/utf8.h"

namespace mlflow::models::unicode {

bool IsEmoji(char32_t c) {
  if (IsEmojiModifier(c)) return false;
  return (c >= 0x1F300 && c <= 0x1FAFF) ||  // pictographs, emoticons, transport, supplemental
         (c >= 0x1F000 && c <= 0x1F2FF) ||  // mahjong, dominoes, cards, enclosed (incl. flags)
         (c >= 0x2600 && c <= 0x27BF) ||    // miscellaneous symbols, dingbats
         (c >= 0x2B00 && c <= 0x2BFF) ||    // arrows and stars (⭐, ⬆)
         (c >= 0x2190 && c <= 0x21FF) ||    // arrows
         (c >= 0x2300 && c <= 0x23FF) ||    // technical (⌚, ⏰)
         c == 0x00A9 || c == 0x00AE || c == 0x203C || c == 0x2049 || c == 0x2122 || c == 0x2139 || c == 0x3030 ||
         c == 0x303D || c == 0x3297 || c == 0x3299;
}

bool IsEmojiModifier(char32_t c) {
  return (c >= 0x1F3FB && c <= 0x1F3FF) || c == 0xFE0E || c == 0xFE0F || c == 0x200D || c == 0x20E3 ||
         (c >= 0xE0020 && c <= 0xE007F);  // tag characters (subdivision flags)
}

bool IsSpace(char32_t c) {
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

bool IsWordCharacter(char32_t c) {
  if (c < 0x80) return false;
  if (IsEmoji(c) || IsEmojiModifier(c) || IsSpace(c) || c == kReplacementCharacter) return false;
  if (c >= 0xA1 && c <= 0xBF) return false;      // Latin-1 punctuation and symbols
  if (c == 0xD7 || c == 0xF7) return false;      // × ÷
  if (c >= 0x2000 && c <= 0x2BFF) return false;  // general punctuation .. misc symbols
  if (c >= 0x3000 && c <= 0x303F) return false;  // CJK punctuation
  if (c >= 0xFE30 && c <= 0xFE4F) return false;  // CJK compatibility forms
  if (c >= 0xFF01 && c <= 0xFF0F) return false;  // full-width punctuation
  if (c >= 0xE000 && c <= 0xF8FF) return false;  // private use
  return true;
}

}  // namespace mlflow::models::unicode
