// Whole-network choice of the FFP8 formats: the default calibration (`--calibration network`).
//
// Per-layer criteria (tensor MSE, a layer's output error) do not see how errors add up through the
// network, so a per-layer choice can end up behind a fixed format used everywhere. Here whole
// assignments (one (activation, weight) pair per MAC layer) are scored by how far the whole
// network's output moves: the mean KL divergence from the FP32 network's class probabilities to
// the FFP8 network's on the calibration images (held-out training images, never test images),
// with every MAC a golden FFP8 MAC. The labels are not used: a label-based loss would reward
// quantization noise that happens to fix some calibration images, which does not carry over to
// other images (the minimum here is the FP32 network itself). The starts (the per-layer choices and
// each fixed preset everywhere) are scored, the best is kept, and then refined one tensor at a
// time in evaluation order: each neighbour (bias -1/+1, exponent width -1/+1 at its
// max-magnitude bias) replaces the tensor's format if it lowers the loss. Every change is
// accepted only on a strictly lower loss, so the result never scores worse than any start: on its
// own objective the choice cannot lose to a fixed format.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "ffp8/dnn/engine.hpp"
#include "ffp8/dnn/fashion_mnist.hpp"
#include "ffp8/dnn/model.hpp"

namespace ffp8::dnn {

struct NetworkScore {
    double loss = 0;          // mean KL(FP32 probabilities || these) over the images (nats)
    std::size_t correct = 0;  // images whose largest logit is the label's (reported, not optimised)
    std::size_t images = 0;
};

struct StartCandidate {
    std::string name;  // "output", "ocp-e4m3", ...
    std::vector<LayerFormats> formats;
    NetworkScore score{};
};

struct NetworkSearch {
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
                           const std::vector<std::size_t>& indices);

// Scores `starts`, keeps the best and refines it. activation_max: per MAC layer, the calibration
// max |input| (the weights' maximum comes from the model), for the neighbours' biases.
NetworkSearch search_network(const Model& model, const ImageSet& images, const std::vector<std::size_t>& indices,
                             std::vector<StartCandidate> starts, const std::vector<float>& activation_max);

}  // namespace ffp8::dnn
