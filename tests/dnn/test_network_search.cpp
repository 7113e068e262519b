// Whole-network format search: the neighbours it tries, the scores of resumed forward passes
// against whole ones, and the guarantee that the result never scores worse than any start.
#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <random>

#include "ffp8/dnn/calibrate.hpp"
#include "ffp8/dnn/model_calibration.hpp"
#include "ffp8/dnn/network_search.hpp"
#include "tiny_model.hpp"

namespace {

using namespace ffp8;
using namespace ffp8::dnn;
using namespace ffp8::dnn::test;

// Random 8 x 7 images; labels: the FP32 tiny model's class, but every fifth image relabelled (so
// that the cross-entropy objective and the KL from FP32 differ).
ImageSet tiny_images(const Model& m, std::size_t n) {
    ImageSet s = random_image_set(n, 11);
    const Engine fp32 = Engine::fp32(m);
    for (std::size_t i = 0; i < n; ++i) {
        const auto logits = fp32.forward(s.image(i));
        const auto cls = static_cast<uint8_t>(std::max_element(logits.begin(), logits.end()) - logits.begin());
        s.labels[i] = i % 5 == 0 ? static_cast<uint8_t>((cls + 1) % 5) : cls;
    }
    return s;
}

// The tiny model with weights scaled down: logits of a few units, so that the class
// probabilities are not one-hot and quantization moves them measurably.
Model soft_tiny_model(unsigned seed) {
    Model m = random_tiny_model(seed, 1);
    for (Layer& L : m.layers)
        for (float& w : L.weight) w = std::clamp(w, -1.0f, 1.0f) * 0.5f;
    return m;
}

std::vector<std::size_t> all(std::size_t n) {
    std::vector<std::size_t> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = i;
    return v;
}

TEST(NetworkSearch, NeighboursAreBiasStepsAndExponentWidths) {
    const Format f = Format::parse("se4m3b7");
    const auto n = format_neighbours(f, 3.0f);
    ASSERT_EQ(n.size(), 4u);
    EXPECT_EQ(n[0], Format::parse("se4m3b6"));
    EXPECT_EQ(n[1], Format::parse("se4m3b8"));
    EXPECT_EQ(n[2], Format::make(true, 3, 4, max_magnitude_bias(true, 3, 3.0f), Policy::finite));
    EXPECT_EQ(n[3], Format::make(true, 5, 2, max_magnitude_bias(true, 5, 3.0f), Policy::finite));
    // A preset keeps its policy for bias steps; E = 1 has no narrower neighbour; unsigned stays unsigned.
    const auto e4 = format_neighbours(Format::parse("ocp-e4m3"), 448.0f);
    EXPECT_EQ(e4[0], Format::parse("se4m3b6-fn"));
    for (const Format& g : format_neighbours(Format::parse("ue1m7b3"), 1.0f)) {
        EXPECT_FALSE(g.is_signed);
        EXPECT_GE(g.E, 1);
        EXPECT_FALSE(g == Format::parse("ue1m7b3"));
    }
    // Illegal biases are skipped (the legal range of ue8m0 ends at its extremes).
    const BiasRange r = Format::legal_bias(8, 0, Policy::finite);
    for (const Format& g : format_neighbours(Format::make(false, 8, 0, r.max, Policy::finite), 1.0f))
        EXPECT_LE(g.bias, r.max);
}

class NetworkSearchObjective : public ::testing::TestWithParam<NetworkObjective> {};

TEST_P(NetworkSearchObjective, NeverWorseThanAnyStartAndScoresAgreeWithWholePasses) {
    const NetworkObjective objective = GetParam();
    const Model m = soft_tiny_model(21);
    const ImageSet images = tiny_images(m, 40);
    const auto idx = all(images.size());
    const std::size_t n_mac = m.mac_layers().size();
    const Engine fp32 = Engine::fp32(m);
    const auto z = fp32.forward(images.image(0));
    ASSERT_LT(*std::max_element(z.begin(), z.end()) - *std::min_element(z.begin(), z.end()), 20.0f);  // not one-hot
    std::vector<StartCandidate> starts;
    for (const char* name : {"se1m6b0", "ocp-e4m3", "ocp-e5m2", "se3m4b4"}) {
        const Format f = Format::parse(name);
        starts.push_back({name, std::vector<LayerFormats>(n_mac, LayerFormats{f, f})});
    }
    ModelCalibration c = calibrate_model(m, images, idx, CalibrationMode::search);
    const NetworkSearch r = search_network(m, images, idx, starts, c.activation_max, objective);
    EXPECT_EQ(r.objective, objective);
    ASSERT_EQ(r.starts.size(), starts.size());
    for (const auto& s : r.starts) {
        // Each start's score is that of a whole forward pass.
        EXPECT_EQ(s.score.loss, score_network(m, s.formats, images, idx, objective).loss) << s.name;
        EXPECT_LE(r.score.loss, s.score.loss) << s.name;
        EXPECT_LE(r.starts[r.best_start].score.loss, s.score.loss);
    }
    // The refinement's resumed passes score exactly what a whole pass of the result scores.
    const NetworkScore again = score_network(m, r.formats, images, idx, objective);
    EXPECT_EQ(r.score.loss, again.loss);
    EXPECT_EQ(r.score.correct, again.correct);
    EXPECT_EQ(r.score.images, images.size());
    EXPECT_GT(r.trials, 0u);
    // On these random weights at least one neighbour helps: the result is strictly better.
    EXPECT_GT(r.accepted, 0u);
    EXPECT_LT(r.score.loss, r.starts[r.best_start].score.loss);
    // The loss, recomputed from whole forward passes: the labels' mean negative log-likelihood, or
    // the mean KL divergence from the FP32 network's class probabilities.
    const Engine e = Engine::ffp8(m, r.formats), ref = Engine::fp32(m);
    double loss = 0;
    auto log_probs = [](const std::vector<float>& z) {
        const double top = *std::max_element(z.begin(), z.end());
        double sum = 0;
        for (float v : z) sum += std::exp(v - top);
        std::vector<double> lp;
        for (float v : z) lp.push_back(v - top - std::log(sum));
        return lp;
    };
    for (std::size_t i : idx) {
        const auto q = log_probs(e.forward(images.image(i))), p = log_probs(ref.forward(images.image(i)));
        if (objective == NetworkObjective::cross_entropy) {
            loss -= q[images.labels[i]];
        } else {
            for (std::size_t k = 0; k < p.size(); ++k) loss += std::exp(p[k]) * (p[k] - q[k]);
        }
    }
    EXPECT_NEAR(r.score.loss, loss / static_cast<double>(idx.size()), 1e-9 * (1 + std::fabs(r.score.loss)));
}

INSTANTIATE_TEST_SUITE_P(Both, NetworkSearchObjective,
                         ::testing::Values(NetworkObjective::cross_entropy, NetworkObjective::kl),
                         [](const auto& info) { return std::string(info.param == NetworkObjective::kl ? "kl" : "cross_entropy"); });

TEST(NetworkSearch, ObjectiveNames) {
    EXPECT_EQ(parse_network_objective("cross-entropy"), NetworkObjective::cross_entropy);
    EXPECT_EQ(parse_network_objective("kl"), NetworkObjective::kl);
    EXPECT_EQ(to_string(NetworkObjective::cross_entropy), "cross-entropy");
    EXPECT_THROW(parse_network_objective("mse"), std::runtime_error);
}

TEST(NetworkSearch, KeepsTheBestStartWhenItIsFirstOrLast) {
    const Model m = soft_tiny_model(22);
    const ImageSet images = tiny_images(m, 30);
    const auto idx = all(images.size());
    const std::size_t n_mac = m.mac_layers().size();
    const Format bad = Format::parse("se7m0b60"), good = Format::parse("se3m4b4");
    const std::vector<StartCandidate> order1{{"bad", std::vector<LayerFormats>(n_mac, {bad, bad})},
                                             {"good", std::vector<LayerFormats>(n_mac, {good, good})}};
    const std::vector<StartCandidate> order2{order1[1], order1[0]};
    const std::vector<float> act_max(n_mac, 4.0f);
    EXPECT_EQ(search_network(m, images, idx, order1, act_max).best_start, 1u);
    EXPECT_EQ(search_network(m, images, idx, order2, act_max).best_start, 0u);
    EXPECT_THROW(search_network(m, images, idx, {}, act_max), std::invalid_argument);
    EXPECT_THROW(search_network(m, images, idx, order1, {1.0f}), std::invalid_argument);
}

TEST(NetworkSearch, NetworkModeStartsFromEveryFixedPreset) {
    const Model m = soft_tiny_model(23);
    const ImageSet images = tiny_images(m, 24);
    const ModelCalibration c = calibrate_model(m, images, all(images.size()), CalibrationMode::network);
    std::vector<std::string> names;
    for (const auto& s : c.network.starts) names.push_back(s.name);
    for (const char* p : fixed_presets) EXPECT_NE(std::find(names.begin(), names.end(), p), names.end()) << p;
    for (const char* p : {"output", "search", "rule", "uniform"}) EXPECT_NE(std::find(names.begin(), names.end(), p), names.end()) << p;
    EXPECT_EQ(c.formats, c.network.formats);
    for (const auto& s : c.network.starts) EXPECT_LE(c.network.score.loss, s.score.loss) << s.name;
    // The uniform start is E = 1 (INT8-like) everywhere.
    const auto& u = *std::find_if(c.network.starts.begin(), c.network.starts.end(), [](const auto& s) { return s.name == "uniform"; });
    for (const LayerFormats& f : u.formats) {
        EXPECT_EQ(f.activation.E, 1);
        EXPECT_EQ(f.weight.E, 1);
    }
}

}  // namespace
