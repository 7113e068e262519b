// A tiny network with every layer type (conv, strided and padded; depthwise; grouped 1x1;
// residual add; ReLU; max and average pooling; fully connected), random weights: shared by the
// engine, network-search and layer-report tests.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "ffp8/dnn/fashion_mnist.hpp"
#include "ffp8/dnn/model.hpp"

namespace ffp8::dnn::test {

inline Layer mac_layer(std::string name, LayerType t, int input, int out, int k, int stride, int pad, int groups) {
    Layer L;
    L.name = std::move(name);
    L.type = t;
    L.inputs = {input};
    L.out_channels = out;
    L.kernel = k;
    L.stride = stride;
    L.padding = pad;
    L.groups = groups;
    return L;
}

inline Layer simple(std::string name, LayerType t, std::vector<int> inputs, int k = 1, int stride = 1) {
    Layer L;
    L.name = std::move(name);
    L.type = t;
    L.inputs = std::move(inputs);
    L.kernel = k;
    L.stride = stride;
    return L;
}

// Builds the tiny model with random weights of the right sizes.
inline Model random_tiny_model(unsigned seed, int input_channels = 3) {
    Model m;
    m.name = "tiny";
    m.input = {input_channels, 8, 7};
    m.layers = {mac_layer("conv", LayerType::conv2d, -1, 4, 3, 1, 1, 1), simple("relu", LayerType::relu, {0}),
                mac_layer("dw", LayerType::conv2d, 1, 4, 3, 2, 1, 4),   mac_layer("pw", LayerType::conv2d, 2, 4, 1, 1, 0, 2),
                simple("add", LayerType::add, {2, 3}),                  simple("relu2", LayerType::relu, {4}),
                simple("max", LayerType::maxpool, {5}, 2, 2),           simple("avg", LayerType::avgpool, {5}, 2, 1),
                mac_layer("fc", LayerType::linear, 7, 5, 1, 1, 0, 1),   mac_layer("fc_max", LayerType::linear, 6, 3, 1, 1, 0, 1)};
    m.output = 8;
    const std::size_t weight_sizes[] = {4 * static_cast<std::size_t>(input_channels) * 9, 0, 4 * 1 * 9, 4 * 2 * 1, 0, 0, 0, 0, 5 * 36, 3 * 16};
    std::mt19937 rng(seed);
    std::normal_distribution<float> d(0.0f, 0.5f);
    for (std::size_t i = 0; i < m.layers.size(); ++i) {
        Layer& L = m.layers[i];
        if (!L.is_mac()) continue;
        L.weight.resize(weight_sizes[i]);
        for (auto& v : L.weight) v = d(rng);
        L.weight[0] = 40.0f;  // beyond every max finite below: saturation
        L.bias.resize(static_cast<std::size_t>(L.out_channels));
        for (auto& v : L.bias) v = d(rng);
    }
    m.finalize();
    return m;
}

inline std::vector<float> random_image(const Model& m, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> d(0.0f, 1.0f);
    std::vector<float> x(m.input.size());
    for (auto& v : x) v = d(rng);
    x[5] = 300.0f;
    return x;
}

// n random 8 x 7 one-channel images (the tiny model's input with input_channels = 1), labels 0.
inline ImageSet random_image_set(std::size_t n, unsigned seed) {
    ImageSet s;
    s.rows = 8;
    s.cols = 7;
    std::mt19937 rng(seed);
    s.pixels.resize(n * 56);
    for (auto& p : s.pixels) p = static_cast<uint8_t>(rng());
    s.labels.assign(n, 0);
    return s;
}

}  // namespace ffp8::dnn::test
