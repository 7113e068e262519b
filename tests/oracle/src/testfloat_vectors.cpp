#include "oracle/testfloat_vectors.hpp"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <random>
#include <stdexcept>
#include <vector>

namespace oracle {

namespace {

constexpr uint32_t sign_bit = 0x80000000u;

uint32_t binary32(bool negative, uint32_t biased_exp, uint32_t fraction) {
    return (negative ? sign_bit : 0u) | (biased_exp << 23) | (fraction & 0x7FFFFFu);
}

// Draws operands and addends; only the raw output of mt19937_64 is used, so a seed writes the
// same file with every standard library.
class Draw {
public:
    explicit Draw(uint64_t seed) : rng_(seed) {}
    uint64_t bits() { return rng_(); }
    uint32_t below(uint32_t n) { return static_cast<uint32_t>(rng_() % n); }

    // A binary32 of any class, ordinary values most often.
    uint32_t any_binary32() {
        const uint64_t r = rng_();
        const bool negative = (r >> 8) & 1u;
        const auto fraction = static_cast<uint32_t>(r >> 32);
        switch (r % 32) {
            case 0: case 1: return binary32(negative, 0, 0);                                         // zeros
            case 2: case 3: return binary32(negative, 0, fraction | ((r >> 20) & 1u));              // subnormal
            case 4: return binary32(negative, 0, (r >> 9) & 1u ? 1u : 0x7FFFFFu);                  // subnormal ends
            case 5: case 6: return binary32(negative, (r >> 9) & 1u ? 254u : 1u, (r >> 10) & 1u ? 0x7FFFFFu : 0u);
            case 7: return binary32(negative, 255, 0);                                              // Inf
            case 8: return binary32(negative, 255, 0x400000u | fraction);                           // quiet NaN
            case 9: return binary32(negative, 255, (fraction & 0x3FFFFFu) | 1u);                    // signalling NaN
            case 10: case 11: case 12: case 13: return static_cast<uint32_t>(r >> 16);             // any bits
            case 14: case 15: case 16: case 17: case 18:
                return binary32(negative, 1 + static_cast<uint32_t>((r >> 12) % 254u), fraction);  // any exponent
            default: return binary32(negative, 117 + static_cast<uint32_t>((r >> 12) % 21u), fraction);  // near 1
        }
    }

private:
    std::mt19937_64 rng_;
};

// The codes worth drawing more often than 1 in 256: zeros, subnormal and range ends, specials.
std::vector<uint32_t> corner_codes(const FormatSpec& f) {
    std::vector<uint32_t> codes = {0x00u, 0x01u, 0x7Fu, 0x80u, 0x81u, 0xFFu, max_finite_code(f, false),
                                   max_finite_code(f, true), 1u << f.M};
    for (unsigned c = 0; c < 256; ++c)
        if (value_of(f, c).kind != Kind::finite) codes.push_back(c);
    return codes;
}

uint32_t draw_operand(Draw& d, const OperandFormat& f, const std::vector<uint32_t>& corners) {
    if (!f.spec) return d.any_binary32();
    if (d.below(4) == 0) return corners[d.below(static_cast<uint32_t>(corners.size()))];
    return d.below(256);
}

// A normal binary32 operand scaled so that a*b lands near `target_exp` (unbiased), when a is a
// finite nonzero binary32; else a fresh draw.
uint32_t scaled_partner(Draw& d, uint32_t a, int target_exp) {
    const int exp_a = static_cast<int>((a >> 23) & 0xFFu);
    if (exp_a == 0 || exp_a == 255) return d.any_binary32();
    const int exp_b = std::clamp(target_exp - (exp_a - 127) + 127, 1, 254);
    return binary32(d.bits() & 1u, static_cast<uint32_t>(exp_b), static_cast<uint32_t>(d.bits()));
}

// An addend against the rounded product p: its negation (exact cancellation), a few ulps from
// it, or its magnitude shifted by an alignment distance.
uint32_t addend_near(Draw& d, uint32_t p) {
    const uint32_t exp = (p >> 23) & 0xFFu;
    if (exp == 255 || (p & ~sign_bit) == 0) return d.any_binary32();
    switch (d.below(3)) {
        case 0: return p ^ sign_bit;
        case 1: return (p ^ sign_bit) + d.below(5) - 2u;
        default: {
            const int shifted = static_cast<int>(exp) + static_cast<int>(d.below(61)) - 30;
            if (shifted < 1 || shifted > 254) return p ^ sign_bit;
            return binary32(d.bits() & 1u, static_cast<uint32_t>(shifted), static_cast<uint32_t>(d.bits()));
        }
    }
}

}  // namespace

OperandFormat operand_format(const std::string& name) {
    if (name == "fp32") return {name, std::nullopt};
    if (auto p = preset(name)) return {name, p};
    for (FormatSpec f : legal_shapes()) {
        const BiasLimits limits = legal_bias(f.E, f.M, f.policy);
        for (f.bias = limits.min; f.bias <= limits.max; ++f.bias)
            if (canonical_name(f) == name) return {name, f};
    }
    throw std::invalid_argument("unknown operand format '" + name +
                                "' (fp32, a preset, or a canonical name with the bias, e.g. se4m3b7)");
}

std::string testfloat_line(uint32_t a, uint32_t b, uint32_t c, const MacOut& result) {
    char line[64];
    std::snprintf(line, sizeof line, "%08X %08X %08X %08X %02X\n", a, b, c, result.bits, result.flags);
    return line;
}

std::string testfloat_mul_add_file(const OperandFormat& fa, const OperandFormat& fb, int lines, uint64_t seed) {
    std::string s = "# f32_mulAdd vectors (Berkeley TestFloat format): A B C RESULT FLAGS, RESULT = A*B + C\n";
    s += "# A: " + fa.name + ", B: " + fb.name + "; written from the oracle (tests/oracle) by\n";
    s += "#   ffp8_oracle_testfloat_gen --act " + fa.name + " --wgt " + fb.name + " --lines " + std::to_string(lines) +
         " --seed " + std::to_string(seed) + "\n";
    const std::vector<uint32_t> corners_a = fa.spec ? corner_codes(*fa.spec) : std::vector<uint32_t>{};
    const std::vector<uint32_t> corners_b = fb.spec ? corner_codes(*fb.spec) : std::vector<uint32_t>{};
    Draw d(seed);
    for (int i = 0; i < lines; ++i) {
        const uint32_t a = draw_operand(d, fa, corners_a);
        uint32_t b = draw_operand(d, fb, corners_b);
        if (!fa.spec && !fb.spec && d.below(4) == 0) {
            // Binary32 products near the overflow threshold or in the subnormal range.
            static constexpr int targets[] = {127, 128, 126, -126, -127, -140, -149, -150, -160};
            b = scaled_partner(d, a, targets[d.below(std::size(targets))]);
        }
        const ExactValue va = operand_value(fa.spec, a), vb = operand_value(fb.spec, b);
        uint32_t c = d.any_binary32();
        if (d.below(3) == 0) c = addend_near(d, mac(0, va, vb).bits);
        s += testfloat_line(a, b, c, mac(c, va, vb));
    }
    return s;
}

}  // namespace oracle
