#include "ffp8/dnn/layer_dots.hpp"

#include <bit>
#include <fmt/format.h>
#include <stdexcept>

#include "ffp8/dnn/evaluate.hpp"
#include "ffp8/dnn/fashion_mnist.hpp"
#include "ffp8/dnn/model_calibration.hpp"
#include "ffp8/mac.hpp"

namespace ffp8::dnn {

LayerDotProducts layer_dot_products(const Model& model, const std::vector<LayerFormats>& formats, std::size_t mac_index,
                                    std::span<const std::vector<float>> images, std::size_t max_per_image) {
    const std::vector<int> macs = model.mac_layers();
    if (mac_index >= macs.size())
        throw std::runtime_error(fmt::format("model {} has {} MAC layers; index {} is out of range", model.name,
                                             macs.size(), mac_index));
    const Layer& L = model.layers[static_cast<std::size_t>(macs[mac_index])];
    const Engine engine = Engine::ffp8(model, formats);
    const MacKernel kernel(formats[mac_index].activation, formats[mac_index].weight);
    const std::vector<uint8_t>& w_codes = engine.weight_codes(mac_index);
    const std::size_t K = L.dot_length();
    const std::size_t P = static_cast<std::size_t>(L.out_shape.h) * L.out_shape.w;
    const std::size_t total = static_cast<std::size_t>(L.out_channels) * P;
    const std::size_t take = max_per_image == 0 ? total : std::min(total, max_per_image);

    LayerDotProducts out{model.name, L.name, formats[mac_index].activation, formats[mac_index].weight, {}};
    for (std::size_t im = 0; im < images.size(); ++im) {
        const auto outs = engine.forward_all(images[im]);
        const int src = L.inputs[0];
        const std::vector<uint8_t> codes =
            engine.encode_input(mac_index, src < 0 ? std::span<const float>(images[im]) : std::span<const float>(outs[static_cast<std::size_t>(src)]));
        std::vector<uint8_t> cols;
        int cols_group = -1;
        for (std::size_t t = 0; t < take; ++t) {
            const std::size_t flat = t * total / take;  // channel-major output index
            const int co = static_cast<int>(flat / P);
            const std::size_t p = flat % P;
            DotProduct d{im, co, p, std::bit_cast<uint32_t>(L.bias[static_cast<std::size_t>(co)]), {}, {}, 0, 0};
            d.w.assign(w_codes.begin() + static_cast<std::ptrdiff_t>(co * K), w_codes.begin() + static_cast<std::ptrdiff_t>((co + 1) * K));
            if (L.type == LayerType::linear) {
                d.a = codes;
            } else {
                const int g = co / (L.out_channels / L.groups);
                if (g != cols_group) {
                    cols.resize(P * K);
                    im2col(L, codes.data(), g, uint8_t{0}, cols.data());
                    cols_group = g;
                }
                d.a.assign(cols.begin() + static_cast<std::ptrdiff_t>(p * K), cols.begin() + static_cast<std::ptrdiff_t>((p + 1) * K));
            }
            const MacResult r = kernel.dot(d.init, d.a.data(), d.w.data(), K);
            d.result = r.bits;
            d.flags = r.flags;
            out.dots.push_back(std::move(d));
        }
    }
    return out;
}

LayerDotProducts layer_dot_products(const std::string& name, std::size_t mac_index, std::size_t n_images,
                                    std::size_t max_per_image) {
    const Model model = load_model(default_models_dir() / name);
    const ImageSet train = load_fashion_mnist(default_fashion_mnist_dir, Split::train);
    const ImageSet test = load_fashion_mnist(default_fashion_mnist_dir, Split::test);
    const EvalOptions defaults;
    const ModelCalibration c =
        calibrate_model(model, train, calibration_indices(train, defaults.calibration_images), defaults.mode,
                        defaults.objective);
    std::vector<std::vector<float>> images;
    for (std::size_t i = 0; i < std::min(n_images, test.size()); ++i) images.push_back(test.image(i));
    return layer_dot_products(model, c.formats, mac_index, images, max_per_image);
}

}  // namespace ffp8::dnn
