// The dot products of one MAC layer of a trained model, as operands for an independent MAC
// (co-simulation of the generated RTL): per output value the initial accumulator (the fp32 bias,
// loaded with the MAC's `load`), the activation and weight codes in MAC order, and the golden
// result (MacKernel::dot, bit-identical to a chain of mac_exact).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "ffp8/dnn/engine.hpp"
#include "ffp8/dnn/model.hpp"
#include "ffp8/flags.hpp"
#include "ffp8/format.hpp"

namespace ffp8::dnn {

struct DotProduct {
    std::size_t image = 0;        // index into the images given
    int output_channel = 0;
    std::size_t position = 0;     // output position (row-major) within the channel
    uint32_t init = 0;            // binary32 bits of the starting accumulator (the bias)
    std::vector<uint8_t> a, w;    // activation and weight codes, a[i] * w[i] in this order
    uint32_t result = 0;          // golden accumulator after the chain (binary32 bits)
    Flags flags = 0;              // flags ORed over the chain
};

struct LayerDotProducts {
    std::string model, layer;
    Format activation, weight;
    std::vector<DotProduct> dots;
};

// Every dot product of MAC layer `mac_index` (Model::mac_layers() order) for each image, at most
// `max_per_image` of them per image (evenly spread over the layer's outputs; 0 = all).
LayerDotProducts layer_dot_products(const Model& model, const std::vector<LayerFormats>& formats, std::size_t mac_index,
                                    std::span<const std::vector<float>> images, std::size_t max_per_image = 0);

// Convenience: the shipped model `name` with formats calibrated as `ffp8 eval` does (512 images of
// the calibration split, network mode) and the first n_images Fashion-MNIST test images.
LayerDotProducts layer_dot_products(const std::string& name, std::size_t mac_index, std::size_t n_images,
                                    std::size_t max_per_image = 0);

}  // namespace ffp8::dnn
