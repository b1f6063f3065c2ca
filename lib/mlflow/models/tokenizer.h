// TweetTokenizer: splits tweet text into normalised tokens for the feature extractors.
//
// Rules, in the order they are tried at each position (docs/models.md has examples):
//   - URLs (http://, https://, www.) become "<url>"; @mentions become "<user>".
//   - Emoticons: western ":-)", ";P", "xD", ":'(", reversed "(:", hearts "<3" "</3" and a few
//     kaomoji ("^_^", "-_-", "T_T", "\o/", "\m/"). They are canonicalised: the nose is dropped,
//     repeated mouths collapse, "=" and "8" eyes become ":", so ":-)))" and "=)" are ":)".
//   - #hashtags are kept as "#tag" and, with split_hashtags, also emitted as the word "tag".
//   - Emoji (UTF-8, 2-4 bytes) are one token each; skin tones, variation selectors and ZWJ
//     are dropped; a regional-indicator pair (a flag) is one token.
//   - Numbers ("3.39", "8:08", "1,000") become "<num>"; words mixing letters and digits stay.
//   - Words keep inner apostrophes and hyphens ("don't", "self-driving"); ’ is read as '.
//     Letters repeated more than max_repeat times collapse ("soooo" -> "soo", "!!!!" -> "!!").
//   - Punctuation: runs of ! ? . become one token ("!!", "?!", "..."; "…" is "..."); , ; :
//     are single tokens; other symbols separate tokens and are dropped.
//   - Case: lowercased (ASCII and Latin-1) unless disabled; emoticons keep their case (":D").
//   - Negation: after "not", "no", "never", "nothing", "nobody", "none", "nor", "cannot" or a
//     word ending in "n't" (also "dont", "cant", "wont", ...), following words get the suffix
//     "_NEG" until the next , ; : . ! ? token, emoticon, emoji or URL.
// A tokenizer is immutable after construction; Tokenize is const and thread-safe.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace mlflow::models {

struct TokenizerOptions {
  bool lowercase = true;           // Default: true.
  bool normalize_urls = true;      // "<url>". Default: true.
  bool normalize_mentions = true;  // "<user>". Default: true.
  bool normalize_numbers = true;   // "<num>". Default: true.
  bool split_hashtags = true;      // "#tag" plus "tag". Default: true.
  bool mark_negation = true;       // "_NEG" suffix in negation scope. Default: true.
  bool mark_elongation = false;    // extra token "<elong>" after an elongated word. Default: false.
  int max_repeat = 2;              // longest run of one letter kept; 0 keeps all. Default: 2.
};

// Tokens of one text, stored contiguously; reused between calls to avoid allocations. At least
// kReadPadding initialised bytes follow every non-empty token in the same buffer, so readers may
// load a token word by word (HashPaddedBytes) and mask off what lies past its end.
class TokenList {
 public:
  static constexpr size_t kReadPadding = 8;

  void clear() {
    used_ = 0;
    ends_.clear();
  }
  size_t size() const { return ends_.size(); }
  bool empty() const { return ends_.empty(); }
  std::string_view operator[](size_t i) const {
    const uint32_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(chars_.data() + begin, ends_[i] - begin);
  }
  void Add(std::string_view token) {
    Append(token);
    Commit();
  }
  // A token built in place: bytes appended to the pending token, which Commit adds to the list
  // and Discard drops.
  void Append(char byte) { *Reserve(1) = byte, ++used_; }
  void Append(std::string_view bytes) {
    if (bytes.empty()) return;  // memcpy's pointers must be valid even for no bytes
    std::memcpy(Reserve(bytes.size()), bytes.data(), bytes.size());
    used_ += bytes.size();
  }
  // Appends token i's bytes from `offset` on to the pending token.
  void AppendCopyOf(size_t i, size_t offset) {
    const uint32_t begin = (i == 0 ? 0 : ends_[i - 1]) + static_cast<uint32_t>(offset);
    const size_t length = ends_[i] - begin;
    if (length == 0) return;
    char* destination = Reserve(length);  // may move chars_: index the source after it
    std::memcpy(destination, chars_.data() + begin, length);
    used_ += length;
  }
  // Room for `bytes` more bytes of the pending token, to be written at the returned pointer and
  // then kept with Extend(written). The pointer is valid until the list next changes.
  char* Reserve(size_t bytes) {
    if (used_ + bytes + kReadPadding > chars_.size()) {
      chars_.resize(std::max(used_ + bytes + kReadPadding, 2 * chars_.size()));
    }
    return chars_.data() + used_;
  }
  void Extend(size_t written) { used_ += written; }
  std::string_view Pending() const { return std::string_view(chars_.data() + PendingBegin(), used_ - PendingBegin()); }
  void Commit() { ends_.push_back(static_cast<uint32_t>(used_)); }
  void Discard() { used_ = PendingBegin(); }
  std::vector<std::string> ToVector() const;
  // The raw layout, for vectorised readers: token i is bytes()[ends()[i - 1], ends()[i]) (from 0
  // for the first), each non-empty one followed by kReadPadding readable bytes (bytes() may be
  // null when no token has any). Valid until the list changes.
  const char* bytes() const { return chars_.data(); }
  const uint32_t* ends() const { return ends_.data(); }

 private:
  size_t PendingBegin() const { return ends_.empty() ? 0 : ends_.back(); }
  std::vector<char> chars_;  // the first used_ bytes hold the tokens; the rest is spare room
  size_t used_ = 0;
  std::vector<uint32_t> ends_;
};

class TweetTokenizer {
 public:
  explicit TweetTokenizer(TokenizerOptions options = {});

  // Replaces *out with the tokens of `text` (UTF-8; malformed bytes are skipped).
  void Tokenize(std::string_view text, TokenList* out) const;
  std::vector<std::string> Tokenize(std::string_view text) const;

  const TokenizerOptions& options() const { return options_; }

 private:
  TokenizerOptions options_;
};

}  // namespace mlflow::models
