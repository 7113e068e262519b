// The output-error calibration (output_error.hpp): the sampler against im2col by hand, the output
// MSE against mac_exact chains, and the joint choice on tiny synthetic layers whose best pair is
// known, including one where choosing each tensor by its own MSE picks the wrong weight format.
#include <bit>
#include <cmath>
#include <gtest/gtest.h>
#include <random>

#include "ffp8/decode.hpp"
#include "ffp8/dnn/calibrate.hpp"
#include "ffp8/dnn/output_error.hpp"
#include "ffp8/encode.hpp"
#include "ffp8/mac.hpp"

namespace {

using namespace ffp8;
using namespace ffp8::dnn;

Layer linear(std::vector<float> weight, std::vector<float> bias, int in) {
    Layer L;
    L.name = "fc";
    L.type = LayerType::linear;
    L.out_channels = static_cast<int>(bias.size());
    L.weight = std::move(weight);
    L.bias = std::move(bias);
    L.in_shape = {in, 1, 1};
    L.out_shape = {L.out_channels, 1, 1};
    return L;
}

// A padded 3x3 convolution, 2 groups, 2 -> 4 channels on 5x4 images, random weights.
Layer small_conv() {
    Layer L;
    L.name = "conv";
    L.type = LayerType::conv2d;
    L.out_channels = 4;
    L.kernel = 3;
    L.padding = 1;
    L.groups = 2;
    L.in_shape = {2, 5, 4};
    L.out_shape = {4, 5, 4};
    std::mt19937 rng(7);
    std::normal_distribution<float> d(0.0f, 0.5f);
    L.weight.resize(4 * 1 * 9);
    for (auto& v : L.weight) v = d(rng);
    L.bias = {0.1f, -0.2f, 0.3f, 0.0f};
    return L;
}

std::vector<float> random_values(std::size_t n, unsigned seed, float lo, float hi) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> d(lo, hi);
    std::vector<float> x(n);
    for (auto& v : x) v = d(rng);
    return x;
}

TEST(OutputError, SamplerTakesEvenlySpreadOutputsWithTheirInputs) {
    const Layer L = small_conv();
    const std::size_t K = L.dot_length(), n_images = 3, per_image = L.out_shape.size();
    // Budget for 25 of the 3 x 80 outputs.
    LayerSampler sampler(L, n_images, 25 * K);
    std::vector<std::vector<float>> inputs, targets;
    for (unsigned im = 0; im < n_images; ++im) {
        inputs.push_back(random_values(L.in_shape.size(), 10 + im, 0.0f, 2.0f));
        targets.push_back(random_values(per_image, 20 + im, -1.0f, 1.0f));
        sampler.add_image(inputs.back(), targets.back());
    }
    const LayerSamples& s = sampler.samples();
    ASSERT_EQ(s.K, K);
    ASSERT_EQ(s.outputs.size(), 25u);
    // Spread over the images (not all from the first one), each with the input under its kernel.
    std::size_t o = 0;
    for (std::size_t im = 0; im < n_images; ++im) {
        std::size_t from_this = 0;
        for (int co = 0; co < L.out_channels; ++co)
            for (int y = 0; y < 5; ++y)
                for (int x = 0; x < 4; ++x) {
                    const std::size_t flat = (static_cast<std::size_t>(co) * 5 + y) * 4 + x;
                    if (o == s.outputs.size() || s.outputs[o].channel != co || s.outputs[o].target != targets[im][flat]) continue;
                    const float* row = s.rows.data() + s.outputs[o].row * K;
                    for (int ky = 0; ky < 3; ++ky)
                        for (int kx = 0; kx < 3; ++kx) {
                            const int iy = y - 1 + ky, ix = x - 1 + kx;
                            const float want = iy < 0 || iy >= 5 || ix < 0 || ix >= 4
                                                   ? 0.0f
                                                   : inputs[im][(static_cast<std::size_t>(co / 2) * 5 + iy) * 4 + ix];
                            EXPECT_EQ(row[ky * 3 + kx], want) << im << " " << co << " " << y << " " << x;
                        }
                    ++o;
                    ++from_this;
                }
        EXPECT_GE(from_this, 8u) << im;
    }
    EXPECT_EQ(o, s.outputs.size());  // every sample found, in order

    // Without a budget limit, every output is taken.
    LayerSampler all(L, 1, 1u << 20);
    all.add_image(inputs[0], targets[0]);
    EXPECT_EQ(all.samples().outputs.size(), per_image);
}

TEST(OutputError, MseIsThatOfMacExactChains) {
    const Layer L = small_conv();
    LayerSampler sampler(L, 2, 1u << 20);
    for (unsigned im = 0; im < 2; ++im)
        sampler.add_image(random_values(L.in_shape.size(), 30 + im, 0.0f, 3.0f), random_values(L.out_shape.size(), 40 + im, -2.0f, 2.0f));
    const LayerSamples& s = sampler.samples();
    for (const char* a : {"ue4m4b12", "ue2m6b1", "se4m3b7-fn"})
        for (const char* w : {"se3m4b5", "se2m5b3"}) {
            const LayerFormats f{Format::parse(a), Format::parse(w)};
            double sum = 0;
            for (const auto& o : s.outputs) {
                uint32_t acc = std::bit_cast<uint32_t>(L.bias[static_cast<std::size_t>(o.channel)]);
                for (std::size_t i = 0; i < s.K; ++i) {
                    const uint32_t ac = encode(f.activation, std::bit_cast<uint32_t>(s.rows[o.row * s.K + i])).code;
                    const uint32_t wc = encode(f.weight, std::bit_cast<uint32_t>(L.weight[static_cast<std::size_t>(o.channel) * s.K + i])).code;
                    acc = mac_exact(f.activation, f.weight, acc, ac, wc).bits;
                }
                const double d = static_cast<double>(std::bit_cast<float>(acc)) - o.target;
                sum += d * d;
            }
            EXPECT_DOUBLE_EQ(output_mse(L, s, f), sum / static_cast<double>(s.outputs.size())) << a << " " << w;
        }
}

TEST(OutputError, JointChoicePicksTheExactPair) {
    // Inputs exactly representable in ue3m5b4 but not in ue4m4b8, weights in se2m5b3 but not in
    // se4m3b7; targets the exact dot products: only that pair has no output error.
    const Format a_good = Format::parse("ue3m5b4"), a_bad = Format::parse("ue4m4b8");
    const Format w_good = Format::parse("se2m5b3"), w_bad = Format::parse("se4m3b7");
    std::vector<float> weight = {1.03125f, -0.53125f, 0.296875f, -1.90625f, 0.0f, 0.015625f};  // se2m5b3 values
    const Layer L = linear(weight, {0.25f, -0.5f}, 3);
    std::vector<float> x = {1.53125f, 0.1328125f, 5.25f};  // ue3m5b4 values
    for (float v : x) ASSERT_EQ(std::bit_cast<float>(decode(a_good, encode(a_good, std::bit_cast<uint32_t>(v)).code)), v);
    for (float v : weight) ASSERT_EQ(std::bit_cast<float>(decode(w_good, encode(w_good, std::bit_cast<uint32_t>(v)).code)), v);
    std::vector<float> target(2);
    for (int co = 0; co < 2; ++co) {
        double y = L.bias[static_cast<std::size_t>(co)];
        for (int i = 0; i < 3; ++i) y += static_cast<double>(x[static_cast<std::size_t>(i)]) * weight[static_cast<std::size_t>(co * 3 + i)];
        target[static_cast<std::size_t>(co)] = static_cast<float>(y);
    }
    LayerSampler sampler(L, 1, 1000);
    sampler.add_image(x, target);
    // The good formats last, so that neither the candidates' order nor a tie picks them.
    const std::vector<Format> acts{a_bad, a_good}, wgts{w_bad, w_good};
    const auto ranked = rank_format_pairs(L, sampler.samples(), acts, wgts);
    ASSERT_EQ(ranked.size(), 4u);
    EXPECT_EQ(ranked.front().formats.activation, a_good);
    EXPECT_EQ(ranked.front().formats.weight, w_good);
    EXPECT_EQ(ranked.front().output_mse, 0.0);
    for (std::size_t i = 1; i < ranked.size(); ++i) EXPECT_GT(ranked[i].output_mse, 0.0);
}

TEST(OutputError, JointChoiceBeatsTensorMseWhereItMatters) {
    // One large weight meets the only nonzero input; 999 tiny weights meet zeros. Tensor MSE of the
    // weights is ruled by the tiny ones and prefers the higher bias, which clips the large weight;
    // the output only sees the large weight, so the output error prefers the covering bias.
    std::vector<float> weight = {1.0f};
    std::mt19937 rng(8);
    std::normal_distribution<float> d(0.0f, 0.01f);
    for (int i = 0; i < 999; ++i) weight.push_back(d(rng));
    const Format covers = Format::parse("se2m5b3"), clips = Format::parse("se2m5b4");  // max finite 1.97 / 0.98
    ASSERT_LT(quantization_error(clips, weight).mse, quantization_error(covers, weight).mse);  // what tensor MSE picks
    const Layer L = linear(weight, {0.0f}, 1000);
    std::vector<float> x(1000, 0.0f);
    x[0] = 1.0f;
    LayerSampler sampler(L, 1, 1u << 20);
    sampler.add_image(x, std::vector<float>{1.0f});
    const std::vector<Format> acts{Format::parse("ue4m4b8")}, wgts{clips, covers};
    const auto ranked = rank_format_pairs(L, sampler.samples(), acts, wgts);
    EXPECT_EQ(ranked.front().formats.weight, covers);
    EXPECT_EQ(ranked.front().output_mse, 0.0);
    EXPECT_GT(ranked.back().output_mse, 1e-4);
}

}  // namespace
