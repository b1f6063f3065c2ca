#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>
#include <vector>

#include "mlflow/models/hashing.h"
#include "mlflow/models/ngram_keys.h"
#include "mlflow/models/occurrence_counts.h"
#include "mlflow/models/random.h"
#include "mlflow/models/vectorizer.h"

using namespace mlflow::models;
using Catch::Matchers::WithinAbs;

namespace {

VectorizerOptions UnigramOptions() {
  VectorizerOptions options;
  options.word_ngrams = {1, 1};
  options.min_df = 1;
  options.sublinear_tf = false;
  options.tokenizer.mark_negation = false;
  return options;
}

float Value(const SparseMatrix& x, int64_t row, int32_t column) { return x.coeff(row, column); }

const std::vector<std::string> kCorpus{"good good movie", "bad movie", "good"};

}  // namespace

TEST_CASE("TF-IDF matches the smooth-idf, L2-normalised formula", "[models][vectorizer]") {
  auto v = TextVectorizer::Fit(kCorpus, UnigramOptions()).value();
  REQUIRE(v.num_features() == 3);
  int32_t good = v.ColumnOfWordKey(WordUnigramKey("good"));
  int32_t movie = v.ColumnOfWordKey(WordUnigramKey("movie"));
  int32_t bad = v.ColumnOfWordKey(WordUnigramKey("bad"));
  CHECK(bad == 2);  // lowest df last
  CHECK(v.ColumnOfWordKey(WordUnigramKey("unseen")) == -1);
  CHECK(v.document_frequency(good) == 2);
  CHECK_THAT(v.idf(good), WithinAbs(std::log(4.0 / 3.0) + 1.0, 1e-6));
  CHECK_THAT(v.idf(bad), WithinAbs(std::log(2.0) + 1.0, 1e-6));
  SparseMatrix x = v.Transform(kCorpus);
  CHECK_THAT(Value(x, 0, good), WithinAbs(2.0 / std::sqrt(5.0), 1e-6));
  CHECK_THAT(Value(x, 0, movie), WithinAbs(1.0 / std::sqrt(5.0), 1e-6));
  CHECK_THAT(Value(x, 1, bad), WithinAbs(0.795961, 1e-5));
  CHECK_THAT(Value(x, 1, movie), WithinAbs(0.605349, 1e-5));
  CHECK_THAT(Value(x, 2, good), WithinAbs(1.0, 1e-6));

  VectorizerOptions sublinear = UnigramOptions();
  sublinear.sublinear_tf = true;
  SparseMatrix xs = TextVectorizer::Fit(kCorpus, sublinear).value().Transform({"good good movie"});
  CHECK_THAT(Value(xs, 0, good), WithinAbs(0.861035, 1e-5));
  CHECK_THAT(Value(xs, 0, movie), WithinAbs(0.508542, 1e-5));
}

TEST_CASE("min_df, bigrams, L1 norm and empty rows", "[models][vectorizer]") {
  VectorizerOptions options = UnigramOptions();
  options.min_df = 2;
  auto v = TextVectorizer::Fit(kCorpus, options).value();
  CHECK(v.num_features() == 2);
  CHECK(v.ColumnOfWordKey(WordUnigramKey("bad")) == -1);
  options.word_ngrams = {1, 2};
  options.min_df = 1;
  options.norm = RowNorm::kL1;
  options.use_idf = false;
  auto bigrams = TextVectorizer::Fit(kCorpus, options).value();
  CHECK(bigrams.num_features() == 6);  // good, movie, bad, "good good", "good movie", "bad movie"
  SparseMatrix x = bigrams.Transform({"good movie", "zzz"});
  CHECK_THAT(x.row(0).sum(), WithinAbs(1.0, 1e-6));
  CHECK(x.row(0).nonZeros() == 3);
  CHECK(x.row(1).nonZeros() == 0);
  options.min_df = 5;
  auto none = TextVectorizer::Fit(kCorpus, options);
  REQUIRE_FALSE(none.ok());
  CHECK(none.status().message().find("min_df") != std::string::npos);
  VectorizerOptions bad;
  bad.word_ngrams = {2, 1};
  CHECK_FALSE(TextVectorizer::Fit(kCorpus, bad).ok());
}

TEST_CASE("FitTransform leaves the matrix untouched when the fit fails", "[models][vectorizer]") {
  SparseMatrix matrix(2, 3);
  matrix.insert(1, 2) = 5.0f;
  matrix.makeCompressed();
  VectorizerOptions options;
  options.min_df = 3;  // no n-gram occurs in three of the two texts
  auto fitted = TextVectorizer::FitTransform({"one text", "another"}, options, 1, &matrix);
  REQUIRE_FALSE(fitted.ok());
  CHECK(fitted.status().message().find("min_df=3") != std::string::npos);
  REQUIRE(matrix.rows() == 2);
  REQUIRE(matrix.nonZeros() == 1);
  CHECK(matrix.coeff(1, 2) == 5.0f);
}

TEST_CASE("Character n-gram keys are every padded n-gram's key, in order, for any token", "[models][vectorizer]") {
  // The definition over code points, n-gram by n-gram; the ASCII fast path and the general
  // path (non-ASCII, or too long for the fast path's buffer) must both produce exactly this.
  auto reference = [](std::string_view token, NgramRange range) {
    const std::string padded = " " + std::string(token) + " ";
    std::vector<size_t> starts;
    for (size_t i = 0; i < padded.size(); ++i) {
      if ((static_cast<unsigned char>(padded[i]) & 0xC0) != 0x80) starts.push_back(i);
    }
    starts.push_back(padded.size());
    const size_t code_points = starts.size() - 1;
    std::vector<uint64_t> keys;
    if (static_cast<size_t>(range.min) >= code_points) return std::vector<uint64_t>{CharNgramKey(padded)};
    for (size_t start = 0; start + range.min <= code_points; ++start) {
      for (size_t n = range.min; n <= static_cast<size_t>(range.max) && start + n <= code_points; ++n) {
        keys.push_back(CharNgramKey(std::string_view(padded).substr(starts[start], starts[start + n] - starts[start])));
      }
    }
    return keys;
  };
  const std::string tokens[] = {"a",
                                "ab",
                                "abc",
                                "hello",
                                "don't",
                                "<url>",
                                std::string(61, 'q'),
                                std::string(62, 'r'),
                                std::string(63, 's'),
                                "caf\xC3\xA9",
                                "\xF0\x9F\x98\x80x"};
  std::vector<KeyKernel> kernels{KeyKernel::kPortable, KeyKernel::kBest};
  if (KeyKernelSupported(KeyKernel::kAvx512)) kernels.push_back(KeyKernel::kAvx512);
  for (NgramRange range : {NgramRange{2, 5}, NgramRange{1, 1}, NgramRange{3, 6}, NgramRange{4, 4}}) {
    TokenList all;
    std::vector<uint64_t> all_expected{42};
    for (const std::string& token : tokens) {
      TokenList list;
      list.Add(token);
      all.Add(token);
      std::vector<uint64_t> expected{42};  // appended after what is there
      for (uint64_t key : reference(token, range)) expected.push_back(key);
      all_expected.insert(all_expected.end(), expected.begin() + 1, expected.end());
      for (KeyKernel kernel : kernels) {
        INFO("'" << token << "' " << range.min << "-" << range.max << ", kernel " << static_cast<int>(kernel));
        std::vector<uint64_t> keys{42};
        AppendCharNgramKeys(list, range, &keys, kernel);
        CHECK(keys == expected);
      }
    }
    for (KeyKernel kernel : kernels) {  // one list: keys mixed in groups of eight across tokens
      INFO("all tokens, " << range.min << "-" << range.max << ", kernel " << static_cast<int>(kernel));
      std::vector<uint64_t> keys{42};
      AppendCharNgramKeys(all, range, &keys, kernel);
      CHECK(keys == all_expected);
    }
  }
}

TEST_CASE("Character n-grams follow char_wb over code points", "[models][vectorizer]") {
  TokenList tokens;
  tokens.Add("ab");
  std::vector<uint64_t> keys;
  AppendCharNgramKeys(tokens, {2, 5}, &keys);
  // " ab ": 3 bigrams, 2 trigrams, then the whole padded token once.
  REQUIRE(keys.size() == 6);
  std::vector<uint64_t> expected;
  for (const char* gram : {" a", "ab", "b ", " ab", "ab ", " ab "}) expected.push_back(CharNgramKey(gram));
  std::sort(keys.begin(), keys.end());
  std::sort(expected.begin(), expected.end());
  CHECK(keys == expected);
  keys.clear();
  AppendCharNgramKeys(tokens, {5, 6}, &keys);  // longer than the token: the whole token once
  CHECK(keys == std::vector<uint64_t>{CharNgramKey(" ab ")});
  TokenList emoji;
  emoji.Add("\xF0\x9F\x98\x80");
  keys.clear();
  AppendCharNgramKeys(emoji, {2, 2}, &keys);
  REQUIRE(keys.size() == 2);
  CHECK(keys[0] == CharNgramKey(" \xF0\x9F\x98\x80"));
  TokenList three;
  for (const char* t : {"a", "b", "c"}) three.Add(t);
  keys.clear();
  AppendWordNgramKeys(three, {1, 3}, &keys);
  CHECK(keys.size() == 6);
  CHECK(keys[0] == WordUnigramKey("a"));
}

TEST_CASE("Word n-gram keys are the definition's, in order, from every kernel", "[models][vectorizer]") {
  // The definition: a unigram's key is its token's; a longer n-gram chains the tokens' keys
  // with HashCombine, then combines the length. The AVX-512 kernel (where this CPU has it) must
  // give exactly these keys for tokens of every length class it treats apart: empty, 1-7 bytes
  // (one partial word), 8, 9-15 (two words), 16 and longer (its scalar fallback), and for lists
  // that end inside and on a group of eight.
  auto reference = [](const std::vector<std::string>& tokens, NgramRange range) {
    std::vector<uint64_t> keys;
    for (size_t i = 0; i < tokens.size(); ++i) {
      uint64_t key = WordUnigramKey(tokens[i]);
      for (int n = 1; n <= range.max && i + n <= tokens.size(); ++n) {
        if (n > 1) key = HashCombine(key, WordUnigramKey(tokens[i + n - 1]));
        if (n >= range.min) keys.push_back(n == 1 ? key : HashCombine(key, static_cast<uint64_t>(n)));
      }
    }
    return keys;
  };
  Random random(7);
  std::vector<KeyKernel> kernels{KeyKernel::kPortable, KeyKernel::kBest};
  if (KeyKernelSupported(KeyKernel::kAvx512)) {
    kernels.push_back(KeyKernel::kAvx512);
  } else {
    WARN("AVX-512 off (no CPU support or MLFLOWCPP_DISABLE_AVX512): only the portable keys are checked");
  }
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<std::string> tokens(random.NextU64() % 27);
    TokenList list;
    for (std::string& token : tokens) {
      token.resize(random.NextU64() % 3 == 0 ? random.NextU64() % 40 : random.NextU64() % 16);
      for (char& c : token)
        c = static_cast<char>(random.NextU64() % 4 == 0 ? random.NextU64() : 'a' + random.NextU64() % 26);
      list.Add(token);
    }
    for (NgramRange range :
         {NgramRange{1, 1}, NgramRange{1, 2}, NgramRange{1, 3}, NgramRange{2, 2}, NgramRange{2, 4}, NgramRange{3, 3},
          NgramRange{2, 3}, NgramRange{7, 8}, NgramRange{1, 8}, NgramRange{1, 9}}) {
      std::vector<uint64_t> expected{42};  // appended after what is there
      for (uint64_t key : reference(tokens, range)) expected.push_back(key);
      for (KeyKernel kernel : kernels) {
        INFO("trial " << trial << ", " << tokens.size() << " tokens, n " << range.min << "-" << range.max << ", kernel "
                      << static_cast<int>(kernel));
        std::vector<uint64_t> keys{42};
        AppendWordNgramKeys(list, range, &keys, kernel);
        CHECK(keys == expected);
      }
    }
  }
}

TEST_CASE("Word and char blocks are normalised separately", "[models][vectorizer]") {
  VectorizerOptions options = UnigramOptions();
  options.char_ngrams = {2, 3};
  auto v = TextVectorizer::Fit(kCorpus, options).value();
  CHECK(v.num_word_features() == 3);
  SparseMatrix x = v.Transform({"good movie"});
  double word_norm = 0.0;
  double char_norm = 0.0;
  for (SparseMatrix::InnerIterator it(x, 0); it; ++it) {
    (static_cast<size_t>(it.col()) < v.num_word_features() ? word_norm : char_norm) += it.value() * it.value();
  }
  CHECK_THAT(word_norm, WithinAbs(1.0, 1e-5));
  CHECK_THAT(char_norm, WithinAbs(1.0, 1e-5));
}

TEST_CASE("Fitting is independent of the thread count; hashing mode works", "[models][vectorizer]") {
  std::vector<std::string> texts;
  for (int i = 0; i < 300; ++i)
    texts.push_back("doc " + std::to_string(i % 17) + " word" + std::to_string(i % 5) + " shared");
  VectorizerOptions options;
  options.char_ngrams = {2, 4};
  auto one = TextVectorizer::Fit(texts, options, 1).value();
  auto three = TextVectorizer::Fit(texts, options, 3).value();
  REQUIRE(one.num_features() == three.num_features());
  SparseMatrix a = one.Transform(texts, 1);
  SparseMatrix b = three.Transform(texts, 3);
  CHECK(a.isApprox(b, 0.0f));
  for (int threads : {1, 3}) {
    SparseMatrix fused_x;
    auto fused = TextVectorizer::FitTransform(texts, options, threads, &fused_x);
    REQUIRE(fused.ok());
    CHECK(fused->num_features() == one.num_features());
    CHECK(fused_x.isApprox(a, 0.0f));
  }
  options.hash_bits = 12;
  auto hashed = TextVectorizer::Fit(texts, options, 2).value();
  CHECK(hashed.num_features() > 0);
  CHECK(hashed.num_features() <= 2 * 4096);
  SparseMatrix h = hashed.Transform({"doc 3 word1 shared"});
  CHECK(h.nonZeros() > 10);
  SparseMatrix fused_hashed;
  REQUIRE(TextVectorizer::FitTransform(texts, options, 2, &fused_hashed).ok());
  CHECK(fused_hashed.isApprox(hashed.Transform(texts), 0.0f));
}

TEST_CASE("Document frequencies count each text once per feature, however the fit is chunked", "[models][vectorizer]") {
  // Texts repeat words and n-grams within themselves and share them across texts; every
  // feature's df must be the number of texts whose keys include it, counted here from scratch.
  std::vector<std::string> texts;
  Random rng(11);
  for (int i = 0; i < 400; ++i) {
    std::string text;
    const int words = i % 7 == 0 ? 40 : 1 + static_cast<int>(rng.Below(6));
    for (int w = 0; w < words; ++w) text += "w" + std::to_string(rng.Below(i % 2 == 0 ? 30 : 300)) + " ";
    texts.push_back(text);
  }
  texts[5] = "";  // texts without any n-gram, one of them the last of a chunk
  texts[199] = " ";
  VectorizerOptions options;
  options.word_ngrams = {1, 2};
  options.char_ngrams = {2, 3};
  for (int min_df : {1, 2}) {
    options.min_df = min_df;
    std::map<uint64_t, uint32_t> expected[2];
    const TextVectorizer reference = TextVectorizer::Fit(texts, options, 1).value();
    for (const std::string& text : texts) {
      TokenList tokens;
      reference.Tokenize(text, &tokens);
      for (int block = 0; block < 2; ++block) {
        std::vector<uint64_t> keys;
        if (block == 0) AppendWordNgramKeys(tokens, options.word_ngrams, &keys);
        if (block == 1) AppendCharNgramKeys(tokens, options.char_ngrams, &keys);
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        for (uint64_t key : keys) ++expected[block][key];
      }
    }
    for (auto& block : expected) {
      for (auto it = block.begin(); it != block.end();)
        it = it->second < static_cast<uint32_t>(min_df) ? block.erase(it) : ++it;
    }
    for (int threads : {1, 2, 3}) {
      SparseMatrix x;
      const TextVectorizer fused = TextVectorizer::FitTransform(texts, options, threads, &x).value();
      const TextVectorizer fitted = TextVectorizer::Fit(texts, options, threads).value();
      for (const TextVectorizer* v : {&fused, &fitted}) {
        REQUIRE(v->num_features() == expected[0].size() + expected[1].size());
        for (int block = 0; block < 2; ++block) {
          size_t seen = 0;
          v->ForEachFeature(block, [&](uint64_t key, int32_t column, float) {
            ++seen;
            REQUIRE(expected[block].count(key) == 1);
            CHECK(v->document_frequency(column) == expected[block][key]);
          });
          CHECK(seen == expected[block].size());
        }
      }
      // The rows built from the fit's ids, with pruned features and chunks moved into place.
      CHECK(x.isApprox(fitted.Transform(texts, 1), 0.0f));
    }
  }
  // Hashing: a bucket's df is the number of texts with any key in it.
  options.hash_bits = 12;
  options.char_ngrams = {0, 0};
  options.min_df = 2;
  std::map<uint32_t, std::pair<uint64_t, uint32_t>> buckets;  // bucket -> (a key, df)
  const TweetTokenizer tokenizer(options.tokenizer);
  for (const std::string& text : texts) {
    TokenList tokens;
    tokenizer.Tokenize(text, &tokens);
    std::vector<uint64_t> keys;
    AppendWordNgramKeys(tokens, options.word_ngrams, &keys);
    std::map<uint32_t, uint64_t> in_text;
    for (uint64_t key : keys) in_text.emplace(static_cast<uint32_t>(key >> (64 - options.hash_bits)), key);
    for (const auto& [bucket, key] : in_text) {
      auto& entry = buckets.emplace(bucket, std::make_pair(key, 0u)).first->second;
      ++entry.second;
    }
  }
  for (int threads : {1, 3}) {
    SparseMatrix x;
    const TextVectorizer v = TextVectorizer::FitTransform(texts, options, threads, &x).value();
    size_t kept = 0;
    for (const auto& [bucket, entry] : buckets) {
      const int32_t column = v.ColumnOfWordKey(entry.first);
      if (entry.second < 2) {
        CHECK(column < 0);
        continue;
      }
      ++kept;
      REQUIRE(column >= 0);
      CHECK(v.document_frequency(column) == entry.second);
    }
    CHECK(v.num_features() == kept);
    CHECK(x.isApprox(v.Transform(texts, 1), 0.0f));
  }
}

TEST_CASE("Rows list each feature once, by increasing column, long rows too", "[models][vectorizer]") {
  // Long texts have hundreds of distinct character n-grams (the radix-sorted path) over a
  // vocabulary of more than 65,536 columns (three radix digits); short ones take the other path.
  std::vector<std::string> texts;
  Random rng(5);
  for (int i = 0; i < 200; ++i) {
    std::string text;
    for (int w = 0; w < (i % 3 == 0 ? 60 : 3); ++w) {
      for (int letter = 0; letter < 8; ++letter) text += static_cast<char>('a' + rng.Below(26));
      text += ' ';
    }
    texts.push_back(text);
  }
  VectorizerOptions options;
  options.word_ngrams = {1, 2};
  options.char_ngrams = {2, 5};
  options.min_df = 1;
  for (int threads : {1, 2}) {
    SparseMatrix x;
    const TextVectorizer v = TextVectorizer::FitTransform(texts, options, threads, &x).value();
    REQUIRE(v.num_features() > 65536);
    size_t longest = 0;
    int32_t widest = 0;
    TextVectorizer::Workspace ws;
    for (size_t i = 0; i < texts.size(); ++i) {
      std::map<int32_t, float> expected;  // the unsorted block features, normalised
      v.Weigh(texts[i], &ws);
      for (const auto& block : ws.blocks) {
        for (size_t k = 0; k < block.columns.size(); ++k) expected[block.columns[k]] = block.values[k] * block.scale;
      }
      std::vector<std::pair<int32_t, float>> row;
      for (SparseMatrix::InnerIterator it(x, static_cast<int64_t>(i)); it; ++it) {
        row.emplace_back(static_cast<int32_t>(it.col()), it.value());
      }
      longest = std::max(longest, row.size());
      if (row.size() >= 64) widest = std::max(widest, row.back().first);
      CHECK(std::adjacent_find(row.begin(), row.end(),
                               [](const auto& a, const auto& b) { return a.first >= b.first; }) == row.end());
      CHECK(row == std::vector<std::pair<int32_t, float>>(expected.begin(), expected.end()));
    }
    CHECK(longest > 256);
    CHECK(widest >= 65536);
  }
}

TEST_CASE("Batch weighing (dense counts) gives the single-text rows at every block size", "[models][vectorizer]") {
  // Word blocks of 63 to 66 distinct features straddle the short-row sort (64 and fewer); a
  // block of more than OccurrenceCounts::kMaxBlock occurrences takes the marks inside
  // FitTransform and Transform.
  std::vector<std::string> texts;
  for (int n : {63, 64, 65, 66}) {
    std::string text;
    for (int w = n; w > 0; --w) text += "w" + std::to_string(w * 977 % 1000) + " ";
    texts.push_back(text);
  }
  std::string flood;
  for (size_t i = 0; i <= OccurrenceCounts<int32_t>::kMaxBlock; ++i) flood += "good ";  // a 16-bit count would wrap
  texts.push_back(flood + "movie");
  texts.insert(texts.end(), kCorpus.begin(), kCorpus.end());
  VectorizerOptions options = UnigramOptions();
  options.min_df = 1;
  SparseMatrix fitted;
  const TextVectorizer v = TextVectorizer::FitTransform(texts, options, 1, &fitted).value();
  const SparseMatrix transformed = v.Transform(texts, 1);
  TextVectorizer::Workspace marks;  // dense_counts off: the single-text path
  for (size_t i = 0; i < texts.size(); ++i) {
    INFO("text " << i);
    std::map<int32_t, float> expected;
    v.Weigh(texts[i], &marks);
    for (const auto& block : marks.blocks) {
      for (size_t k = 0; k < block.columns.size(); ++k) expected[block.columns[k]] = block.values[k] * block.scale;
    }
    for (const SparseMatrix* x : std::vector<const SparseMatrix*>{&fitted, &transformed}) {
      std::vector<std::pair<int32_t, float>> row;
      for (SparseMatrix::InnerIterator it(*x, static_cast<int64_t>(i)); it; ++it) {
        row.emplace_back(static_cast<int32_t>(it.col()), it.value());
      }
      CHECK(row == std::vector<std::pair<int32_t, float>>(expected.begin(), expected.end()));
    }
    if (i < 4) CHECK(expected.size() == static_cast<size_t>(63 + i));
  }
}

TEST_CASE("Vectorizer save/load round trip", "[models][vectorizer]") {
  for (int bits : {0, 12}) {
    VectorizerOptions options;
    options.char_ngrams = {2, 3};
    options.hash_bits = bits;
    auto v = TextVectorizer::Fit(kCorpus, options).value();
    BinaryWriter out;
    v.Save(&out);
    BinaryReader in(out.bytes(), "test");
    auto loaded = TextVectorizer::Load(&in);
    REQUIRE(loaded.ok());
    CHECK(in.remaining() == 0);
    CHECK(loaded->Transform(kCorpus).isApprox(v.Transform(kCorpus), 0.0f));
    BinaryReader truncated(std::string_view(out.bytes()).substr(0, out.bytes().size() / 2), "half");
    auto broken = TextVectorizer::Load(&truncated);
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.status().message().find("truncated") != std::string::npos);
  }
}

TEST_CASE("Feature hashes never change: model files store them", "[models][vectorizer]") {
  // Values of the format's first HashBytes; a change here orphans every saved model.
  const std::pair<std::string_view, uint64_t> golden[] = {
      {"", 0x69054CD666432AB4ULL},
      {"a", 0x47B389710C710091ULL},
      {"good", 0xBC5744DA27125AECULL},
      {"abcdefg", 0x7683AF1B51AD27ADULL},
      {"abcdefgh", 0x488790487A66ACEEULL},
      {"abcdefghi", 0x3D73C0C935B9C5AFULL},
      {"h\xC3\xA9llo w\xC3\xB6rld!!", 0xA1099634B4005D70ULL},
      {"not_NEG", 0x6655D7DDDF34065FULL},
  };
  for (const auto& [bytes, expected] : golden) {
    INFO("'" << bytes << "'");
    CHECK(HashBytes(bytes) == expected);
  }
}

TEST_CASE("HashBytes reads every tail length as the format defines it", "[models][vectorizer]") {
  // The format's definition, byte by byte: 8-byte little-endian words, then the tail.
  auto reference = [](std::string_view bytes) {
    uint64_t h = kHashSeed ^ (bytes.size() * kGoldenGamma);
    size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
      uint64_t word = 0;
      for (size_t j = 0; j < 8; ++j) word |= uint64_t{static_cast<unsigned char>(bytes[i + j])} << (8 * j);
      h = (h ^ HashMix(word)) * kGoldenGamma;
      h = (h << 31) | (h >> 33);
    }
    if (i < bytes.size()) {
      uint64_t word = 0;
      for (size_t j = 0; i + j < bytes.size(); ++j)
        word |= uint64_t{static_cast<unsigned char>(bytes[i + j])} << (8 * j);
      h = (h ^ HashMix(word ^ 0xA5)) * kGoldenGamma;
    }
    return HashMix(h);
  };
  std::string bytes;
  for (size_t length = 0; length <= 27; ++length) {
    INFO("length " << length);
    CHECK(HashBytes(bytes) == reference(bytes));
    // The padded variant masks off what follows the bytes, whatever it is.
    for (char padding : {'\0', 'x', '\xFF'}) {
      const std::string padded = bytes + std::string(8, padding);
      CHECK(HashPaddedBytes(padded.data(), bytes.size(), kHashSeed) == reference(bytes));
    }
    bytes.push_back(static_cast<char>(0x31 + 37 * length));  // ASCII and high bytes, all distinct
  }
}
