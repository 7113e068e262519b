// A trained network as exported by dnn/train.py: a graph of layers in evaluation order, weights
// float32 with batch norm already folded into the convolutions (format: dnn/README.md).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace ffp8::dnn {

enum class LayerType { conv2d, linear, relu, maxpool, avgpool, add };

struct Shape {
    int c = 0, h = 1, w = 1;  // a vector (linear layers) is c x 1 x 1
    std::size_t size() const { return static_cast<std::size_t>(c) * h * w; }
    friend bool operator==(const Shape&, const Shape&) = default;
};

struct Layer {
    std::string name;
    LayerType type = LayerType::relu;
    std::vector<int> inputs;  // indices of earlier layers; -1 is the network input
    // conv2d: weight (out_channels, in_channels/groups, kernel, kernel); linear: (out, in).
    int out_channels = 0, kernel = 1, stride = 1, padding = 0, groups = 1;
    // What model.json declares the layer takes (conv2d: in_channels, linear: in_features); 0 when
    // not declared. Model::finalize() checks it against what the input layer produces.
    int declared_inputs = 0;
    std::vector<float> weight, bias;  // bias: one per output channel
    Shape in_shape, out_shape;        // set by Model::finalize()

    // conv2d and linear: the layers whose multiply-accumulates run on the MAC.
    bool is_mac() const { return type == LayerType::conv2d || type == LayerType::linear; }
    // Dot-product length of one output value.
    std::size_t dot_length() const;
};

struct Model {
    std::string name, description;
    Shape input{1, 28, 28};
    std::vector<Layer> layers;
    int output = -1;  // index of the layer whose values are the logits
    int classes = 10;  // how many logits the output layer gives

    // Infers every layer's shapes and checks weights, bias and inputs; throws std::runtime_error.
    void finalize();
    // Indices (into layers) of the MAC layers, in evaluation order.
    std::vector<int> mac_layers() const;
    std::size_t macs_per_image() const;
};

// Reads <dir>/model.json and the .npy tensors it names.
Model load_model(const std::filesystem::path& dir);

// The models shipped in the repository (dnn/models), or $FFP8_DNN_MODELS when set.
std::filesystem::path default_models_dir();
// Names of the subdirectories of `dir` that hold a model.json, sorted.
std::vector<std::string> list_models(const std::filesystem::path& dir);

}  // namespace ffp8::dnn
