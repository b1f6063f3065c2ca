// UTF-8 helpers shared by the loaders and the tokenizer.
//
// Decoding never fails: a malformed byte sequence decodes as U+FFFD and consumes one byte, so
// callers can walk arbitrary bytes. All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mlflow::models::utf8 {

inline constexpr char32_t kReplacement = 0xFFFD;

// Appends the UTF-8 encoding of `code_point`; surrogates and values above U+10FFFF are
// written as U+FFFD.
void Append(char32_t code_point, std::string* out);

// Decodes the code point starting at text[*pos] and advances *pos past it (at least one
// byte). Overlong forms, surrogates and truncated sequences give kReplacement.
char32_t Next(std::string_view text, size_t* pos);

// True when `text` is well-formed UTF-8.
bool IsValid(std::string_view text);

// A copy with every malformed sequence replaced by U+FFFD; `replaced` counts them if given.
std::string Sanitize(std::string_view text, size_t* replaced = nullptr);

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

}  // namespace mlflow::models::utf8
