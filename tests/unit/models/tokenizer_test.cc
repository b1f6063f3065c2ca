#include <catch2/catch.hpp>

#include <cstdint>

#include "mlflow/core/utf8.h"
#include "mlflow/models/emoticons.h"
#include "mlflow/models/hashing.h"
#include "mlflow/models/ngram_keys.h"
#include "mlflow/models/tokenizer.h"

using namespace mlflow::models;
using Tokens = std::vector<std::string>;

namespace {
Tokens Tok(const std::string& text, TokenizerOptions options = {}) { return TweetTokenizer(options).Tokenize(text); }

// A deterministic corpus of tweet-like texts that exercises every tokenizer rule.
std::vector<std::string> AdversarialCorpus() {
  static const char* const kPieces[] = {"hello",
                                        "WORLD",
                                        "Tweet",
                                        "sooooo",
                                        "Goooood",
                                        "AAAaaa",
                                        "NOOOOOO",
                                        "baaab",
                                        "1000000",
                                        "w7777777",
                                        "don't",
                                        "can't",
                                        "won't",
                                        "NOT",
                                        "Never",
                                        "nothing",
                                        "dont",
                                        "ain't",
                                        "n't",
                                        "nor",
                                        "http://t.co/x",
                                        "https://Example.com/a?b=c",
                                        "www.Site.org",
                                        "@User_1",
                                        "@",
                                        "#HashTag",
                                        "#123",
                                        "#",
                                        "3.14",
                                        "1,000",
                                        "8:08",
                                        "2nd",
                                        "10/10",
                                        ":-)))",
                                        ";P",
                                        "xD",
                                        "XD",
                                        "o_O",
                                        "O_o",
                                        "T.T",
                                        "T_T",
                                        "<3",
                                        "</3",
                                        "<333",
                                        "(:",
                                        "):",
                                        ":'(",
                                        "=D",
                                        "8D",
                                        "^_^",
                                        "-_-",
                                        "\\o/",
                                        "!!!",
                                        "?!",
                                        "...",
                                        "?",
                                        "\xE2\x80\xA6",
                                        ",",
                                        ";",
                                        ":",
                                        "caf\xC3\xA9",
                                        "\xC3\x89T\xC3\x89",
                                        "na\xC3\xAFve",
                                        "\xF0\x9F\x98\x80",
                                        "\xF0\x9F\x87\xBA\xF0\x9F\x87\xB8",
                                        "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD",
                                        "\xFF",
                                        "\xC3",
                                        "\xE2\x80",
                                        "abcdefghijklmnopqrstu",
                                        "abcdefghijklmno",
                                        "abcdefghijklmnop",
                                        "a_b",
                                        "__init__",
                                        "self-driving",
                                        "it\xE2\x80\x99s",
                                        "x",
                                        "T",
                                        "o",
                                        "h",
                                        "w",
                                        "oh",
                                        "Time",
                                        "what",
                                        "\t",
                                        "\n",
                                        "",
                                        "%",
                                        "&amp;",
                                        "ZZtop",
                                        "cooool",
                                        "Mmmmm",
                                        "A",
                                        "I",
                                        "the",
                                        "movie",
                                        "was",
                                        "good",
                                        "bad",
                                        "NOT_BAD",
                                        "tnot"};
  static const char* const kSeparators[] = {" ", " ", " ", "", "  ", ",", "!", ". ", "\t", "-", "'"};
  const size_t pieces = sizeof(kPieces) / sizeof(kPieces[0]);
  const size_t separators = sizeof(kSeparators) / sizeof(kSeparators[0]);
  uint64_t state = 0x9E3779B97F4A7C15ULL;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<size_t>(state >> 33);
  };
  std::vector<std::string> texts;
  for (int t = 0; t < 3000; ++t) {
    std::string text;
    const size_t words = 1 + next() % 24;
    for (size_t w = 0; w < words; ++w) {
      text += kPieces[next() % pieces];
      text += kSeparators[next() % separators];
    }
    if (next() % 4 == 0) text.pop_back();  // some texts end inside a piece
    texts.push_back(text);
  }
  return texts;
}
}  // namespace

TEST_CASE("URLs, mentions, hashtags and numbers", "[models][tokenizer]") {
  CHECK(
      Tok("RT @User_1: see http://t.co/AbC and www.x.org #GoodVibes 3.39 8:08 2nd") ==
      Tokens{"rt", "<user>", ":", "see", "<url>", "and", "<url>", "#goodvibes", "goodvibes", "<num>", "<num>", "2nd"});
  TokenizerOptions raw;
  raw.normalize_urls = false;
  raw.normalize_mentions = false;
  raw.normalize_numbers = false;
  raw.split_hashtags = false;
  CHECK(Tok("@Bob HTTPS://Example.com/X #Tag 42", raw) == Tokens{"@bob", "https://example.com/x", "#tag", "42"});
  CHECK(Tok("mail john@example.com") == Tokens{"mail", "john", "example", ".", "com"});
  // Raw URLs keep whole code points and end at a malformed byte (found by fuzz_tokenizer).
  CHECK(Tok("see https://t.co/caf\xc3\xa9 now", raw) == Tokens{"see", "https://t.co/caf\xc3\xa9", "now"});
  for (const auto& token : Tok("https://t.\x98 x", raw)) CHECK(mlflow::IsValidUtf8(token));
}

TEST_CASE("Emoticons are recognised and canonicalised", "[models][tokenizer]") {
  CHECK(Tok("yay :-))) =D ;P xD <333 </3 :'( ^_^") == Tokens{"yay", ":)", ":D", ";p", "xD", "<3", "</3", ":'(", "^_^"});
  CHECK(Tok("(: fine") == Tokens{":)", "fine"});
  CHECK(Tok("nice:)") == Tokens{"nice", ":)"});
  // Guards: clock times, URLs, words and list markers are not faces.
  CHECK(Tok("at 10:30") == Tokens{"at", "<num>"});
  CHECK(Tok("https://a.b/c") == Tokens{"<url>"});
  CHECK(Tok("said:Perfect") == Tokens{"said", ":", "perfect"});
  CHECK(Tok("8) item") == Tokens{"<num>", "item"});
  std::string canonical;
  CHECK(MatchEmoticon(":-(", 0, &canonical) == 3);
  CHECK(canonical == ":(");
  CHECK(MatchEmoticon("a:b", 1, &canonical) == 0);
}

TEST_CASE("Emoji are single tokens; modifiers dropped; flags paired", "[models][tokenizer]") {
  // U+1F44D U+1F3FD (thumbs up, medium skin tone), U+2764 U+FE0F (red heart), a flag.
  CHECK(Tok("great\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD\xE2\x9D\xA4\xEF\xB8\x8F \xF0\x9F\x87\xAB\xF0\x9F\x87\xB7!") ==
        Tokens{"great", "\xF0\x9F\x91\x8D", "\xE2\x9D\xA4", "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7", "!"});
  CHECK(Tok("CAFÉ déjà-vu naïve") == Tokens{"café", "déjà-vu", "naïve"});
  CHECK(Tok("\xFF\xFE broken") == Tokens{"broken"});
}

TEST_CASE("Elongations, repeated punctuation and case", "[models][tokenizer]") {
  CHECK(Tok("Soooo GOOOOD!!!! really?!?! wait... ok. hmm\xE2\x80\xA6") ==
        Tokens{"soo", "good", "!!", "really", "?!", "wait", "...", "ok", ".", "hmm", "..."});
  TokenizerOptions options;
  options.lowercase = false;
  options.max_repeat = 0;
  options.mark_elongation = true;
  CHECK(Tok("Soooo", options) == Tokens{"Soooo"});
  options.max_repeat = 2;
  CHECK(Tok("Soooo cool", options) == Tokens{"Soo", "<elong>", "cool"});
  CHECK(Tok("I'm it\xE2\x80\x99s") == Tokens{"i'm", "it's"});
}

TEST_CASE("Negation scope runs to the next clause punctuation", "[models][tokenizer]") {
  CHECK(Tok("I don't like this movie, but the music is not bad! never again :(") ==
        Tokens{"i", "don't", "like_NEG", "this_NEG", "movie_NEG", ",", "but", "the", "music", "is", "not", "bad_NEG",
               "!", "never", "again_NEG", ":("});
  CHECK(Tok("cant wait #excited tomorrow") == Tokens{"cant", "wait_NEG", "#excited", "excited_NEG", "tomorrow_NEG"});
  TokenizerOptions off;
  off.mark_negation = false;
  CHECK(Tok("not good", off) == Tokens{"not", "good"});
}

TEST_CASE("TokenList reuse", "[models][tokenizer]") {
  TweetTokenizer tokenizer;
  TokenList tokens;
  tokenizer.Tokenize("first text here", &tokens);
  CHECK(tokens.size() == 3);
  tokenizer.Tokenize("", &tokens);
  CHECK(tokens.empty());
  tokenizer.Tokenize("two words", &tokens);
  CHECK(tokens[1] == "words");
}

TEST_CASE("Fast paths keep the general rules: case, cues, URLs, mixed scripts", "[models][tokenizer]") {
  TokenizerOptions keep_case;
  keep_case.lowercase = false;
  // A hashtag's word is copied from the "#tag" token, which on a fresh list makes the buffer grow.
  CHECK(Tok("#Excited") == Tokens{"#excited", "excited"});
  // Negation cues match in any case, including when tokens keep theirs.
  CHECK(Tok("NOT good", keep_case) == Tokens{"NOT", "good_NEG"});
  CHECK(Tok("DON'T go", keep_case) == Tokens{"DON'T", "go_NEG"});
  CHECK(Tok("Nothing left") == Tokens{"nothing", "left_NEG"});
  CHECK(Tok("WWW.x.org and more") == Tokens{"<url>", "and", "more"});
  // An elongation's count carries across a switch between ASCII and non-ASCII letters.
  CHECK(Tok("Sooo\xC3\xA9ooo") == Tokens{"soo\xC3\xA9oo"});
  CHECK(Tok("Sooo\xC3\xA9ooo", keep_case) == Tokens{"Soo\xC3\xA9oo"});
  // Words longer than any buffer: the token list grows while a word is written into it.
  const std::string long_word(5000, 'a');
  TokenizerOptions keep_runs;
  keep_runs.max_repeat = 0;
  CHECK(Tok("x " + long_word + " y", keep_runs) == Tokens{"x", long_word, "y"});
}

TEST_CASE("ASCII words read 16 bytes at a time follow the byte-by-byte rules", "[models][tokenizer]") {
  // The rules for a word of ASCII letters, digits and '_': lowercased, and a letter repeated
  // more than twice kept twice.
  auto expected = [](const std::string& word) {
    std::string out;
    for (char c : word) {
      const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      const size_t n = out.size();
      const bool letter = lower >= 'a' && lower <= 'z';
      if (letter && n >= 2 && out[n - 1] == lower && out[n - 2] == lower) continue;
      out.push_back(lower);
    }
    return out;
  };
  const std::string letters = "qWertYuiopAsdfghJklzxcvbm_4k2";  // no negation cue, no number
  // Followed by 20 spaces the 16-byte path can run; at the end of the text a zero-padded copy.
  for (const std::string& after : {std::string(20, ' ') + "x", std::string()}) {
    for (size_t length = 1; length <= 20; ++length) {
      const std::string plain = letters.substr(0, length);
      std::vector<std::string> words{plain};
      for (size_t at = 0; at < length; ++at) {  // a run of three and of five letters at each position
        words.push_back(plain.substr(0, at) + std::string(3, plain[at]) + plain.substr(at + 1));
        words.push_back(plain.substr(0, at) + "AaAaA" + plain.substr(at + 1));
      }
      words.push_back("w" + std::string(length, '7'));  // digits repeat freely
      for (const std::string& word : words) {
        INFO("'" << word << "' followed by " << after.size() << " bytes");
        Tokens tokens = Tok(word + after);
        REQUIRE(!tokens.empty());
        CHECK(tokens.front() == expected(word));
      }
    }
  }
  const std::string room(20, ' ');  // after each word: room for the 16-byte path
  TokenizerOptions keep;
  keep.lowercase = false;
  keep.max_repeat = 0;
  CHECK(Tok("LOOOOOOL_2000 " + room, keep) == Tokens{"LOOOOOOL_2000"});
  TokenizerOptions cased;
  cased.lowercase = false;  // case kept: only the same letter in the same case repeats
  CHECK(Tok("AAAb AaAa " + room, cased) == Tokens{"AAb", "AaAa"});
  TokenizerOptions marked;
  marked.mark_elongation = true;
  CHECK(Tok("cooool yes " + room, marked) == Tokens{"cool", "<elong>", "yes"});
  TokenizerOptions one;
  one.max_repeat = 1;
  CHECK(Tok("book " + room, one) == Tokens{"bok"});
  TokenizerOptions three;
  three.max_repeat = 3;  // not the 16-byte path's case: the byte loop keeps three
  CHECK(Tok("cooooool " + room, three) == Tokens{"coool"});
  // Joiners and non-ASCII letters continue a word after its ASCII run.
  CHECK(Tok("don't-stop caf\xC3\xA9s" + room) == Tokens{"don't-stop", "caf\xC3\xA9s"});
}

TEST_CASE("Every negation cue opens a scope, in any case; near misses do not", "[models][tokenizer]") {
  for (const char* cue : {"not",     "no",     "never",  "nothing", "nobody", "none",  "nowhere",  "neither",
                          "nor",     "cannot", "dont",   "cant",    "wont",   "isnt",  "arent",    "wasnt",
                          "werent",  "doesnt", "didnt",  "hasnt",   "havent", "hadnt", "shouldnt", "wouldnt",
                          "couldnt", "aint",   "mustnt", "neednt",  "dnt",    "won't", "NEVER",    "Nor"}) {
    INFO(cue);
    const Tokens tokens = Tok(std::string(cue) + " fun");
    REQUIRE(tokens.size() == 2);
    CHECK(tokens[1] == "fun_NEG");
  }
  for (const char* word : {"note", "nono", "n", "nothin", "tnot", "nevermore", "cants", "dn", "nt", "knot"}) {
    INFO(word);
    CHECK(Tok(std::string(word) + " fun").back() == "fun");
  }
}

TEST_CASE("Kaomoji starting with a letter are still found after the letter pre-check", "[models][tokenizer]") {
  CHECK(Tok("o_O T.T O_o T_T xD oh Time of") == Tokens{"o_O", "T_T", "o_O", "T_T", "xD", "oh", "time", "of"});
  CHECK(Tok("o") == Tokens{"o"});
  CHECK(Tok("T") == Tokens{"t"});
}

TEST_CASE("Tokens and n-gram keys never change: model files store the keys of these tokens", "[models][tokenizer]") {
  // Counts and a checksum of every token and key (word 1-3, char 2-5) of a generated corpus that
  // mixes every rule, case, elongations, joiners, UTF-8 and malformed bytes, under six option
  // sets, as the tokenizer of 78016ac (before its SSE2 and table fast paths) computed them.
  struct Golden {
    size_t tokens;
    size_t keys;
    uint64_t checksum;
  };
  const Golden golden[] = {
      {41818, 655961, 0x630D9BC543F8250BULL}, {41818, 660261, 0xDBB396A083CE81C6ULL},
      {41818, 685253, 0x07CC93AB8E0ADB92ULL}, {41049, 620126, 0x29351176AB2C82AFULL},
      {41818, 709069, 0x7C4756E7FCF37E6DULL}, {45788, 756573, 0x696BD06B1CEDBF2FULL},
  };
  std::vector<TokenizerOptions> variants(6);
  variants[1].lowercase = false;
  variants[2].max_repeat = 0;
  variants[3].mark_negation = false;
  variants[3].split_hashtags = false;
  variants[4].normalize_urls = variants[4].normalize_mentions = variants[4].normalize_numbers = false;
  variants[5].mark_elongation = true;
  variants[5].max_repeat = 1;
  const std::vector<std::string> texts = AdversarialCorpus();
  for (size_t v = 0; v < variants.size(); ++v) {
    INFO("option set " << v);
    TweetTokenizer tokenizer(variants[v]);
    TokenList tokens;
    std::vector<uint64_t> keys;
    uint64_t checksum = 0;
    size_t token_count = 0;
    size_t key_count = 0;
    for (const std::string& text : texts) {
      tokenizer.Tokenize(text, &tokens);
      for (size_t i = 0; i < tokens.size(); ++i) checksum = HashCombine(checksum, HashBytes(tokens[i]));
      token_count += tokens.size();
      keys.clear();
      AppendWordNgramKeys(tokens, NgramRange{1, 3}, &keys);
      AppendCharNgramKeys(tokens, NgramRange{2, 5}, &keys);
      for (uint64_t key : keys) checksum = HashCombine(checksum, key);
      key_count += keys.size();
    }
    CHECK(token_count == golden[v].tokens);
    CHECK(key_count == golden[v].keys);
    CHECK(checksum == golden[v].checksum);
  }
}
