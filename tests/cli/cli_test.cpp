// The `ffp8` executable, run as a user would: `ffp8 format`, the SPEC section 4 batch interface
// (`ffp8 golden decode|encode|mac|dot`) checked line by line against the oracle, and bad input.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "oracle/dot.hpp"
#include "oracle/encode.hpp"
#include "oracle/format_spec.hpp"
#include "oracle/mac.hpp"
#include "run_process.hpp"

namespace ffp8::test {
namespace {

ProcessResult ffp8(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), FFP8_EXECUTABLE);
    return run_process(args, input);
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

std::string hex(uint32_t v, int digits) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%0*x", digits, v);
    return buf;
}

// SPEC section 4: hex with or without 0x, any case. Cycles through the spellings.
std::string spelled(uint32_t v, int digits, int variant) {
    std::string h = hex(v, digits);
    if (variant % 2) for (char& c : h) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    switch (variant % 4) {
        case 1: return "0x" + h;
        case 2: return "0X" + h;
        default: return h;
    }
}

std::string command_text(const std::vector<std::string>& args) {
    std::string s = "ffp8";
    for (const auto& a : args) s += " " + a;
    return s;
}

// Bad input: non-zero exit (not a crash), nothing on stdout unless allowed, and exactly one
// line on stderr naming the problem.
void expect_one_line_error(const std::vector<std::string>& args, const std::string& input = "",
                           const std::vector<std::string>& must_mention = {}) {
    const ProcessResult r = ffp8(args, input);
    SCOPED_TRACE(command_text(args));
    EXPECT_FALSE(r.signalled) << "crashed";
    EXPECT_NE(r.exit_code, 0);
    ASSERT_EQ(lines_of(r.err).size(), 1u) << "stderr: " << r.err;
    EXPECT_EQ(r.err.back(), '\n');
    EXPECT_EQ(r.err.rfind("ffp8: error: ", 0), 0u) << r.err;
    for (const auto& word : must_mention) EXPECT_NE(r.err.find(word), std::string::npos) << r.err << " lacks " << word;
}

// The legal formats of every width (8 down to 4) at their extreme and default biases, from the
// oracle alone.
std::vector<oracle::FormatSpec> oracle_matrix() {
    std::vector<oracle::FormatSpec> out;
    for (oracle::FormatSpec f : oracle::legal_shapes()) {
        const oracle::BiasLimits r = oracle::legal_bias(f.E, f.M, f.policy);
        for (const int bias : {r.min, r.max, std::clamp((1 << (f.E - 1)) - 1, r.min, r.max)}) {
            f.bias = bias;
            out.push_back(f);
        }
    }
    return out;
}

// Formats named on the command line: presets by their preset names, others by canonical name.
struct NamedFormat {
    std::string name;
    oracle::FormatSpec spec;
};
NamedFormat preset_named(const char* name) { return {name, *oracle::preset(name)}; }
NamedFormat spec_named(const oracle::FormatSpec& f) { return {oracle::canonical_name(f), f}; }

// A decode output line against the oracle's value: %a parsed back with strtod, or inf/-inf/nan.
void expect_value_text(const std::string& text, const oracle::ExactValue& want, const std::string& where) {
    switch (want.kind) {
        case oracle::Kind::nan: EXPECT_EQ(text, "nan") << where; return;
        case oracle::Kind::inf: EXPECT_EQ(text, want.negative ? "-inf" : "inf") << where; return;
        case oracle::Kind::finite: break;
    }
    EXPECT_NE(text.find("0x"), std::string::npos) << where << ": not a %a hex float: " << text;
    char* end = nullptr;
    const double got = std::strtod(text.c_str(), &end);
    EXPECT_EQ(*end, '\0') << where << ": trailing text in " << text;
    const double value = std::ldexp(static_cast<double>(want.mant), want.exp);
    EXPECT_EQ(got, want.negative ? -value : value) << where << ": " << text;
    EXPECT_EQ(std::signbit(got), want.negative) << where << ": " << text;
}

TEST(FormatCommand, DescribesEveryMatrixFormatByItsCanonicalNameAndBiasRange) {
    for (const oracle::FormatSpec& f : oracle_matrix()) {
        const std::string name = oracle::canonical_name(f);
        const ProcessResult r = ffp8({"format", name});
        ASSERT_EQ(r.exit_code, 0) << name << ": " << r.err;
        EXPECT_NE(r.out.find(name), std::string::npos) << r.out;
        const oracle::BiasLimits range = oracle::legal_bias(f.E, f.M, f.policy);
        EXPECT_NE(r.out.find(std::to_string(range.min)), std::string::npos) << r.out;
        EXPECT_NE(r.out.find(std::to_string(range.max)), std::string::npos) << r.out;
    }
}

TEST(FormatCommand, PresetsPrintTheirCanonicalNames) {
    for (const char* preset : {"ocp-e4m3", "ocp-e5m2", "e4m3fnuz", "e5m2fnuz", "mx-e3m2", "mx-e2m3", "mx-e2m1"}) {
        const ProcessResult r = ffp8({"format", preset});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_NE(r.out.find(oracle::canonical_name(*oracle::preset(preset))), std::string::npos) << r.out;
    }
    const ProcessResult e4m3 = ffp8({"format", "ocp-e4m3"});
    EXPECT_NE(e4m3.out.find("448"), std::string::npos) << e4m3.out;
}

TEST(FormatCommand, TableListsAllCodesWithTheirValues) {
    const std::regex class_word("^(zero|subnormal|normal|inf|nan)$");
    for (const NamedFormat& nf :
         {preset_named("ocp-e4m3"), preset_named("ocp-e5m2"), preset_named("e4m3fnuz"),
          spec_named({false, 8, 0, 128, oracle::Policy::finite}), spec_named({true, 1, 6, -126, oracle::Policy::fnuz}),
          spec_named({false, 5, 3, 20, oracle::Policy::fn}), preset_named("mx-e2m1"), preset_named("mx-e2m3"),
          spec_named({false, 3, 2, 0, oracle::Policy::ieee}), spec_named({true, 4, 2, 9, oracle::Policy::fnuz})}) {
        const std::string& name = nf.name;
        const oracle::FormatSpec& spec = nf.spec;
        const ProcessResult r = ffp8({"format", name, "--table"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const auto lines = lines_of(r.out);
        ASSERT_EQ(lines.size(), oracle::code_count(spec) + 1) << name;  // header + 2^n codes
        for (unsigned c = 0; c < oracle::code_count(spec); ++c) {
            const std::string& line = lines[c + 1];
            EXPECT_EQ(line.rfind("0x" + hex(c, 2), 0), 0u) << line;
            // The value follows the class word.
            std::istringstream words(line);
            std::string word, value;
            while (words >> word)
                if (std::regex_match(word, class_word)) {
                    words >> value;
                    break;
                }
            expect_value_text(value, oracle::value_of(spec, c), name + " " + line);
        }
    }
}

TEST(GoldenDecode, AllCodesInAnySpellingMatchTheOracle) {
    for (const oracle::FormatSpec& f : oracle_matrix()) {
        const std::string name = oracle::canonical_name(f);
        std::string input;
        for (unsigned c = 0; c < oracle::code_count(f); ++c) input += spelled(c, 2, static_cast<int>(c)) + "\n";
        const ProcessResult r = ffp8({"golden", "decode", "--format", name}, input);
        ASSERT_EQ(r.exit_code, 0) << name << ": " << r.err;
        const auto lines = lines_of(r.out);
        ASSERT_EQ(lines.size(), oracle::code_count(f)) << name;
        for (unsigned c = 0; c < oracle::code_count(f); ++c) {
            expect_value_text(lines[c], oracle::value_of(f, c), name + " code " + hex(c, 2));
            for (const char ch : lines[c]) EXPECT_FALSE(std::isupper(static_cast<unsigned char>(ch))) << lines[c];
        }
    }
}

uint32_t random_binary32(std::mt19937& rng) {
    static const uint32_t specials[] = {0x00000000u, 0x80000000u, 0x7F800000u, 0xFF800000u, 0x7FC00000u,
                                        0x7F800001u, 0xFFFFFFFFu, 0x00000001u, 0x7F7FFFFFu, 0x43E00000u,
                                        0x43E80000u, 0x47600000u, 0x3A800000u, 0xBA800000u};
    switch (rng() % 4) {
        case 0: return specials[rng() % std::size(specials)];
        case 1: return static_cast<uint32_t>(rng());
        default:  // exponents around the FFP8 ranges
            return (static_cast<uint32_t>(rng()) & 0x807FFFFFu) | ((100u + static_cast<uint32_t>(rng() % 60)) << 23);
    }
}

TEST(GoldenEncode, EveryModeSaturatingAndNotMatchesTheOracle) {
    std::mt19937 rng(4);
    const std::regex shape("^[0-9a-f]{2} [0-9a-f]{2}$");
    const char* modes[] = {"rne", "rna", "rtz", "rdn", "rup"};
    for (const NamedFormat& nf :
         {preset_named("ocp-e4m3"), preset_named("ocp-e5m2"), preset_named("e5m2fnuz"),
          spec_named({false, 5, 3, 20, oracle::Policy::fn}), spec_named({true, 2, 5, -3, oracle::Policy::finite}),
          spec_named({false, 8, 0, 128, oracle::Policy::ieee}), spec_named({true, 3, 4, 146, oracle::Policy::ieee}),
          preset_named("mx-e2m1"), preset_named("mx-e3m2"), spec_named({false, 2, 2, -5, oracle::Policy::fn}),
          spec_named({true, 3, 1, 3, oracle::Policy::fnuz})}) {
        const std::string& name = nf.name;
        const oracle::FormatSpec& spec = nf.spec;
        const oracle::Encoder encode(spec);
        std::vector<uint32_t> xs;
        std::string input;
        for (int i = 0; i < 3000; ++i) {
            xs.push_back(random_binary32(rng));
            input += spelled(xs.back(), 8, i) + "\n";
        }
        for (int m = 0; m < 5; ++m) {
            for (const bool saturate : {true, false}) {
                std::vector<std::string> args{"golden", "encode", "--format", name, "--round", modes[m]};
                if (!saturate) args.push_back("--no-saturate");
                const ProcessResult r = ffp8(args, input);
                ASSERT_EQ(r.exit_code, 0) << command_text(args) << ": " << r.err;
                const auto lines = lines_of(r.out);
                ASSERT_EQ(lines.size(), xs.size());
                int bad = 0;
                for (std::size_t i = 0; i < xs.size(); ++i) {
                    const oracle::EncodeOut want = encode(xs[i], oracle::all_roundings[m], saturate);
                    const std::string expected = hex(want.code, 2) + " " + hex(want.flags, 2);
                    EXPECT_TRUE(std::regex_match(lines[i], shape)) << lines[i];
                    if (lines[i] != expected && ++bad <= 10)
                        ADD_FAILURE() << command_text(args) << " on " << hex(xs[i], 8) << ": got '" << lines[i]
                                      << "', oracle '" << expected << "'";
                }
            }
        }
    }
}

TEST(GoldenMac, LinesMatchTheOracleForFfp8AndFp32Operands) {
    std::mt19937 rng(6);
    const std::regex shape("^[0-9a-f]{8} [0-9a-f]{2}$");
    struct Pair {
        const char* act;
        const char* wgt;
    };
    for (const Pair p : {Pair{"ocp-e4m3", "ocp-e5m2"}, Pair{"fp32", "ocp-e4m3"}, Pair{"e4m3fnuz", "fp32"},
                         Pair{"fp32", "fp32"}, Pair{"e5m2fnuz", "e4m3fnuz"}}) {
        const std::string act(p.act), wgt(p.wgt);
        const auto spec = [](const std::string& n) -> std::optional<oracle::FormatSpec> {
            if (n == "fp32") return std::nullopt;
            return oracle::preset(n);
        };
        const auto as = spec(act), ws = spec(wgt);
        struct Line {
            uint32_t acc, a, w;
        };
        std::vector<Line> ops;
        std::string input;
        for (int i = 0; i < 5000; ++i) {
            const Line l{random_binary32(rng), as ? static_cast<uint32_t>(rng() % 256) : random_binary32(rng),
                         ws ? static_cast<uint32_t>(rng() % 256) : random_binary32(rng)};
            ops.push_back(l);
            input += spelled(l.acc, 8, i) + (i % 3 ? " " : "\t") + spelled(l.a, as ? 2 : 8, i + 1) + " " +
                     spelled(l.w, ws ? 2 : 8, i + 2) + "\n";
        }
        const ProcessResult r = ffp8({"golden", "mac", "--act", act, "--wgt", wgt}, input);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const auto lines = lines_of(r.out);
        ASSERT_EQ(lines.size(), ops.size());
        int bad = 0;
        for (std::size_t i = 0; i < ops.size(); ++i) {
            const oracle::MacOut want =
                oracle::mac(ops[i].acc, oracle::operand_value(as, ops[i].a), oracle::operand_value(ws, ops[i].w));
            const std::string expected = hex(want.bits, 8) + " " + hex(want.flags, 2);
            EXPECT_TRUE(std::regex_match(lines[i], shape)) << lines[i];
            if (lines[i] != expected && ++bad <= 10)
                ADD_FAILURE() << act << " x " << wgt << " line " << i + 1 << ": got '" << lines[i] << "', oracle '"
                              << expected << "'";
        }
    }
}

// `ffp8 golden dot --lanes K`: lines 'ACC A0 .. A(K-1) W0 .. W(K-1)' against the oracle's dot product.
TEST(GoldenDot, LinesMatchTheOracleForEveryLaneCount) {
    std::mt19937 rng(12);
    const std::regex shape("^[0-9a-f]{8} [0-9a-f]{2}$");
    for (const auto& [act, wgt] : {std::pair{"ocp-e4m3", "ocp-e5m2"}, std::pair{"e5m2fnuz", "e4m3fnuz"},
                                   std::pair{"ocp-e5m2", "ocp-e5m2"}}) {
        const oracle::FormatSpec as = *oracle::preset(act), ws = *oracle::preset(wgt);
        for (const int lanes : {1, 2, 4, 8, 16}) {
            struct Line {
                uint32_t acc;
                std::vector<uint32_t> a, w;
            };
            std::vector<Line> ops;
            std::string input;
            for (int i = 0; i < 1000; ++i) {
                Line l{i % 5 == 0 ? 0u : random_binary32(rng), {}, {}};
                std::string a_text, w_text;
                for (int k = 0; k < lanes; ++k) {
                    // Mostly small magnitudes of both signs (sums that cancel), some anything.
                    l.a.push_back(rng() % 4 ? (rng() % 48) | (rng() % 2 ? 0x80u : 0u) : rng() % 256);
                    l.w.push_back(rng() % 256);
                    (a_text += ' ') += spelled(l.a.back(), 2, i + k);
                    (w_text += ' ') += spelled(l.w.back(), 2, i + k + 1);
                }
                input += spelled(l.acc, 8, i) + a_text + (i % 3 ? " " : "\t") + w_text + "\n";
                ops.push_back(std::move(l));
            }
            const ProcessResult r =
                ffp8({"golden", "dot", "--act", act, "--wgt", wgt, "--lanes", std::to_string(lanes)}, input);
            ASSERT_EQ(r.exit_code, 0) << r.err;
            const auto lines = lines_of(r.out);
            ASSERT_EQ(lines.size(), ops.size());
            int bad = 0;
            for (std::size_t i = 0; i < ops.size(); ++i) {
                std::vector<oracle::ExactValue> av, wv;
                for (int k = 0; k < lanes; ++k) {
                    av.push_back(oracle::value_of(as, ops[i].a[k]));
                    wv.push_back(oracle::value_of(ws, ops[i].w[k]));
                }
                const oracle::MacOut want = oracle::dot(ops[i].acc, av, wv);
                const std::string expected = hex(want.bits, 8) + " " + hex(want.flags, 2);
                EXPECT_TRUE(std::regex_match(lines[i], shape)) << lines[i];
                if (lines[i] != expected && ++bad <= 10)
                    ADD_FAILURE() << act << " x " << wgt << " K = " << lanes << " line " << i + 1 << ": got '"
                                  << lines[i] << "', oracle '" << expected << "'";
            }
        }
    }
}

// (An empty name is refused as an empty value: OptionChecks.EmptyValuesAreRefused.)
TEST(BadInput, MalformedFormatNamesShowTheGrammar) {
    for (const char* name : {"xyz", "se4", "se4m3b", "se4m3bx", "se4m3-foo", "4m3"})
        expect_one_line_error({"format", name}, "", {"e<E>m<M>"});
}

TEST(BadInput, InvalidFormatsAreOneLineErrors) {
    for (const char* name : {"se4m4", "ue4m5", "ue2m1", "se0m7", "se1m6-ieee", "se7m0-fn", "ue4m4-fnuz", "ue8m0",
                             "se4m3b99999999999999999999"}) {
        expect_one_line_error({"format", name});
        expect_one_line_error({"golden", "decode", "--format", name}, "00\n");
        expect_one_line_error({"golden", "mac", "--act", "ocp-e4m3", "--wgt", name}, "00000000 00 00\n");
    }
}

TEST(BadInput, IllegalBiasNamesTheLegalRange) {
    struct Case {
        bool is_signed;
        int E;
        oracle::Policy p;
        const char* suffix;
    };
    for (const Case c : {Case{true, 4, oracle::Policy::finite, ""}, Case{true, 5, oracle::Policy::ieee, "-ieee"},
                         Case{false, 8, oracle::Policy::finite, ""}, Case{true, 1, oracle::Policy::fnuz, "-fnuz"}}) {
        const int M = oracle::fraction_width(c.is_signed, c.E);
        const oracle::BiasLimits r = oracle::legal_bias(c.E, M, c.p);
        const std::string shape = std::string(c.is_signed ? "s" : "u") + "e" + std::to_string(c.E) + "m" +
                                  std::to_string(M);
        for (const int bias : {r.min - 1, r.max + 1}) {
            const std::string name = shape + "b" + std::to_string(bias) + c.suffix;
            const std::vector<std::string> mention{std::to_string(r.min), std::to_string(r.max)};
            expect_one_line_error({"format", name}, "", mention);
            expect_one_line_error({"golden", "encode", "--format", name}, "3f800000\n", mention);
        }
    }
}

// A malformed line: the lines before it are answered, nothing after it, and the error names it.
void expect_stops_at_line(const std::vector<std::string>& args, const std::string& input, std::size_t bad_line) {
    const ProcessResult r = ffp8(args, input);
    SCOPED_TRACE(command_text(args));
    EXPECT_FALSE(r.signalled);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_EQ(lines_of(r.out).size(), bad_line - 1);
    ASSERT_EQ(lines_of(r.err).size(), 1u) << r.err;
    EXPECT_NE(r.err.find("line " + std::to_string(bad_line)), std::string::npos) << r.err;
    EXPECT_EQ(r.err.rfind("ffp8: error: ", 0), 0u) << r.err;
}

TEST(BadInput, MalformedHexLinesStopAtTheLineAndNameIt) {
    const std::vector<std::string> decode{"golden", "decode", "--format", "ocp-e4m3"};
    const std::vector<std::string> encode{"golden", "encode", "--format", "ocp-e4m3"};
    const std::vector<std::string> mac{"golden", "mac", "--act", "ocp-e4m3", "--wgt", "ocp-e5m2"};
    const std::vector<std::string> mac32{"golden", "mac", "--act", "fp32", "--wgt", "ocp-e5m2"};
    expect_stops_at_line(decode, "00\n0x01\nzz\n02\n", 3);
    expect_stops_at_line(decode, "123\n", 1);           // too many digits
    expect_stops_at_line(decode, "7f\n0x\n", 2);        // prefix without digits
    expect_stops_at_line(decode, "00 01\n", 1);         // wrong field count
    expect_stops_at_line(decode, "00\n-1\n", 2);
    expect_stops_at_line(encode, "3f800000\n123456789\n", 2);
    expect_stops_at_line(encode, "3f800000\n3f80000g\n", 2);
    expect_stops_at_line(encode, "3f800000 00\n", 1);
    expect_stops_at_line(mac, "3f800000 38 38\n3f800000 38\n", 2);  // wrong field count
    expect_stops_at_line(mac, "3f800000 38 38 38\n", 1);
    expect_stops_at_line(mac, "3f800000 138 38\n", 1);              // an FFP8 operand has 2 digits
    expect_stops_at_line(mac32, "3f800000 3f800000 38\n3f800000 13f800000 38\n", 2);
    // Far into a long input (past any output buffering): exactly the good lines come out.
    std::string many;
    for (int i = 0; i < 100000; ++i) many += "3c\n";
    expect_stops_at_line(decode, many + "3c 3c\n" + many, 100001);
}

// A narrow format's codes sit in the low n bits (SPEC section 1): a code with a bit at or above
// bit n stops the run at its line, naming the field and the format's code range.
TEST(BadInput, NarrowCodesAboveTheFormatsWidthStopAtTheirLine) {
    const std::vector<std::string> decode{"golden", "decode", "--format", "mx-e2m1"};
    const std::vector<std::string> mac{"golden", "mac", "--act", "mx-e3m2", "--wgt", "mx-e2m1"};
    const std::vector<std::string> dot{"golden", "dot", "--act", "ue3m3", "--wgt", "mx-e2m1", "--lanes", "2"};
    expect_stops_at_line(decode, "00\n0f\n10\n01\n", 3);
    expect_stops_at_line(mac, "3f800000 3f 0f\n3f800000 40 01\n", 2);
    expect_stops_at_line(mac, "3f800000 3f 0f\n3f800000 01 0x1F\n", 2);
    expect_stops_at_line(dot, "3f800000 3f 01 0f 0e\n3f800000 3f 01 0f 80\n", 2);
    const ProcessResult r = ffp8(decode, "0f\n10\n");
    for (const char* word : {"line 2", "code '10'", "se2m1b1", "4-bit", "00..0f"})
        EXPECT_NE(r.err.find(word), std::string::npos) << r.err << " lacks " << word;
    const ProcessResult d = ffp8(dot, "3f800000 3f 01 0f 80\n");
    EXPECT_NE(d.err.find("W1"), std::string::npos) << d.err;
}

// Widths outside 4..8 bits are refused with the legal fraction widths for that E.
TEST(BadInput, FormatWidthsOutsideFourToEightBits) {
    expect_one_line_error({"format", "se1m1"}, "", {"3 bits", "4..8", "M = 2..6"});
    expect_one_line_error({"format", "ue4m5"}, "", {"9 bits", "4..8", "M = 0..4"});
    expect_one_line_error({"golden", "encode", "--format", "se4m4"}, "3f800000\n", {"9 bits"});
    expect_one_line_error({"golden", "mac", "--act", "ue1m2", "--wgt", "mx-e2m1"}, "00000000 00 00\n", {"3 bits"});
}

TEST(BadInput, DotLaneCountsAndOperandFormats) {
    for (const char* lanes : {"0", "3", "5", "32", "-1", "x"})
        expect_one_line_error({"golden", "dot", "--act", "ocp-e4m3", "--wgt", "ocp-e4m3", "--lanes", lanes},
                              "00000000 00 00\n");
    expect_one_line_error({"golden", "dot", "--act", "ocp-e4m3", "--wgt", "ocp-e4m3", "--lanes", "3"},
                          "00000000 00 00 00 00 00 00\n", {"1, 2, 4, 8 or 16"});
    expect_one_line_error({"golden", "dot", "--act", "fp32", "--wgt", "ocp-e4m3", "--lanes", "2"},
                          "00000000 00 00 00 00\n", {"fp32"});
    expect_one_line_error({"golden", "dot", "--act", "ocp-e4m3", "--wgt", "ocp-e4m3"}, "00000000 00 00\n");
    expect_one_line_error({"eval", "--model", "mlp", "--lanes", "3"}, "", {"lane count 3"});
    const std::vector<std::string> dot{"golden", "dot", "--act", "ocp-e4m3", "--wgt", "ocp-e5m2", "--lanes", "2"};
    expect_stops_at_line(dot, "3f800000 38 38 3c 3c\n3f800000 38 38 3c\n", 2);  // wrong field count
    expect_stops_at_line(dot, "3f800000 38 38 3c 3c 3c\n", 1);
    expect_stops_at_line(dot, "3f800000 38 38 3c 3c\n3f800000 38 138 3c 3c\n", 2);  // 2 digits per lane
    expect_stops_at_line(dot, "3f800000 38 38 3c 3g\n", 1);
    expect_stops_at_line(dot, "13f800000 38 38 3c 3c\n", 1);
}

// `--slots L` (SPEC section 8): each line ends in a SLOT field, one line is one cycle, and the
// schedule rule decides which lines are legal; results as without slots (each line has its ACC).
TEST(GoldenSlots, SlotFieldLinesMatchTheOracle) {
    std::mt19937 rng(25);
    const oracle::FormatSpec as = *oracle::preset("ocp-e4m3"), ws = *oracle::preset("ocp-e5m2");
    for (const int slots : {2, 4, 8}) {
        std::string mac_input, dot_input;
        std::vector<std::string> mac_want, dot_want;
        for (int i = 0; i < 400; ++i) {
            const uint32_t acc = random_binary32(rng), a0 = rng() % 256, w0 = rng() % 256, a1 = rng() % 256,
                           w1 = rng() % 256;
            // Round-robin, with every slot's gap exactly L: the tightest legal schedule.
            const std::string slot = spelled(static_cast<uint32_t>(i % slots), 1, i);
            mac_input += hex(acc, 8) + " " + hex(a0, 2) + " " + hex(w0, 2) + " " + slot + "\n";
            dot_input += hex(acc, 8) + " " + hex(a0, 2) + " " + hex(a1, 2) + " " + hex(w0, 2) + " " + hex(w1, 2) + "\t" +
                         slot + "\n";
            const oracle::MacOut m = oracle::mac(acc, oracle::operand_value(as, a0), oracle::operand_value(ws, w0));
            mac_want.push_back(hex(m.bits, 8) + " " + hex(m.flags, 2));
            const oracle::MacOut d = oracle::dot(acc, {oracle::value_of(as, a0), oracle::value_of(as, a1)},
                                                 {oracle::value_of(ws, w0), oracle::value_of(ws, w1)});
            dot_want.push_back(hex(d.bits, 8) + " " + hex(d.flags, 2));
        }
        const std::string L = std::to_string(slots);
        const ProcessResult mac = ffp8({"golden", "mac", "--act", "ocp-e4m3", "--wgt", "ocp-e5m2", "--slots", L}, mac_input);
        ASSERT_EQ(mac.exit_code, 0) << mac.err;
        EXPECT_EQ(lines_of(mac.out), mac_want) << "--slots " << L;
        const ProcessResult dot = ffp8(
            {"golden", "dot", "--act", "ocp-e4m3", "--wgt", "ocp-e5m2", "--lanes", "2", "--slots", L}, dot_input);
        ASSERT_EQ(dot.exit_code, 0) << dot.err;
        EXPECT_EQ(lines_of(dot.out), dot_want) << "--slots " << L;
    }
}

TEST(GoldenSlots, ScheduleViolationsAndBadSlotsStopAtTheLine) {
    const std::vector<std::string> mac4{"golden", "mac", "--act", "ocp-e4m3", "--wgt", "ocp-e5m2", "--slots", "4"};
    const std::string ok = "3f800000 38 38 ";
    // Slot 1 again 3 lines after it was used: one line short of the rule.
    expect_stops_at_line(mac4, ok + "0\n" + ok + "1\n" + ok + "2\n" + ok + "3\n" + ok + "0\n" + ok + "2\n", 6);
    const ProcessResult r = ffp8(mac4, ok + "1\n" + ok + "0\n" + ok + "1\n");
    EXPECT_NE(r.err.find("slot 1 was used 2 lines before"), std::string::npos) << r.err;
    expect_stops_at_line(mac4, ok + "0\n" + ok + "4\n", 2);   // out of range
    expect_stops_at_line(mac4, ok + "0\n" + ok + "10\n", 2);  // two digits
    expect_stops_at_line(mac4, ok + "0\n" + ok + "\n", 2);    // missing
    expect_stops_at_line(mac4, ok + "0\n" + ok + "x\n", 2);
    // Without --slots (or with --slots 1) a line has no SLOT field.
    expect_stops_at_line({"golden", "mac", "--act", "ocp-e4m3", "--wgt", "ocp-e5m2", "--slots", "1"}, ok + "0\n", 1);
    expect_stops_at_line({"golden", "dot", "--act", "ocp-e4m3", "--wgt", "ocp-e5m2", "--lanes", "1", "--slots", "2"},
                         "3f800000 38 38 0\n3f800000 38 38 0\n", 2);
    for (const char* bad : {"0", "3", "16", "-2", "x"})
        expect_one_line_error({"golden", "mac", "--act", "ocp-e4m3", "--wgt", "ocp-e5m2", "--slots", bad}, ok + "0\n");
    expect_one_line_error({"golden", "dot", "--act", "ocp-e4m3", "--wgt", "ocp-e5m2", "--lanes", "2", "--slots", "3"},
                          "", {"--slots 3"});
}

TEST(BadInput, UnknownOptionsAndMissingArgumentsAreOneLineErrors) {
    expect_one_line_error({"--bogus"});
    expect_one_line_error({"frobnicate"});
    expect_one_line_error({"format", "ocp-e4m3", "--bogus"});
    expect_one_line_error({"format"});
    expect_one_line_error({"golden"});
    expect_one_line_error({"golden", "frobnicate"});
    expect_one_line_error({"golden", "decode", "--format", "ocp-e4m3", "--bogus"}, "00\n");
    expect_one_line_error({"golden", "decode"}, "00\n");
    expect_one_line_error({"golden", "decode", "--format", "fp32"}, "00\n");
    expect_one_line_error({"golden", "encode", "--format", "ocp-e4m3", "--round", "up"}, "3f800000\n",
                          {"rne"});
    expect_one_line_error({"golden", "encode", "--format", "ocp-e4m3", "--no-saturate=maybe"}, "3f800000\n");
    expect_one_line_error({"golden", "mac", "--act", "fp32"}, "00000000 00000000 00000000\n");
    expect_one_line_error({"golden", "decode", "--format", "ocp-e4m3", "--input", "/nonexistent/ffp8/input"});
}

TEST(GoldenBatch, ReadsFromAnInputFileToo) {
    const auto path = std::filesystem::temp_directory_path() / ("ffp8_cli_input_" + std::to_string(getpid()));
    std::ofstream(path) << "38\n0X7E\nq\n";
    const ProcessResult r = ffp8({"golden", "decode", "--format", "ocp-e4m3", "--input", path.string()});
    std::filesystem::remove(path);
    EXPECT_NE(r.exit_code, 0);
    const auto lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 2u);
    expect_value_text(lines[0], {oracle::Kind::finite, false, 1, 0}, "0x38");
    expect_value_text(lines[1], {oracle::Kind::finite, false, 7, 6}, "0x7e");
    EXPECT_NE(r.err.find("line 3"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ffp8::test
