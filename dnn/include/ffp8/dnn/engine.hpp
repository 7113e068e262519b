// The inference engine: one image at a time, values CHW, in one of three arithmetics.
//
//  - fp32: the reference. Every dot product is a plain float fmaf chain starting from the bias.
//  - ffp8: what the generated hardware computes. The input of every MAC layer is encoded to that
//    layer's activation format with the golden encode (rne, saturate), its weights to the layer's
//    weight format; each output value is a golden FFP8 MAC chain (FP32 accumulation, SPEC
//    section 3) whose accumulator starts at the fp32 bias (the MAC's `load`), computed for many
//    outputs at once by mac_chains (equal to MacKernel::dot chain by chain).
//    With lanes K > 1 it is the K-lane dot-product unit's arithmetic instead (DotKernel::dot: one
//    rounding per K products, golden/README.md).
//    Between MAC layers (ReLU, pooling, residual add) values are fp32: the re-encoding happens at
//    the next MAC layer's input. ReLU and max pooling commute with the monotone encode, so only
//    average pooling and the residual sum are encoded after (rather than before) their arithmetic.
//  - int8: symmetric scaling, q = clamp(round_even(x / s), -127, 127) with s = max|x| / 127
//    (activations: per tensor, the calibration maximum; weights: per tensor, their own maximum,
//    or per output channel, the maximum of each channel's weights); products summed exactly in
//    int32, then y = float(acc) * (s_a * s_w[channel]) + bias in fp32.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "ffp8/dnn/model.hpp"
#include "ffp8/format.hpp"
#include "ffp8/dot.hpp"
#include "ffp8/mac.hpp"
#include "ffp8/table_encoder.hpp"

namespace ffp8::dnn {

enum class Arithmetic { fp32, ffp8, int8 };

// INT8 weight scales: one per tensor, or one per output channel (what INT8 toolchains ship).
enum class Int8Scaling { per_tensor, per_channel };

// The two formats of one MAC layer: of its input activations and of its weights.
struct LayerFormats {
    Format activation, weight;
    friend bool operator==(const LayerFormats&, const LayerFormats&) = default;
};

class Engine {
public:
    static Engine fp32(const Model& model);
    // formats: one entry per MAC layer (Model::mac_layers() order); lanes: products per rounding
    // (1: the MAC, else a K-lane dot-product unit, lanes_supported(K)).
    static Engine ffp8(const Model& model, std::vector<LayerFormats> formats, int lanes = 1);
    // activation_max: the calibration max |x| of every MAC layer's input, in the same order.
    static Engine int8(const Model& model, std::vector<float> activation_max,
                       Int8Scaling weights = Int8Scaling::per_tensor);

    Arithmetic arithmetic() const { return arithmetic_; }
    const Model& model() const { return *model_; }

    // The logits of one image (Model::input shape, CHW).
    std::vector<float> forward(std::span<const float> image) const;
    // The output of every layer (index as in Model::layers); with n_layers, only of the first
    // n_layers (the others stay empty): what a layer-by-layer calibration needs.
    std::vector<std::vector<float>> forward_all(std::span<const float> image, std::size_t n_layers = SIZE_MAX) const;
    // Computes layers [from, to) into out (one entry per layer), whose entries for the inputs of
    // those layers must already hold their values: resumes a forward pass where it stopped.
    void forward_range(std::span<const float> image, std::vector<std::vector<float>>& out, std::size_t from,
                       std::size_t to) const;

    // FFP8 only: the activation codes of a MAC layer's input values, as the MAC sees them.
    std::vector<uint8_t> encode_input(std::size_t mac_index, std::span<const float> values) const;
    // FFP8 only: a MAC layer's weight codes (weight layout of the model).
    const std::vector<uint8_t>& weight_codes(std::size_t mac_index) const { return prepared_[mac_index].w_codes; }
    const LayerFormats& formats(std::size_t mac_index) const { return prepared_[mac_index].formats; }

private:
    struct Prepared {
        int layer = -1;
        LayerFormats formats{};
        std::vector<uint8_t> w_codes;     // ffp8
        std::vector<int8_t> w_int8;       // int8
        float act_scale = 1;              // int8
        std::vector<float> wgt_scale;     // int8: per output channel (all equal when per tensor)
        std::vector<DotKernel> kernel;    // ffp8: one (a vector so Prepared stays default-constructible)
        // The weights as the vectorized chains multiply them (ffp8: decoded codes, int8: the
        // integers), rows of dot_length() per output channel; a linear layer's transposed.
        std::vector<float> w_chain;
        std::array<float, 256> act_value{};  // ffp8: decode() of every activation code
        std::vector<TableEncoder> act_encoder;  // ffp8: one, encode() of the layer's input values
        bool on_fp32_grid = false;            // ffp8: products_on_fp32_grid(formats)
    };

    Engine(const Model& model, Arithmetic a) : model_(&model), arithmetic_(a) {}
    void mac_layer(std::size_t mac_index, std::span<const float> in, std::span<float> out) const;

    const Model* model_;
    Arithmetic arithmetic_;
    int lanes_ = 1;                       // ffp8: products per rounding
    std::vector<Prepared> prepared_;      // one per MAC layer
    std::vector<int> mac_index_of_layer_;  // layer index -> MAC index, -1 for other layers
};

// The same, k-major: row k (weight order) holds the k-th input value of every output position, so
// that one row feeds every position's chain at once; `cols` has dot_length() rows of P values.
template <class T>
void im2col_k_major(const Layer& L, const T* in, int group, T pad, T* cols) {
    const Shape s = L.in_shape, o = L.out_shape;
    const int cin_g = s.c / L.groups, k = L.kernel, stride = L.stride;
    for (int ci = 0; ci < cin_g; ++ci) {
        const T* plane = in + static_cast<std::size_t>(group * cin_g + ci) * s.h * s.w;
        for (int ky = 0; ky < k; ++ky)
            for (int kx = 0; kx < k; ++kx) {
                // Output columns [lo, hi) read inside the plane: ix = ox * stride - padding + kx.
                const int first = L.padding - kx;  // ix >= 0  <=>  ox * stride >= first
                const int lo = std::min(o.w, first <= 0 ? 0 : (first + stride - 1) / stride);
                const int hi = std::max(lo, std::min(o.w, (s.w - 1 + L.padding - kx) / stride + 1));
                for (int oy = 0; oy < o.h; ++oy, cols += o.w) {
                    const int iy = oy * stride - L.padding + ky;
                    if (iy < 0 || iy >= s.h) {
                        std::fill(cols, cols + o.w, pad);
                        continue;
                    }
                    const T* row = plane + static_cast<std::ptrdiff_t>(iy) * s.w - L.padding + kx;
                    std::fill(cols, cols + lo, pad);
                    for (int ox = lo; ox < hi; ++ox) cols[ox] = row[ox * stride];
                    std::fill(cols + hi, cols + o.w, pad);
                }
            }
    }
}

// Im2col of one group of a convolution: for each output position p (row-major), the
// dot_length() input values under the kernel in weight order (channel, ky, kx); `pad` outside.
template <class T>
void im2col(const Layer& L, const T* in, int group, T pad, T* cols) {
    const Shape s = L.in_shape, o = L.out_shape;
    const int cin_g = s.c / L.groups, k = L.kernel;
    std::size_t i = 0;
    for (int oy = 0; oy < o.h; ++oy)
        for (int ox = 0; ox < o.w; ++ox)
            for (int ci = 0; ci < cin_g; ++ci) {
                const T* plane = in + static_cast<std::size_t>(group * cin_g + ci) * s.h * s.w;
                for (int ky = 0; ky < k; ++ky) {
                    const int iy = oy * L.stride - L.padding + ky;
                    for (int kx = 0; kx < k; ++kx) {
                        const int ix = ox * L.stride - L.padding + kx;
                        const bool inside = iy >= 0 && iy < s.h && ix >= 0 && ix < s.w;
                        cols[i++] = inside ? plane[iy * s.w + ix] : pad;
                    }
                }
            }
}

}  // namespace ffp8::dnn
