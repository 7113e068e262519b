// The engine's layers against straightforward loops on a tiny network that has every layer type
// (conv, strided and padded; depthwise; grouped 1x1; residual add; ReLU; max and average pooling;
// fully connected). FFP8 reference: every product accumulated with the integer golden mac_exact,
// starting from the bias, zero padding fed as code 0 like the engine streams it. FP32 reference:
// fmaf chains. INT8 reference: integer sums of round-to-even per-tensor symmetric quantization.
#include <algorithm>
#include <bit>
#include <cmath>
#include <gtest/gtest.h>
#include <random>

#include "ffp8/dnn/engine.hpp"
#include "ffp8/dot.hpp"
#include "ffp8/encode.hpp"
#include "ffp8/mac.hpp"
#include "tiny_model.hpp"

namespace {

using namespace ffp8;
using namespace ffp8::dnn;
using namespace ffp8::dnn::test;

// One arithmetic of the reference: how a MAC layer multiplies and accumulates.
struct RefArith {
    Arithmetic kind = Arithmetic::fp32;
    std::vector<LayerFormats> formats;  // ffp8
    std::vector<float> act_max;         // int8
    bool per_channel = false;           // int8: one weight scale per output channel
    int lanes = 1;                      // ffp8: products per rounding (dot_exact on chunks when > 1)
};

float int8_scale(float m) { return m > 0 ? m / 127.0f : 1.0f; }
int int8_of(float x, float s) { return static_cast<int>(std::clamp(std::nearbyint(x / s), -127.0f, 127.0f)); }

// Reference of a conv2d or linear layer: loops over output, then input channel, ky, kx.
std::vector<float> ref_mac(const Layer& L, const std::vector<float>& in, const RefArith& ar, std::size_t mi) {
    const Shape s = L.in_shape, o = L.out_shape;
    const bool linear = L.type == LayerType::linear;
    const int cin_g = linear ? 1 : s.c / L.groups, cout_g = L.out_channels / L.groups, k = linear ? 1 : L.kernel;
    const std::size_t K = L.dot_length();
    float in_max = 0;
    in_max = ar.kind == Arithmetic::int8 ? ar.act_max[mi] : 0;
    std::vector<float> out(o.size());
    for (int co = 0; co < L.out_channels; ++co) {
        float w_max = 0;  // over the tensor, or over this output channel's weights
        for (std::size_t t = 0; t < L.weight.size(); ++t)
            if (!ar.per_channel || t / K == static_cast<std::size_t>(co)) w_max = std::max(w_max, std::fabs(L.weight[t]));
        for (int oy = 0; oy < o.h; ++oy)
            for (int ox = 0; ox < o.w; ++ox) {
                const float bias = L.bias[static_cast<std::size_t>(co)];
                uint32_t acc = std::bit_cast<uint32_t>(bias);
                float facc = bias;
                long iacc = 0;
                std::vector<uint8_t> a_codes, w_codes;  // ffp8 with lanes > 1
                for (std::size_t t = 0; t < K; ++t) {
                    float x;
                    if (linear) {
                        x = in[t];
                    } else {
                        const int ci = static_cast<int>(t) / (k * k), ky = static_cast<int>(t) / k % k, kx = static_cast<int>(t) % k;
                        const int iy = oy * L.stride - L.padding + ky, ix = ox * L.stride - L.padding + kx;
                        const int c = (co / cout_g) * cin_g + ci;
                        x = (iy >= 0 && iy < s.h && ix >= 0 && ix < s.w) ? in[(static_cast<std::size_t>(c) * s.h + iy) * s.w + ix] : 0.0f;
                    }
                    const float w = L.weight[static_cast<std::size_t>(co) * K + t];
                    switch (ar.kind) {
                        case Arithmetic::fp32: facc = std::fmaf(x, w, facc); break;
                        case Arithmetic::ffp8: {
                            const LayerFormats& f = ar.formats[mi];
                            if (ar.lanes > 1) {
                                a_codes.push_back(encode(f.activation, std::bit_cast<uint32_t>(x)).code);
                                w_codes.push_back(encode(f.weight, std::bit_cast<uint32_t>(w)).code);
                                break;
                            }
                            acc = mac_exact(f.activation, f.weight, acc, encode(f.activation, std::bit_cast<uint32_t>(x)).code,
                                            encode(f.weight, std::bit_cast<uint32_t>(w)).code)
                                      .bits;
                            break;
                        }
                        case Arithmetic::int8: iacc += int8_of(x, int8_scale(in_max)) * int8_of(w, int8_scale(w_max)); break;
                    }
                }
                for (std::size_t t = 0; t < a_codes.size(); t += static_cast<std::size_t>(ar.lanes)) {
                    const int n = static_cast<int>(std::min(a_codes.size() - t, static_cast<std::size_t>(ar.lanes)));
                    const LayerFormats& f = ar.formats[mi];
                    acc = dot_exact(f.activation, f.weight, acc, a_codes.data() + t, w_codes.data() + t, n).bits;
                }
                float y = 0;
                if (ar.kind == Arithmetic::fp32) y = facc;
                if (ar.kind == Arithmetic::ffp8) y = std::bit_cast<float>(acc);
                if (ar.kind == Arithmetic::int8) {
                    const float scale = int8_scale(in_max) * int8_scale(w_max);
                    y = static_cast<float>(iacc) * scale + bias;
                }
                out[(static_cast<std::size_t>(co) * o.h + oy) * o.w + ox] = y;
            }
    }
    return out;
}

std::vector<std::vector<float>> ref_forward(const Model& m, const std::vector<float>& image, const RefArith& ar) {
    std::vector<std::vector<float>> out;
    std::size_t mi = 0;
    for (const Layer& L : m.layers) {
        const auto& x = L.inputs[0] < 0 ? image : out[static_cast<std::size_t>(L.inputs[0])];
        std::vector<float> y(L.out_shape.size());
        const Shape s = L.in_shape, o = L.out_shape;
        switch (L.type) {
            case LayerType::conv2d:
            case LayerType::linear: y = ref_mac(L, x, ar, mi++); break;
            case LayerType::relu:
                for (std::size_t i = 0; i < y.size(); ++i) y[i] = std::max(x[i], 0.0f);
                break;
            case LayerType::add:
                for (std::size_t i = 0; i < y.size(); ++i) y[i] = x[i] + out[static_cast<std::size_t>(L.inputs[1])][i];
                break;
            case LayerType::maxpool:
            case LayerType::avgpool:
                for (int c = 0; c < o.c; ++c)
                    for (int oy = 0; oy < o.h; ++oy)
                        for (int ox = 0; ox < o.w; ++ox) {
                            float mx = -INFINITY, sum = 0;
                            for (int ky = 0; ky < L.kernel; ++ky)
                                for (int kx = 0; kx < L.kernel; ++kx) {
                                    const float v = x[(static_cast<std::size_t>(c) * s.h + oy * L.stride + ky) * s.w + ox * L.stride + kx];
                                    mx = std::max(mx, v);
                                    sum += v;
                                }
                            y[(static_cast<std::size_t>(c) * o.h + oy) * o.w + ox] =
                                L.type == LayerType::maxpool ? mx : sum / static_cast<float>(L.kernel * L.kernel);
                        }
                break;
        }
        out.push_back(std::move(y));
    }
    return out;
}

void expect_same_bits(const Model& m, const std::vector<std::vector<float>>& got, const std::vector<std::vector<float>>& want) {
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t l = 0; l < got.size(); ++l) {
        ASSERT_EQ(got[l].size(), want[l].size()) << m.layers[l].name;
        for (std::size_t i = 0; i < got[l].size(); ++i)
            ASSERT_EQ(std::bit_cast<uint32_t>(got[l][i]), std::bit_cast<uint32_t>(want[l][i]))
                << "layer " << m.layers[l].name << " value " << i << ": " << got[l][i] << " vs " << want[l][i];
    }
}

TEST(Engine, ShapesOfTheTinyModel) {
    const Model m = random_tiny_model(1);
    EXPECT_EQ(m.layers[0].out_shape, (Shape{4, 8, 7}));
    EXPECT_EQ(m.layers[2].out_shape, (Shape{4, 4, 4}));
    EXPECT_EQ(m.layers[6].out_shape, (Shape{4, 2, 2}));
    EXPECT_EQ(m.layers[7].out_shape, (Shape{4, 3, 3}));
    EXPECT_EQ(m.layers[8].out_shape, (Shape{5, 1, 1}));
    EXPECT_EQ(m.mac_layers(), (std::vector<int>{0, 2, 3, 8, 9}));
}

TEST(Engine, Fp32LayersEqualNaiveLoops) {
    const Model m = random_tiny_model(2);
    for (unsigned s = 0; s < 3; ++s) {
        const auto image = random_image(m, 10 + s);
        expect_same_bits(m, Engine::fp32(m).forward_all(image), ref_forward(m, image, {}));
    }
}

TEST(Engine, Ffp8LayersEqualMacExactLoops) {
    const Model m = random_tiny_model(3);
    const std::vector<std::vector<const char*>> format_sets = {
        {"se3m4b4", "se4m3b9", "ue4m4b10", "se2m5b3", "ue3m5b4", "se4m3b7", "ue4m4b7", "se5m2b15", "ue2m6b1", "se1m6b1"},
        {"ocp-e4m3", "ocp-e4m3", "ocp-e4m3", "ocp-e4m3", "ocp-e4m3", "ocp-e4m3", "ocp-e4m3", "ocp-e4m3", "ocp-e4m3", "ocp-e4m3"},
        {"ocp-e5m2", "ocp-e5m2", "ue5m3b12", "se2m5b6", "ue6m2b40", "se7m0b60", "ue4m4b12", "se3m4b2", "ue8m0b130", "se6m1b31"},
    };
    for (const auto& names : format_sets) {
        RefArith ar{Arithmetic::ffp8, {}, {}};
        for (std::size_t i = 0; i < names.size(); i += 2) ar.formats.push_back({Format::parse(names[i]), Format::parse(names[i + 1])});
        const Engine e = Engine::ffp8(m, ar.formats);
        for (unsigned s = 0; s < 3; ++s) {
            const auto image = random_image(m, 20 + s);
            expect_same_bits(m, e.forward_all(image), ref_forward(m, image, ar));
        }
    }
}

// --lanes K: every output is a chain of dot_exact over chunks of K products from the bias.
TEST(Engine, Ffp8DotUnitLayersEqualChunkedDotExactLoops) {
    const Model m = random_tiny_model(6);
    const std::vector<std::vector<const char*>> format_sets = {
        {"se3m4b4", "se4m3b9", "ue4m4b10", "se2m5b3", "ue3m5b4", "se4m3b7", "ue4m4b7", "se5m2b15", "ue2m6b1", "se1m6b1"},
        {"ocp-e5m2", "ocp-e5m2", "ue5m3b12", "se2m5b6", "ue6m2b40", "se7m0b60", "ue4m4b12", "se3m4b2", "ue8m0b130", "se6m1b31"},
    };
    for (const int lanes : {2, 4, 8, 16}) {
        for (const auto& names : format_sets) {
            RefArith ar{Arithmetic::ffp8, {}, {}, false, lanes};
            for (std::size_t i = 0; i < names.size(); i += 2)
                ar.formats.push_back({Format::parse(names[i]), Format::parse(names[i + 1])});
            const Engine e = Engine::ffp8(m, ar.formats, lanes);
            const auto image = random_image(m, 40 + static_cast<unsigned>(lanes));
            expect_same_bits(m, e.forward_all(image), ref_forward(m, image, ar));
        }
    }
    const Format f = Format::parse("se4m3");
    EXPECT_THROW(Engine::ffp8(m, std::vector<LayerFormats>(5, {f, f}), 3), std::invalid_argument);
}

TEST(Engine, Int8LayersEqualIntegerLoops) {
    const Model m = random_tiny_model(4);
    RefArith ar{Arithmetic::int8, {}, {250.0f, 3.0f, 1.5f, 0.7f, 0.0f}};  // last: all-zero scale path
    const Engine e = Engine::int8(m, ar.act_max);
    for (unsigned s = 0; s < 3; ++s) {
        const auto image = random_image(m, 30 + s);
        expect_same_bits(m, e.forward_all(image), ref_forward(m, image, ar));
    }
}

TEST(Engine, Int8PerChannelLayersEqualIntegerLoops) {
    Model m = random_tiny_model(6);
    // Channels of very different magnitude: per-channel scales then differ from the tensor's.
    for (Layer& L : m.layers)
        for (std::size_t t = 0; L.is_mac() && t < L.weight.size(); ++t)
            L.weight[t] *= static_cast<float>(1 + t / L.dot_length() % 3 * 7);
    RefArith ar{Arithmetic::int8, {}, {250.0f, 3.0f, 1.5f, 0.7f, 2.0f}, true};
    const Engine e = Engine::int8(m, ar.act_max, Int8Scaling::per_channel);
    const Engine per_tensor = Engine::int8(m, ar.act_max);
    for (unsigned s = 0; s < 3; ++s) {
        const auto image = random_image(m, 40 + s);
        const auto got = e.forward_all(image);
        expect_same_bits(m, got, ref_forward(m, image, ar));
        EXPECT_NE(got[static_cast<std::size_t>(m.output)], per_tensor.forward(image));  // the scaling matters here
    }
}

TEST(Engine, RejectsMismatchedConfiguration) {
    const Model m = random_tiny_model(5);
    const Format f = Format::parse("se4m3b7");
    EXPECT_THROW(Engine::ffp8(m, {{f, f}}), std::invalid_argument);
    EXPECT_THROW(Engine::ffp8(m, std::vector<LayerFormats>(5, {Format::fp32(), f})), std::invalid_argument);
    EXPECT_THROW(Engine::int8(m, {1.0f}), std::invalid_argument);
    EXPECT_THROW(Engine::fp32(m).forward(std::vector<float>(3)), std::invalid_argument);
    Model bad = m;
    bad.layers[0].weight.pop_back();
    EXPECT_THROW(bad.finalize(), std::runtime_error);
    bad = m;
    bad.layers[4].inputs = {2, 0};  // residual add of different shapes
    EXPECT_THROW(bad.finalize(), std::runtime_error);
}

}  // namespace
