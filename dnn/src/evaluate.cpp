#include "ffp8/dnn/evaluate.hpp"

#include <algorithm>
#include <ctime>
#include <cmath>
#include <fmt/format.h>
#include <span>
#include <stdexcept>

#include "ffp8/dnn/calibrate.hpp"
#include "ffp8/dnn/network_search.hpp"
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
    for (CalibrationMode m : {CalibrationMode::network, CalibrationMode::output, CalibrationMode::search, CalibrationMode::rule})
        if (name == to_string(m)) return m;
    throw std::runtime_error(fmt::format("unknown calibration mode '{}': expected network, output, search or rule", name));
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

const RunResult& EvalResult::run(std::string_view name) const {
    for (const RunResult& r : runs)
        if (r.name == name) return r;
    throw std::invalid_argument(fmt::format("no run named '{}'", name));
}

PairedComparison EvalResult::comparison(std::string_view first, std::string_view second) const {
    for (const RunPair& p : pairs) {
        if (runs[p.first].name == first && runs[p.second].name == second) return p.comparison;
        if (runs[p.first].name == second && runs[p.second].name == first) {
            PairedComparison c = p.comparison;
            std::swap(c.first_only, c.second_only);
            return c;
        }
    }
    throw std::invalid_argument(fmt::format("no comparison of '{}' with '{}'", first, second));
}

EvalResult evaluate_model(const Model& model, const ImageSet& train, const ImageSet& test, const EvalOptions& options,
                          const Progress& progress) {
    EvalResult r;
    r.model = model.name;
    r.test_images = std::min(options.limit, test.size());
    r.calibration_images = options.calibration_images;
    r.macs_per_image = model.macs_per_image();
    r.lanes = options.lanes;
    for (int li : model.mac_layers()) r.mac_layer_names.push_back(model.layers[static_cast<std::size_t>(li)].name);

    double t0 = cpu_seconds();
    if (progress) progress("calibration", 0, 1);
    r.calibration = calibrate_model(model, train, calibration_indices(train, options.calibration_images), options.mode,
                                    options.objective);
    r.calibration_seconds = cpu_seconds() - t0;

    const std::size_t n_mac = r.mac_layer_names.size();
    auto everywhere = [&](const char* name) {
        const Format f = Format::parse(name);
        return std::vector<LayerFormats>(n_mac, LayerFormats{f, f});
    };
    std::vector<Engine> engines{
        Engine::fp32(model),
        Engine::ffp8(model, r.calibration.formats),
        Engine::ffp8(model, everywhere("ocp-e4m3")),
        Engine::ffp8(model, everywhere("ocp-e5m2")),
        Engine::int8(model, r.calibration.activation_max),
        Engine::int8(model, r.calibration.activation_max, Int8Scaling::per_channel),
    };
    std::vector<std::string> names(std::begin(run_names), std::end(run_names));
    if (options.lanes > 1) {  // the MAC's calibrated formats, one rounding per K products
        engines.push_back(Engine::ffp8(model, r.calibration.formats, options.lanes));
        names.push_back(fmt::format("ffp8-dot{}", options.lanes));
    }
    for (std::size_t i = 0; i < engines.size(); ++i) {
        RunResult run;
        run.name = names[i];
        t0 = cpu_seconds();
        run.predictions = predictions(engines[i], test, r.test_images, run.name, progress);
        run.seconds = cpu_seconds() - t0;
        run.top1 = percent_equal(run.predictions, test.labels.data());
        run.agreement_with_fp32 = percent_equal(run.predictions, (i == 0 ? run : r.runs[0]).predictions.data());
        r.runs.push_back(std::move(run));
    }
    const std::span<const uint8_t> labels(test.labels.data(), r.test_images);
    for (std::size_t i = 0; i < r.runs.size(); ++i)
        for (std::size_t j = i + 1; j < r.runs.size(); ++j)
            r.pairs.push_back({i, j, compare_predictions(r.runs[i].predictions, r.runs[j].predictions, labels)});
    return r;
}

}  // namespace ffp8::dnn
