// Recognition and canonical forms of ASCII emoticons (used by TweetTokenizer).
//
// Recognised: western faces (eyes : ; = 8 x, optional tear ', optional nose - o ^, mouth
// ) ] } ( [ { D P p O o / \ | * 3 $ @ < >, repeated mouths), reversed faces "(:" "(-:" "):"
// standing alone, hearts "<3" "</3", and the kaomoji ^_^ ^.^ ^^ -_- -.- T_T ;_; >_< o_O O_o
// \o/ \m/. Guards keep clock times ("8:08"), URLs ("http://") and words (":Dog") out: a face
// never follows a digit, letter mouths must not be followed by a letter or digit, and "8"/"x"
// eyes, kaomoji and reversed faces need white space (or the start) before them.
// Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mlflow::models {

// False for bytes that never start an emoticon: most letters, which MatchEmoticon would reject
// after a call.
inline bool CanStartEmoticon(char c) {
  switch (c) {
    case ':':
    case ';':
    case '=':
    case '8':
    case 'x':
    case 'X':
    case '<':
    case '^':
    case '-':
    case 'T':
    case '>':
    case 'o':
    case 'O':
    case '\\':
    case '(':
    case ')':
      return true;
    default:
      return false;
  }
}

// CanStartEmoticon for text[pos], also rejecting the words that start with 'o', 'O' or 'T':
// those letters start only "o_O", "O_o", "T_T" and "T.T".
inline bool CanStartEmoticonAt(std::string_view text, size_t pos) {
  const char c = text[pos];
  if (c == 'o' || c == 'O' || c == 'T') return pos + 1 < text.size() && (text[pos + 1] == '_' || text[pos + 1] == '.');
  return CanStartEmoticon(c);
}

// Length in bytes of the emoticon starting at text[pos] (0 when there is none); on a match
// *canonical receives its canonical form (":-)))" -> ":)", "=D" -> ":D", "(:" -> ":)").
size_t MatchEmoticon(std::string_view text, size_t pos, std::string* canonical);

}  // namespace mlflow::models
