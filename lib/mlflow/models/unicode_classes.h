// Code point classes the tokenizer needs (emoji, modifiers, word characters, spaces). The
// codec itself (decode, encode, validate, sanitize) is mlflow/core/utf8.h. Pure, thread-safe.
#pragma once

namespace mlflow::models::unicode {

// Emoji and pictographs, including regional indicators (flags); modifiers are not emoji.
bool IsEmoji(char32_t c);
// Code points that only modify a neighbouring emoji: skin tones, variation selectors, ZWJ,
// the combining keycap.
bool IsEmojiModifier(char32_t c);
// Letters and digits outside ASCII (Latin-1 supplement and beyond, excluding punctuation,
// symbols, spaces and emoji), used to keep accented words whole.
bool IsWordCharacter(char32_t c);
// Unicode white space beyond ASCII (no-break space, em space, ...).
bool IsSpace(char32_t c);

}  // namespace mlflow::models::unicode
