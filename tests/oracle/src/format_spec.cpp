#include "oracle/format_spec.hpp"

namespace oracle {

std::string policy_name(Policy p) {
    switch (p) {
        case Policy::finite: return "finite";
        case Policy::ieee: return "ieee";
        case Policy::fn: return "fn";
        case Policy::fnuz: return "fnuz";
    }
    return "?";
}

bool shape_is_legal(bool is_signed, int E, int M, Policy policy) {
    const int n = (is_signed ? 1 : 0) + E + M;
    if (E < 1 || M < 0 || n < narrowest || n > widest) return false;
    switch (policy) {
        case Policy::finite: return true;
        case Policy::ieee: return E >= 2;
        case Policy::fn: return M >= 1;
        case Policy::fnuz: return is_signed;
    }
    return false;
}

BiasLimits legal_bias(int E, int M, Policy policy) {
    // Largest exponent field holding a finite value: under ieee the all-ones field is reserved.
    const int k_top = (1 << E) - 1;
    const int k_max_finite = policy == Policy::ieee ? k_top - 1 : k_top;
    // Largest finite value < 2^(k_max_finite - B + 1) has at most M+1 <= 8 significant bits,
    // so it is a binary32 iff its exponent k_max_finite - B <= 127.
    // Every value is a multiple of 2^(1-B-M); binary32 holds every multiple of 2^-149 up to its
    // range (M+1 <= 24 bits), so the condition is 1 - B - M >= -149.
    return BiasLimits{k_max_finite - 127, 150 - M};
}

bool is_legal(const FormatSpec& f) {
    if (!shape_is_legal(f.is_signed, f.E, f.M, f.policy)) return false;
    const BiasLimits r = legal_bias(f.E, f.M, f.policy);
    return f.bias >= r.min && f.bias <= r.max;
}

std::vector<FormatSpec> legal_shapes(int min_width, int max_width) {
    std::vector<FormatSpec> out;
    for (int n = max_width; n >= min_width; --n)
        for (const bool is_signed : {true, false})
            for (int E = 1; E <= n; ++E)
                for (const Policy p : all_policies) {
                    const int M = fraction_width(is_signed, E, n);
                    if (shape_is_legal(is_signed, E, M, p)) out.push_back({is_signed, E, M, 0, p});
                }
    return out;
}

std::string canonical_name(const FormatSpec& f) {
    std::string s(f.is_signed ? "s" : "u");
    s.append("e").append(std::to_string(f.E));
    s.append("m").append(std::to_string(f.M));
    s.append("b").append(std::to_string(f.bias));
    if (f.policy != Policy::finite) s.append("-").append(policy_name(f.policy));
    return s;
}

ExactValue value_of(const FormatSpec& f, unsigned code) {
    code &= code_count(f) - 1u;
    ExactValue v;
    v.negative = (code & sign_bit(f)) != 0;
    const unsigned magnitude = code & ~sign_bit(f);
    const unsigned k = magnitude >> f.M;
    const unsigned frac = magnitude & ((1u << f.M) - 1u);
    const unsigned k_top = (1u << f.E) - 1u;
    const unsigned frac_top = (1u << f.M) - 1u;
    switch (f.policy) {
        case Policy::finite: break;
        case Policy::ieee:
            if (k == k_top) {
                v.kind = frac == 0 ? Kind::inf : Kind::nan;
                return v;
            }
            break;
        case Policy::fn:
            if (k == k_top && frac == frac_top) {
                v.kind = Kind::nan;
                return v;
            }
            break;
        case Policy::fnuz:
            if (code == sign_bit(f)) {
                v.kind = Kind::nan;
                return v;
            }
            break;
    }
    // k = 0: 2^(1-B) * f/2^M; k > 0: 2^(k-B) * (1 + f/2^M).
    if (k == 0) {
        v.mant = frac;
        v.exp = 1 - f.bias - f.M;
    } else {
        v.mant = (1u << f.M) + frac;
        v.exp = static_cast<int>(k) - f.bias - f.M;
    }
    return v;
}

bool has_nan(const FormatSpec& f) {
    for (unsigned c = 0; c < code_count(f); ++c)
        if (value_of(f, c).kind == Kind::nan) return true;
    return false;
}

bool has_inf(const FormatSpec& f) {
    for (unsigned c = 0; c < code_count(f); ++c)
        if (value_of(f, c).kind == Kind::inf) return true;
    return false;
}

bool has_negative_zero(const FormatSpec& f) {
    for (unsigned c = 0; c < code_count(f); ++c) {
        const ExactValue v = value_of(f, c);
        if (v.is_zero() && v.negative) return true;
    }
    return false;
}

unsigned canonical_nan_code(const FormatSpec& f) {
    if (f.policy == Policy::fnuz) return sign_bit(f);
    return (code_count(f) - 1u) & ~sign_bit(f);
}

unsigned max_finite_code(const FormatSpec& f, bool negative) {
    const bool want_negative = negative && f.is_signed;
    unsigned best = 0;
    bool found = false;
    for (unsigned c = 0; c < code_count(f); ++c) {
        const ExactValue v = value_of(f, c);
        if (v.kind != Kind::finite || v.negative != want_negative) continue;
        if (!found || compare_magnitude(v, value_of(f, best)) > 0) {
            best = c;
            found = true;
        }
    }
    return best;
}

std::optional<FormatSpec> preset(const std::string& name) {
    if (name == "ocp-e4m3") return FormatSpec{true, 4, 3, 7, Policy::fn};
    if (name == "ocp-e5m2") return FormatSpec{true, 5, 2, 15, Policy::ieee};
    if (name == "e4m3fnuz") return FormatSpec{true, 4, 3, 8, Policy::fnuz};
    if (name == "e5m2fnuz") return FormatSpec{true, 5, 2, 16, Policy::fnuz};
    // OCP Microscaling 1.0 element types: FP6 E3M2 and E2M3, FP4 E2M1, no Inf or NaN.
    if (name == "mx-e3m2") return FormatSpec{true, 3, 2, 3, Policy::finite};
    if (name == "mx-e2m3") return FormatSpec{true, 2, 3, 1, Policy::finite};
    if (name == "mx-e2m1") return FormatSpec{true, 2, 1, 1, Policy::finite};
    return std::nullopt;
}

}  // namespace oracle
