#include "ffp8/mac_chains.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <immintrin.h>

#include "ffp8/decode.hpp"
#include "ffp8/fma.hpp"

namespace ffp8 {

namespace {

const bool cpu_has_avx2_fma = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");

// ---- AVX2 + FMA: tiles of J chain rows x R vectors of 8 columns, every accumulator in a register.
// Per step: R loads of v, J broadcasts of s, J * R independent FMAs (enough to cover the latency).

// `nonfinite` collects x - x of every result: +0 for a finite one, NaN for Inf or NaN.
template <int J, int R>
[[gnu::target("avx2,fma")]] inline void tile_avx2(const ChainProblem& p, std::size_t j0, std::size_t r0, __m256& nonfinite) {
    __m256 acc[J][R];
    for (int j = 0; j < J; ++j)
        for (int r = 0; r < R; ++r)
            acc[j][r] = p.init_row ? _mm256_set1_ps(p.init_row[j0 + j]) : _mm256_loadu_ps(p.init_col + r0 + 8 * r);
    const float* s0 = p.s + j0 * p.s_stride;
    for (std::size_t k = 0; k < p.K; ++k) {
        const float* vk = p.v_row(k) + r0;
        __m256 x[R];
        for (int r = 0; r < R; ++r) x[r] = _mm256_loadu_ps(vk + 8 * r);
        for (int j = 0; j < J; ++j) {
            const __m256 y = _mm256_set1_ps(s0[j * p.s_stride + k]);
            for (int r = 0; r < R; ++r) acc[j][r] = _mm256_fmadd_ps(x[r], y, acc[j][r]);
        }
    }
    for (int j = 0; j < J; ++j)
        for (int r = 0; r < R; ++r) {
            _mm256_storeu_ps(p.out + (j0 + j) * p.out_stride + r0 + 8 * r, acc[j][r]);
            nonfinite = _mm256_or_ps(nonfinite, _mm256_sub_ps(acc[j][r], acc[j][r]));
        }
}

// The last 1 to 8 columns: masked loads read zeros beyond them, masked stores leave them alone.
template <int J>
[[gnu::target("avx2,fma")]] inline void tail_tile_avx2(const ChainProblem& p, std::size_t j0, std::size_t r0,
                                                     std::size_t n, __m256& nonfinite) {
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(n)), lane);
    __m256 acc[J];
    for (int j = 0; j < J; ++j)
        acc[j] = p.init_row ? _mm256_set1_ps(p.init_row[j0 + j]) : _mm256_maskload_ps(p.init_col + r0, mask);
    const float* s0 = p.s + j0 * p.s_stride;
    for (std::size_t k = 0; k < p.K; ++k) {
        const __m256 x = _mm256_maskload_ps(p.v_row(k) + r0, mask);
        for (int j = 0; j < J; ++j) acc[j] = _mm256_fmadd_ps(x, _mm256_set1_ps(s0[j * p.s_stride + k]), acc[j]);
    }
    for (int j = 0; j < J; ++j) {
        _mm256_maskstore_ps(p.out + (j0 + j) * p.out_stride + r0, mask, acc[j]);
        // Lanes past the columns hold init (or 0) plus 0 * 0 products: finite unless init is not.
        const __m256 diff = _mm256_sub_ps(acc[j], acc[j]);
        nonfinite = _mm256_or_ps(nonfinite, _mm256_and_ps(diff, _mm256_castsi256_ps(mask)));
    }
}

template <int J>
[[gnu::target("avx2,fma")]] inline void chain_rows_avx2(const ChainProblem& p, std::size_t j0, __m256& nonfinite) {
    std::size_t r0 = 0;
    if constexpr (J == 1)  // a single chain row (a linear layer): wide tiles keep 8 chains in flight
        for (; r0 + 64 <= p.cols; r0 += 64) tile_avx2<1, 8>(p, j0, r0, nonfinite);
    for (; r0 + 16 <= p.cols; r0 += 16) tile_avx2<J, 2>(p, j0, r0, nonfinite);
    for (; r0 < p.cols; r0 += 8) tail_tile_avx2<J>(p, j0, r0, std::min<std::size_t>(8, p.cols - r0), nonfinite);
}

// Returns whether every result is finite.
[[gnu::target("avx2,fma")]] bool fma_chains_avx2(const ChainProblem& p) {
    __m256 nonfinite = _mm256_setzero_ps();
    std::size_t j0 = 0;
    for (; j0 + 4 <= p.rows; j0 += 4) chain_rows_avx2<4>(p, j0, nonfinite);
    for (; j0 < p.rows; ++j0) chain_rows_avx2<1>(p, j0, nonfinite);
    return _mm256_testz_si256(_mm256_castps_si256(nonfinite), _mm256_castps_si256(nonfinite));
}

// ---- Any CPU: libm's fmaf (correctly rounded, so the same values), column by column.
bool fma_chains_generic(const ChainProblem& p) {
    bool finite = true;
    for (std::size_t j = 0; j < p.rows; ++j)
        for (std::size_t r = 0; r < p.cols; ++r) {
            float acc = p.init_row ? p.init_row[j] : p.init_col[r];
            for (std::size_t k = 0; k < p.K; ++k) acc = std::fma(p.v_row(k)[r], p.s[j * p.s_stride + k], acc);
            p.out[j * p.out_stride + r] = acc;
            finite &= std::isfinite(acc);
        }
    return finite;
}

bool run_fma_chains(const ChainProblem& p) { return cpu_has_avx2_fma ? fma_chains_avx2(p) : fma_chains_generic(p); }

// The exponent of the lowest set bit of a finite nonzero binary32 (every value is a multiple of 2^it).
int lowest_bit_exponent(uint32_t bits) {
    const uint32_t exp_field = (bits >> 23) & 0xFFu;
    const uint32_t significand = (bits & 0x7FFFFFu) | (exp_field ? 0x800000u : 0u);
    const int unit = exp_field ? static_cast<int>(exp_field) - 150 : -149;  // weight of significand bit 0
    return unit + std::countr_zero(significand);
}

// The smallest lowest-bit exponent over the finite nonzero values of a format.
int finest_step_exponent(const Format& f) {
    int finest = 0;
    for (unsigned c = 0; c < f.code_count(); ++c) {
        const uint32_t bits = decode(f, static_cast<uint8_t>(c));
        if ((bits & 0x7FFFFFFFu) == 0 || ((bits >> 23) & 0xFFu) == 0xFFu) continue;
        finest = std::min(finest, lowest_bit_exponent(bits));
    }
    return finest;
}

}  // namespace

void fma_chains(const ChainProblem& p) { run_fma_chains(p); }

bool products_on_fp32_grid(const Format& act, const Format& wgt) {
    return finest_step_exponent(act) + finest_step_exponent(wgt) >= -149;
}

void mac_chains(const ChainProblem& p, bool on_fp32_grid) {
    if (run_fma_chains(p) && on_fp32_grid) return;
    for (std::size_t j = 0; j < p.rows; ++j)
        for (std::size_t r = 0; r < p.cols; ++r) {
            float& out = p.out[j * p.out_stride + r];
            if (on_fp32_grid && std::isfinite(out)) [[likely]]
                continue;
            uint32_t acc = std::bit_cast<uint32_t>(p.init_row ? p.init_row[j] : p.init_col[r]);
            for (std::size_t k = 0; k < p.K; ++k)
                acc = fma_exact(std::bit_cast<uint32_t>(p.v_row(k)[r]),
                                std::bit_cast<uint32_t>(p.s[j * p.s_stride + k]), acc)
                          .bits;
            out = std::bit_cast<float>(acc);
        }
}

}  // namespace ffp8
