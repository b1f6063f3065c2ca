#include <catch2/catch.hpp>

#include "mlflow/core/utf8.h"
#include "mlflow/models/text_decoding.h"
#include "mlflow/models/unicode_classes.h"

using namespace mlflow::models;

TEST_CASE("CSV unquoting only applies to fully quoted fields with doubled inner quotes", "[models][decoding]") {
  std::string out = "untouched";
  CHECK(UnquoteCsvField(R"("He said ""hi"" to me")", &out));
  CHECK(out == R"(He said "hi" to me)");
  out = "untouched";
  CHECK_FALSE(UnquoteCsvField(R"("starts with a quote only)", &out));
  CHECK_FALSE(UnquoteCsvField(R"("Get them to write," Jeb says, "They may")", &out));  // lone inner quotes
  CHECK_FALSE(UnquoteCsvField("\"", &out));
  CHECK(out == "untouched");
  CHECK(UnquoteCsvField("\"\"", &out));
  CHECK(out.empty());
}

TEST_CASE("backslash escapes: \\u, surrogate pairs, \\\" and literal backslashes", "[models][decoding]") {
  DecodeStats stats;
  CHECK(DecodeBackslashEscapes(R"(I\u2019m here\u002c ok)", &stats) == "I\u2019m here, ok");
  CHECK(stats.unicode_escapes == 2);
  CHECK(DecodeBackslashEscapes(R"(smile \ud83d\ude00!)") == "smile \U0001F600!");
  DecodeStats lone;
  CHECK(DecodeBackslashEscapes(R"(bad \ud83d end)", &lone) == "bad \uFFFD end");
  CHECK(DecodeBackslashEscapes(R"(bad \ude00)", &lone) == "bad \uFFFD");
  CHECK(lone.invalid_escapes == 2);
  CHECK(DecodeBackslashEscapes(R"(say \"yes\")") == R"(say "yes")");
  CHECK(DecodeBackslashEscapes(R"(rock on \m/ and \u12 and trailing \)") == R"(rock on \m/ and \u12 and trailing \)");
}

TEST_CASE("HTML entities are decoded once; unknown ones stay", "[models][decoding]") {
  DecodeStats stats;
  CHECK(DecodeHtmlEntities("Tom &amp; Jerry &lt;3 &gt; &quot;x&quot; it&#39;s &#x27;q&#039;", &stats) ==
        "Tom & Jerry <3 > \"x\" it's 'q'");
  CHECK(stats.html_entities == 8);
  CHECK(DecodeHtmlEntities("&amp;lt; stays &lt;") == "&lt; stays <");
  CHECK(DecodeHtmlEntities("AT&T &; &bogus; &#0; &#xD800; & alone") == "AT&T &; &bogus; &#0; &#xD800; & alone");
  CHECK(DecodeHtmlEntities("dash &#8211; nbsp&nbsp;x") == "dash \u2013 nbsp x");
}

TEST_CASE("CleanTweetText applies the whole chain in order", "[models][decoding]") {
  DecodeStats stats;
  // The SemEval form of a tweet quoting someone: CSV-quoted, with \"" inside.
  std::string raw = R"("\""Hey\u002c you\u2019re missing it\"" - @friend &amp; co")";
  CHECK(CleanTweetText(raw, &stats) == "\"Hey, you\u2019re missing it\" - @friend & co");
  CHECK(stats.csv_unquoted == 1);
  CHECK(stats.unicode_escapes == 2);
  CHECK(stats.html_entities == 1);
  CHECK(CleanTweetText("  padded \t") == "padded");
  DecodeStats bad;
  CHECK(CleanTweetText("caf\xC3 ok", &bad) == "caf\uFFFD ok");
  CHECK(bad.invalid_utf8 == 1);
}

TEST_CASE("NormalizeForComparison ignores case, curly quotes and spacing", "[models][decoding]") {
  CHECK(NormalizeForComparison("  I Don\u2019t   KNOW\t") == NormalizeForComparison("i don't know"));
  CHECK(NormalizeForComparison("a b") != NormalizeForComparison("ab"));
}

TEST_CASE("UTF-8 helpers decode, encode and repair", "[models][utf8]") {
  std::string text;
  mlflow::AppendUtf8(0x1F600, &text);
  mlflow::AppendUtf8(0xE9, &text);
  mlflow::AppendUtf8(0xD800, &text);  // a surrogate is not encodable
  CHECK(text == "\U0001F600\u00E9\uFFFD");
  size_t pos = 0;
  CHECK(mlflow::DecodeUtf8(text, &pos) == 0x1F600);
  CHECK(pos == 4);
  CHECK(mlflow::DecodeUtf8(text, &pos) == 0xE9);
  CHECK(mlflow::IsValidUtf8(text));
  CHECK_FALSE(mlflow::IsValidUtf8("\xC0\xAF"));      // overlong '/'
  CHECK_FALSE(mlflow::IsValidUtf8("\xED\xA0\x80"));  // encoded surrogate
  CHECK_FALSE(mlflow::IsValidUtf8("\xF0\x9F\x98"));  // truncated
  CHECK(mlflow::Utf8SequenceLength("a", 0) == 1);
  CHECK(mlflow::Utf8SequenceLength(text, 0) == 4);
  CHECK(mlflow::Utf8SequenceLength("\xEF\xBF\xBD", 0) == 3);  // an encoded U+FFFD is well-formed
  CHECK(mlflow::Utf8SequenceLength("\xC0\xAF", 0) == 0);
  CHECK(mlflow::Utf8SequenceLength("\xF0\x9F\x98", 0) == 0);
  size_t replaced = 0;
  CHECK(mlflow::SanitizeUtf8("a\xFF"
                             "b",
                             &replaced) ==
        "a\uFFFD"
        "b");
  CHECK(replaced == 1);
  CHECK(unicode::IsEmoji(0x1F602));
  CHECK(unicode::IsEmoji(0x2764));
  CHECK_FALSE(unicode::IsEmoji(U'a'));
  CHECK(unicode::IsEmojiModifier(0x1F3FD));
  CHECK(unicode::IsWordCharacter(0xE9));
  CHECK_FALSE(unicode::IsWordCharacter(0x2019));
}
