#include "mlflow/models/tokenizer.h"

#include <array>
#include <cstdint>
#include <utility>

#include "mlflow/core/text.h"
#include "mlflow/core/utf8.h"
#include "mlflow/models/emoticons.h"
#include "mlflow/models/unicode_classes.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mlflow::models {
namespace {

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsLetter(c) || IsDigit(c); }
bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool IsAscii(char c) { return static_cast<unsigned char>(c) < 0x80; }
bool IsAsciiWordCharacter(char c) { return IsAlnum(c) || c == '_'; }

char32_t PeekCodePoint(std::string_view text, size_t pos, size_t* length) {
  size_t next = pos;
  char32_t c = DecodeUtf8(text, &next);
  *length = next - pos;
  return c;
}

// A character that can be part of a word: ASCII letters, digits, '_' or a non-ASCII letter.
bool IsWordStart(std::string_view text, size_t pos) {
  char c = text[pos];
  if (IsAscii(c)) return IsAsciiWordCharacter(c);
  size_t length = 0;
  return unicode::IsWordCharacter(PeekCodePoint(text, pos, &length));
}

bool StartsWithNoCase(std::string_view text, size_t pos, std::string_view prefix) {
  if (text.size() - pos < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (LowerAscii(text[pos + i]) != prefix[i]) return false;
  }
  return true;
}

// What a byte can start, for Step's first test: only a word (ASCII letters and '_', but for the
// ones below), a URL or a word (h, w), a kaomoji or a word (o, O, T: "o_O", "T_T"), or something
// else (x also starts emoticons such as "xD"; every other byte).
enum class StartKind : uint8_t { kOther, kWord, kUrlOrWord, kKaomojiOrWord };
constexpr std::array<StartKind, 256> BuildStartKinds() {
  std::array<StartKind, 256> kinds{};
  for (int c = 0; c < 256; ++c) {
    const int folded = c | 0x20;
    if (folded == 'h' || folded == 'w') {
      kinds[c] = StartKind::kUrlOrWord;
    } else if (folded == 'o' || c == 'T') {
      kinds[c] = StartKind::kKaomojiOrWord;
    } else if (((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') && folded != 'x') {
      kinds[c] = StartKind::kWord;
    }
  }
  return kinds;
}
constexpr std::array<StartKind, 256> kStartKinds = BuildStartKinds();

bool IsRegionalIndicator(char32_t c) { return c >= 0x1F1E6 && c <= 0x1F1FF; }

constexpr std::array<std::string_view, 29> kNegationCues{
    "not",    "no",    "never",    "nothing", "nobody",  "none",  "nowhere", "neither", "nor",   "cannot",
    "dont",   "cant",  "wont",     "isnt",    "arent",   "wasnt", "werent",  "doesnt",  "didnt", "hasnt",
    "havent", "hadnt", "shouldnt", "wouldnt", "couldnt", "aint",  "mustnt",  "neednt",  "dnt"};

constexpr size_t LongestCue() {
  size_t longest = 0;
  for (auto cue : kNegationCues) longest = cue.size() > longest ? cue.size() : longest;
  return longest;
}
static_assert(LongestCue() <= 8, "cues are compared as packed 64-bit words");

// Up to eight bytes, lowercased (ASCII), little-endian in a word; shorter words are zero-padded.
constexpr uint64_t PackLowered(std::string_view word) {
  uint64_t packed = 0;
  for (size_t i = 0; i < word.size(); ++i) {
    packed |= uint64_t{static_cast<unsigned char>(LowerAscii(word[i]))} << (8 * i);
  }
  return packed;
}

// The packed cues in a table indexed by a multiplicative hash of the packed word, with a
// multiplier found at compile time that gives every cue a slot of its own: one lookup and one
// comparison per word instead of a scan of the cues. Empty slots hold 0, which no word packs to.
constexpr int kCueTableBits = 7;
struct CueTable {
  uint64_t multiplier = 0;
  std::array<uint64_t, size_t{1} << kCueTableBits> slots{};
  constexpr size_t SlotOf(uint64_t packed) const { return (packed * multiplier) >> (64 - kCueTableBits); }
};

constexpr CueTable BuildCueTable() {
  for (uint64_t candidate = 0x9E3779B97F4A7C15ULL;; candidate += 0x2545F4914F6CDD1DULL * 2) {
    CueTable table;
    table.multiplier = candidate | 1;
    bool collided = false;
    for (std::string_view cue : kNegationCues) {
      uint64_t& slot = table.slots[table.SlotOf(PackLowered(cue))];
      collided = collided || slot != 0;
      slot = PackLowered(cue);
    }
    if (!collided) return table;
  }
}
constexpr CueTable kCueTable = BuildCueTable();

// Whether a word of up to 8 bytes, lowercased and packed (PackLowered), is a cue.
bool IsPackedCue(uint64_t packed) { return kCueTable.slots[kCueTable.SlotOf(packed)] == packed; }

// A word that ends in 't' or starts with 'n' (either case), against the cues.
bool MatchesNegationCue(std::string_view word) {
  const size_t n = word.size();
  if (n >= 3 && LowerAscii(word[n - 3]) == 'n' && word[n - 2] == '\'' && LowerAscii(word.back()) == 't') return true;
  return n <= LongestCue() && IsPackedCue(PackLowered(word));
}

// Every cue ends in 't' or starts with 'n': that test, inline, rejects most words before the call
// (this runs for every word of every text).
inline bool IsNegationCue(std::string_view word) {
  return !word.empty() && ((word.back() | 0x20) == 't' || (word.front() | 0x20) == 'n') && MatchesNegationCue(word);
}

// The length of the run of equal bytes that ends `bytes` (`length` >= 1 of them).
int TrailingRepeats(const char* bytes, size_t length) {
  int repeats = 1;
  while (static_cast<size_t>(repeats) < length && bytes[length - 1 - repeats] == bytes[length - 1]) ++repeats;
  return repeats;
}

// Per-call state: the output list and the negation scope.
class Scanner {
 public:
  Scanner(const TokenizerOptions& options, std::string_view text, TokenList* out)
      : options_(options), text_(text), out_(out) {}

  void Run() {
    size_t pos = 0;
    while (pos < text_.size()) pos = Step(pos);
  }

 private:
  enum class Kind { kWord, kBoundary, kOther };

  void Emit(std::string_view token, Kind kind) {
    out_->Add(token);
    if (kind == Kind::kBoundary) negated_ = false;
  }

  bool AtBoundary(size_t pos) const {
    if (pos == 0) return true;
    char previous = text_[pos - 1];
    return !IsAscii(previous) || !IsAlnum(previous);
  }

  size_t Step(size_t pos) {
    const char c = text_[pos];
    if (const StartKind kind = kStartKinds[static_cast<unsigned char>(c)]; kind != StartKind::kOther) {
      if (kind == StartKind::kUrlOrWord && AtBoundary(pos) &&
          (StartsWithNoCase(text_, pos, "http://") || StartsWithNoCase(text_, pos, "https://") ||
           StartsWithNoCase(text_, pos, "www."))) {
        return ScanUrl(pos);
      }
      const bool kaomoji = kind == StartKind::kKaomojiOrWord && pos + 1 < text_.size() &&
                           (text_[pos + 1] == '_' || text_[pos + 1] == '.');
      if (!kaomoji) {
        if (size_t end = ScanShortPlainWord(pos)) return end;
        return ScanWord(pos);
      }
    }
    if (IsAsciiSpace(c)) return pos + 1;
    if (IsAscii(c)) {
      if (size_t length = CanStartEmoticonAt(text_, pos) ? MatchEmoticon(text_, pos, &scratch_) : 0) {
        Emit(scratch_, Kind::kBoundary);
        return pos + length;
      }
      if (c == '@' && AtBoundary(pos) && pos + 1 < text_.size() && IsAsciiWordCharacter(text_[pos + 1])) {
        return ScanMention(pos);
      }
      if (c == '#' && pos + 1 < text_.size() && IsWordStart(text_, pos + 1)) return ScanHashtag(pos);
      if (IsDigit(c)) {
        if (size_t end = ScanNumber(pos)) return end;
      }
      if (IsAsciiWordCharacter(c)) return ScanWord(pos);
      if (c == '!' || c == '?' || c == '.') return ScanPunctuationRun(pos);
      if (c == ',' || c == ';' || c == ':') {
        Emit(std::string_view(&text_[pos], 1), Kind::kBoundary);
        return pos + 1;
      }
      return pos + 1;  // other symbols separate tokens and are dropped
    }
    size_t length = 0;
    char32_t code_point = PeekCodePoint(text_, pos, &length);
    if (code_point == 0x2026) return ScanPunctuationRun(pos);
    if (unicode::IsWordCharacter(code_point)) return ScanWord(pos);
    if (IsRegionalIndicator(code_point)) {
      size_t second_length = 0;
      if (pos + length < text_.size() && IsRegionalIndicator(PeekCodePoint(text_, pos + length, &second_length))) {
        length += second_length;
      }
      Emit(text_.substr(pos, length), Kind::kBoundary);
      return pos + length;
    }
    if (unicode::IsEmoji(code_point)) {
      Emit(text_.substr(pos, length), Kind::kBoundary);
      return pos + length;
    }
    return pos + length;  // spaces, modifiers, quotes and other symbols
  }

  size_t ScanUrl(size_t pos) {
    size_t end = pos;
    while (end < text_.size() && !IsAsciiSpace(text_[end])) {
      if (IsAscii(text_[end])) {
        ++end;
        continue;
      }
      // Whole code points only; a space or a malformed byte ends the URL (tokens stay valid UTF-8).
      size_t length = 0;
      char32_t c = PeekCodePoint(text_, end, &length);
      if (unicode::IsSpace(c) || (c == kReplacementCharacter && length == 1)) break;
      end += length;
    }
    if (options_.normalize_urls) {
      Emit("<url>", Kind::kBoundary);
    } else {
      Emit(Lowered(text_.substr(pos, end - pos)), Kind::kBoundary);
    }
    return end;
  }

  size_t ScanMention(size_t pos) {
    size_t end = pos + 1;
    while (end < text_.size() && IsAsciiWordCharacter(text_[end])) ++end;
    if (options_.normalize_mentions) {
      Emit("<user>", Kind::kOther);
    } else {
      Emit(Lowered(text_.substr(pos, end - pos)), Kind::kOther);
    }
    return end;
  }

  size_t ScanHashtag(size_t pos) {
    out_->Append('#');
    bool elongated = false;
    size_t end = AppendWordCharacters(pos + 1, /*allow_joiners=*/false, &elongated);
    if (out_->Pending().size() == 1) {  // no word after all
      out_->Discard();
      return pos + 1;
    }
    out_->Commit();  // "#tag": not a word, so it leaves the negation scope as it is
    if (options_.split_hashtags) {
      out_->AppendCopyOf(out_->size() - 1, 1);
      EmitPendingWord();
    }
    return end;
  }

  // Returns the end of a number, or 0 when the digits run into letters ("2nd").
  size_t ScanNumber(size_t pos) {
    size_t end = pos;
    while (end < text_.size()) {
      if (IsDigit(text_[end])) {
        ++end;
      } else if ((text_[end] == '.' || text_[end] == ',' || text_[end] == ':' || text_[end] == '/') &&
                 end + 1 < text_.size() && IsDigit(text_[end + 1])) {
        end += 2;
      } else {
        break;
      }
    }
    if (end < text_.size() && IsWordStart(text_, end)) return 0;
    if (options_.normalize_numbers) {
      Emit("<num>", Kind::kOther);
    } else {
      Emit(text_.substr(pos, end - pos), Kind::kOther);
    }
    return end;
  }

  // ScanWord's usual case, inline and with no branch on the word's content: a short run of ASCII
  // word characters (ReadShortRun) that no joiner or non-ASCII letter continues. Returns its end,
  // or 0 for ScanWord.
  size_t ScanShortPlainWord(size_t pos) {
#if defined(__SSE2__)
    if (!short_runs_) return 0;
    // The text's last 15 bytes are read from a zero-padded copy (zero is no word character).
    const char* source = text_.data() + pos;
    alignas(16) char last_bytes[16] = {};
    if (text_.size() - pos < 16) source = static_cast<const char*>(std::memcpy(last_bytes, source, text_.size() - pos));
    const ShortRun run = ReadShortRun(source);
    const size_t length = run.length;
    const char next = source[length];
    if (length == 0 || !IsAscii(next) || next == '\'' || next == '-') return 0;
    // The word, then "_NEG" after it, written whatever the scope and kept only in one.
    char* out = out_->Reserve(16 + 4);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), run.lowered);
    std::memcpy(out + length, "_NEG", 4);
    out_->Extend(length + (negated_ ? 4 : 0));  // only a cue sets negated_, and only with mark_negation
    out_->Commit();
    // A cue opens the scope: a word of up to 8 bytes found in the cue table ("n't" words have
    // a joiner and are ScanWord's).
    uint64_t low_bytes = 0;
    _mm_storel_epi64(reinterpret_cast<__m128i*>(&low_bytes), run.folded);
    const uint64_t packed = length >= 8 ? low_bytes : low_bytes & ((uint64_t{1} << (8 * length)) - 1);
    const bool cue = length <= LongestCue() && IsPackedCue(packed);
    negated_ = negated_ || (cue && options_.mark_negation);
    return pos + length;
#else
    (void)pos;
    return 0;
#endif
  }

  size_t ScanWord(size_t pos) {
    bool elongated = false;
    size_t end = AppendWordCharacters(pos, /*allow_joiners=*/true, &elongated);
    EmitPendingWord();
    if (elongated && options_.mark_elongation) Emit("<elong>", Kind::kOther);
    return end;
  }

  // Commits the pending token as a word: "_NEG" in a negation scope, which a cue opens.
  void EmitPendingWord() {
    const bool cue = options_.mark_negation && IsNegationCue(out_->Pending());
    if (negated_ && options_.mark_negation) out_->Append("_NEG");
    out_->Commit();
    if (cue) negated_ = true;
  }

  // Appends word characters from `pos` to the pending token (lowercased, elongations
  // collapsed); with joiners, an apostrophe (' or ’) or hyphen between two word characters is
  // kept. The pending token holds only what this call appends, apart from a leading '#'.
  size_t AppendWordCharacters(size_t pos, bool allow_joiners, bool* elongated) {
    size_t end = pos;
    size_t appended = 0;
    char32_t last = 0;
    int run = 0;
    while (end < text_.size()) {
      if (IsAsciiWordCharacter(text_[end])) {
        end = AppendAsciiWordRun(end, &last, &run, &appended, elongated);
        continue;
      }
      const char byte = text_[end];
      if (IsAscii(byte) && byte != '\'' && byte != '-') break;  // not a word character or a joiner
      size_t length = 0;
      char32_t c = PeekCodePoint(text_, end, &length);
      bool word_char = c < 0x80 ? IsAsciiWordCharacter(static_cast<char>(c)) : unicode::IsWordCharacter(c);
      if (!word_char) {
        bool joiner = c == '\'' || c == 0x2019 || c == '-';
        if (!allow_joiners || !joiner || appended == 0 || end + length >= text_.size() ||
            !IsWordStart(text_, end + length)) {
          break;
        }
        c = c == '-' ? U'-' : U'\'';
      }
      c = Lower(c);
      run = c == last ? run + 1 : 1;
      last = c;
      end += length;
      if (options_.max_repeat > 0 && run > options_.max_repeat && c < 0x80 && IsLetter(static_cast<char>(c))) {
        *elongated = true;
        continue;
      }
      utf8_.clear();
      AppendUtf8(c, &utf8_);
      out_->Append(utf8_);
      ++appended;
    }
    return end;
  }

  // The fast path of AppendWordCharacters: the run of ASCII word characters from `pos`, written
  // straight into the token list.
  size_t AppendAsciiWordRun(size_t pos, char32_t* last, int* run, size_t* appended, bool* elongated) {
    // Locals throughout: stores through `out` could alias the members and pointees, which the
    // compiler would then reload for every byte.
    const char* const text = text_.data();
    const size_t size = text_.size();
    char* const out = out_->Reserve(size - pos);
    size_t written = 0;
    const bool lowercase = options_.lowercase;
    const int max_repeat = options_.max_repeat;
    char32_t previous = *last;
    int repeats = *run;
    if (size_t length = AppendShortAsciiRun(text + pos, size - pos, previous, out)) {
      out_->Extend(length);
      *appended += length;
      *last = static_cast<unsigned char>(out[length - 1]);
      *run = TrailingRepeats(out, length);
      return pos + length;
    }
    bool collapsed = false;
    size_t end = pos;
    for (; end < size && IsAsciiWordCharacter(text[end]); ++end) {
      const char byte = text[end];
      const char lower = lowercase ? LowerAscii(byte) : byte;
      repeats = static_cast<char32_t>(lower) == previous ? repeats + 1 : 1;
      previous = static_cast<char32_t>(lower);
      if (max_repeat > 0 && repeats > max_repeat && IsLetter(lower)) {
        collapsed = true;
        continue;
      }
      out[written++] = lower;
    }
    out_->Extend(written);
    *appended += written;
    *last = previous;
    *run = repeats;
    if (collapsed) *elongated = true;
    return end;
  }

  // AppendAsciiWordRun's SSE2 path for a short run (ReadShortRun) that carries no repeat in from
  // `previous`. Writes the run, lowercased as configured, to `out` (room for 16 bytes: `available`
  // >= 16) and returns its length, or returns 0 and leaves the run to the byte loop.
  size_t AppendShortAsciiRun(const char* text, size_t available, char32_t previous, char* out) const {
#if defined(__SSE2__)
    if (available < 16 || !short_runs_ || (previous < 0x80 && IsAsciiWordCharacter(static_cast<char>(previous)))) {
      return 0;
    }
    const ShortRun run = ReadShortRun(text);
    if (run.length > 0) _mm_storeu_si128(reinterpret_cast<__m128i*>(out), run.lowered);
    return run.length;
#else
    (void)text, (void)available, (void)previous, (void)out;
    return 0;
#endif
  }

#if defined(__SSE2__)
  struct ShortRun {
    size_t length = 0;                      // 0: no short run
    __m128i lowered = _mm_setzero_si128();  // the 16 bytes, lowercased as configured
    __m128i folded = _mm_setzero_si128();   // the 16 bytes, ASCII letters lowercased
  };
  // The run of ASCII word characters at the start of the 16 bytes at `source`, when it ends
  // within them and has no letter three times in a row to collapse (max_repeat 2, the default, or
  // 0: short_runs_).
  ShortRun ReadShortRun(const char* source) const {
    ShortRun run;
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(source));
    // low <= byte < low + count as unsigned bytes, through SSE2's signed comparison.
    auto in_range = [&bytes](int low, int count) {
      const __m128i shifted = _mm_sub_epi8(bytes, _mm_set1_epi8(static_cast<char>(low + 128)));
      return _mm_cmplt_epi8(shifted, _mm_set1_epi8(static_cast<char>(count - 128)));
    };
    const __m128i upper = in_range('A', 26);
    const __m128i letter = _mm_or_si128(upper, in_range('a', 26));
    const __m128i word =
        _mm_or_si128(_mm_or_si128(letter, in_range('0', 10)), _mm_cmpeq_epi8(bytes, _mm_set1_epi8('_')));
    const unsigned after_run = ~static_cast<unsigned>(_mm_movemask_epi8(word)) & 0xFFFFu;
    if (after_run == 0) return run;  // the run may go on past these 16 bytes
    const auto length = static_cast<size_t>(__builtin_ctz(after_run));
    run.folded = _mm_or_si128(bytes, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
    run.lowered = options_.lowercase ? run.folded : bytes;
    if (options_.max_repeat == 2) {  // a letter equal to both bytes before it (run bytes are never 0)
      const __m128i same_as_previous = _mm_cmpeq_epi8(run.lowered, _mm_slli_si128(run.lowered, 1));
      const __m128i same_as_two_before = _mm_cmpeq_epi8(run.lowered, _mm_slli_si128(run.lowered, 2));
      const auto collapsed = static_cast<unsigned>(
          _mm_movemask_epi8(_mm_and_si128(_mm_and_si128(same_as_previous, same_as_two_before), letter)));
      if ((collapsed & ((1u << length) - 1)) != 0) return run;
    }
    run.length = length;
    return run;
  }
#endif

  char32_t Lower(char32_t c) const {
    if (!options_.lowercase) return c;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 'a';
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
    return c;
  }

  std::string Lowered(std::string_view text) const {
    std::string result(text);
    if (options_.lowercase) {
      for (char& ch : result) ch = LowerAscii(ch);
    }
    return result;
  }

  size_t ScanPunctuationRun(size_t pos) {
    size_t end = pos;
    int dots = 0;
    bool exclamation = false;
    bool question = false;
    int marks = 0;
    while (end < text_.size()) {
      char c = text_[end];
      if (c == '.') {
        ++dots, ++end;
      } else if (c == '!' || c == '?') {
        exclamation = exclamation || c == '!';
        question = question || c == '?';
        ++marks, ++end;
      } else if (c == '\xE2' && text_.compare(end, 3, "\xE2\x80\xA6") == 0) {
        dots += 3, end += 3;
      } else {
        break;
      }
    }
    if (exclamation && question) {
      Emit("?!", Kind::kBoundary);
    } else if (exclamation) {
      Emit(marks > 1 ? "!!" : "!", Kind::kBoundary);
    } else if (question) {
      Emit(marks > 1 ? "??" : "?", Kind::kBoundary);
    } else {
      Emit(dots > 1 ? "..." : ".", Kind::kBoundary);
    }
    return end;
  }

  const TokenizerOptions& options_;
  const bool short_runs_ = options_.max_repeat == 2 || options_.max_repeat == 0;  // ReadShortRun applies
  std::string_view text_;
  TokenList* out_;
  bool negated_ = false;
  std::string scratch_;
  std::string utf8_;
};

}  // namespace

std::vector<std::string> TokenList::ToVector() const {
  std::vector<std::string> tokens;
  tokens.reserve(size());
  for (size_t i = 0; i < size(); ++i) tokens.emplace_back((*this)[i]);
  return tokens;
}

TweetTokenizer::TweetTokenizer(TokenizerOptions options) : options_(std::move(options)) {}

void TweetTokenizer::Tokenize(std::string_view text, TokenList* out) const {
  out->clear();
  Scanner(options_, text, out).Run();
}

std::vector<std::string> TweetTokenizer::Tokenize(std::string_view text) const {
  TokenList tokens;
  Tokenize(text, &tokens);
  return tokens.ToVector();
}

}  // namespace mlflow::models
