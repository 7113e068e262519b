// --top must not be a reserved word of Verilog-2005 or SystemVerilog (IEEE 1800-2017): the
// generated Verilog would not parse. The lists themselves: sizes, order, and Verilog-2005 a
// subset of SystemVerilog (is_verilog_keyword looks in the larger list only).
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>

#include "ffp8/hw/unit_config.hpp"
#include "ffp8/hw/verilog_keywords.hpp"

namespace ffp8::hw {
namespace {

// The message of validate() for a unit named `top`, or "" when it passes.
std::string top_error(std::string_view top) {
    UnitConfig c;
    c.top = std::string(top);
    try {
        c.validate();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

TEST(VerilogKeywords, ListsAreSortedAndVerilog2005IsInsideSystemVerilog) {
    const auto v2005 = verilog_2005_keywords(), sv = systemverilog_2017_keywords();
    EXPECT_EQ(sv.size(), 248u);  // IEEE 1800-2017 Table B.1
    EXPECT_GE(v2005.size(), 123u);
    EXPECT_TRUE(std::is_sorted(v2005.begin(), v2005.end()));
    EXPECT_TRUE(std::adjacent_find(v2005.begin(), v2005.end()) == v2005.end());
    EXPECT_TRUE(std::is_sorted(sv.begin(), sv.end()));
    EXPECT_TRUE(std::adjacent_find(sv.begin(), sv.end()) == sv.end());
    for (const std::string_view word : v2005) EXPECT_TRUE(std::binary_search(sv.begin(), sv.end(), word)) << word;
}

TEST(VerilogKeywords, EveryKeywordIsRefusedAsTop) {
    for (const auto list : {verilog_2005_keywords(), systemverilog_2017_keywords()})
        for (const std::string_view word : list) {
            EXPECT_TRUE(is_verilog_keyword(word)) << word;
            const std::string error = top_error(word);
            EXPECT_NE(error.find("--top '" + std::string(word) + "' is a Verilog-2005 or SystemVerilog keyword"),
                      std::string::npos)
                << word << ": " << error;
        }
}

TEST(VerilogKeywords, KeywordsTheOldListMissedAreRefused) {
    // Verilog-2005 and SystemVerilog-only words a hand-written list easily forgets.
    for (const char* word : {"uwire", "genvar", "generate", "config", "library", "table", "bit", "int", "interface",
                             "class", "program", "property", "sequence", "unique0", "nettype", "soft"})
        EXPECT_NE(top_error(word).find("keyword"), std::string::npos) << word;
}

TEST(VerilogKeywords, IdentifiersThatOnlyLookLikeKeywordsAreAccepted) {
    // Both languages are case-sensitive, and a keyword inside a longer name is an ordinary name.
    for (const char* name : {"Module", "WIRE", "wire_1", "my_module", "logic_unit", "ffp8_mac", "endmodule_x", "_begin"}) {
        EXPECT_FALSE(is_verilog_keyword(name)) << name;
        EXPECT_EQ(top_error(name), "") << name;
    }
}

}  // namespace
}  // namespace ffp8::hw
