#include "ffp8/dnn/output_error.hpp"

#include <algorithm>
#include <bit>
#include <fmt/format.h>
#include <stdexcept>

#include "ffp8/encode.hpp"
#include "ffp8/mac.hpp"

namespace ffp8::dnn {

namespace {

std::vector<uint8_t> encode_all(const Format& f, std::span<const float> x) {
    std::vector<uint8_t> codes(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) codes[i] = encode(f, std::bit_cast<uint32_t>(x[i])).code;
    return codes;
}

// Sum of squared output errors, the activations and weights already encoded.
double squared_error(const Layer& L, const LayerSamples& s, const MacKernel& k, const std::vector<uint8_t>& a,
                     const std::vector<uint8_t>& w) {
    double sum = 0;
    for (const LayerSamples::Output& o : s.outputs) {
        const std::size_t co = static_cast<std::size_t>(o.channel);
        const float y = std::bit_cast<float>(
            k.dot(std::bit_cast<uint32_t>(L.bias[co]), a.data() + o.row * s.K, w.data() + co * s.K, s.K).bits);
        const double d = static_cast<double>(y) - o.target;
        sum += d * d;
    }
    return sum;
}

}  // namespace

LayerSampler::LayerSampler(const Layer& L, std::size_t images, std::size_t max_macs) : L_(&L) {
    if (!L.is_mac()) throw std::invalid_argument(fmt::format("layer {} has no dot products", L.name));
    s_.K = L.dot_length();
    total_ = static_cast<std::uint64_t>(images) * L.out_shape.size();
    take_ = std::min<std::uint64_t>(total_, std::max<std::uint64_t>(1, max_macs / s_.K));
}

void LayerSampler::add_image(std::span<const float> input, std::span<const float> target) {
    const Layer& L = *L_;
    if (input.size() != L.in_shape.size() || target.size() != L.out_shape.size())
        throw std::invalid_argument(fmt::format("layer {}: sample sizes do not match its shapes", L.name));
    const std::size_t K = s_.K, P = static_cast<std::size_t>(L.out_shape.h) * L.out_shape.w;
    const int cout_g = L.out_channels / L.groups;
    std::vector<float> cols;              // im2col of the current group (conv2d)
    std::vector<std::int64_t> row_of;     // position -> row in s_.rows, -1 if not stored yet
    int group = -1;
    for (int co = 0; co < L.out_channels; ++co)
        for (std::size_t p = 0; p < P; ++p) {
            // Bresenham-style selection: exactly take_ of the total_ units, evenly spread.
            const std::uint64_t t = next_++;
            if ((t * take_) % total_ >= take_) continue;
            const int g = co / cout_g;
            if (g != group) {
                group = g;
                row_of.assign(P, -1);
                if (L.type == LayerType::conv2d) {
                    cols.resize(P * K);
                    im2col(L, input.data(), g, 0.0f, cols.data());
                }
            }
            if (row_of[p] < 0) {
                row_of[p] = static_cast<std::int64_t>(s_.rows.size() / K);
                const float* r = L.type == LayerType::conv2d ? cols.data() + p * K : input.data();
                s_.rows.insert(s_.rows.end(), r, r + K);
            }
            s_.outputs.push_back({static_cast<std::uint32_t>(row_of[p]), co, target[static_cast<std::size_t>(co) * P + p]});
        }
}

double output_mse(const Layer& L, const LayerSamples& s, const LayerFormats& f) {
    if (s.outputs.empty()) return 0;
    const MacKernel k(f.activation, f.weight);
    return squared_error(L, s, k, encode_all(f.activation, s.rows), encode_all(f.weight, L.weight)) /
           static_cast<double>(s.outputs.size());
}

std::vector<PairCandidate> rank_format_pairs(const Layer& L, const LayerSamples& s, std::span<const Format> activations,
                                             std::span<const Format> weights) {
    if (activations.empty() || weights.empty()) throw std::invalid_argument("rank_format_pairs needs candidates");
    std::vector<std::vector<uint8_t>> w_codes;
    for (const Format& w : weights) w_codes.push_back(encode_all(w, L.weight));
    std::vector<PairCandidate> out;
    const double n = std::max<double>(1, static_cast<double>(s.outputs.size()));
    for (const Format& a : activations) {
        const std::vector<uint8_t> a_codes = encode_all(a, s.rows);  // once per activation format
        for (std::size_t j = 0; j < weights.size(); ++j)
            out.push_back({{a, weights[j]}, squared_error(L, s, MacKernel(a, weights[j]), a_codes, w_codes[j]) / n});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const PairCandidate& x, const PairCandidate& y) { return x.output_mse < y.output_mse; });
    return out;
}

}  // namespace ffp8::dnn
