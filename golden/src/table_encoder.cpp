#include "ffp8/table_encoder.hpp"

#include <algorithm>
#include <stdexcept>

namespace ffp8 {

TableEncoder::TableEncoder(const Format& f) : format_(f) {
    if (f.is_fp32) throw std::invalid_argument("TableEncoder encodes to FFP8 formats, not fp32");
    max_magnitude_ = f.max_finite_code(false);
    negative_zero_ = f.zero_code(true);
    const int emin = f.emin();
    const int emax = f.k_max_finite() - f.bias;  // exponent of the largest finite value
    for (int field = 1; field <= 254; ++field) {
        const int e = field - 127;
        Binade b;
        b.covered = true;
        if (e > emax) {  // wholly above the largest finite value: saturates
            b.base = static_cast<uint16_t>(max_magnitude_);
            b.shift = 31;
        } else if (e >= emin) {  // one FFP8 binade: exponent field e + bias, significand (1 << M) | frac
            b.shift = static_cast<uint8_t>(23 - f.M);
            b.base = static_cast<uint16_t>((e + f.bias - 1) << f.M);
        } else {  // the subnormal range (or below it): the code is the significand at 2^(emin - M)
            b.shift = static_cast<uint8_t>(std::min(31, 23 - f.M + (emin - e)));
        }
        binades_[static_cast<std::size_t>(field)] = b;
        if (f.is_signed) binades_[static_cast<std::size_t>(256 + field)] = b;
    }
    // Zero and the binary32 subnormals, when all of them round to zero (below half the smallest
    // FFP8 subnormal): the hidden bit the fast path sets keeps them below half a quantum.
    if (emin - f.M - 1 >= -126) {
        binades_[0] = Binade{0, 31, true};
        if (f.is_signed) binades_[256] = Binade{0, 31, true};
    }
}

}  // namespace ffp8
