#include "base/strings.h"

#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"

namespace wod::base {
namespace {

TEST(TrimBlanks, RemovesSpacesAndTabsOnly) {
  EXPECT_EQ(TrimBlanks(" \t Pullups \t"), "Pullups");
  EXPECT_EQ(TrimBlanks("\nx\n"), "\nx\n");
  EXPECT_EQ(TrimBlanks("   "), "");
  EXPECT_EQ(TrimBlanks(""), "");
}

TEST(TrimAsciiWhitespace, RemovesEveryAsciiSpace) {
  EXPECT_EQ(TrimAsciiWhitespace("\r\n\v\f \tRound 1\t\n"), "Round 1");
  EXPECT_EQ(TrimAsciiWhitespace("\xC2\xA0x"), "\xC2\xA0x");
}

TEST(SplitLines, AFinalNewlineEndsTheLastLine) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(SplitLines(""), V{""});
  EXPECT_EQ(SplitLines("a"), V{"a"});
  EXPECT_EQ(SplitLines("a\n"), V{"a"});
  EXPECT_EQ(SplitLines("a\n\nb"), (V{"a", "", "b"}));
  EXPECT_EQ(SplitLines("a\n\n"), (V{"a", ""}));
  EXPECT_EQ(SplitLines("a\r\nb"), (V{"a\r", "b"}));
}

TEST(QuoteLabel, EscapesOnlyDoubleQuotes) {
  EXPECT_EQ(QuoteLabel("say \"go\""), "\"say \\\"go\\\"\"");
  EXPECT_EQ(QuoteLabel("a\\b\n"), "\"a\\b\n\"");
  EXPECT_EQ(QuoteLabel(""), "\"\"");
}

TEST(JsonQuoted, EscapesControlsAndKeepsUtf8) {
  std::string out;
  AppendJsonString("a\"b\\c\n\t\x01 → ∞ ↓", out, JsonStrings::kValidUtf8);
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\t\\u0001 → ∞ ↓\"");
  EXPECT_EQ(JsonQuoted("a\"b\\c\n\r\t\x1f"), "\"a\\\"b\\\\c\\n\\r\\t\\u001f\"");
}

TEST(JsonQuoted, InvalidUtf8BecomesReplacementCharacter) {
  std::string out;
  // A lone continuation byte, a truncated sequence, an overlong '/', and a
  // UTF-16 surrogate encoded in UTF-8.
  const std::string bad = "x\x80y\xE2\x86z\xC0\xAF\xED\xA0\x80";
  AppendJsonString(bad, out, JsonStrings::kValidUtf8);
  EXPECT_EQ(out,
            "\"x\xEF\xBF\xBDy\xEF\xBF\xBD\xEF\xBF\xBDz\xEF\xBF\xBD\xEF\xBF\xBD"
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  // The recording form keeps the bytes.
  EXPECT_EQ(JsonQuoted(bad, JsonStrings::kBytes), "\"" + bad + "\"");
}

TEST(Utf8, ValidatesEachSequence) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("\xC3\xA9\xE2\x86\x93\xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\x80"));              // lone continuation
  EXPECT_FALSE(IsValidUtf8("\xE2\x86"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_EQ(Utf8SequenceLength("\xF0\x9F\x98\x80", 0), 4u);
  EXPECT_EQ(Utf8SequenceLength("a\xC3\xA9", 1), 2u);
}

TEST(Utf8, ReplacesAndCounts) {
  EXPECT_EQ(ReplaceInvalidUtf8("a\xFF"
                               "b\xC3\xA9"),
            "a\xEF\xBF\xBD"
            "b\xC3\xA9");
  EXPECT_EQ(CodePointCount("\xC3\xA9t\xC3\xA9"), 3u);
  EXPECT_EQ(CodePointCount(""), 0u);
  std::string out;
  AppendUtf8(0x24, out);
  AppendUtf8(0xE9, out);
  AppendUtf8(0x2193, out);
  AppendUtf8(0x1F600, out);
  EXPECT_EQ(out, "$\xC3\xA9\xE2\x86\x93\xF0\x9F\x98\x80");
  EXPECT_TRUE(IsValidUtf8(out));
}

TEST(Utf8, DecodesCodePointsAndReadsInvalidBytesAsReplacements) {
  const Utf8Char e = DecodeUtf8("\xC3\xA9", 0);
  EXPECT_TRUE(e.valid);
  EXPECT_EQ(e.code_point, 0xE9u);
  EXPECT_EQ(e.length, 2u);
  EXPECT_EQ(DecodeUtf8("\xEF\xBC\x9A", 0).code_point, 0xFF1Au);
  EXPECT_EQ(DecodeUtf8("a", 0).code_point, uint32_t{'a'});
  for (const std::string bad : {"\x80", "\xE2\x86", "\xC0\xAF", "\xFF"}) {
    const Utf8Char c = DecodeUtf8(bad, 0);
    EXPECT_FALSE(c.valid) << bad;
    EXPECT_EQ(c.code_point, 0xFFFDu);
    EXPECT_EQ(c.length, 1u);
  }
}

TEST(Utf8, CountsEachInvalidByteAsOneCodePointLikeItsReplacement) {
  // A stray continuation byte, a truncated sequence (two bytes, two
  // replacements) and a valid character.
  const std::string text = "a\x80\xE2\x86\xC3\xA9";
  EXPECT_EQ(CodePointCount(text), 5u);
  EXPECT_EQ(CodePointCount(ReplaceInvalidUtf8(text)), 5u);
}

}  // namespace
}  // namespace wod::base
