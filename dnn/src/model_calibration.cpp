#include "ffp8/dnn/model_calibration.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <span>
#include <stdexcept>

#include "ffp8/dnn/calibrate.hpp"
#include "ffp8/dnn/output_error.hpp"
#include "ffp8/quoted_text.hpp"

namespace ffp8::dnn {

namespace {

std::vector<float> strided_sample(const std::vector<float>& x, std::size_t n) {
    if (x.size() <= n) return x;
    std::vector<float> out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = x[i * x.size() / n];
    return out;
}

Format choose(const std::vector<float>& x, CalibrationMode mode) {
    return mode == CalibrationMode::rule ? rule_format(x).format : search_formats(x).front().format;
}

std::vector<Format> best_formats(const std::vector<float>& x, std::size_t n) {
    std::vector<Format> out;
    for (const Candidate& c : search_formats(x)) {
        if (out.size() == n) break;
        out.push_back(c.format);
    }
    return out;
}

// Output mode: replaces formats[i] layer by layer (see calibrate_model).
void refine_by_output_error(const Model& model, const ImageSet& images, const std::vector<std::size_t>& indices,
                            std::vector<LayerFormats>& formats) {
    const Engine ref = Engine::fp32(model);
    const std::vector<int> macs = model.mac_layers();
    // The quantized network's layer outputs per image, computed once: layers before MAC layer i
    // only depend on formats 0..i-1, already final. An output is freed after its last consumer.
    std::vector<std::size_t> last_use(model.layers.size(), 0);
    for (std::size_t k = 0; k < model.layers.size(); ++k)
        for (int j : model.layers[k].inputs)
            if (j >= 0) last_use[static_cast<std::size_t>(j)] = k;
    std::vector<std::vector<std::vector<float>>> q(indices.size(), std::vector<std::vector<float>>(model.layers.size()));
    std::size_t done = 0;  // layers [0, done) computed
    for (std::size_t i = 0; i < macs.size(); ++i) {
        const std::size_t li = static_cast<std::size_t>(macs[i]);
        const Layer& L = model.layers[li];
        const Engine quantized = Engine::ffp8(model, formats);  // only layers before li are run
        LayerSampler sampler(L, indices.size(), output_mode_sample_macs);
        std::vector<float> seen;  // the layer's input values as the quantized network produces them
        for (std::size_t n = 0; n < indices.size(); ++n) {
            const std::vector<float> image = images.image(indices[n]);
            quantized.forward_range(image, q[n], done, li);
            for (std::size_t j = 0; j < li; ++j)
                if (last_use[j] < li) std::vector<float>().swap(q[n][j]);
            const auto r = ref.forward_all(image, li + 1);
            const int src = L.inputs[0];
            const std::span<const float> in = src < 0 ? std::span<const float>(image) : q[n][static_cast<std::size_t>(src)];
            sampler.add_image(in, r[li]);
            seen.insert(seen.end(), in.begin(), in.end());
        }
        done = li;
        const auto acts = best_formats(strided_sample(seen, max_activation_sample), output_mode_candidates);
        const auto wgts = best_formats(L.weight, output_mode_candidates);
        formats[i] = rank_format_pairs(L, sampler.samples(), acts, wgts).front().formats;
    }
}

}  // namespace

CalibrationMode parse_calibration_mode(std::string_view name) {
    for (CalibrationMode m : {CalibrationMode::network, CalibrationMode::output, CalibrationMode::search, CalibrationMode::rule})
        if (name == to_string(m)) return m;
    throw std::runtime_error(fmt::format("unknown calibration mode {}: expected network, output, search or rule", quoted_text(name)));
}

std::string_view to_string(CalibrationMode m) {
    switch (m) {
        case CalibrationMode::network: return "network";
        case CalibrationMode::output: return "output";
        case CalibrationMode::search: return "search";
        case CalibrationMode::rule: return "rule";
    }
    return "?";
}

ModelCalibration calibrate_model(const Model& model, const ImageSet& images, const std::vector<std::size_t>& indices,
                                 CalibrationMode mode, NetworkObjective objective) {
    if (indices.empty()) throw std::runtime_error("calibration needs at least one image");
    const Engine ref = Engine::fp32(model);
    const std::vector<int> macs = model.mac_layers();
    std::vector<std::vector<float>> inputs(macs.size());
    for (std::size_t idx : indices) {
        const std::vector<float> image = images.image(idx);
        const auto outs = ref.forward_all(image);
        for (std::size_t i = 0; i < macs.size(); ++i) {
            const int src = model.layers[static_cast<std::size_t>(macs[i])].inputs[0];
            const auto& v = src < 0 ? image : outs[static_cast<std::size_t>(src)];
            inputs[i].insert(inputs[i].end(), v.begin(), v.end());
        }
    }
    ModelCalibration c;
    std::vector<std::vector<float>> samples;
    for (std::size_t i = 0; i < macs.size(); ++i) {
        float m = 0;
        for (float v : inputs[i]) m = std::max(m, std::fabs(v));
        c.activation_max.push_back(m);
        samples.push_back(strided_sample(inputs[i], max_activation_sample));
        std::vector<float>().swap(inputs[i]);
    }
    auto per_tensor = [&](CalibrationMode m) {
        std::vector<LayerFormats> f;
        for (std::size_t i = 0; i < macs.size(); ++i)
            f.push_back({choose(samples[i], m), choose(model.layers[static_cast<std::size_t>(macs[i])].weight, m)});
        return f;
    };
    if (mode != CalibrationMode::network) {
        c.formats = per_tensor(mode == CalibrationMode::rule ? mode : CalibrationMode::search);
        if (mode == CalibrationMode::output) refine_by_output_error(model, images, indices, c.formats);
        return c;
    }
    std::vector<StartCandidate> starts;
    starts.push_back({"output", per_tensor(CalibrationMode::search)});
    refine_by_output_error(model, images, indices, starts.back().formats);
    starts.push_back({"search", per_tensor(CalibrationMode::search)});
    starts.push_back({"rule", per_tensor(CalibrationMode::rule)});
    for (const char* preset : fixed_presets) {
        const Format f = Format::parse(preset);
        starts.push_back({preset, std::vector<LayerFormats>(macs.size(), LayerFormats{f, f})});
    }
    // A uniform grid (E = 1: subnormals and one binade, 2^(8-s) evenly spaced steps) scaled by a
    // power of two to each tensor's maximum: FFP8's nearest to INT8 with per-tensor scales.
    std::vector<LayerFormats> uniform;
    for (std::size_t i = 0; i < macs.size(); ++i) {
        auto grid = [](std::span<const float> x, float max_abs) {
            const bool is_signed = std::any_of(x.begin(), x.end(), [](float v) { return v < 0; });
            return Format::make(is_signed, 1, is_signed ? 6 : 7, max_magnitude_bias(is_signed, 1, max_abs), Policy::finite);
        };
        const auto& w = model.layers[static_cast<std::size_t>(macs[i])].weight;
        float w_max = 0;
        for (float v : w) w_max = std::max(w_max, std::fabs(v));
        uniform.push_back({grid(samples[i], c.activation_max[i]), grid(w, w_max)});
    }
    starts.push_back({"uniform", std::move(uniform)});
    c.network = search_network(model, images, indices, std::move(starts), c.activation_max, objective);
    c.formats = c.network.formats;
    return c;
}

}  // namespace ffp8::dnn
