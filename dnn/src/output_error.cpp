#include "ffp8/dnn/output_error.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <fmt/format.h>
#include <stdexcept>

#include "ffp8/table_encoder.hpp"
#include "ffp8/decode.hpp"
#include "ffp8/mac_chains.hpp"

namespace ffp8::dnn {

namespace {

// The sampled dot products grouped by output channel, so that each channel's are one chain row
// of mac_chains (its weights) against a k-major block of their input vectors: per channel c,
// values[offset[c] + k * count[c] + i] is input value k of the channel's i-th output.
struct ChannelBlocks {
    std::vector<std::size_t> offset, count;
    std::vector<std::uint32_t> output_of;  // block column -> index in LayerSamples::outputs
    std::vector<float> values;

    ChannelBlocks(const Layer& L, const LayerSamples& s) {
        const std::size_t channels = static_cast<std::size_t>(L.out_channels);
        count.assign(channels, 0);
        for (const LayerSamples::Output& o : s.outputs) ++count[static_cast<std::size_t>(o.channel)];
        offset.assign(channels, 0);
        std::vector<std::size_t> first(channels, 0);  // first block column of each channel
        for (std::size_t c = 1; c < channels; ++c) {
            offset[c] = offset[c - 1] + count[c - 1] * s.K;
            first[c] = first[c - 1] + count[c - 1];
        }
        output_of.resize(s.outputs.size());
        values.resize(s.outputs.size() * s.K);
        std::vector<std::size_t> filled(channels, 0);
        for (std::size_t n = 0; n < s.outputs.size(); ++n) {
            const std::size_t c = static_cast<std::size_t>(s.outputs[n].channel), i = filled[c]++;
            output_of[first[c] + i] = static_cast<std::uint32_t>(n);
        }
        rows_ = &s;
    }

    // Fills `values` with the decoded codes of format f of every sampled input vector.
    void quantize(const Format& f) {
        const TableEncoder encoder(f);
        std::array<float, 256> value{};
        for (unsigned c = 0; c < f.code_count(); ++c) value[c] = std::bit_cast<float>(decode(f, static_cast<uint8_t>(c)));
        const LayerSamples& s = *rows_;
        std::size_t column = 0;
        for (std::size_t c = 0; c < count.size(); ++c)
            for (std::size_t i = 0; i < count[c]; ++i, ++column) {
                const float* row = s.rows.data() + s.outputs[output_of[column]].row * s.K;
                for (std::size_t k = 0; k < s.K; ++k) values[offset[c] + k * count[c] + i] = value[encoder.code(row[k])];
            }
    }

private:
    const LayerSamples* rows_;
};

std::vector<float> decoded(const Format& f, std::span<const float> x) {
    const TableEncoder encoder(f);
    std::vector<float> out(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) out[i] = std::bit_cast<float>(decode(f, encoder.code(x[i])));
    return out;
}

// Sum of squared output errors, the blocks quantized to f.activation and w the decoded weights in
// f.weight: golden MAC chains from the bias, summed in the order of the sampled outputs.
double squared_error(const Layer& L, const LayerSamples& s, const ChannelBlocks& b, const LayerFormats& f,
                     const std::vector<float>& w) {
    const bool grid = products_on_fp32_grid(f.activation, f.weight);
    std::vector<float> y(s.outputs.size());  // in block column order
    std::size_t column = 0;
    for (std::size_t c = 0; c < b.count.size(); column += b.count[c], ++c) {
        if (b.count[c] == 0) continue;
        ChainProblem p;
        p.v = b.values.data() + b.offset[c];
        p.v_stride = b.count[c];
        p.s = w.data() + c * s.K;
        p.s_stride = s.K;
        p.rows = 1;
        p.cols = b.count[c];
        p.K = s.K;
        p.init_row = L.bias.data() + c;
        p.out = y.data() + column;
        p.out_stride = b.count[c];
        mac_chains(p, grid);
    }
    std::vector<double> d(s.outputs.size());  // summed in the order of the sampled outputs
    for (std::size_t i = 0; i < y.size(); ++i)
        d[b.output_of[i]] = static_cast<double>(y[i]) - s.outputs[b.output_of[i]].target;
    double sum = 0;
    for (double e : d) sum += e * e;
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
    ChannelBlocks blocks(L, s);
    blocks.quantize(f.activation);
    return squared_error(L, s, blocks, f, decoded(f.weight, L.weight)) / static_cast<double>(s.outputs.size());
}

std::vector<PairCandidate> rank_format_pairs(const Layer& L, const LayerSamples& s, std::span<const Format> activations,
                                             std::span<const Format> weights) {
    if (activations.empty() || weights.empty()) throw std::invalid_argument("rank_format_pairs needs candidates");
    std::vector<std::vector<float>> w_values;
    for (const Format& w : weights) w_values.push_back(decoded(w, L.weight));
    std::vector<PairCandidate> out;
    const double n = std::max<double>(1, static_cast<double>(s.outputs.size()));
    ChannelBlocks blocks(L, s);
    for (const Format& a : activations) {
        blocks.quantize(a);  // once per activation format
        for (std::size_t j = 0; j < weights.size(); ++j) {
            const LayerFormats f{a, weights[j]};
            out.push_back({f, squared_error(L, s, blocks, f, w_values[j]) / n});
        }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const PairCandidate& x, const PairCandidate& y) { return x.output_mse < y.output_mse; });
    return out;
}

}  // namespace ffp8::dnn
