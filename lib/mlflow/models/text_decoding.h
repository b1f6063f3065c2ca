// Text cleaning for raw tweet files: CSV quoting, backslash escapes, HTML entities.
//
// The SemEval files store text the way a half-JSON, half-CSV export left it: some fields are
// wrapped in CSV quotes with doubled quotes inside, commas and apostrophes appear as `\u002c`
// and `\u2019`, quotes inside quoted fields as `\"`, and about 2,100 rows carry HTML entities.
// CleanTweetText applies the whole chain in this order (see docs/models.md):
//   1. CSV unquoting, only when the field is entirely quoted and every inner quote is doubled;
//      a field that merely starts with a quote keeps it (the tweet itself started with one).
//   2. `\uXXXX` escapes (surrogate pairs joined, a lone surrogate becomes U+FFFD) and `\"`.
//      Any other backslash is literal: `\m/` is a tweet's "rock on", not an escape.
//   3. HTML entities: &amp; &lt; &gt; &quot; &apos; &nbsp; and numeric &#39; / &#x27;, one pass
//      (so "&amp;lt;" becomes "&lt;"); unknown or malformed entities stay literal.
//   4. Malformed UTF-8 replaced by U+FFFD, surrounding white space trimmed.
// All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mlflow::models {

// Counts of what cleaning changed, summed over many texts by the loaders.
struct DecodeStats {
  size_t csv_unquoted = 0;     // fields whose CSV quoting was removed
  size_t unicode_escapes = 0;  // \uXXXX sequences decoded (a surrogate pair counts once)
  size_t invalid_escapes = 0;  // lone surrogates decoded as U+FFFD
  size_t html_entities = 0;    // entities decoded
  size_t invalid_utf8 = 0;     // malformed UTF-8 sequences replaced

  DecodeStats& operator+=(const DecodeStats& other);
};

// Removes one level of CSV quoting. Returns false (and leaves *out untouched) unless `field`
// starts and ends with '"' and every quote in between is part of a doubled pair.
bool UnquoteCsvField(std::string_view field, std::string* out);

// Decodes `\uXXXX` and `\"`; everything else is copied unchanged.
std::string DecodeBackslashEscapes(std::string_view text, DecodeStats* stats = nullptr);

// Decodes the HTML entities listed above in one pass.
std::string DecodeHtmlEntities(std::string_view text, DecodeStats* stats = nullptr);

// Steps 2-4: for text whose CSV quoting a reader has already removed.
std::string DecodeTweetEscapes(std::string_view text, DecodeStats* stats = nullptr);

// The full chain (steps 1-4 above).
std::string CleanTweetText(std::string_view raw, DecodeStats* stats = nullptr);

// A key for "is this the same tweet text?": ASCII-lowercased, curly quotes straightened,
// runs of white space collapsed to one space, trimmed. Used to find texts shared between
// training and validation files whatever their escaping.
std::string NormalizeForComparison(std::string_view text);

}  // namespace mlflow::models
