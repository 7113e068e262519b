#include "ffp8/dnn/evaluate.hpp"

#include <algorithm>
#include <ctime>
#include <fmt/format.h>
#include <span>
#include <stdexcept>

#include "ffp8/quoted_text.hpp"

namespace ffp8::dnn {

namespace {

// Processor time of this (single-threaded) process: on a shared machine, what one core spends.
double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

}  // namespace

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
    throw std::invalid_argument(fmt::format("no run named {}", quoted_text(name)));
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
    throw std::invalid_argument(fmt::format("no comparison of {} with {}", quoted_text(first), quoted_text(second)));
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
