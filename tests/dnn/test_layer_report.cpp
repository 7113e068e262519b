// The per-layer error report: SQNRs against direct computations, and the error sources isolated
// (weights already on the weight format's grid: no weight error, only activation error).
#include <bit>
#include <cmath>
#include <gtest/gtest.h>
#include <random>

#include "ffp8/decode.hpp"
#include "ffp8/dnn/layer_report.hpp"
#include "ffp8/encode.hpp"
#include "tiny_model.hpp"

namespace {

using namespace ffp8;
using namespace ffp8::dnn;
using namespace ffp8::dnn::test;

double sqnr(const std::vector<std::vector<float>>& ref, const std::vector<std::vector<float>>& got) {
    double sig = 0, noise = 0;
    for (std::size_t i = 0; i < ref.size(); ++i)
        for (std::size_t j = 0; j < ref[i].size(); ++j) {
            sig += double{ref[i][j]} * ref[i][j];
            noise += (double{got[i][j]} - ref[i][j]) * (double{got[i][j]} - ref[i][j]);
        }
    return 10 * std::log10(sig / noise);
}

TEST(LayerReport, SqnrsAndErrorSources) {
    Model m = random_tiny_model(31, 1);
    const std::vector<int> macs = m.mac_layers();
    std::vector<LayerFormats> formats;
    for (std::size_t i = 0; i < macs.size(); ++i)
        formats.push_back({Format::parse(i == 0 ? "ue4m4b5" : "ue3m5b2"), Format::parse("se3m4b4")});
    // Put the weights on the weight grid: quantizing them again changes nothing.
    for (std::size_t i = 0; i < macs.size(); ++i)
        for (float& w : m.layers[static_cast<std::size_t>(macs[i])].weight)
            w = std::bit_cast<float>(decode(formats[i].weight, encode(formats[i].weight, std::bit_cast<uint32_t>(w)).code));
    const ImageSet images = random_image_set(12, 5);
    std::vector<std::size_t> idx(images.size());
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    const std::vector<float> act_max(macs.size(), 6.0f);
    const auto rows = layer_report(m, formats, act_max, images, idx);
    ASSERT_EQ(rows.size(), macs.size());

    const Engine fp32 = Engine::fp32(m), ffp8 = Engine::ffp8(m, formats);
    const Format e4m3 = Format::parse("ocp-e4m3");
    const Engine ocp = Engine::ffp8(m, std::vector<LayerFormats>(macs.size(), {e4m3, e4m3}));
    const Engine int8 = Engine::int8(m, act_max);
    // The first layer reads the image: alone and in the network are the same computation.
    std::vector<std::vector<float>> ref, q, o, n8;
    for (std::size_t i : idx) {
        ref.push_back(fp32.forward_all(images.image(i))[static_cast<std::size_t>(macs[0])]);
        q.push_back(ffp8.forward_all(images.image(i))[static_cast<std::size_t>(macs[0])]);
        o.push_back(ocp.forward_all(images.image(i))[static_cast<std::size_t>(macs[0])]);
        n8.push_back(int8.forward_all(images.image(i))[static_cast<std::size_t>(macs[0])]);
    }
    EXPECT_NEAR(rows[0].sqnr_ffp8, sqnr(ref, q), 1e-9);
    EXPECT_NEAR(rows[0].sqnr_in_network, sqnr(ref, q), 1e-9);
    EXPECT_NEAR(rows[0].sqnr_ocp_e4m3, sqnr(ref, o), 1e-9);
    EXPECT_NEAR(rows[0].sqnr_int8, sqnr(ref, n8), 1e-9);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i].layer, m.layers[static_cast<std::size_t>(macs[i])].name);
        EXPECT_EQ(rows[i].formats, formats[i]);
        EXPECT_TRUE(std::isinf(rows[i].sqnr_weights_only)) << rows[i].layer;  // weights exact
        EXPECT_TRUE(std::isfinite(rows[i].sqnr_activations_only)) << rows[i].layer;
        EXPECT_TRUE(std::isfinite(rows[i].sqnr_ffp8)) << rows[i].layer;
    }
    // Later layers inherit earlier errors in the network, not when run alone.
    EXPECT_LT(rows[2].sqnr_in_network, rows[2].sqnr_ffp8);
}

}  // namespace
