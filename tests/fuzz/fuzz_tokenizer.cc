// Fuzz target: TweetTokenizer on arbitrary bytes (tweets are user input, often malformed
// UTF-8). Every token must be non-empty, valid UTF-8, and the tokenizer must not crash.
// Input: byte 0 picks the options, the rest is the text.
#include <cstdlib>

#include "fuzz/fuzz_target.h"
#include "mlflow/core/utf8.h"
#include "mlflow/models/tokenizer.h"
#include "mlflow/models/unicode_classes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  uint8_t bits = data[0];
  mlflow::models::TokenizerOptions options;
  options.lowercase = bits & 1;
  options.normalize_urls = bits & 2;
  options.normalize_mentions = bits & 4;
  options.normalize_numbers = bits & 8;
  options.split_hashtags = bits & 16;
  options.mark_negation = bits & 32;
  options.mark_elongation = bits & 64;
  options.max_repeat = (bits & 128) ? 0 : 2;
  mlflow::models::TweetTokenizer tokenizer(options);
  mlflow::models::TokenList tokens;
  tokenizer.Tokenize(mlflow::testing::AsText(data + 1, size - 1), &tokens);
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].empty() || !mlflow::IsValidUtf8(tokens[i])) std::abort();
  }
  return 0;
}
