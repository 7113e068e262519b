// Joint choice of one MAC layer's (activation, weight) formats by the error of the layer's OUTPUT.
//
// Tensor MSE scores the inputs and the weights separately, but what the network needs is that
// each dot product stays close to its FP32 value. So the calibration samples a layer's dot
// products (inputs as the already-quantized network feeds them, targets the FP32 network's
// outputs) and scores each candidate pair by the mean squared difference between the golden FFP8
// MAC chains (bias loaded into the accumulator, then a*w steps) and those targets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "ffp8/dnn/engine.hpp"
#include "ffp8/dnn/model.hpp"
#include "ffp8/format.hpp"

namespace ffp8::dnn {

// A sample of one MAC layer's dot products.
struct LayerSamples {
    struct Output {
        std::uint32_t row = 0;  // index of its input vector in `rows`
        int channel = 0;        // output channel (weight row, bias)
        float target = 0;       // the value it should have (FP32 network)
    };
    std::size_t K = 0;        // dot length
    std::vector<float> rows;  // input vectors, K fp32 values each (encoded per candidate format)
    std::vector<Output> outputs;
};

// Collects a LayerSamples image by image: out of the (image, channel, position) outputs of
// `images` images, about `max_macs / K` evenly spread ones (every output when there are fewer),
// so that scoring one pair costs at most about max_macs MACs whatever the layer's size.
class LayerSampler {
public:
    LayerSampler(const Layer& L, std::size_t images, std::size_t max_macs);
    // input: the layer's input (in_shape, CHW); target: the reference output (out_shape, CHW).
    void add_image(std::span<const float> input, std::span<const float> target);
    const LayerSamples& samples() const { return s_; }

private:
    const Layer* L_;
    std::uint64_t total_ = 0, take_ = 0, next_ = 0;  // units overall, units taken, next unit's index
    LayerSamples s_;
};

// Mean squared difference between the golden FFP8 dot products with formats f and the targets.
double output_mse(const Layer& L, const LayerSamples& s, const LayerFormats& f);

struct PairCandidate {
    LayerFormats formats;
    double output_mse = 0;
};

// Every (activation, weight) pair of the candidates, best first: lowest output MSE; ties keep the
// candidates' order (activation first), so with candidates ranked by tensor MSE a tie goes to
// the tensor-MSE choice.
std::vector<PairCandidate> rank_format_pairs(const Layer& L, const LayerSamples& s, std::span<const Format> activations,
                                             std::span<const Format> weights);

}  // namespace ffp8::dnn
