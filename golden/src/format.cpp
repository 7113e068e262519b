#include "ffp8/format.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>

#include "ffp8/quoted_text.hpp"

namespace ffp8 {

std::string_view to_string(Policy p) {
    switch (p) {
        case Policy::finite: return "finite";
        case Policy::ieee: return "ieee";
        case Policy::fn: return "fn";
        case Policy::fnuz: return "fnuz";
    }
    return "?";
}

namespace {

constexpr std::string_view grammar =
    "expected <s|u>e<E>m<M>[b<B>][-<finite|ieee|fn|fnuz>] (e.g. se4m3b7, ue5m3b20-fn) or a preset: "
    "ocp-e4m3, ocp-e5m2, e4m3fnuz, e5m2fnuz, mx-e3m2, mx-e2m3, mx-e2m1, fp32";

struct Preset {
    std::string_view alias;
    std::string_view canonical;
};
constexpr Preset presets[] = {
    {"ocp-e4m3", "se4m3b7-fn"},
    {"ocp-e5m2", "se5m2b15-ieee"},
    {"e4m3fnuz", "se4m3b8-fnuz"},
    {"e5m2fnuz", "se5m2b16-fnuz"},
    // OCP Microscaling element types (MXFP6, MXFP4): every code finite.
    {"mx-e3m2", "se3m2b3"},
    {"mx-e2m3", "se2m3b1"},
    {"mx-e2m1", "se2m1b1"},
};

// Reads a signed decimal integer at the front of `s`, advancing it.
enum class Taken { number, none, too_large };

// A decimal number at the front of `s`, taken off it; digits that do not fit an int are taken
// too and said so (a bias of 10^20 is out of range, not missing).
Taken take_int(std::string_view& s, int& out, bool allow_sign) {
    const char* b = s.data();
    const char* e = s.data() + s.size();
    if (b == e) return Taken::none;
    if (*b == '-' && !allow_sign) return Taken::none;
    if (*b == '+') return Taken::none;
    auto [p, ec] = std::from_chars(b, e, out);
    if (ec == std::errc::result_out_of_range) {
        s.remove_prefix(static_cast<std::size_t>(p - b));
        return Taken::too_large;
    }
    if (ec != std::errc{} || p == b) return Taken::none;
    s.remove_prefix(static_cast<std::size_t>(p - b));
    return Taken::number;
}

// The error of a bias outside legal_bias(), `bias` as written.
std::string bias_error(bool is_signed, int E, int M, Policy policy, std::string_view bias) {
    const std::string who = fmt::format("{}e{}m{}", is_signed ? 's' : 'u', E, M);
    const BiasRange r = Format::legal_bias(E, M, policy);
    return fmt::format("format {}: bias {} makes values that binary32 cannot hold exactly; legal bias for {}{} is {}..{}",
                       who, bias, who, policy == Policy::finite ? "" : fmt::format("-{}", to_string(policy)), r.min,
                       r.max);
}

}  // namespace

BiasRange Format::legal_bias(int E, int M, Policy policy) {
    // Largest finite value 2^(k_max - B) * (1 + f/2^M) needs k_max - B <= 127 (binary32 emax);
    // the smallest step 2^(1 - B - M) needs 1 - B - M >= -149 (binary32's smallest subnormal).
    const int k_max = (1 << E) - 1 - (policy == Policy::ieee ? 1 : 0);
    return {k_max - 127, 150 - M};
}

Format Format::make(bool is_signed, int E, int M, int bias, Policy policy) {
    const int s = is_signed ? 1 : 0;
    const std::string who = fmt::format("{}e{}m{}", is_signed ? 's' : 'u', E, M);
    if (E < 1 || E > 8 - s)
        throw FormatError(fmt::format("format {}: exponent width E must be 1..{} for a {} format", who,
                                      8 - s, is_signed ? "signed" : "unsigned"));
    if (M < 0 || s + E + M < min_width || s + E + M > max_width)
        throw FormatError(fmt::format("format {}: width s + E + M = {} bits, must be {}..{} (M = {}..{} with this E)", who,
                                      s + E + M, min_width, max_width, std::max(0, min_width - s - E),
                                      max_width - s - E));
    if (policy == Policy::ieee && E < 2)
        throw FormatError(fmt::format("format {}: policy ieee needs E >= 2", who));
    if (policy == Policy::fn && M < 1)
        throw FormatError(fmt::format("format {}: policy fn needs M >= 1", who));
    if (policy == Policy::fnuz && !is_signed)
        throw FormatError(fmt::format("format {}: policy fnuz needs a signed format", who));
    const BiasRange r = legal_bias(E, M, policy);
    if (bias < r.min || bias > r.max) throw FormatError(bias_error(is_signed, E, M, policy, std::to_string(bias)));
    Format f;
    f.is_fp32 = false;
    f.is_signed = is_signed;
    f.E = E;
    f.M = M;
    f.bias = bias;
    f.policy = policy;
    return f;
}

Format Format::fp32() {
    Format f;
    f.is_fp32 = true;
    f.is_signed = true;
    f.E = 8;
    f.M = 23;
    f.bias = 127;
    f.policy = Policy::ieee;
    return f;
}

Format Format::parse(std::string_view name) {
    if (name == "fp32") return fp32();
    for (const auto& p : presets)
        if (name == p.alias) return parse(p.canonical);
    const auto bad = [&](std::string_view why) {
        return FormatError(fmt::format("malformed format name {}: {}; {}", quoted_text(name), why, grammar));
    };
    std::string_view s = name;
    if (s.empty()) throw bad("empty name");
    bool is_signed;
    if (s.front() == 's') is_signed = true;
    else if (s.front() == 'u') is_signed = false;
    else throw bad("must start with 's' (signed) or 'u' (unsigned)");
    s.remove_prefix(1);
    int E = 0, M = 0;
    if (s.empty() || s.front() != 'e') throw bad("missing 'e<E>'");
    s.remove_prefix(1);
    const auto width = [&](int& into, std::string_view what, char after) {
        const std::string_view digits = s;
        const Taken t = take_int(s, into, false);
        if (t == Taken::none) throw bad(fmt::format("missing {} after '{}'", what, after));
        if (t == Taken::too_large)
            throw bad(fmt::format("{} {} is out of range", what, quoted_text(digits.substr(0, digits.size() - s.size()))));
    };
    width(E, "exponent width", 'e');
    if (s.empty() || s.front() != 'm') throw bad("missing 'm<M>'");
    s.remove_prefix(1);
    width(M, "fraction width", 'm');
    // Range-check widths before computing a default bias from them.
    if (E < 1 || E > max_width || M < 0 || M > max_width) return make(is_signed, E, M, 0, Policy::finite);
    int bias = default_bias(E);
    std::string bias_overflow;  // the digits of a bias too large for an int, quoted
    if (!s.empty() && s.front() == 'b') {
        s.remove_prefix(1);
        const std::string_view digits = s;
        const Taken t = take_int(s, bias, true);
        if (t == Taken::none) throw bad("missing bias after 'b'");
        // Checked with the policy known: the message gives the legal range, as make()'s does.
        if (t == Taken::too_large) bias_overflow = quoted_text(digits.substr(0, digits.size() - s.size()), 24);
    }
    Policy policy = Policy::finite;
    if (!s.empty()) {
        if (s.front() != '-') throw bad(fmt::format("unexpected {}", quoted_text(s)));
        s.remove_prefix(1);
        if (s == "finite") policy = Policy::finite;
        else if (s == "ieee") policy = Policy::ieee;
        else if (s == "fn") policy = Policy::fn;
        else if (s == "fnuz") policy = Policy::fnuz;
        else throw bad(fmt::format("unknown special policy {}", quoted_text(s)));
    }
    if (bias_overflow.empty()) return make(is_signed, E, M, bias, policy);
    (void)make(is_signed, E, M, default_bias(E), policy);  // E, M and the policy's errors first
    throw FormatError(bias_error(is_signed, E, M, policy, bias_overflow));
}

std::string Format::name() const {
    if (is_fp32) return "fp32";
    std::string n = fmt::format("{}e{}m{}b{}", is_signed ? 's' : 'u', E, M, bias);
    if (policy != Policy::finite) n += fmt::format("-{}", to_string(policy));
    return n;
}

bool Format::has_nan() const {
    switch (policy) {
        case Policy::finite: return false;
        case Policy::ieee: return M >= 1;
        case Policy::fn:
        case Policy::fnuz: return true;
    }
    return false;
}

uint8_t Format::canonical_nan() const {
    if (policy == Policy::fnuz) return sign_mask();
    return magnitude_mask();  // sign 0, exponent and fraction all ones
}

uint8_t Format::max_finite_code(bool negative) const {
    const unsigned mag = (static_cast<unsigned>(k_max_finite()) << M) | static_cast<unsigned>(f_max_finite());
    return static_cast<uint8_t>(mag | (negative ? sign_mask() : 0u));
}

uint8_t Format::inf_code(bool negative) const {
    const unsigned mag = static_cast<unsigned>(exp_field_max()) << M;
    return static_cast<uint8_t>(mag | (negative ? sign_mask() : 0u));
}

uint8_t Format::zero_code(bool negative) const { return (negative && has_negative_zero()) ? sign_mask() : 0x00; }

bool Format::is_nan_code(uint8_t code) const {
    const unsigned mag = code & magnitude_mask();
    const unsigned k = mag >> M, f = mag & ((1u << M) - 1u);
    switch (policy) {
        case Policy::finite: return false;
        case Policy::ieee: return k == static_cast<unsigned>(exp_field_max()) && f != 0;
        case Policy::fn: return k == static_cast<unsigned>(exp_field_max()) && f == (1u << M) - 1u;
        case Policy::fnuz: return code == sign_mask();
    }
    return false;
}

bool Format::is_inf_code(uint8_t code) const {
    if (policy != Policy::ieee) return false;
    const unsigned mag = code & magnitude_mask();
    return mag == static_cast<unsigned>(exp_field_max()) << M;
}

}  // namespace ffp8
