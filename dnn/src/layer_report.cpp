#include "ffp8/dnn/layer_report.hpp"

#include <array>
#include <bit>
#include <cmath>
#include <limits>

#include "ffp8/decode.hpp"
#include "ffp8/table_encoder.hpp"

namespace ffp8::dnn {

namespace {

// Signal and noise energies of one layer's outputs.
struct Sqnr {
    double signal = 0, noise = 0;
    void add(std::span<const float> ref, std::span<const float> got) {
        for (std::size_t i = 0; i < ref.size(); ++i) {
            const double d = static_cast<double>(got[i]) - ref[i];
            signal += static_cast<double>(ref[i]) * ref[i];
            noise += d * d;
        }
    }
    double db() const { return noise > 0 ? 10 * std::log10(signal / noise) : std::numeric_limits<double>::infinity(); }
};

std::vector<float> quantized(const Format& f, std::span<const float> x) {
    std::vector<float> q(x.size());
    const TableEncoder encoder(f);
    for (std::size_t i = 0; i < x.size(); ++i) q[i] = std::bit_cast<float>(decode(f, encoder.code(x[i])));
    return q;
}

// Layer li of `engine` on the FP32 network's value of its input (`input_override`, when given,
// replaces that value).
std::vector<float> layer_alone(const Engine& engine, const Layer& L, std::size_t li, const std::vector<float>& image,
                               const std::vector<std::vector<float>>& ref, const std::vector<float>* input_override = nullptr) {
    std::vector<std::vector<float>> st(ref.size());
    const int src = L.inputs[0];
    const std::vector<float>& x = input_override ? *input_override : src < 0 ? image : ref[static_cast<std::size_t>(src)];
    if (src >= 0) st[static_cast<std::size_t>(src)] = x;
    engine.forward_range(src < 0 ? x : image, st, li, li + 1);
    return std::move(st[li]);
}

}  // namespace

std::vector<LayerReportRow> layer_report(const Model& model, const std::vector<LayerFormats>& formats,
                                         const std::vector<float>& activation_max, const ImageSet& images,
                                         const std::vector<std::size_t>& indices) {
    const std::vector<int> macs = model.mac_layers();
    const Format e4m3 = Format::parse("ocp-e4m3");
    Model weights_quantized = model;  // every MAC layer's weights replaced by their FFP8 values
    for (std::size_t i = 0; i < macs.size(); ++i) {
        Layer& L = weights_quantized.layers[static_cast<std::size_t>(macs[i])];
        L.weight = quantized(formats[i].weight, L.weight);
    }
    const Engine fp32 = Engine::fp32(model), ffp8 = Engine::ffp8(model, formats),
                 ocp = Engine::ffp8(model, std::vector<LayerFormats>(macs.size(), LayerFormats{e4m3, e4m3})),
                 int8 = Engine::int8(model, activation_max),
                 int8_pc = Engine::int8(model, activation_max, Int8Scaling::per_channel),
                 w_only = Engine::fp32(weights_quantized);
    enum { s_ffp8, s_ocp, s_int8, s_int8_pc, s_w, s_a, s_net, n_kinds };
    std::vector<std::array<Sqnr, n_kinds>> acc(macs.size());
    for (std::size_t idx : indices) {
        const std::vector<float> image = images.image(idx);
        const auto ref = fp32.forward_all(image);
        const auto net = ffp8.forward_all(image);
        for (std::size_t i = 0; i < macs.size(); ++i) {
            const std::size_t li = static_cast<std::size_t>(macs[i]);
            const Layer& L = model.layers[li];
            const std::span<const float> y = ref[li];
            auto& a = acc[i];
            a[s_ffp8].add(y, layer_alone(ffp8, L, li, image, ref));
            a[s_ocp].add(y, layer_alone(ocp, L, li, image, ref));
            a[s_int8].add(y, layer_alone(int8, L, li, image, ref));
            a[s_int8_pc].add(y, layer_alone(int8_pc, L, li, image, ref));
            a[s_w].add(y, layer_alone(w_only, L, li, image, ref));
            const int src = L.inputs[0];
            const std::vector<float> xq = quantized(formats[i].activation, src < 0 ? image : ref[static_cast<std::size_t>(src)]);
            a[s_a].add(y, layer_alone(fp32, L, li, image, ref, &xq));
            a[s_net].add(y, net[li]);
        }
    }
    std::vector<LayerReportRow> rows;
    for (std::size_t i = 0; i < macs.size(); ++i) {
        const auto& a = acc[i];
        rows.push_back({model.layers[static_cast<std::size_t>(macs[i])].name, formats[i], a[s_ffp8].db(), a[s_ocp].db(),
                        a[s_int8].db(), a[s_int8_pc].db(), a[s_w].db(), a[s_a].db(), a[s_net].db()});
    }
    return rows;
}

}  // namespace ffp8::dnn
