// Whole-network choice of the FFP8 formats: the default calibration (`--calibration network`).
//
// Per-layer criteria (tensor MSE, a layer's output error) do not see how errors add up through the
// network, so a per-layer choice can end up behind a fixed format used everywhere. Here whole
// assignments (one (activation, weight) pair per MAC layer) are scored on the calibration images
// (held-out training images, never test images), every MAC a golden FFP8 MAC, by one of:
//  - cross-entropy (default): the mean negative log-likelihood of the labels, the loss the network
//    was trained for, on data it has not seen: what top-1 accuracy follows. Quantization noise
//    that helps (8-bit schemes can score above FP32) is kept when it helps on the held-out images;
//    on few images it also rewards noise that fixes a handful of them, hence the default 2,048.
//  - kl: the mean KL divergence from the FP32 network's class probabilities: fidelity to FP32
//    (its minimum is the FP32 network itself), labels unused.
// The starts (the per-layer choices and
// each fixed preset everywhere) are scored, the best is kept, and then refined one tensor at a
// time in evaluation order: each neighbour (bias -1/+1, exponent width -1/+1 at its
// max-magnitude bias) replaces the tensor's format if it lowers the loss. Every change is
// accepted only on a strictly lower loss, so the result never scores worse than any start: on its
// own objective the choice cannot lose to a fixed format.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ffp8/dnn/engine.hpp"
#include "ffp8/dnn/fashion_mnist.hpp"
#include "ffp8/dnn/model.hpp"

namespace ffp8::dnn {

enum class NetworkObjective { cross_entropy, kl };
NetworkObjective parse_network_objective(std::string_view name);  // "cross-entropy" or "kl"
std::string_view to_string(NetworkObjective o);
std::string_view describe(NetworkObjective o);  // one sentence, for reports

struct NetworkScore {
    double loss = 0;          // the objective's mean over the images (nats)
    std::size_t correct = 0;  // images whose largest logit is the label's (reported, not optimised)
    std::size_t images = 0;
};

struct StartCandidate {
    std::string name;  // "output", "ocp-e4m3", ...
    std::vector<LayerFormats> formats;
    NetworkScore score{};
};

struct NetworkSearch {
    NetworkObjective objective = NetworkObjective::cross_entropy;
    std::vector<StartCandidate> starts;  // scored, in the order given
    std::size_t best_start = 0;          // index into starts (the first of the lowest loss)
    std::size_t trials = 0, accepted = 0;  // refinements scored / kept
    NetworkScore score{};                // of `formats`
    std::vector<LayerFormats> formats;   // the choice
};

// The neighbours of a tensor format tried by the refinement (see above); max_abs is the tensor's
// calibration maximum magnitude. Illegal biases are skipped; the format itself is not included.
std::vector<Format> format_neighbours(const Format& f, float max_abs);

// The network loss of one assignment on the images `indices` of `images`.
NetworkScore score_network(const Model& model, const std::vector<LayerFormats>& formats, const ImageSet& images,
                           const std::vector<std::size_t>& indices,
                           NetworkObjective objective = NetworkObjective::cross_entropy);

// Scores `starts`, keeps the best and refines it. activation_max: per MAC layer, the calibration
// max |input| (the weights' maximum comes from the model), for the neighbours' biases.
NetworkSearch search_network(const Model& model, const ImageSet& images, const std::vector<std::size_t>& indices,
                             std::vector<StartCandidate> starts, const std::vector<float>& activation_max,
                             NetworkObjective objective = NetworkObjective::cross_entropy);

}  // namespace ffp8::dnn
