// The escape shared by the JUnit report (sim) and the SVG charts (synth).
#include <gtest/gtest.h>

#include "ffp8/xml_escape.hpp"

namespace ffp8 {
namespace {

TEST(XmlEscape, ReplacesEachSpecialCharacter) {
    EXPECT_EQ(xml_escape("&"), "&amp;");
    EXPECT_EQ(xml_escape("<"), "&lt;");
    EXPECT_EQ(xml_escape(">"), "&gt;");
    EXPECT_EQ(xml_escape("\""), "&quot;");
    EXPECT_EQ(xml_escape("a<b && c>\"d\""), "a&lt;b &amp;&amp; c&gt;&quot;d&quot;");
}

// The reports never escaped these: their output stays byte-identical.
TEST(XmlEscape, LeavesOtherTextAlone) {
    EXPECT_EQ(xml_escape(""), "");
    EXPECT_EQ(xml_escape("it's 1.5x, 100%\n\tok"), "it's 1.5x, 100%\n\tok");
    EXPECT_EQ(xml_escape("&amp;"), "&amp;amp;");  // no double-escape detection: text is text
}

}  // namespace
}  // namespace ffp8
