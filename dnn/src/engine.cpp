#include "ffp8/dnn/engine.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <fmt/format.h>
#include <immintrin.h>
#include <stdexcept>

#include "ffp8/decode.hpp"
#include "ffp8/encode.hpp"
#include "ffp8/mac_chains.hpp"

namespace ffp8::dnn {

namespace {

int32_t int8_dot(const int8_t* a, const int8_t* w, std::size_t n) {
    int32_t acc = 0;  // |sum| <= n * 127^2: exact for n < 133,000
    for (std::size_t i = 0; i < n; ++i) acc += int32_t{a[i]} * int32_t{w[i]};
    return acc;
}

float max_abs(std::span<const float> x) {
    float m = 0;
    for (float v : x) m = std::max(m, std::fabs(v));
    return m;
}

// Per-tensor symmetric int8: scale = max|x| / 127 (1 for an all-zero tensor).
float int8_scale(float max_abs_value) { return max_abs_value > 0 ? max_abs_value / 127.0f : 1.0f; }

int8_t to_int8(float x, float scale) {
    return static_cast<int8_t>(std::clamp(std::nearbyint(x / scale), -127.0f, 127.0f));
}

// out[i] = to_int8(in[i], scale) as a float, eight at a time where the CPU has AVX: the same IEEE
// division, rounding to nearest even (nearbyint in the default mode) and clamp.
[[gnu::target("avx")]] void to_int8_values_avx(const float* in, std::size_t n, float scale, float* out, std::size_t& done) {
    const __m256 s = _mm256_set1_ps(scale), lo = _mm256_set1_ps(-127.0f), hi = _mm256_set1_ps(127.0f);
    for (; done + 8 <= n; done += 8) {
        const __m256 q = _mm256_round_ps(_mm256_div_ps(_mm256_loadu_ps(in + done), s), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        _mm256_storeu_ps(out + done, _mm256_min_ps(_mm256_max_ps(q, lo), hi));
    }
}

const bool cpu_has_avx = __builtin_cpu_supports("avx");

void to_int8_values(std::span<const float> in, float scale, float* out) {
    std::size_t i = 0;
    if (cpu_has_avx) to_int8_values_avx(in.data(), in.size(), scale, out, i);
    for (; i < in.size(); ++i) out[i] = to_int8(in[i], scale);
}

// Runs the dot products of a conv2d or linear layer over already-quantized inputs and weights.
template <class T, class Dot>
void run_mac(const Layer& L, const T* in, const T* w, T pad, Dot&& dot, float* out) {
    const std::size_t K = L.dot_length();
    if (L.type == LayerType::linear) {
        for (int co = 0; co < L.out_channels; ++co) out[co] = dot(in, w + static_cast<std::size_t>(co) * K, K, co);
        return;
    }
    const std::size_t P = static_cast<std::size_t>(L.out_shape.h) * L.out_shape.w;
    const int cout_g = L.out_channels / L.groups;
    std::vector<T> cols(P * K);
    for (int g = 0; g < L.groups; ++g) {
        im2col(L, in, g, pad, cols.data());
        for (int co = g * cout_g; co < (g + 1) * cout_g; ++co) {
            const T* wc = w + static_cast<std::size_t>(co) * K;
            float* o = out + static_cast<std::size_t>(co) * P;
            for (std::size_t p = 0; p < P; ++p) o[p] = dot(cols.data() + p * K, wc, K, co);
        }
    }
}

// Weights in the layout of the chains: conv rows as stored (output channel major); a linear layer's
// transposed (input major), so that its outputs are the vectorized columns.
std::vector<float> chain_weights(const Layer& L, std::span<const float> w) {
    if (L.type != LayerType::linear) return {w.begin(), w.end()};
    const std::size_t K = L.dot_length(), n = static_cast<std::size_t>(L.out_channels);
    std::vector<float> t(w.size());
    for (std::size_t co = 0; co < n; ++co)
        for (std::size_t k = 0; k < K; ++k) t[k * n + co] = w[co * K + k];
    return t;
}

// How the chains step: the CPU's FMA (fp32, and int8 whose sums are exact integers), or the
// golden MAC (mac_chains.hpp).
enum class ChainStep { fma, mac_on_fp32_grid, mac };

// A MAC layer's dot products as vectorized chains: x the operand values of the layer's input,
// w the weights in chain layout (chain_weights), init the start of each output channel's chains.
void run_chains(const Layer& L, std::span<const float> x, const float* w, const float* init, ChainStep step, float* out) {
    const auto run = [&](const ChainProblem& c) {
        if (step == ChainStep::fma)
            fma_chains(c);
        else
            mac_chains(c, step == ChainStep::mac_on_fp32_grid);
    };
    const std::size_t K = L.dot_length();
    ChainProblem c;
    c.K = K;
    if (L.type == LayerType::linear) {  // one chain row (the input), a column per output
        c.v = w;
        c.v_stride = static_cast<std::size_t>(L.out_channels);
        c.s = x.data();
        c.rows = 1;
        c.cols = static_cast<std::size_t>(L.out_channels);
        c.init_col = init;
        c.out = out;
        c.out_stride = c.cols;
        run(c);
        return;
    }
    // A conv group: a chain row per output channel, a column per output position.
    const Shape in_shape = L.in_shape, o = L.out_shape;
    const std::size_t P = static_cast<std::size_t>(o.h) * o.w;
    const std::size_t cout_g = static_cast<std::size_t>(L.out_channels / L.groups);
    const int cin_g = in_shape.c / L.groups, k = L.kernel, pad = L.padding;
    c.s_stride = K;
    c.rows = cout_g;
    if (L.stride == 1) {
        // Stride 1: the chains read the (zero-padded) input planes where they lie. On the "wide"
        // grid of the padded row length Wp, output (oy, ox) at column oy * Wp + ox reads tap
        // (ci, ky, kx) at ci * Hp * Wp + ky * Wp + kx past it; the columns ox >= o.w of the wide
        // grid are computed and dropped. (+0 is the padding: code 0x00 in every FFP8 format.)
        const int Wp = in_shape.w + 2 * pad, Hp = in_shape.h + 2 * pad;
        const std::size_t plane = static_cast<std::size_t>(Hp) * Wp;
        std::vector<std::ptrdiff_t> offsets;
        for (int ci = 0; ci < cin_g; ++ci)
            for (int ky = 0; ky < k; ++ky)
                for (int kx = 0; kx < k; ++kx)
                    offsets.push_back(static_cast<std::ptrdiff_t>(ci * plane) + ky * Wp + kx);
        const std::size_t wide = static_cast<std::size_t>(o.h - 1) * Wp + o.w;
        const bool compact = Wp != o.w;  // else the wide grid is the output itself
        std::vector<float> padded(pad > 0 ? static_cast<std::size_t>(cin_g) * plane : 0, 0.0f);
        std::vector<float> wide_out(compact ? cout_g * wide : 0);
        c.v_row_offset = offsets.data();
        c.cols = wide;
        for (int g = 0; g < L.groups; ++g) {
            const std::size_t co0 = static_cast<std::size_t>(g) * cout_g;
            const float* planes = x.data() + static_cast<std::size_t>(g * cin_g) * in_shape.h * in_shape.w;
            if (pad > 0) {
                for (int ci = 0; ci < cin_g; ++ci)
                    for (int y = 0; y < in_shape.h; ++y)
                        std::copy_n(planes + (static_cast<std::size_t>(ci) * in_shape.h + y) * in_shape.w, in_shape.w,
                                    padded.data() + ci * plane + static_cast<std::size_t>(y + pad) * Wp + pad);
                planes = padded.data();
            }
            c.v = planes;
            c.s = w + co0 * K;
            c.init_row = init + co0;
            c.out = compact ? wide_out.data() : out + co0 * P;
            c.out_stride = compact ? wide : P;
            run(c);
            if (compact)
                for (std::size_t j = 0; j < cout_g; ++j)
                    for (int oy = 0; oy < o.h; ++oy)
                        std::copy_n(wide_out.data() + j * wide + static_cast<std::size_t>(oy) * Wp, o.w,
                                    out + (co0 + j) * P + static_cast<std::size_t>(oy) * o.w);
        }
        return;
    }
    // Other strides gather the inputs of every output position first (im2col, k-major).
    std::vector<float> cols(K * P);
    c.v = cols.data();
    c.v_stride = P;
    c.cols = P;
    c.out_stride = P;
    for (int g = 0; g < L.groups; ++g) {
        const std::size_t co0 = static_cast<std::size_t>(g) * cout_g;
        im2col_k_major(L, x.data(), g, 0.0f, cols.data());
        c.s = w + co0 * K;
        c.init_row = init + co0;
        c.out = out + co0 * P;
        run(c);
    }
}

// An int8 dot product of length K is an integer below K * 127^2 in magnitude: exact in an fp32
// FMA chain while that is below 2^24.
constexpr std::size_t int8_exact_in_fp32_max_length = (std::size_t{1} << 24) / (127 * 127);

void pool(const Layer& L, const float* in, float* out) {
    const Shape s = L.in_shape, o = L.out_shape;
    const float area = static_cast<float>(L.kernel * L.kernel);
    for (int c = 0; c < o.c; ++c)
        for (int oy = 0; oy < o.h; ++oy)
            for (int ox = 0; ox < o.w; ++ox) {
                float acc = L.type == LayerType::maxpool ? -INFINITY : 0.0f;
                for (int ky = 0; ky < L.kernel; ++ky)
                    for (int kx = 0; kx < L.kernel; ++kx) {
                        const float v = in[(static_cast<std::size_t>(c) * s.h + oy * L.stride + ky) * s.w + ox * L.stride + kx];
                        acc = L.type == LayerType::maxpool ? std::max(acc, v) : acc + v;
                    }
                out[(static_cast<std::size_t>(c) * o.h + oy) * o.w + ox] = L.type == LayerType::maxpool ? acc : acc / area;
            }
}

}  // namespace

Engine Engine::fp32(const Model& model) {
    Engine e(model, Arithmetic::fp32);
    e.mac_index_of_layer_.assign(model.layers.size(), -1);
    for (int li : model.mac_layers()) {
        e.mac_index_of_layer_[static_cast<std::size_t>(li)] = static_cast<int>(e.prepared_.size());
        Prepared p;
        p.layer = li;
        p.w_chain = chain_weights(model.layers[static_cast<std::size_t>(li)], model.layers[static_cast<std::size_t>(li)].weight);
        e.prepared_.push_back(std::move(p));
    }
    return e;
}

Engine Engine::ffp8(const Model& model, std::vector<LayerFormats> formats, int lanes) {
    Engine e = fp32(model);
    e.arithmetic_ = Arithmetic::ffp8;
    if (!lanes_supported(lanes))
        throw std::invalid_argument(fmt::format("unsupported lane count {}: expected 1, 2, 4, 8 or 16", lanes));
    e.lanes_ = lanes;
    if (formats.size() != e.prepared_.size())
        throw std::invalid_argument(fmt::format("model {} has {} MAC layers, {} format pairs given", model.name,
                                                e.prepared_.size(), formats.size()));
    for (std::size_t i = 0; i < formats.size(); ++i) {
        Prepared& p = e.prepared_[i];
        p.formats = formats[i];
        if (p.formats.activation.is_fp32 || p.formats.weight.is_fp32)
            throw std::invalid_argument("the FFP8 engine needs FFP8 activation and weight formats");
        const Layer& L = model.layers[static_cast<std::size_t>(p.layer)];
        std::vector<float> decoded;
        for (float v : L.weight) {
            p.w_codes.push_back(encode(p.formats.weight, std::bit_cast<uint32_t>(v)).code);
            decoded.push_back(std::bit_cast<float>(decode(p.formats.weight, p.w_codes.back())));
        }
        p.w_chain = chain_weights(L, decoded);
        for (unsigned c = 0; c < p.formats.activation.code_count(); ++c)
            p.act_value[c] = std::bit_cast<float>(decode(p.formats.activation, static_cast<uint8_t>(c)));
        p.on_fp32_grid = products_on_fp32_grid(p.formats.activation, p.formats.weight);
        p.act_encoder.emplace_back(p.formats.activation);
        p.kernel.emplace_back(p.formats.activation, p.formats.weight);
    }
    return e;
}

Engine Engine::int8(const Model& model, std::vector<float> activation_max, Int8Scaling weights) {
    Engine e = fp32(model);
    e.arithmetic_ = Arithmetic::int8;
    if (activation_max.size() != e.prepared_.size())
        throw std::invalid_argument(fmt::format("model {} has {} MAC layers, {} activation maxima given", model.name,
                                                e.prepared_.size(), activation_max.size()));
    for (std::size_t i = 0; i < activation_max.size(); ++i) {
        Prepared& p = e.prepared_[i];
        const Layer& L = model.layers[static_cast<std::size_t>(p.layer)];
        const std::span<const float> w = L.weight;
        const std::size_t K = L.dot_length();
        p.act_scale = int8_scale(activation_max[i]);
        const float tensor_scale = int8_scale(max_abs(w));
        for (std::size_t co = 0; co < static_cast<std::size_t>(L.out_channels); ++co) {
            const auto row = w.subspan(co * K, K);
            p.wgt_scale.push_back(weights == Int8Scaling::per_channel ? int8_scale(max_abs(row)) : tensor_scale);
            for (float v : row) p.w_int8.push_back(to_int8(v, p.wgt_scale.back()));
        }
        p.w_chain = chain_weights(L, std::vector<float>(p.w_int8.begin(), p.w_int8.end()));
    }
    return e;
}

std::vector<uint8_t> Engine::encode_input(std::size_t mac_index, std::span<const float> values) const {
    if (arithmetic_ != Arithmetic::ffp8) throw std::logic_error("encode_input needs the FFP8 engine");
    const TableEncoder& encoder = prepared_.at(mac_index).act_encoder.front();
    std::vector<uint8_t> codes(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) codes[i] = encoder.code(values[i]);
    return codes;
}

void Engine::mac_layer(std::size_t mi, std::span<const float> in, std::span<float> out) const {
    const Prepared& p = prepared_[mi];
    const Layer& L = model_->layers[static_cast<std::size_t>(p.layer)];
    const float* bias = L.bias.data();
    switch (arithmetic_) {
        case Arithmetic::fp32: run_chains(L, in, p.w_chain.data(), bias, ChainStep::fma, out.data()); break;
        case Arithmetic::ffp8: {
            if (lanes_ == 1) {  // the values of the activation codes the MAC sees, then golden MAC chains
                std::vector<float> x(in.size());
                p.act_encoder.front().quantize(in.data(), in.size(), p.act_value, x.data());
                run_chains(L, x, p.w_chain.data(), bias, p.on_fp32_grid ? ChainStep::mac_on_fp32_grid : ChainStep::mac,
                           out.data());
                break;
            }
            const std::vector<uint8_t> codes = encode_input(mi, in);
            const DotKernel& k = p.kernel.front();
            // +0 is code 0x00 in every format: the padding.
            run_mac(L, codes.data(), p.w_codes.data(), uint8_t{0},
                    [&](const uint8_t* a, const uint8_t* w, std::size_t n, int co) {
                        return std::bit_cast<float>(k.dot(std::bit_cast<uint32_t>(bias[co]), a, w, n, lanes_).bits);
                    },
                    out.data());
            break;
        }
        case Arithmetic::int8: {
            if (L.dot_length() <= int8_exact_in_fp32_max_length) {
                std::vector<float> x(in.size());
                to_int8_values(in, p.act_scale, x.data());
                const std::vector<float> zero(static_cast<std::size_t>(L.out_channels), 0.0f);
                run_chains(L, x, p.w_chain.data(), zero.data(), ChainStep::fma, out.data());
                const std::size_t per_channel = out.size() / static_cast<std::size_t>(L.out_channels);
                for (std::size_t i = 0; i < out.size(); ++i) {
                    const std::size_t co = i / per_channel;
                    out[i] = out[i] * (p.act_scale * p.wgt_scale[co]) + bias[co];
                }
                break;
            }
            std::vector<int8_t> q(in.size());
            for (std::size_t i = 0; i < in.size(); ++i) q[i] = to_int8(in[i], p.act_scale);
            run_mac(L, q.data(), p.w_int8.data(), int8_t{0},
                    [&](const int8_t* a, const int8_t* w, std::size_t n, int co) {
                        const float scale = p.act_scale * p.wgt_scale[static_cast<std::size_t>(co)];
                        return static_cast<float>(int8_dot(a, w, n)) * scale + bias[co];
                    },
                    out.data());
            break;
        }
    }
}

std::vector<std::vector<float>> Engine::forward_all(std::span<const float> image, std::size_t n_layers) const {
    std::vector<std::vector<float>> out(model_->layers.size());
    forward_range(image, out, 0, n_layers);
    return out;
}

void Engine::forward_range(std::span<const float> image, std::vector<std::vector<float>>& out, std::size_t from,
                           std::size_t to) const {
    const Model& m = *model_;
    if (image.size() != m.input.size())
        throw std::invalid_argument(fmt::format("model {} takes {} input values, got {}", m.name, m.input.size(), image.size()));
    if (out.size() != m.layers.size()) throw std::invalid_argument("forward_range needs one output entry per layer");
    auto value = [&](int i) -> std::span<const float> {
        return i < 0 ? image : std::span<const float>(out[static_cast<std::size_t>(i)]);
    };
    for (std::size_t li = from; li < std::min(to, m.layers.size()); ++li) {
        const Layer& L = m.layers[li];
        std::vector<float>& y = out[li];
        y.resize(L.out_shape.size());
        const auto x = value(L.inputs[0]);
        switch (L.type) {
            case LayerType::conv2d:
            case LayerType::linear: mac_layer(static_cast<std::size_t>(mac_index_of_layer_[li]), x, y); break;
            case LayerType::relu:
                for (std::size_t i = 0; i < y.size(); ++i) y[i] = x[i] > 0 ? x[i] : 0.0f;
                break;
            case LayerType::maxpool:
            case LayerType::avgpool: pool(L, x.data(), y.data()); break;
            case LayerType::add: {
                const auto x2 = value(L.inputs[1]);
                for (std::size_t i = 0; i < y.size(); ++i) y[i] = x[i] + x2[i];
                break;
            }
        }
    }
}

std::vector<float> Engine::forward(std::span<const float> image) const {
    auto all = forward_all(image);
    return std::move(all[static_cast<std::size_t>(model_->output)]);
}

}  // namespace ffp8::dnn
