#include "oracle/exact_value.hpp"

#include <bit>
#include <cstdio>

namespace oracle {

ExactValue from_binary32(uint32_t bits) {
    ExactValue v;
    v.negative = (bits >> 31) != 0;
    const uint32_t biased = (bits >> 23) & 0xFFu;
    const uint32_t frac = bits & 0x7FFFFFu;
    if (biased == 0xFFu) {
        v.kind = frac == 0 ? Kind::inf : Kind::nan;
        v.signalling = frac != 0 && (frac & 0x400000u) == 0;
        return v;
    }
    if (biased == 0) {
        v.mant = frac;
        v.exp = -149;
    } else {
        v.mant = frac | 0x800000u;
        v.exp = static_cast<int>(biased) - 150;
    }
    return v;
}

namespace {
ExactValue normalized(ExactValue v) {
    if (v.kind != Kind::finite) return v;
    if (v.mant == 0) {
        v.exp = 0;
        return v;
    }
    const int tz = std::countr_zero(v.mant);
    v.mant >>= tz;
    v.exp += tz;
    return v;
}
}  // namespace

bool same_value(const ExactValue& x, const ExactValue& y) {
    if (x.kind != y.kind) return false;
    if (x.kind == Kind::nan) return true;
    if (x.negative != y.negative) return false;
    if (x.kind == Kind::inf) return true;
    const ExactValue a = normalized(x), b = normalized(y);
    return a.mant == b.mant && a.exp == b.exp;
}

int compare_magnitude(const ExactValue& x, const ExactValue& y) {
    if (x.mant == 0 || y.mant == 0) return (x.mant != 0) - (y.mant != 0);
    // First by the position of the leading bit, then by the aligned mantissas (below 2^25 each,
    // so their exponents differ by less than 25 when the leading bits line up).
    const int top_x = x.exp + std::bit_width(x.mant), top_y = y.exp + std::bit_width(y.mant);
    if (top_x != top_y) return top_x > top_y ? 1 : -1;
    const int e = x.exp < y.exp ? x.exp : y.exp;
    const uint64_t a = x.mant << (x.exp - e), b = y.mant << (y.exp - e);
    return (a > b) - (a < b);
}

uint32_t binary32_toward_zero(const ExactValue& v) {
    const uint32_t sign = v.negative ? 0x80000000u : 0u;
    if (v.mant == 0) return sign;
    const int q = v.exp + static_cast<int>(std::bit_width(v.mant)) - 1;  // v in [2^q, 2^(q+1))
    if (q > 127) return sign | 0x7F7FFFFFu;
    const int quantum = q < -126 ? -149 : q - 23;
    const int shift = quantum - v.exp;
    uint64_t n;
    if (shift >= 64) n = 0;
    else if (shift >= 0) n = v.mant >> shift;
    else n = v.mant << -shift;  // v.mant has fewer than 24 bits here
    if (q < -126) return sign | static_cast<uint32_t>(n);
    return sign | (static_cast<uint32_t>(q + 127) << 23) | (static_cast<uint32_t>(n) & 0x7FFFFFu);
}

std::string to_string(const ExactValue& v) {
    if (v.kind == Kind::nan) return v.signalling ? "snan" : "nan";
    if (v.kind == Kind::inf) return v.negative ? "-inf" : "inf";
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s%llu*2^%d", v.negative ? "-" : "+",
                  static_cast<unsigned long long>(v.mant), v.exp);
    return buf;
}

}  // namespace oracle
