#include "ffp8/table_encoder.hpp"

#include <algorithm>
#include <immintrin.h>
#include <stdexcept>

namespace ffp8 {

TableEncoder::TableEncoder(const Format& f) : format_(f) {
    if (f.is_fp32) throw std::invalid_argument("TableEncoder encodes to FFP8 formats, not fp32");
    max_magnitude_ = f.max_finite_code(false);
    negative_zero_ = f.zero_code(true);
    sign_mask_ = f.sign_mask();
    const int emin = f.emin();
    const int emax = f.k_max_finite() - f.bias;  // exponent of the largest finite value
    for (int field = 1; field <= 254; ++field) {
        const int e = field - 127;
        uint32_t b;
        if (e > emax)  // wholly above the largest finite value: saturates
            b = entry(max_magnitude_, 31);
        else if (e >= emin)  // one FFP8 binade: exponent field e + bias, significand (1 << M) | frac
            b = entry(static_cast<uint32_t>((e + f.bias - 1) << f.M), static_cast<uint32_t>(23 - f.M));
        else  // the subnormal range (or below it): the code is the significand at 2^(emin - M)
            b = entry(0, static_cast<uint32_t>(std::min(31, 23 - f.M + (emin - e))));
        binades_[static_cast<std::size_t>(field)] = b;
        if (f.is_signed) binades_[static_cast<std::size_t>(256 + field)] = b;
    }
    // Zero and the binary32 subnormals, when all of them round to zero (below half the smallest
    // FFP8 subnormal): the hidden bit the fast path sets keeps them below half a quantum.
    if (emin - f.M - 1 >= -126) {
        binades_[0] = entry(0, 31);
        if (f.is_signed) binades_[256] = entry(0, 31);
    }
}

namespace {

const bool cpu_has_avx2 = __builtin_cpu_supports("avx2");

// The arithmetic of TableEncoder::code, eight lanes at a time; false (nothing written) when a
// lane's binade is not covered.
[[gnu::target("avx2")]] bool quantize8_avx2(const uint32_t* binades, uint32_t max_magnitude, uint8_t negative_zero,
                                          uint8_t sign_mask, const float* in, const float* value, float* out) {
    const __m256i one = _mm256_set1_epi32(1);
    const __m256i bits = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in));
    const __m256i e = _mm256_i32gather_epi32(reinterpret_cast<const int*>(binades), _mm256_srli_epi32(bits, 23), 4);
    if (!_mm256_testc_si256(_mm256_srli_epi32(e, 24), one)) return false;
    const __m256i shift = _mm256_and_si256(_mm256_srli_epi32(e, 16), _mm256_set1_epi32(0xFF));
    const __m256i base = _mm256_and_si256(e, _mm256_set1_epi32(0xFFFF));
    const __m256i sig = _mm256_or_si256(_mm256_and_si256(bits, _mm256_set1_epi32(0x7FFFFF)), _mm256_set1_epi32(0x800000));
    const __m256i m = _mm256_srlv_epi32(sig, shift);
    const __m256i below = _mm256_and_si256(sig, _mm256_sub_epi32(_mm256_sllv_epi32(one, shift), one));
    const __m256i half = _mm256_sllv_epi32(one, _mm256_sub_epi32(shift, one));
    // -1 where rounding goes up: above half, or at half with an odd significand.
    const __m256i odd = _mm256_sub_epi32(_mm256_setzero_si256(), _mm256_and_si256(m, one));
    const __m256i up = _mm256_or_si256(_mm256_cmpgt_epi32(below, half), _mm256_and_si256(_mm256_cmpeq_epi32(below, half), odd));
    const __m256i mag = _mm256_min_epu32(_mm256_sub_epi32(_mm256_add_epi32(base, m), up), _mm256_set1_epi32(static_cast<int>(max_magnitude)));
    const __m256i negative_code = _mm256_blendv_epi8(_mm256_or_si256(mag, _mm256_set1_epi32(sign_mask)), _mm256_set1_epi32(negative_zero),
                                                     _mm256_cmpeq_epi32(mag, _mm256_setzero_si256()));
    const __m256i code = _mm256_blendv_epi8(mag, negative_code, _mm256_srai_epi32(bits, 31));
    _mm256_storeu_ps(out, _mm256_i32gather_ps(value, code, 4));
    return true;
}

}  // namespace

void TableEncoder::quantize(const float* in, std::size_t n, const std::array<float, 256>& value, float* out) const {
    std::size_t i = 0;
    if (cpu_has_avx2)
        for (; i + 8 <= n; i += 8)
            if (!quantize8_avx2(binades_.data(), max_magnitude_, negative_zero_, sign_mask_, in + i, value.data(), out + i))
                for (std::size_t j = i; j < i + 8; ++j) out[j] = value[code(in[j])];
    for (; i < n; ++i) out[i] = value[code(in[i])];
}

}  // namespace ffp8
