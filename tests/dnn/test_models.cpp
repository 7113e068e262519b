// The shipped models (dnn/models) against what PyTorch computed at training time
// (reference.json: float32 logits of the first test images, predictions on the first 200),
// a small slice of the FFP8 evaluation, and the co-simulation dot products of one layer.
#include <algorithm>
#include <bit>
#include <cmath>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ffp8/dnn/engine.hpp"
#include "ffp8/dnn/evaluate.hpp"
#include "ffp8/dnn/fashion_mnist.hpp"
#include "ffp8/dnn/layer_dots.hpp"
#include "ffp8/dnn/model.hpp"
#include "ffp8/dnn/model_calibration.hpp"
#include "ffp8/mac.hpp"

namespace {

using namespace ffp8;
using namespace ffp8::dnn;

const std::filesystem::path models_dir = FFP8_DNN_TEST_MODELS;

const ImageSet& test_set() {
    static const ImageSet s = load_fashion_mnist(default_fashion_mnist_dir, Split::test);
    return s;
}
const ImageSet& train_set() {
    static const ImageSet s = load_fashion_mnist(default_fashion_mnist_dir, Split::train);
    return s;
}

nlohmann::json reference(const std::string& name) {
    std::ifstream in(models_dir / name / "reference.json");
    return nlohmann::json::parse(in);
}

std::size_t argmax(const std::vector<float>& v) {
    return static_cast<std::size_t>(std::max_element(v.begin(), v.end()) - v.begin());
}

class ShippedModel : public ::testing::TestWithParam<std::string> {};

TEST(ShippedModels, ListedAndLoadable) {
    const auto names = list_models(models_dir);
    EXPECT_EQ(names, (std::vector<std::string>{"lenet", "mlp", "mobile-res21", "resnet-dw"}));
    const Model r = load_model(models_dir / "resnet-dw");
    bool has_depthwise = false, has_add = false;
    for (const Layer& L : r.layers) {
        has_depthwise |= L.type == LayerType::conv2d && L.groups > 1 && L.groups == L.in_shape.c;
        has_add |= L.type == LayerType::add;
    }
    EXPECT_TRUE(has_depthwise);
    EXPECT_TRUE(has_add);
}

TEST(ShippedModels, DeepModelHasTwelveConvLayersAndResiduals) {
    const Model d = load_model(models_dir / "mobile-res21");
    int convs = 0, adds = 0;
    for (const Layer& L : d.layers) {
        convs += L.type == LayerType::conv2d;
        adds += L.type == LayerType::add;
    }
    EXPECT_GE(convs, 12);
    EXPECT_GE(adds, 4);
    EXPECT_LT(d.macs_per_image(), 2500000u);  // what keeps `ffp8 eval` near two minutes (dnn/README.md)
}

// The target for the deep model, on the C++ FP32 engine and all 10,000 test images.
TEST(ShippedModels, DeepModelReaches91PercentInFp32) {
    const Model d = load_model(models_dir / "mobile-res21");
    EXPECT_GE(top1(Engine::fp32(d), test_set(), test_set().size(), "fp32"), 91.0);
}

TEST(ShippedModels, CalibrationImagesAreTheHeldOutSplit) {
    const auto idx = calibration_indices(train_set(), 512);
    ASSERT_EQ(idx.size(), 512u);
    EXPECT_EQ(idx.front(), calibration_split_begin);
    for (std::size_t i : idx) {
        EXPECT_GE(i, calibration_split_begin);
        EXPECT_LT(i, train_set().size());
    }
    EXPECT_EQ(calibration_indices(train_set(), 5000).back(), 59999u);
    EXPECT_THROW(calibration_indices(train_set(), 5001), std::runtime_error);
}

TEST(ShippedModels, DatasetHasTheUsualSizes) {
    EXPECT_EQ(train_set().size(), 60000u);
    EXPECT_EQ(test_set().size(), 10000u);
    EXPECT_EQ(test_set().image_size(), 784u);
}

TEST_P(ShippedModel, Fp32EngineMatchesPyTorchLogits) {
    const Model m = load_model(models_dir / GetParam());
    const auto ref = reference(GetParam());
    const Engine e = Engine::fp32(m);
    const auto images = ref.at("logits_test_images").get<std::vector<std::size_t>>();
    const auto logits = ref.at("logits").get<std::vector<std::vector<float>>>();
    ASSERT_FALSE(images.empty());
    for (std::size_t k = 0; k < images.size(); ++k) {
        const auto got = e.forward(test_set().image(images[k]));
        ASSERT_EQ(got.size(), logits[k].size());
        // Same float32 arithmetic up to the order of the sums.
        for (std::size_t c = 0; c < got.size(); ++c)
            EXPECT_NEAR(got[c], logits[k][c], 2e-5 * std::max(1.0f, std::fabs(logits[k][c])))
                << GetParam() << " image " << images[k] << " class " << c;
    }
}

TEST_P(ShippedModel, SliceOfTheEvaluation) {
    const Model m = load_model(models_dir / GetParam());
    const auto ref = reference(GetParam());
    const auto preds = ref.at("predictions_first_test_images").get<std::vector<std::size_t>>();
    const std::size_t n = preds.size();
    ASSERT_GE(n, 200u);
    std::size_t torch_correct = 0;
    for (std::size_t i = 0; i < n; ++i) torch_correct += preds[i] == test_set().labels[i];
    const double torch_top1 = 100.0 * static_cast<double>(torch_correct) / static_cast<double>(n);

    // FP32 engine: PyTorch's predictions, but for at most one near-tie.
    const Engine fp32 = Engine::fp32(m);
    std::size_t agree = 0;
    for (std::size_t i = 0; i < n; ++i) agree += argmax(fp32.forward(test_set().image(i))) == preds[i];
    EXPECT_GE(agree, n - 1) << GetParam();
    EXPECT_NEAR(top1(fp32, test_set(), n, "fp32"), torch_top1, 0.51);

    // FFP8 with formats calibrated on training images, on all 10,000 test images against the FP32
    // engine: output mode within 0.5 points; the rule mode is a usable choice too (looser: it
    // does not minimise the error; resnet-dw loses 2.1 points with it).
    const double fp32_top1 = top1(fp32, test_set(), test_set().size(), "fp32");
    const ModelCalibration c = calibrate_model(m, train_set(), calibration_indices(train_set(), 256), CalibrationMode::output);
    const Engine ffp8 = Engine::ffp8(m, c.formats);
    EXPECT_NEAR(top1(ffp8, test_set(), test_set().size(), "ffp8"), fp32_top1, 0.5) << GetParam();
    const ModelCalibration r = calibrate_model(m, train_set(), calibration_indices(train_set(), 256), CalibrationMode::rule);
    EXPECT_NEAR(top1(Engine::ffp8(m, r.formats), test_set(), test_set().size(), "ffp8-rule"), fp32_top1, 3.0) << GetParam();
    // The paper's observation on real tensors: inputs of layers after ReLU (and the [0, 1] image)
    // are non-negative, so they get unsigned formats; weights are signed.
    for (const LayerFormats& f : c.formats) {
        EXPECT_FALSE(f.activation.is_signed) << GetParam() << " " << f.activation.name();
        EXPECT_TRUE(f.weight.is_signed) << GetParam() << " " << f.weight.name();
    }
}

INSTANTIATE_TEST_SUITE_P(All, ShippedModel, ::testing::Values("mlp", "lenet", "resnet-dw", "mobile-res21"),
                         [](const auto& info) {
                             std::string n = info.param;
                             std::replace(n.begin(), n.end(), '-', '_');
                             return n;
                         });

TEST(LayerDotProducts, ChainsOfMacExactGiveTheGoldenResult) {
    const Model m = load_model(models_dir / "resnet-dw");
    const ModelCalibration c = calibrate_model(m, train_set(), calibration_indices(train_set(), 64), CalibrationMode::search);
    const std::vector<std::vector<float>> images{test_set().image(0), test_set().image(1)};
    const Engine e = Engine::ffp8(m, c.formats);
    for (std::size_t mi : {std::size_t{1}, std::size_t{2}, m.mac_layers().size() - 1}) {  // depthwise, 1x1, fc
        const LayerDotProducts d = layer_dot_products(m, c.formats, mi, images, 40);
        const Layer& L = m.layers[static_cast<std::size_t>(m.mac_layers()[mi])];
        EXPECT_EQ(d.layer, L.name);
        EXPECT_EQ(d.activation, c.formats[mi].activation);
        ASSERT_EQ(d.dots.size(), 2 * std::min<std::size_t>(40, L.out_shape.size()));
        for (const DotProduct& dp : d.dots) {
            ASSERT_EQ(dp.a.size(), L.dot_length());
            uint32_t acc = dp.init;
            for (std::size_t i = 0; i < dp.a.size(); ++i) acc = mac_exact(d.activation, d.weight, acc, dp.a[i], dp.w[i]).bits;
            EXPECT_EQ(acc, dp.result) << L.name;
            // The same value the engine's layer output holds.
            const auto outs = e.forward_all(images[dp.image]);
            const float y = outs[static_cast<std::size_t>(m.mac_layers()[mi])][static_cast<std::size_t>(dp.output_channel) *
                                                                                   L.out_shape.h * L.out_shape.w + dp.position];
            EXPECT_EQ(std::bit_cast<uint32_t>(y), dp.result);
        }
    }
    EXPECT_THROW(layer_dot_products(m, c.formats, 99, images), std::runtime_error);
}

}  // namespace
