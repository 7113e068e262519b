#include "ffp8/dnn/calibrate.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <stdexcept>
#include <tuple>

#include "ffp8/decode.hpp"
#include "ffp8/quoted_text.hpp"
#include "ffp8/table_encoder.hpp"

namespace ffp8::dnn {

namespace {

// Biases tried around the max-magnitude bias: lower ones give headroom above max |x|, higher ones
// clip the largest values for finer steps near zero.
constexpr int bias_steps_below = 2, bias_steps_above = 3;

// The values of x, sorted, with their multiplicities: quantization error needs each value once.
struct Histogram {
    std::vector<float> value;
    std::vector<double> count;
};

Histogram histogram(std::span<const float> x) {
    std::vector<float> s(x.begin(), x.end());
    std::sort(s.begin(), s.end(), [](float a, float b) { return std::bit_cast<uint32_t>(a) < std::bit_cast<uint32_t>(b); });
    Histogram h;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t j = i;
        while (j < s.size() && std::bit_cast<uint32_t>(s[j]) == std::bit_cast<uint32_t>(s[i])) ++j;
        h.value.push_back(s[i]);
        h.count.push_back(static_cast<double>(j - i));
        i = j;
    }
    return h;
}

QuantError error_of(const Format& f, const Histogram& h) {
    std::array<double, 256> table{};
    for (unsigned c = 0; c < f.code_count(); ++c) table[c] = std::bit_cast<float>(decode(f, static_cast<uint8_t>(c)));
    const TableEncoder encoder(f);
    double noise = 0, signal = 0, n = 0;
    for (std::size_t i = 0; i < h.value.size(); ++i) {
        const double x = h.value[i];
        const double q = table[encoder.code(h.value[i])];
        noise += h.count[i] * (x - q) * (x - q);
        signal += h.count[i] * x * x;
        n += h.count[i];
    }
    QuantError e;
    e.mse = n > 0 ? noise / n : 0;
    e.sqnr_db = noise > 0 ? 10 * std::log10(signal / noise) : std::numeric_limits<double>::infinity();
    return e;
}

}  // namespace

std::string_view to_string(TensorRole r) { return r == TensorRole::weight ? "weight" : "activation"; }

TensorRole parse_role(std::string_view name) {
    if (name == "weight") return TensorRole::weight;
    if (name == "activation") return TensorRole::activation;
    throw std::runtime_error(fmt::format("unknown tensor role {}: expected weight or activation", quoted_text(name)));
}

void require_finite(std::span<const float> x) {
    const auto bad = std::find_if(x.begin(), x.end(), [](float v) { return !std::isfinite(v); });
    if (bad == x.end()) return;
    throw std::runtime_error(fmt::format("element {} of {} is {}; the values must be finite", bad - x.begin(),
                                         x.size(), std::isnan(*bad) ? "NaN" : *bad > 0 ? "+Inf" : "-Inf"));
}

TensorStats tensor_stats(std::span<const float> x) {
    TensorStats s;
    s.count = x.size();
    if (x.empty()) return s;
    s.min = *std::min_element(x.begin(), x.end());
    s.max = *std::max_element(x.begin(), x.end());
    std::vector<float> mags;
    for (float v : x)
        if (v != 0) mags.push_back(std::fabs(v));
    s.nonzero = mags.size();
    if (mags.empty()) return s;
    s.max_abs = *std::max_element(mags.begin(), mags.end());
    const auto at = mags.begin() + static_cast<std::ptrdiff_t>(mags.size() / 100);
    std::nth_element(mags.begin(), at, mags.end());
    s.low_abs = *at;
    s.spread = std::log2(static_cast<double>(s.max_abs) / s.low_abs);
    return s;
}

void check_bits(int bits) {
    if (bits < Format::min_width || bits > Format::max_width)
        throw std::runtime_error(fmt::format("format width {} bits is out of range: expected {}..{}", bits,
                                             Format::min_width, Format::max_width));
}

QuantError quantization_error(const Format& f, std::span<const float> x) {
    require_finite(x);
    return error_of(f, histogram(x));
}

int max_magnitude_bias(bool is_signed, int E, float max_abs, int bits) {
    const int M = bits - (is_signed ? 1 : 0) - E;
    const BiasRange legal = Format::legal_bias(E, M, Policy::finite);
    if (!(max_abs > 0)) return std::clamp(Format::default_bias(E), legal.min, legal.max);
    // Largest finite value with bias B: 2^(2^E - 1 - B) * (2 - 2^-M), decreasing in B.
    const int k_max = (1 << E) - 1;
    const double top = 2.0 - std::ldexp(1.0, -M);
    auto covers = [&](int B) { return std::ldexp(top, k_max - B) >= static_cast<double>(max_abs); };
    int B = static_cast<int>(std::floor(k_max + std::log2(top / max_abs)));
    while (!covers(B)) --B;      // guard the floating-point log against an off-by-one
    while (covers(B + 1)) ++B;
    return std::clamp(B, legal.min, legal.max);
}

std::vector<Candidate> search_formats(std::span<const float> x, int bits) {
    check_bits(bits);
    require_finite(x);
    if (x.empty()) throw std::runtime_error("cannot calibrate an empty tensor");
    const TensorStats st = tensor_stats(x);
    const Histogram h = histogram(x);
    std::vector<Candidate> out;
    for (bool is_signed : {true, false}) {
        if (!is_signed && st.min < 0) continue;  // unsigned formats turn negatives into 0
        const int s = is_signed ? 1 : 0;
        for (int E = 1; E <= bits - s; ++E) {
            const int M = bits - s - E;
            const BiasRange legal = Format::legal_bias(E, M, Policy::finite);
            const int B0 = max_magnitude_bias(is_signed, E, st.max_abs, bits);
            for (int B = std::max(legal.min, B0 - bias_steps_below); B <= std::min(legal.max, B0 + bias_steps_above); ++B) {
                const Format f = Format::make(is_signed, E, M, B, Policy::finite);
                out.push_back({f, error_of(f, h)});
            }
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
        return std::tuple(a.error.mse, -a.format.M, a.format.bias) < std::tuple(b.error.mse, -b.format.M, b.format.bias);
    });
    return out;
}

Candidate rule_format(std::span<const float> x, int bits) {
    check_bits(bits);
    require_finite(x);
    if (x.empty()) throw std::runtime_error("cannot calibrate an empty tensor");
    const TensorStats st = tensor_stats(x);
    const bool is_signed = st.min < 0;
    const int s = is_signed ? 1 : 0;
    // The normal binades of an E-bit exponent (2^E - 1 of them) should span the spread.
    const int E = std::clamp(static_cast<int>(std::ceil(std::log2(st.spread + 1))), 1, bits - s);
    const Format f =
        Format::make(is_signed, E, bits - s - E, max_magnitude_bias(is_signed, E, st.max_abs, bits), Policy::finite);
    return {f, quantization_error(f, x)};
}

}  // namespace ffp8::dnn
