// The committed TestFloat-format vector files (tests/sim/data/) cannot rot: every line's RESULT
// and FLAGS are derived again here from the oracle, the generator still writes each file byte for
// byte, and each file keeps exercising every flag and special result.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "oracle/testfloat_vectors.hpp"

namespace oracle {
namespace {

struct CommittedFile {
    const char* file;
    const char* act;
    const char* wgt;
    int lines;
    uint64_t seed;
    bool can_overflow_or_underflow;  // an FFP8 product is too small to overflow, too coarse to underflow
};

// What tests/sim/CMakeLists.txt pushes through the RTL.
constexpr CommittedFile committed[] = {
    {"f32_mulAdd.tf", "fp32", "fp32", 4000, 1, true},
    {"ocp-e4m3_ocp-e5m2_mulAdd.tf", "ocp-e4m3", "ocp-e5m2", 3000, 2, false},
    {"ue4m4b7_se4m3b7_mulAdd.tf", "ue4m4b7", "se4m3b7", 2000, 3, false},
};

void PrintTo(const CommittedFile& c, std::ostream* os) { *os << c.file; }  // short CTest names

std::string read_committed(const CommittedFile& c) {
    std::ifstream in(std::string(FFP8_VECTOR_DATA_DIR) + "/" + c.file, std::ios::binary);
    EXPECT_TRUE(in) << c.file;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

class CommittedVectors : public testing::TestWithParam<CommittedFile> {};

TEST_P(CommittedVectors, EveryLineIsTheOraclesResult) {
    const CommittedFile& c = GetParam();
    const OperandFormat fa = operand_format(c.act), fb = operand_format(c.wgt);
    std::istringstream in(read_committed(c));
    const std::regex shape("([0-9A-F]{8}) ([0-9A-F]{8}) ([0-9A-F]{8}) ([0-9A-F]{8}) ([0-9A-F]{2})");
    int vectors = 0, number = 0;
    int inexact = 0, underflow = 0, overflow = 0, invalid = 0, nan = 0, inf = 0, exact_zero = 0, exact = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (line.starts_with("#")) continue;
        std::smatch m;
        ASSERT_TRUE(std::regex_match(line, m, shape)) << c.file << ":" << number << ": " << line;
        const auto field = [&](int i) { return static_cast<uint32_t>(std::stoul(m[i].str(), nullptr, 16)); };
        const uint32_t a = field(1), b = field(2), acc = field(3), result = field(4), flags = field(5);
        if (fa.spec) {
            ASSERT_LE(a, 0xFFu) << c.file << ":" << number;
        }
        if (fb.spec) {
            ASSERT_LE(b, 0xFFu) << c.file << ":" << number;
        }
        const MacOut o = mac(acc, operand_value(fa.spec, a), operand_value(fb.spec, b));
        EXPECT_EQ(result, o.bits) << c.file << ":" << number << ": " << line;
        EXPECT_EQ(flags, o.flags) << c.file << ":" << number << ": " << line;
        ++vectors;
        inexact += (flags & flag::inexact) != 0;
        underflow += (flags & flag::underflow) != 0;
        overflow += (flags & flag::overflow) != 0;
        invalid += (flags & flag::invalid) != 0;
        nan += result == canonical_nan32;
        inf += (result & 0x7FFFFFFFu) == 0x7F800000u;
        exact_zero += (result & 0x7FFFFFFFu) == 0 && flags == 0;
        exact += flags == 0 && (result & 0x7F800000u) != 0x7F800000u;
    }
    EXPECT_EQ(vectors, c.lines);
    // What the file is for: every flag and special result, many times over.
    for (const auto& [what, count] : {std::pair{"inexact", inexact}, {"invalid", invalid}, {"NaN", nan}, {"Inf", inf},
                                      {"exact zero", exact_zero}, {"exact", exact}})
        EXPECT_GE(count, 20) << c.file << ": too few results " << what;
    if (c.can_overflow_or_underflow) {
        EXPECT_GE(underflow, 20) << c.file;
        EXPECT_GE(overflow, 20) << c.file;
    }
}

TEST_P(CommittedVectors, TheGeneratorWritesTheFileAgain) {
    const CommittedFile& c = GetParam();
    EXPECT_TRUE(read_committed(c) ==
                testfloat_mul_add_file(operand_format(c.act), operand_format(c.wgt), c.lines, c.seed))
        << c.file << " is not what ffp8_oracle_testfloat_gen writes now: write it again (see its header)";
}

INSTANTIATE_TEST_SUITE_P(Files, CommittedVectors, testing::ValuesIn(committed),
                         [](const testing::TestParamInfo<CommittedFile>& info) {
                             std::string name = info.param.file;
                             for (char& ch : name)
                                 if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                             return name;
                         });

TEST(OperandFormat, NamesAreFoundWithoutTheGoldenParser) {
    EXPECT_FALSE(operand_format("fp32").spec);
    EXPECT_EQ(canonical_name(*operand_format("ocp-e5m2").spec), "se5m2b15-ieee");
    const FormatSpec ue = *operand_format("ue4m4b7").spec;
    EXPECT_FALSE(ue.is_signed);
    EXPECT_EQ(ue.E, 4);
    EXPECT_EQ(ue.bias, 7);
    EXPECT_THROW(operand_format("se4m3"), std::invalid_argument);  // the bias must be written
    EXPECT_THROW(operand_format("se4m3b200"), std::invalid_argument);
}

TEST(TestfloatLine, IsTestFloatsLayout) {
    EXPECT_EQ(testfloat_line(0x3F800000u, 0x3C, 0xBF800000u, MacOut{0x7FC00000u, flag::invalid}),
              "3F800000 0000003C BF800000 7FC00000 10\n");
}

}  // namespace
}  // namespace oracle
