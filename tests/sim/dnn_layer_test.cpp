// Co-simulation on real data: the dot products of one layer of a trained network (dnn/) through
// the Verilated runtime MAC, each chain starting from the bias with `load`, back to back. Every
// output is compared with the golden cycle model on every cycle, and each chain's final
// accumulator and ORed flags with the DNN engine's golden dot product.
#include <gtest/gtest.h>

#include "ffp8/dnn/layer_dots.hpp"
#include "ffp8/sim/checker.hpp"
#include "ffp8/sim/golden_model.hpp"
#include "ffp8/sim/prebuilt.hpp"

namespace ffp8::sim {
namespace {

void check_layer(const std::string& model, std::size_t mac_index) {
    const dnn::LayerDotProducts layer = dnn::layer_dot_products(model, mac_index, 2, 48);
    ASSERT_FALSE(layer.dots.empty());
    const std::vector<FormatPair> pairs{{layer.activation, layer.weight}};
    const std::unique_ptr<Dut> dut = make_prebuilt_runtime_dut(pairs);
    hw::UnitConfig unit;  // the runtime unit the build verilated
    unit.mode = hw::Mode::runtime_formats;
    unit.stages = prebuilt_runtime_stages();
    unit.input_stage = true;
    GoldenModel golden(unit, layer.activation, layer.weight, pairs);
    Checker checker;
    std::vector<CycleOutput> outputs;
    const auto step = [&](const CycleInput& in) {
        const CycleOutput& expected = golden.step(in);
        const CycleOutput actual = dut->cycle(in);
        outputs.push_back(actual);
        ASSERT_TRUE(checker.check(in, expected, actual)) << "RTL and golden model differ at cycle " << outputs.size() - 1;
    };
    CycleInput reset;
    reset.rst = true;
    step(reset);
    std::vector<std::size_t> last_cycle;  // the cycle whose outputs show each chain's result
    for (const dnn::DotProduct& d : layer.dots) {
        for (std::size_t i = 0; i < d.a.size(); ++i) {
            CycleInput in;
            in.in_valid = true;
            in.load = i == 0;
            in.load_value = d.init;
            in.a = d.a[i];
            in.w = d.w[i];
            step(in);
        }
        last_cycle.push_back(outputs.size() - 1 + static_cast<std::size_t>(unit.latency() - 1));
    }
    for (int i = 0; i < unit.latency(); ++i) step(CycleInput{});
    ASSERT_FALSE(checker.failed());

    std::size_t first = 1 + static_cast<std::size_t>(unit.latency() - 1);
    for (std::size_t k = 0; k < layer.dots.size(); ++k) {
        const dnn::DotProduct& d = layer.dots[k];
        Flags flags = 0;
        for (std::size_t c = first; c <= last_cycle[k]; ++c) flags |= outputs[c].flags;
        first = last_cycle[k] + 1;
        EXPECT_EQ(outputs[last_cycle[k]].acc, d.result) << layer.layer << " dot " << k;
        EXPECT_EQ(flags, d.flags) << layer.layer << " dot " << k;
    }
}

TEST(DnnLayerOnRtl, LenetConv2DotProductsEqualTheGoldenModel) { check_layer("lenet", 1); }
TEST(DnnLayerOnRtl, MlpFc2DotProductsEqualTheGoldenModel) { check_layer("mlp", 1); }

}  // namespace
}  // namespace ffp8::sim
