// quoted_text() and escape_control_bytes(): every byte a terminal would act on becomes visible text,
// nothing cuts the text at a NUL, long text is capped with its length.
#include <gtest/gtest.h>

#include <string>

#include "ffp8/quoted_text.hpp"

namespace ffp8 {
namespace {

using namespace std::string_literals;

TEST(QuotedText, PlainTextInSingleQuotes) { EXPECT_EQ(quoted_text("ue4m4b7"), "'ue4m4b7'"); }

TEST(QuotedText, EscapesControlBytesNulQuoteAndBackslash) {
    EXPECT_EQ(quoted_text("3f\0" "80"s), "'3f\\x0080'");
    EXPECT_EQ(quoted_text("\x1b[31m\x7f"), "'\\x1b[31m\\x7f'");
    EXPECT_EQ(quoted_text("a\nb\tc\rd"), "'a\\nb\\tc\\rd'");
    EXPECT_EQ(quoted_text("it's a\\b"), "'it\\'s a\\\\b'");
    EXPECT_EQ(quoted_text("\xc3\xa9\xff"), "'\\xc3\\xa9\\xff'");
}

TEST(QuotedText, LongTextShowsItsStartAndLength) {
    const std::string long_text(100000, 'x');
    EXPECT_EQ(quoted_text(long_text), "'" + std::string(64, 'x') + "...' (100000 bytes)");
    EXPECT_EQ(quoted_text(std::string(64, 'y')), "'" + std::string(64, 'y') + "'");
    EXPECT_EQ(quoted_text("abcdef", 3), "'abc...' (6 bytes)");
}

TEST(QuotedText, MessagesKeepTextNonAsciiAndLineBreaksButNotOtherControlBytes) {
    EXPECT_EQ(escape_control_bytes("line 2: \xc2\xb5m \x1b[2J\n\0end"s), "line 2: \xc2\xb5m \\x1b[2J\n\\x00end");
    EXPECT_EQ(escape_control_bytes("it's 'x' \\ y"), "it's 'x' \\ y");
}

}  // namespace
}  // namespace ffp8
