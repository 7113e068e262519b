// FFP8 decoders (to the FMA's unpacked operand) and the encoder, simulated against golden
// decode/encode.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>

#include "ffp8/binary32.hpp"
#include "ffp8/decode.hpp"
#include "ffp8/encode.hpp"
#include "hw_test_support.hpp"

namespace ffp8::hw::test {
namespace {

// Formats covering signedness, every E, every policy, default and extreme biases, presets.
std::vector<Format> codec_formats() {
    std::vector<Format> fs;
    for (const char* n : {"ocp-e4m3", "ocp-e5m2", "e4m3fnuz", "e5m2fnuz", "fp32"}) {
        const Format f = Format::parse(n);
        if (!f.is_fp32) fs.push_back(f);
    }
    for (int s = 0; s <= 1; ++s)
        for (int E = 1; E <= 8 - s; ++E) {
            const int M = 8 - s - E;
            for (Policy p : {Policy::finite, Policy::ieee, Policy::fn, Policy::fnuz}) {
                if ((p == Policy::ieee && E < 2) || (p == Policy::fn && M < 1) || (p == Policy::fnuz && !s)) continue;
                const BiasRange r = Format::legal_bias(E, M, p);
                for (int bias : {r.min, Format::default_bias(E), r.max, (r.min + r.max) / 2 + 1})
                    if (bias >= r.min && bias <= r.max && (p == Policy::finite || bias == Format::default_bias(E) || bias == r.max))
                        fs.push_back(Format::make(s != 0, E, M, bias, p));
            }
        }
    return fs;
}

// Narrow formats (SPEC section 1, 4..7 bits): the OCP MX element types and a spread of shapes,
// policies and biases, unsigned ones with a bit more than the signed ones of their width.
std::vector<Format> narrow_formats() {
    std::vector<Format> fs;
    for (const char* n : {"mx-e2m1", "mx-e2m3", "mx-e3m2", "se1m2", "se3m0", "ue4m0b-9", "ue1m3b-126", "se2m2b3-ieee",
                          "ue3m2b1-fn", "se3m3b8-fnuz", "ue5m2b20", "se4m2b147", "se5m1b15-ieee", "ue6m1b62-fn",
                          "ue2m4b146", "se1m5b-126-fn", "se6m0b-64", "ue7m0b130"})
        fs.push_back(Format::parse(n));
    return fs;
}

// Generates a static design per format (top t<i>) and returns the named block's file.
struct Block {
    std::string module;
    std::string file;
};
Block block_of(const UnitConfig& o, const std::string& suffix, const std::filesystem::path& dir) {
    const GeneratedDesign d = generate(o);
    const std::string name = o.top_name() + suffix;
    const std::string path = (dir / (name + ".v")).string();
    std::ofstream(path) << d.files.at(name + ".v");
    return {name, path};
}

// A decoder's outputs packed by unpacked_bus(): {sign, exp_n[9:0], sig_n[23:0], zero, inf, nan, snan}.
constexpr int unpacked_width = 39;
std::string unpacked_bus(const std::string& suffix) {
    return fmt::format("{{sign{0}, exp_n{0}, sig_n{0}, is_zero{0}, is_inf{0}, is_nan{0}, is_snan{0}}}", suffix);
}
std::string unpacked_nets(const std::string& suffix) {
    return fmt::format("  wire sign{0}, is_zero{0}, is_inf{0}, is_nan{0}, is_snan{0};\n  wire [9:0] exp_n{0};\n  wire [23:0] sig_n{0};\n", suffix);
}
std::string unpacked_connections(const std::string& suffix) {
    return fmt::format(".sign(sign{0}), .exp_n(exp_n{0}), .sig_n(sig_n{0}), .is_zero(is_zero{0}), .is_inf(is_inf{0}), "
                       ".is_nan(is_nan{0}), .is_snan(is_snan{0})", suffix);
}

// Checks an unpacked operand against the binary32 value golden decode gives: the class bits,
// the sign, and sig_n * 2^(exp_n - 150) equal to the magnitude (exact in double), with at most
// the 7 leading zeros the FMA core allows. Returns what is wrong, or "".
std::string unpacked_mismatch(uint64_t bus, uint32_t want) {
    const bool snan = bus & 1, nan = (bus >> 1) & 1, inf = (bus >> 2) & 1, zero = (bus >> 3) & 1;
    const auto sig = static_cast<uint32_t>((bus >> 4) & 0xFFFFFF);
    const int exp = static_cast<int>((bus >> 28) & 0x3FF) - (((bus >> 37) & 1) ? 1024 : 0);
    const bool sign = (bus >> 38) & 1;
    const std::string got = fmt::format("sign {} exp_n {} sig_n {:06x} zero {} inf {} nan {} snan {}", sign, exp, sig, zero, inf, nan, snan);
    if (snan) return got + ": FFP8 NaNs are quiet";
    if (b32::is_nan(want)) return nan ? "" : got + ": expected NaN";
    if (nan) return got + ": unexpected NaN";
    if (sign != (b32::sign(want) != 0)) return got + ": sign";
    if (b32::is_inf(want)) return inf && !zero ? "" : got + ": expected Inf";
    if (inf) return got + ": unexpected Inf";
    const double magnitude = std::fabs(static_cast<double>(b32::to_float(want)));
    if (magnitude == 0) return zero ? "" : got + ": expected zero";
    if (zero) return got + ": unexpected zero";
    if (sig < (1u << 16)) return got + ": more than 7 leading zeros";
    if (std::ldexp(static_cast<double>(sig), exp - 150) != magnitude) return got + fmt::format(": value, expected {:a}", magnitude);
    return "";
}

TEST(Decoder, StaticAllCodesManyFormats) {
    auto formats = codec_formats();
    for (const Format& f : narrow_formats()) formats.push_back(f);
    TempDir dir("dec");
    // One wrapper instantiating every decoder on the same code.
    std::vector<std::string> sources;
    std::string ports = "module dec_all (\n  input wire [7:0] code", body;
    std::vector<PortSpec> outs;
    for (std::size_t i = 0; i < formats.size(); ++i) {
        UnitConfig o;
        o.act = formats[i];
        o.wgt = formats[i];
        o.top = fmt::format("t{}", i);
        const Block b = block_of(o, "_dec_act", dir.path());
        sources.push_back(b.file);
        ports += fmt::format(",\n  output wire [{}:0] unpacked{}", unpacked_width - 1, i);
        outs.push_back({fmt::format("unpacked{}", i), unpacked_width});
        const std::string sfx = fmt::format("_{}", i);
        body += unpacked_nets(sfx);
        // A narrow decoder's code port is n bits: the low bits of the common code.
        body += fmt::format("  t{0}_dec_act d{0} (.code(code[{3}:0]), {1});\n  assign unpacked{0} = {2};\n", i,
                            unpacked_connections(sfx), unpacked_bus(sfx), formats[i].width() - 1);
    }
    std::ofstream(dir.path() / "dec_all.v") << ports << "\n);\n" << body << "endmodule\n";
    sources.push_back((dir.path() / "dec_all.v").string());
    std::vector<Row> vectors;
    for (uint64_t c = 0; c < 256; ++c) vectors.push_back({c});
    const auto rows = simulate_combinational(dir.path(), sources, "dec_all", {{"code", 8}}, outs, vectors);
    int failures = 0;
    for (std::size_t i = 0; i < formats.size(); ++i)
        for (unsigned c = 0; c < formats[i].code_count() && failures < 20; ++c) {
            const std::string wrong = unpacked_mismatch(rows[c][i], decode(formats[i], static_cast<uint8_t>(c)));
            if (!wrong.empty()) {
                ++failures;
                ADD_FAILURE() << fmt::format("{} code {:02x}: {}", formats[i].name(), c, wrong);
            }
        }
    EXPECT_GT(formats.size(), 60u);
}

// Runtime decoder + format check: legal formats unpack like golden decode, illegal ones give NaN.
TEST(Decoder, RuntimeAllCodesManyFormats) {
    TempDir dir("rtdec");
    UnitConfig o;
    o.act = Format::parse("se4m3");
    o.wgt = Format::parse("se4m3");
    o.mode = Mode::runtime_formats;
    o.top = "rt";
    const Block dec = block_of(o, "_dec", dir.path());
    const Block chk = block_of(o, "_fmt_check", dir.path());
    std::ofstream(dir.path() / "rt_wrap.v") << "module rt_wrap (\n"
        "  input wire [7:0] code, input wire fmt_signed, input wire [3:0] fmt_exp_bits, input wire [2:0] fmt_frac_bits,\n"
        "  input wire [8:0] fmt_bias, input wire [1:0] fmt_policy, output wire ok, output wire [" << unpacked_width - 1 << ":0] unpacked\n);\n"
        << unpacked_nets("") <<
        "  rt_fmt_check c (.fmt_signed(fmt_signed), .fmt_exp_bits(fmt_exp_bits), .fmt_frac_bits(fmt_frac_bits), .fmt_bias(fmt_bias),\n"
        "                  .fmt_policy(fmt_policy), .ok(ok));\n"
        "  rt_dec d (.code(code), .fmt_signed(fmt_signed), .fmt_exp_bits(fmt_exp_bits), .fmt_frac_bits(fmt_frac_bits), .fmt_bias(fmt_bias),\n"
        "            .fmt_policy(fmt_policy), .fmt_ok(ok), " << unpacked_connections("") << ");\n"
        "  assign unpacked = " << unpacked_bus("") << ";\nendmodule\n";
    struct Case {
        bool is_signed;
        int E, M, bias, policy;
    };
    std::vector<Case> cases;
    for (const auto& formats : {codec_formats(), narrow_formats()})
        for (const Format& f : formats) cases.push_back({f.is_signed, f.E, f.M, f.bias, static_cast<int>(f.policy)});
    // Illegal ones: E out of range, widths outside 4..8, policy rules, bias just outside the legal range.
    cases.push_back({true, 0, 7, 0, 0});
    cases.push_back({true, 8, 0, 127, 0});
    cases.push_back({false, 9, 0, 0, 0});
    cases.push_back({false, 15, 0, 0, 0});
    cases.push_back({false, 4, 4, 7, 3});
    cases.push_back({true, 1, 6, 0, 1});
    cases.push_back({true, 7, 0, 63, 2});
    cases.push_back({true, 1, 1, 0, 0});   // 3 bits
    cases.push_back({false, 2, 1, 0, 0});  // 3 bits
    cases.push_back({true, 4, 4, 7, 0});   // 9 bits
    cases.push_back({false, 2, 7, 0, 0});  // 9 bits
    cases.push_back({true, 3, 0, 3, 2});   // fn without a fraction
    for (int s = 0; s <= 1; ++s)
        for (int E = 1; E <= 8 - s; ++E)
            for (int M = std::max(0, 4 - s - E); M <= 8 - s - E; M += 2) {
                const BiasRange r = Format::legal_bias(E, M, Policy::finite);
                cases.push_back({s != 0, E, M, r.min - 1, 0});
                cases.push_back({s != 0, E, M, r.max + 1, 0});
            }
    std::vector<Row> vectors;
    for (const auto& c : cases)
        for (uint64_t code = 0; code < 256; ++code)
            vectors.push_back({code, c.is_signed ? 1u : 0u, static_cast<uint64_t>(c.E), static_cast<uint64_t>(c.M) & 7,
                               static_cast<uint64_t>(c.bias) & 0x1FF, static_cast<uint64_t>(c.policy)});
    const auto rows = simulate_combinational(
        dir.path(), {dec.file, chk.file, (dir.path() / "rt_wrap.v").string()}, "rt_wrap",
        {{"code", 8}, {"fmt_signed", 1}, {"fmt_exp_bits", 4}, {"fmt_frac_bits", 3}, {"fmt_bias", 9}, {"fmt_policy", 2}},
        {{"ok", 1}, {"unpacked", unpacked_width}}, vectors);
    int failures = 0;
    for (std::size_t i = 0; i < vectors.size() && failures < 20; ++i) {
        const Case& c = cases[i / 256];
        const auto code = static_cast<uint8_t>(vectors[i][0]);
        bool legal = true;
        uint32_t want = b32::canonical_nan;
        try {
            const Format f = Format::make(c.is_signed, c.E, c.M, c.bias, static_cast<Policy>(c.policy));
            // An n-bit code sits in the low n bits of the lane; the bits above it are not looked at.
            want = decode(f, static_cast<uint8_t>(code & (f.code_count() - 1)));
        } catch (const FormatError&) {
            legal = false;
        }
        const std::string wrong = unpacked_mismatch(rows[i][1], want);
        if (rows[i][0] != (legal ? 1u : 0u) || !wrong.empty()) {
            ++failures;
            ADD_FAILURE() << fmt::format("signed {} E {} M {} bias {} policy {} code {:02x}: rtl ok {}, expected ok {}; {}",
                                         c.is_signed, c.E, c.M, c.bias, c.policy, code, rows[i][0], legal, wrong);
        }
    }
}

// The legality check on every port combination against Format::make.
TEST(FormatCheck, AllPortCombinations) {
    TempDir dir("chk");
    UnitConfig o;
    o.mode = Mode::runtime_formats;
    o.top = "ck";
    const Block chk = block_of(o, "_fmt_check", dir.path());
    std::vector<Row> vectors;
    for (uint64_t s = 0; s < 2; ++s)
        for (uint64_t e = 0; e < 16; ++e)
            for (uint64_t m = 0; m < 8; ++m)
                for (uint64_t p = 0; p < 4; ++p)
                    for (uint64_t b = 0; b < 512; ++b) vectors.push_back({s, e, m, b, p});
    const auto rows = simulate_combinational(
        dir.path(), {chk.file}, chk.module,
        {{"fmt_signed", 1}, {"fmt_exp_bits", 4}, {"fmt_frac_bits", 3}, {"fmt_bias", 9}, {"fmt_policy", 2}}, {{"ok", 1}}, vectors);
    int failures = 0;
    for (std::size_t i = 0; i < vectors.size() && failures < 20; ++i) {
        const auto& v = vectors[i];
        const int bias = v[3] >= 256 ? static_cast<int>(v[3]) - 512 : static_cast<int>(v[3]);
        const int E = static_cast<int>(v[1]), M = static_cast<int>(v[2]);
        bool legal = true;
        try {
            Format::make(v[0] != 0, E, M, bias, static_cast<Policy>(v[4]));
        } catch (const FormatError&) {
            legal = false;
        }
        if (rows[i][0] != (legal ? 1u : 0u)) {
            ++failures;
            ADD_FAILURE() << fmt::format("signed {} E {} M {} bias {} policy {}: rtl ok {}, golden legal {}", v[0], E, M, bias,
                                         v[4], rows[i][0], legal);
        }
    }
}

// binary32 inputs around every code's value and every midpoint of each format, plus random bits.
std::vector<uint32_t> encoder_inputs(const std::vector<Format>& formats) {
    std::vector<uint32_t> xs;
    auto near = [&](uint32_t bits) {
        for (int d = -1; d <= 1; ++d) xs.push_back(bits + static_cast<uint32_t>(d));
    };
    for (const Format& f : formats)
        for (unsigned c = 0; c < f.code_count(); ++c) {
            const uint32_t v = decode(f, static_cast<uint8_t>(c));
            if (b32::is_nan(v)) continue;
            near(v);
            near(v ^ b32::sign_mask);
            if (c + 1 == f.code_count()) continue;
            const uint32_t next = decode(f, static_cast<uint8_t>(c + 1));
            if (!b32::is_nan(next) && !b32::is_inf(v) && !b32::is_inf(next) && b32::sign(v) == b32::sign(next)) {
                const double mid = (static_cast<double>(b32::to_float(v)) + b32::to_float(next)) / 2;
                near(b32::from_float(static_cast<float>(mid)));
            }
        }
    std::mt19937 rng(7);
    for (int i = 0; i < 5000; ++i) xs.push_back(rng());
    for (uint32_t s : {0u, b32::sign_mask})
        for (uint32_t v : {0u, b32::pos_inf, b32::canonical_nan, 0x7F800001u, 1u, 0x007FFFFFu, 0x00800000u, 0x7F7FFFFFu})
            xs.push_back(s | v);
    std::sort(xs.begin(), xs.end());
    xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
    return xs;
}

TEST(Encoder, ManyFormatsNeighboursAndMidpoints) {
    std::vector<Format> formats;
    const auto all = codec_formats();
    for (std::size_t i = 0; i < all.size(); i += 3) formats.push_back(all[i]);  // a third keeps it fast
    for (const char* n : {"ocp-e4m3", "ocp-e5m2", "e4m3fnuz", "ue4m4", "se7m0b150", "se7m0b0", "ue8m0b150", "ue8m0b128", "se1m6b-126", "ue1m7b143"})
        formats.push_back(Format::parse(n));
    for (const Format& f : narrow_formats()) formats.push_back(f);
    TempDir dir("enc");
    std::vector<std::string> sources;
    std::string wrapper = "module enc_all (\n  input wire [31:0] x";
    std::vector<PortSpec> outs;
    for (std::size_t i = 0; i < formats.size(); ++i) {
        UnitConfig o;
        o.out = formats[i];
        o.top = fmt::format("e{}", i);
        sources.push_back(block_of(o, "_enc", dir.path()).file);
        wrapper += fmt::format(",\n  output wire [{}:0] code{}", formats[i].width() - 1, i);
        outs.push_back({fmt::format("code{}", i), formats[i].width()});
    }
    wrapper += "\n);\n";
    for (std::size_t i = 0; i < formats.size(); ++i) wrapper += fmt::format("  e{0}_enc u{0} (.x(x), .code(code{0}));\n", i);
    wrapper += "endmodule\n";
    std::ofstream(dir.path() / "enc_all.v") << wrapper;
    sources.push_back((dir.path() / "enc_all.v").string());
    const auto xs = encoder_inputs(formats);
    std::vector<Row> vectors;
    for (uint32_t x : xs) vectors.push_back({x});
    const auto rows = simulate_combinational(dir.path(), sources, "enc_all", {{"x", 32}}, outs, vectors);
    int failures = 0;
    for (std::size_t v = 0; v < xs.size(); ++v)
        for (std::size_t i = 0; i < formats.size() && failures < 20; ++i) {
            const uint8_t want = encode(formats[i], xs[v], Rounding::rne, true).code;
            if (rows[v][i] != want) {
                ++failures;
                ADD_FAILURE() << fmt::format("{} x {:08x}: rtl {:02x}, golden {:02x}", formats[i].name(), xs[v], rows[v][i], want);
            }
        }
}

}  // namespace
}  // namespace ffp8::hw::test
