#include "ffp8/dnn/network_search.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

#include "ffp8/dnn/calibrate.hpp"
#include "ffp8/quoted_text.hpp"

namespace ffp8::dnn {

namespace {

std::vector<double> log_softmax(const std::vector<float>& logits) {
    const double top = *std::max_element(logits.begin(), logits.end());
    double sum = 0;
    for (float v : logits) sum += std::exp(static_cast<double>(v) - top);
    std::vector<double> out;
    for (float v : logits) out.push_back(static_cast<double>(v) - top - std::log(sum));
    return out;
}

// KL(p || q) of two distributions given as log-probabilities.
double kl_divergence(const std::vector<double>& log_p, const std::vector<double>& log_q) {
    double d = 0;
    for (std::size_t i = 0; i < log_p.size(); ++i) d += std::exp(log_p[i]) * (log_p[i] - log_q[i]);
    return d;
}

bool is_correct(const std::vector<float>& logits, std::size_t label) {
    return static_cast<std::size_t>(std::max_element(logits.begin(), logits.end()) - logits.begin()) == label;
}

// The calibration images with, per image, the layer outputs a resumed forward pass needs: the
// values of the layers before `boundary` that layers from `boundary` on read, computed with the
// formats accepted so far. A trial assignment that differs only from MAC layer `boundary` on is
// scored by resuming there, at the cost of the rest of the network.
class ResumableRun {
public:
    ResumableRun(const Model& model, const ImageSet& images, const std::vector<std::size_t>& indices,
                 NetworkObjective objective)
        : model_(model), objective_(objective) {
        const Engine fp32 = Engine::fp32(model);
        for (std::size_t idx : indices) {
            images_.push_back(images.image(idx));
            labels_.push_back(images.labels.at(idx));
            reference_.push_back(log_softmax(fp32.forward(images_.back())));
        }
        state_.assign(indices.size(), std::vector<std::vector<float>>(model.layers.size()));
        last_use_.assign(model.layers.size(), 0);
        for (std::size_t k = 0; k < model.layers.size(); ++k)
            for (int j : model.layers[k].inputs)
                if (j >= 0) last_use_[static_cast<std::size_t>(j)] = k;
        last_use_[static_cast<std::size_t>(model.output)] = model.layers.size();  // the logits are read at the end
    }

    // The loss when layers [boundary, end) run with `engine`'s formats.
    NetworkScore score(const Engine& engine) const {
        NetworkScore s;
        s.images = images_.size();
        for (std::size_t n = 0; n < images_.size(); ++n) {
            std::vector<std::vector<float>> st = state_[n];
            engine.forward_range(images_[n], st, boundary_, model_.layers.size());
            const auto& logits = st[static_cast<std::size_t>(model_.output)];
            const std::vector<double> log_q = log_softmax(logits);
            s.loss += objective_ == NetworkObjective::kl ? kl_divergence(reference_[n], log_q) : -log_q[labels_[n]];
            s.correct += is_correct(logits, labels_[n]);
        }
        s.loss /= static_cast<double>(std::max<std::size_t>(1, images_.size()));
        return s;
    }

    // Moves the boundary to layer `to`, running layers [boundary, to) with `engine`.
    void advance(const Engine& engine, std::size_t to) {
        for (std::size_t n = 0; n < images_.size(); ++n) {
            engine.forward_range(images_[n], state_[n], boundary_, to);
            for (std::size_t j = 0; j < to; ++j)
                if (last_use_[j] < to) std::vector<float>().swap(state_[n][j]);
        }
        boundary_ = to;
    }

private:
    const Model& model_;
    NetworkObjective objective_;
    std::vector<std::vector<float>> images_;
    std::vector<std::size_t> labels_;
    std::vector<std::vector<double>> reference_;  // the FP32 network's log-probabilities
    std::vector<std::vector<std::vector<float>>> state_;
    std::vector<std::size_t> last_use_;
    std::size_t boundary_ = 0;
};

float max_abs(const std::vector<float>& x) {
    float m = 0;
    for (float v : x) m = std::max(m, std::fabs(v));
    return m;
}

}  // namespace

NetworkObjective parse_network_objective(std::string_view name) {
    for (NetworkObjective o : {NetworkObjective::cross_entropy, NetworkObjective::kl})
        if (name == to_string(o)) return o;
    throw std::runtime_error(fmt::format("unknown calibration objective {}: expected cross-entropy or kl", quoted_text(name)));
}

std::string_view to_string(NetworkObjective o) { return o == NetworkObjective::kl ? "kl" : "cross-entropy"; }

std::string_view describe(NetworkObjective o) {
    return o == NetworkObjective::kl
               ? "mean KL divergence from the FP32 network's class probabilities on the calibration images"
               : "mean cross-entropy of the labels (negative log-likelihood) on the calibration images";
}

std::vector<Format> format_neighbours(const Format& f, float max_abs_value) {
    std::vector<Format> out;
    auto add = [&](bool is_signed, int E, int M, int B, Policy p) {
        const BiasRange r = Format::legal_bias(E, M, p);
        if (B < r.min || B > r.max) return;
        const Format g = Format::make(is_signed, E, M, B, p);
        if (!(g == f) && std::find(out.begin(), out.end(), g) == out.end()) out.push_back(g);
    };
    add(f.is_signed, f.E, f.M, f.bias - 1, f.policy);
    add(f.is_signed, f.E, f.M, f.bias + 1, f.policy);
    // Same width: an exponent bit traded for a fraction bit, and back.
    const int n = f.width();
    for (int E : {f.E - 1, f.E + 1})
        if (E >= 1 && E <= n - f.sign_bit())
            add(f.is_signed, E, n - f.sign_bit() - E, max_magnitude_bias(f.is_signed, E, max_abs_value, n), Policy::finite);
    return out;
}

NetworkScore score_network(const Model& model, const std::vector<LayerFormats>& formats, const ImageSet& images,
                           const std::vector<std::size_t>& indices, NetworkObjective objective) {
    return ResumableRun(model, images, indices, objective).score(Engine::ffp8(model, formats));
}

NetworkSearch search_network(const Model& model, const ImageSet& images, const std::vector<std::size_t>& indices,
                             std::vector<StartCandidate> starts, const std::vector<float>& activation_max,
                             NetworkObjective objective) {
    if (starts.empty()) throw std::invalid_argument("search_network needs at least one start");
    const std::vector<int> macs = model.mac_layers();
    if (activation_max.size() != macs.size())
        throw std::invalid_argument(fmt::format("model {}: {} activation maxima for {} MAC layers", model.name,
                                                activation_max.size(), macs.size()));
    ResumableRun run(model, images, indices, objective);
    NetworkSearch r;
    r.objective = objective;
    for (std::size_t i = 0; i < starts.size(); ++i) {
        starts[i].score = run.score(Engine::ffp8(model, starts[i].formats));
        if (starts[i].score.loss < starts[r.best_start].score.loss) r.best_start = i;
    }
    r.formats = starts[r.best_start].formats;
    r.score = starts[r.best_start].score;
    r.starts = std::move(starts);

    for (std::size_t i = 0; i < macs.size(); ++i) {
        run.advance(Engine::ffp8(model, r.formats), static_cast<std::size_t>(macs[i]));
        const float weight_max = max_abs(model.layers[static_cast<std::size_t>(macs[i])].weight);
        for (Format LayerFormats::*role : {&LayerFormats::activation, &LayerFormats::weight}) {
            const Format current = r.formats[i].*role;
            std::vector<LayerFormats> best_trial;
            for (const Format& g : format_neighbours(current, role == &LayerFormats::weight ? weight_max : activation_max[i])) {
                std::vector<LayerFormats> trial = r.formats;
                trial[i].*role = g;
                const NetworkScore s = run.score(Engine::ffp8(model, trial));
                ++r.trials;
                if (s.loss < r.score.loss) {
                    r.score = s;
                    best_trial = std::move(trial);
                }
            }
            if (!best_trial.empty()) {
                r.formats = std::move(best_trial);
                ++r.accepted;
            }
        }
    }
    return r;
}

}  // namespace ffp8::dnn
