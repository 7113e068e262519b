#include "ffp8/dnn/evaluate.hpp"

#include <algorithm>
#include <ctime>
#include <cmath>
#include <fmt/format.h>
#include <span>
#include <stdexcept>

#include "ffp8/dnn/calibrate.hpp"
#include "ffp8/dnn/output_error.hpp"

namespace ffp8::dnn {

namespace {

// Processor time of this (single-threaded) process: on a shared machine, what one core spends.
double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

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
    if (name == "output") return CalibrationMode::output;
    if (name == "search") return CalibrationMode::search;
    if (name == "rule") return CalibrationMode::rule;
    throw std::runtime_error(fmt::format("unknown calibration mode '{}': expected output, search or rule", name));
}

ModelCalibration calibrate_model(const Model& model, const ImageSet& images, const std::vector<std::size_t>& indices,
                                 CalibrationMode mode) {
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
    for (std::size_t i = 0; i < macs.size(); ++i) {
        float m = 0;
        for (float v : inputs[i]) m = std::max(m, std::fabs(v));
        c.activation_max.push_back(m);
        const Format act = choose(strided_sample(inputs[i], max_activation_sample), mode);
        const Format wgt = choose(model.layers[static_cast<std::size_t>(macs[i])].weight, mode);
        c.formats.push_back({act, wgt});
    }
    if (mode == CalibrationMode::output) refine_by_output_error(model, images, indices, c.formats);
    return c;
}

std::vector<uint8_t> predictions(const Engine& engine, const ImageSet& set, std::size_t count, std::string_view stage,
                                 const Progress& progress) {
    count = std::min(count, set.size());
    std::vector<uint8_t> out(count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::vector<float> logits = engine.forward(set.image(i));
        out[i] = static_cast<uint8_t>(std::max_element(logits.begin(), logits.end()) - logits.begin());
        if (progress && (i % 250 == 0 || i + 1 == count)) progress(stage, i + 1, count);
    }
    return out;
}

double percent_equal(const std::vector<uint8_t>& a, const uint8_t* b) {
    std::size_t same = 0;
    for (std::size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
    return a.empty() ? 0.0 : 100.0 * static_cast<double>(same) / static_cast<double>(a.size());
}

double top1(const Engine& engine, const ImageSet& set, std::size_t count, std::string_view stage, const Progress& progress) {
    return percent_equal(predictions(engine, set, count, stage, progress), set.labels.data());
}

EvalResult evaluate_model(const Model& model, const ImageSet& train, const ImageSet& test, const EvalOptions& options,
                          const Progress& progress) {
    EvalResult r;
    r.model = model.name;
    r.test_images = std::min(options.limit, test.size());
    r.calibration_images = options.calibration_images;
    r.macs_per_image = model.macs_per_image();
    for (int li : model.mac_layers()) r.mac_layer_names.push_back(model.layers[static_cast<std::size_t>(li)].name);

    double t0 = cpu_seconds();
    if (progress) progress("calibration", 0, 1);
    r.calibration = calibrate_model(model, train, evenly_spaced(train.size(), options.calibration_images), options.mode);
    r.calibration_seconds = cpu_seconds() - t0;

    const std::size_t n_mac = r.mac_layer_names.size();
    auto everywhere = [&](const char* name) {
        const Format f = Format::parse(name);
        return std::vector<LayerFormats>(n_mac, LayerFormats{f, f});
    };
    struct Run {
        const char* stage;
        double* top1;
        Engine engine;
    };
    Run runs[] = {
        {"fp32", &r.fp32_top1, Engine::fp32(model)},
        {"ffp8", &r.ffp8_top1, Engine::ffp8(model, r.calibration.formats)},
        {"ocp-e4m3", &r.ocp_e4m3_top1, Engine::ffp8(model, everywhere("ocp-e4m3"))},
        {"ocp-e5m2", &r.ocp_e5m2_top1, Engine::ffp8(model, everywhere("ocp-e5m2"))},
        {"int8", &r.int8_top1, Engine::int8(model, r.calibration.activation_max)},
    };
    std::vector<uint8_t> fp32_predictions;
    for (std::size_t i = 0; i < std::size(runs); ++i) {
        t0 = cpu_seconds();
        const std::vector<uint8_t> p = predictions(runs[i].engine, test, r.test_images, runs[i].stage, progress);
        r.run_seconds[i] = cpu_seconds() - t0;
        if (i == 0) fp32_predictions = p;
        *runs[i].top1 = percent_equal(p, test.labels.data());
        r.agreement_with_fp32[i] = percent_equal(p, fp32_predictions.data());
    }
    r.lanes = options.lanes;
    if (options.lanes > 1) {
        const Engine dot_unit = Engine::ffp8(model, r.calibration.formats, options.lanes);
        t0 = cpu_seconds();
        const std::vector<uint8_t> p = predictions(dot_unit, test, r.test_images, "ffp8-dot", progress);
        r.ffp8_lanes_seconds = cpu_seconds() - t0;
        r.ffp8_lanes_top1 = percent_equal(p, test.labels.data());
        r.ffp8_lanes_agreement_with_fp32 = percent_equal(p, fp32_predictions.data());
    }
    return r;
}

}  // namespace ffp8::dnn
