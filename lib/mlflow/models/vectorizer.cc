#include "mlflow/models/vectorizer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "mlflow/models/parallel.h"
#include "mlflow/models/sparse_row_builders.h"

namespace mlflow::models {
namespace {

// Sorts a few items (kRadixFrom or fewer) by their upper 32 bits, which are distinct and below
// 2^31: each item goes straight to its rank, the number of items below it. Counting them is
// n^2 comparisons without a branch, four at a time, where a comparison sort of a word block's
// few dozen columns mispredicts about every other comparison.
constexpr size_t kRadixFrom = 64;
void SortFewByHighHalf(std::vector<uint64_t>* items, std::vector<uint64_t>* scratch) {
  const size_t n = items->size();
  scratch->resize(n);
  const uint64_t* in = items->data();
  uint64_t* out = scratch->data();
#if defined(__SSE2__)
  alignas(16) int32_t keys[kRadixFrom + 4];
  const size_t padded = (n + 3) & ~size_t{3};
  for (size_t i = 0; i < n; ++i) keys[i] = static_cast<int32_t>(in[i] >> 32);
  for (size_t i = n; i < padded; ++i) keys[i] = std::numeric_limits<int32_t>::max();  // below no key
  for (size_t i = 0; i < n; ++i) {
    const __m128i key = _mm_set1_epi32(keys[i]);
    __m128i below = _mm_setzero_si128();
    for (size_t j = 0; j < padded; j += 4) {
      below = _mm_sub_epi32(below, _mm_cmpgt_epi32(key, _mm_load_si128(reinterpret_cast<const __m128i*>(keys + j))));
    }
    below = _mm_add_epi32(below, _mm_shuffle_epi32(below, 0x4E));
    below = _mm_add_epi32(below, _mm_shuffle_epi32(below, 0xB1));
    out[_mm_cvtsi128_si32(below)] = in[i];
  }
  items->swap(*scratch);
#else
  (void)in, (void)out;
  std::sort(items->begin(), items->end());  // distinct upper halves: the same order
#endif
}

// Sorts items by their upper 32 bits, which are distinct and at most max_high (< 2^31): the
// order is then unique, so this equals any other sort. A block of a tweet's character n-grams
// has hundreds of columns: a least-significant-digit radix sort on their bytes has no
// data-dependent branches, where a comparison sort mispredicts about every other comparison.
void SortByHighHalf(std::vector<uint64_t>* items, std::vector<uint64_t>* scratch, uint32_t max_high) {
  if (items->size() <= kRadixFrom) {
    SortFewByHighHalf(items, scratch);
    return;
  }
  scratch->resize(items->size());
  for (int shift = 32; shift < 64 && (max_high >> (shift - 32)) != 0; shift += 8) {
    size_t offsets[256] = {};
    for (const uint64_t item : *items) ++offsets[(item >> shift) & 0xFF];
    size_t sum = 0;
    for (size_t& offset : offsets) {
      const size_t count = offset;
      offset = sum;
      sum += count;
    }
    for (const uint64_t item : *items) (*scratch)[offsets[(item >> shift) & 0xFF]++] = item;
    items->swap(*scratch);
  }
}

constexpr uint32_t kVectorizerTag = 0x56454354;  // "VECT"

// How many keys ahead of its use a lookup's slot is prefetched: enough to overlap a handful
// of cache misses, few enough that the lines are still there when used.
constexpr size_t kPrefetchDistance = 16;

uint32_t BucketOf(uint64_t key, int bits) { return static_cast<uint32_t>(key >> (64 - bits)); }

void GenerateKeys(const TokenList& tokens, const VectorizerOptions& options, int block, std::vector<uint64_t>* keys) {
  if (block == 0) {
    AppendWordNgramKeys(tokens, options.word_ngrams, keys);
  } else {
    AppendCharNgramKeys(tokens, options.char_ngrams, keys);
  }
}

void SaveTokenizerOptions(const TokenizerOptions& o, BinaryWriter* out) {
  out->Bool(o.lowercase);
  out->Bool(o.normalize_urls);
  out->Bool(o.normalize_mentions);
  out->Bool(o.normalize_numbers);
  out->Bool(o.split_hashtags);
  out->Bool(o.mark_negation);
  out->Bool(o.mark_elongation);
  out->I32(o.max_repeat);
}

bool LoadTokenizerOptions(BinaryReader* in, TokenizerOptions* o) {
  return in->Bool(&o->lowercase) && in->Bool(&o->normalize_urls) && in->Bool(&o->normalize_mentions) &&
         in->Bool(&o->normalize_numbers) && in->Bool(&o->split_hashtags) && in->Bool(&o->mark_negation) &&
         in->Bool(&o->mark_elongation) && in->I32(&o->max_repeat);
}

}  // namespace

Status ValidateVectorizerOptions(const VectorizerOptions& o) {
  auto bad_range = [](NgramRange r) { return r.max != 0 && (r.min < 1 || r.max < r.min || r.max > 8); };
  if (bad_range(o.word_ngrams)) return InvalidArgument("word n-gram range must satisfy 1 <= min <= max <= 8");
  if (bad_range(o.char_ngrams)) return InvalidArgument("char n-gram range must satisfy 1 <= min <= max <= 8");
  if (!o.word_ngrams.enabled() && !o.char_ngrams.enabled()) return InvalidArgument("no word or char n-grams enabled");
  if (o.min_df < 1) return InvalidArgument("min_df must be >= 1");
  if (!(o.max_df_fraction > 0.0 && o.max_df_fraction <= 1.0)) return InvalidArgument("max_df must be in (0, 1]");
  if (o.hash_bits != 0 && (o.hash_bits < 10 || o.hash_bits > 26))
    return InvalidArgument("hash_bits must be 0 or 10..26");
  if (o.tokenizer.max_repeat < 0) return InvalidArgument("max_repeat must be >= 0");
  return Status::Ok();
}

Result<TextVectorizer> TextVectorizer::Fit(const std::vector<std::string>& texts, const VectorizerOptions& options,
                                           int threads) {
  return FitImpl(texts, options, threads, nullptr);
}

Result<TextVectorizer> TextVectorizer::FitImpl(const std::vector<std::string>& texts, const VectorizerOptions& options,
                                               int threads, std::vector<KeyCache>* cache) {
  MLFLOW_RETURN_IF_ERROR(ValidateVectorizerOptions(options));
  if (texts.empty()) return InvalidArgument("cannot fit a vectorizer on zero texts");
  TextVectorizer v;
  v.options_ = options;
  v.tokenizer_ = TweetTokenizer(options.tokenizer);
  v.documents_ = texts.size();
  threads = ResolveThreadCount(threads);
  int chunks = ChunkCount(texts.size(), threads);
  const bool hashing = options.hash_bits > 0;
  const size_t buckets = hashing ? (size_t{1} << options.hash_bits) : 0;
  // Per chunk and block, the document frequency of each feature id. Hashing: the id is the
  // bucket, and a stamp (last document + 1) beside each bucket's df counts it once per document.
  // Exact: an id numbers each distinct key in the order the chunk first meets it (so frequent
  // keys get small ids); the key's slot holds its id and stamp, and df[id] is only written (no
  // branch waits on it) when a document first meets the key.
  struct Counts {
    FlatHashMap<uint64_t> ids;         // exact: key -> (last document + 1) << 32 | id
    uint32_t next_id = 0;              // exact
    std::vector<uint32_t> df;          // exact: id -> df
    std::vector<uint64_t> stamped_df;  // hashing: bucket -> (last document + 1) << 32 | df
  };
  std::vector<std::array<Counts, 2>> counts(chunks);
  if (cache) cache->assign(chunks, KeyCache{});
  ParallelFor(texts.size(), threads, [&](size_t begin, size_t end, int chunk) {
    TokenList tokens;
    std::vector<uint64_t> keys;
    for (int block = 0; block < 2 && hashing; ++block) counts[chunk][block].stamped_df.assign(buckets, 0);
    for (size_t i = begin; i < end; ++i) {
      v.tokenizer_.Tokenize(texts[i], &tokens);
      for (int block = 0; block < 2; ++block) {
        keys.clear();
        GenerateKeys(tokens, options, block, &keys);
        uint32_t* cached = nullptr;
        if (cache) {
          KeyCache& c = (*cache)[chunk];
          if (i == begin + 64 && block == 1) {  // reserve from the first documents' key counts
            c.ids.reserve(c.ids.size() * (end - begin) / 64 * 9 / 8);
            c.ends.reserve(2 * (end - begin));
          }
          c.ids.resize(c.ids.size() + keys.size());
          c.ends.push_back(c.ids.size());
          cached = c.ids.data() + c.ids.size() - keys.size();
        }
        Counts& chunk_counts = counts[chunk][block];
        if (hashing) {
          const auto stamp = static_cast<uint32_t>(i + 1);
          for (size_t k = 0; k < keys.size(); ++k) {
            const uint32_t bucket = BucketOf(keys[k], options.hash_bits);
            uint64_t& entry = chunk_counts.stamped_df[bucket];
            if ((entry >> 32) != stamp) entry = (static_cast<uint64_t>(stamp) << 32) | ((entry & 0xFFFFFFFFu) + 1);
            if (cached) cached[k] = bucket;
          }
          continue;
        }
        // Room for every id this block could add, so that the loop never checks.
        if (chunk_counts.df.size() < chunk_counts.next_id + keys.size())
          chunk_counts.df.resize(2 * (chunk_counts.next_id + keys.size()));
        const uint64_t stamp = static_cast<uint64_t>(i + 1) << 32;
        for (size_t k = 0; k < keys.size(); ++k) {
          if (k + kPrefetchDistance < keys.size()) chunk_counts.ids.Prefetch(keys[k + kPrefetchDistance]);
          const uint32_t next = chunk_counts.next_id;
          uint64_t& entry = chunk_counts.ids.FindOrInsert(keys[k], next);
          const auto id = static_cast<uint32_t>(entry);
          chunk_counts.next_id += id == next ? 1 : 0;
          if ((entry & ~uint64_t{0xFFFFFFFFu}) != stamp) {
            entry = stamp | id;
            ++chunk_counts.df[id];
          }
          if (cached) cached[k] = id;
        }
      }
    }
  });
  auto df_of = [](uint64_t entry) { return static_cast<uint32_t>(entry & 0xFFFFFFFFu); };
  const double max_df = options.max_df_fraction * static_cast<double>(texts.size());
  auto keep = [&](uint32_t df) { return df >= static_cast<uint32_t>(options.min_df) && df <= max_df; };
  std::vector<uint64_t> column_keys;  // column -> key (exact) or bucket (hashing)
  for (int block = 0; block < 2; ++block) {
    // Chunk 0's counts become the totals; to_total[c] maps chunk c's ids to the totals' ids.
    Counts& total = counts[0][block];
    std::vector<std::vector<uint32_t>> to_total(chunks);
    for (int c = 1; c < chunks; ++c) {
      Counts& part = counts[c][block];
      if (hashing) {
        for (size_t bucket = 0; bucket < buckets; ++bucket) total.stamped_df[bucket] += df_of(part.stamped_df[bucket]);
      } else {
        // In id order, not slot order: keys taken in the order of their slots would land in
        // the totals' table (same hash bits) as one advancing run, and linear probing would
        // then walk that run for every insertion.
        std::vector<uint64_t> keys_by_id(part.next_id);
        part.ids.ForEach([&](uint64_t key, uint64_t value) { keys_by_id[static_cast<uint32_t>(value)] = key; });
        if (cache) to_total[c].resize(part.next_id);  // only the cached ids need the mapping
        for (uint32_t id = 0; id < part.next_id; ++id) {
          if (id + kPrefetchDistance < part.next_id) total.ids.Prefetch(keys_by_id[id + kPrefetchDistance]);
          const auto total_id = static_cast<uint32_t>(total.ids.FindOrInsert(keys_by_id[id], total.next_id));
          if (total_id == total.next_id) {
            ++total.next_id;
            if (total.df.size() < total.next_id) total.df.resize(2 * static_cast<size_t>(total.next_id));
          }
          total.df[total_id] += part.df[id];
          if (cache) to_total[c][id] = total_id;
        }
      }
      part = Counts();
    }
    struct Kept {
      uint64_t key;  // or bucket
      uint32_t df;
      uint32_t id;
    };
    std::vector<Kept> kept;
    if (hashing) {
      for (size_t bucket = 0; bucket < buckets; ++bucket) {
        const uint32_t df = df_of(total.stamped_df[bucket]);
        if (df > 0 && keep(df)) kept.push_back({bucket, df, static_cast<uint32_t>(bucket)});
      }
    } else {
      total.ids.ForEach([&](uint64_t key, uint64_t value) {
        const auto id = static_cast<uint32_t>(value);
        if (keep(total.df[id])) kept.push_back({key, total.df[id], id});
      });
    }
    // Frequent features first: most non-zeros then fall into a small, cache-resident prefix
    // of every weight table. Ties by key keep the order independent of the thread count.
    std::sort(kept.begin(), kept.end(),
              [](const Kept& a, const Kept& b) { return a.df != b.df ? a.df > b.df : a.key < b.key; });
    const bool map_ids = cache && !hashing;  // the cached ids' columns (hashing: bucket_columns_)
    std::vector<int32_t> column_of_id(map_ids ? total.next_id : 0, -1);
    for (const Kept& feature : kept) {
      if (map_ids) column_of_id[feature.id] = static_cast<int32_t>(column_keys.size());
      column_keys.push_back(feature.key);
      v.df_.push_back(feature.df);
    }
    if (block == 0) v.word_features_ = v.df_.size();
    total = Counts();
    if (map_ids) {
      for (int c = 1; c < chunks; ++c) {
        std::vector<int32_t>& columns = (*cache)[c].columns[block];
        columns.resize(to_total[c].size());
        for (size_t id = 0; id < columns.size(); ++id) columns[id] = column_of_id[to_total[c][id]];
      }
      (*cache)[0].columns[block] = std::move(column_of_id);
    }
  }
  if (v.df_.empty())
    return InvalidArgument("no feature occurs in at least min_df=" + std::to_string(options.min_df) + " texts");
  v.BuildTables(column_keys);
  return v;
}

void TextVectorizer::BuildTables(const std::vector<uint64_t>& column_keys) {
  idf_.resize(df_.size());
  for (size_t c = 0; c < df_.size(); ++c) {
    idf_[c] = options_.use_idf ? static_cast<float>(std::log((1.0 + documents_) / (1.0 + df_[c])) + 1.0) : 1.0f;
  }
  const size_t buckets = options_.hash_bits > 0 ? (size_t{1} << options_.hash_bits) : 0;
  for (int block = 0; block < 2; ++block) {
    const size_t begin = block == 0 ? 0 : word_features_;
    const size_t end = block == 0 ? word_features_ : column_keys.size();
    if (buckets) {
      bucket_columns_[block].assign(buckets, -1);
      for (size_t c = begin; c < end; ++c) bucket_columns_[block][column_keys[c]] = static_cast<int32_t>(c);
    } else {
      vocabulary_[block] = FlatHashMap<Feature>();
      vocabulary_[block].Reserve(end - begin);
      for (size_t c = begin; c < end; ++c) {
        vocabulary_[block].FindOrInsert(column_keys[c], Feature{static_cast<int32_t>(c), idf_[c]});
      }
    }
  }
}

int32_t TextVectorizer::Lookup(int block, uint64_t key) const {
  if (options_.hash_bits > 0) return bucket_columns_[block][BucketOf(key, options_.hash_bits)];
  const Feature* feature = vocabulary_[block].Find(key);
  return feature ? feature->column : -1;
}

void TextVectorizer::WeighBlock(int block, const uint64_t* keys, size_t count, Workspace* ws) const {
  if (options_.hash_bits > 0) {
    const std::vector<int32_t>& columns = bucket_columns_[block];
    WeighFeatures(
        block, count,
        [&](size_t k, int32_t* column, float* idf) {
          *column = columns[BucketOf(keys[k], options_.hash_bits)];
          if (*column < 0) return false;
          *idf = idf_[*column];
          return true;
        },
        ws);
    return;
  }
  const FlatHashMap<Feature>& vocabulary = vocabulary_[block];
  // The first keys' slots; each later one is requested kPrefetchDistance ahead.
  for (size_t k = 0; k < std::min(count, kPrefetchDistance); ++k) vocabulary.Prefetch(keys[k]);
  WeighFeatures(
      block, count,
      [&](size_t k, int32_t* column, float* idf) {
        if (k + kPrefetchDistance < count) vocabulary.Prefetch(keys[k + kPrefetchDistance]);
        const Feature* feature = vocabulary.Find(keys[k]);
        if (!feature) return false;
        *column = feature->column, *idf = feature->idf;
        return true;
      },
      ws);
}

void TextVectorizer::WeighIds(int block, const uint32_t* ids, size_t count, const int32_t* column_of_id,
                              Workspace* ws) const {
  for (size_t k = 0; k < std::min(count, kPrefetchDistance); ++k) __builtin_prefetch(column_of_id + ids[k]);
  WeighFeatures(
      block, count,
      [&](size_t k, int32_t* column, float* idf) {
        if (k + kPrefetchDistance < count) __builtin_prefetch(column_of_id + ids[k + kPrefetchDistance]);
        *column = column_of_id[ids[k]];
        if (*column < 0) return false;
        *idf = idf_[*column];
        return true;
      },
      ws);
}

template <typename Resolve>
void TextVectorizer::WeighFeatures(int block, size_t count, Resolve&& resolve, Workspace* ws) const {
  BlockFeatures& out = ws->blocks[block];
  const bool dense = ws->dense_counts && OccurrenceCounts<int32_t>::Applies(num_features(), count);
  if (dense) {
    out.values.resize(count);  // every allocation before the first count (none may throw after it)
    ws->occurrences.Begin(num_features(), count, &out.columns);
    for (size_t k = 0; k < count; ++k) {
      int32_t column = -1;
      float idf = 0.0f;
      if (resolve(k, &column, &idf)) ws->occurrences.Count(column);
    }
    out.columns.resize(ws->occurrences.listed());
    out.values.resize(out.columns.size());
  } else {
    // Repeated features are merged through a small open-addressing table (column -> position).
    out.columns.resize(count);
    out.values.resize(count);
    ws->counts.resize(count);
    ws->marks.Begin(count);
    size_t listed = 0;
    for (size_t k = 0; k < count; ++k) {
      int32_t column = -1;
      float idf = 0.0f;
      if (resolve(k, &column, &idf) && ws->marks.Count(column, out.columns.data(), ws->counts.data(), &listed)) {
        out.values[listed - 1] = idf;
      }
    }
    out.columns.resize(listed);
    out.values.resize(listed);
  }
  double norm = 0.0;
  for (size_t i = 0; i < out.columns.size(); ++i) {
    const uint32_t occurrences = dense ? ws->occurrences.Take(out.columns[i]) : ws->counts[i];
    const float idf = dense ? idf_[out.columns[i]] : out.values[i];
    float tf = 1.0f;
    if (occurrences > 1 && !options_.binary_tf) {
      tf = options_.sublinear_tf ? 1.0f + std::log(static_cast<float>(occurrences)) : static_cast<float>(occurrences);
    }
    const float value = tf * idf;
    out.values[i] = value;
    norm += options_.norm == RowNorm::kL1 ? value : static_cast<double>(value) * value;
  }
  out.scale = 1.0f;
  if (options_.norm != RowNorm::kNone && norm > 0.0) {
    out.scale = static_cast<float>(1.0 / (options_.norm == RowNorm::kL2 ? std::sqrt(norm) : norm));
  }
}

void TextVectorizer::AppendSortedBlock(int block, Workspace* ws, SparseRow* row) {
  const BlockFeatures& features = ws->blocks[block];
  const size_t n = features.columns.size();
  ws->sorted.resize(n);
  uint32_t max_column = 0;
  for (size_t i = 0; i < n; ++i) {
    const auto column = static_cast<uint32_t>(features.columns[i]);
    uint32_t bits;
    std::memcpy(&bits, &features.values[i], sizeof bits);
    ws->sorted[i] = static_cast<uint64_t>(column) << 32 | bits;
    max_column = std::max(max_column, column);
  }
  SortByHighHalf(&ws->sorted, &ws->sort_scratch, max_column);
  for (const uint64_t item : ws->sorted) {
    float value;
    const auto bits = static_cast<uint32_t>(item);
    std::memcpy(&value, &bits, sizeof value);
    row->columns.push_back(static_cast<int32_t>(item >> 32));
    row->values.push_back(value * features.scale);
  }
}

void TextVectorizer::Weigh(std::string_view text, Workspace* ws) const {
  tokenizer_.Tokenize(text, &ws->tokens);
  for (int block = 0; block < 2; ++block) {
    ws->keys.clear();
    GenerateKeys(ws->tokens, options_, block, &ws->keys);
    WeighBlock(block, ws->keys.data(), ws->keys.size(), ws);
  }
}

void TextVectorizer::TransformOne(std::string_view text, Workspace* ws, SparseRow* row, RowStats* stats) const {
  row->clear();
  Weigh(text, ws);
  for (int block = 0; block < 2; ++block) AppendSortedBlock(block, ws, row);
  if (stats) *stats = WordStats(ws->tokens);
}

RowStats TextVectorizer::WordStats(const TokenList& tokens) const {
  RowStats stats;
  stats.tokens = static_cast<uint32_t>(tokens.size());
  for (size_t t = 0; t < tokens.size(); ++t) {
    if (Lookup(0, WordUnigramKey(tokens[t])) >= 0) ++stats.known_unigrams;
  }
  return stats;
}

SparseMatrix TextVectorizer::Transform(const std::vector<std::string>& texts, int threads,
                                       std::vector<RowStats>* stats) const {
  threads = ResolveThreadCount(threads);
  if (stats) stats->assign(texts.size(), RowStats{});
  std::vector<Workspace> workspaces(std::max(1, ChunkCount(texts.size(), threads)));
  for (Workspace& workspace : workspaces) workspace.dense_counts = true;
  return BuildRows(texts.size(), static_cast<int64_t>(num_features()), threads,
                   [&](size_t i, int chunk, SparseRow* row) {
                     TransformOne(texts[i], &workspaces[chunk], row, stats ? &(*stats)[i] : nullptr);
                   });
}

Result<TextVectorizer> TextVectorizer::FitTransform(const std::vector<std::string>& texts,
                                                    const VectorizerOptions& options, int threads,
                                                    SparseMatrix* matrix) {
  threads = ResolveThreadCount(threads);
  std::vector<KeyCache> cache;
  MLFLOW_ASSIGN_OR_RETURN(TextVectorizer v, FitImpl(texts, options, threads, &cache));
  // Chunk k of the fit covered the same rows as chunk k here (same n, same thread count), and
  // a row has at most as many non-zeros as it had n-grams.
  std::vector<size_t> chunk_begin(cache.size() + 1, 0);
  std::vector<size_t> chunk_bounds(cache.size());
  const int chunks = ChunkCount(texts.size(), threads);
  for (int k = 0; k <= chunks; ++k)
    chunk_begin[k] = texts.size() * static_cast<size_t>(k) / static_cast<size_t>(chunks);
  for (size_t k = 0; k < cache.size(); ++k) chunk_bounds[k] = cache[k].ids.size();
  const bool hashing = options.hash_bits > 0;
  std::vector<Workspace> workspaces(cache.size());
  for (Workspace& workspace : workspaces) workspace.dense_counts = true;
  auto produce = [&](size_t i, int chunk, SparseRow* row) {
    row->clear();
    const KeyCache& c = cache[chunk];
    const size_t local = i - chunk_begin[chunk];
    for (int block = 0; block < 2; ++block) {
      const size_t entry = 2 * local + block;
      const size_t first = entry == 0 ? 0 : c.ends[entry - 1];
      const int32_t* columns = hashing ? v.bucket_columns_[block].data() : c.columns[block].data();
      v.WeighIds(block, c.ids.data() + first, c.ends[entry] - first, columns, &workspaces[chunk]);
      AppendSortedBlock(block, &workspaces[chunk], row);
    }
  };
  size_t bound = 0;
  for (const size_t chunk_bound : chunk_bounds) bound += chunk_bound;
  // The matrix's indices are 32-bit: a corpus with more n-grams than that (repeats included)
  // still fits when its non-zeros do, built the copying way.
  const auto cols = static_cast<int64_t>(v.num_features());
  SparseMatrix x = bound <= static_cast<size_t>(std::numeric_limits<int32_t>::max())
                       ? BuildRowsWithin(texts.size(), cols, threads, chunk_bounds, produce)
                       : BuildRows(texts.size(), cols, threads, produce);
  matrix->swap(x);
  return v;
}

void TextVectorizer::Save(BinaryWriter* out) const {
  out->U32(kVectorizerTag);
  SaveTokenizerOptions(options_.tokenizer, out);
  out->I32(options_.word_ngrams.min);
  out->I32(options_.word_ngrams.max);
  out->I32(options_.char_ngrams.min);
  out->I32(options_.char_ngrams.max);
  out->I32(options_.min_df);
  out->F64(options_.max_df_fraction);
  out->Bool(options_.sublinear_tf);
  out->Bool(options_.binary_tf);
  out->Bool(options_.use_idf);
  out->I32(static_cast<int32_t>(options_.norm));
  out->I32(options_.hash_bits);
  out->U64(documents_);
  out->U64(word_features_);
  out->PodVector(df_);
  // Column -> key (exact) or column -> bucket (hashing), per block, in column order.
  std::vector<uint64_t> column_keys(df_.size(), 0);
  for (int block = 0; block < 2; ++block) {
    if (options_.hash_bits > 0) {
      for (size_t b = 0; b < bucket_columns_[block].size(); ++b) {
        if (bucket_columns_[block][b] >= 0) column_keys[bucket_columns_[block][b]] = b;
      }
    } else {
      vocabulary_[block].ForEach([&](uint64_t key, Feature feature) { column_keys[feature.column] = key; });
    }
  }
  out->PodVector(column_keys);
}

Result<TextVectorizer> TextVectorizer::Load(BinaryReader* in) {
  TextVectorizer v;
  VectorizerOptions& o = v.options_;
  uint32_t tag = 0;
  int32_t norm = 0;
  uint64_t documents = 0;
  uint64_t word_features = 0;
  std::vector<uint64_t> column_keys;
  bool ok = in->U32(&tag) && (tag == kVectorizerTag || in->Fail("vectorizer section missing")) &&
            LoadTokenizerOptions(in, &o.tokenizer) && in->I32(&o.word_ngrams.min) && in->I32(&o.word_ngrams.max) &&
            in->I32(&o.char_ngrams.min) && in->I32(&o.char_ngrams.max) && in->I32(&o.min_df) &&
            in->F64(&o.max_df_fraction) && in->Bool(&o.sublinear_tf) && in->Bool(&o.binary_tf) &&
            in->Bool(&o.use_idf) && in->I32(&norm) && in->I32(&o.hash_bits) && in->U64(&documents) &&
            in->U64(&word_features) && in->PodVector(&v.df_, 1u << 30) && in->PodVector(&column_keys, 1u << 30);
  if (!ok) return in->status();
  if (norm < 0 || norm > 2) return InvalidArgument("model file: invalid vectorizer norm");
  o.norm = static_cast<RowNorm>(norm);
  MLFLOW_RETURN_IF_ERROR(ValidateVectorizerOptions(o).WithContext("model file"));
  if (column_keys.size() != v.df_.size() || word_features > v.df_.size() || documents == 0) {
    return InvalidArgument("model file: inconsistent vectorizer tables");
  }
  v.tokenizer_ = TweetTokenizer(o.tokenizer);
  v.documents_ = documents;
  v.word_features_ = word_features;
  const size_t buckets = o.hash_bits > 0 ? (size_t{1} << o.hash_bits) : 0;
  for (uint64_t key : column_keys) {
    if (buckets && key >= buckets) return InvalidArgument("model file: bucket out of range");
    if (!buckets && key == 0) return InvalidArgument("model file: zero feature key");
  }
  v.BuildTables(column_keys);
  return v;
}

}  // namespace mlflow::models
