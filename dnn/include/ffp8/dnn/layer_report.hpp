// Where a network's 8-bit error comes from, layer by layer (`ffp8 eval --model M --layers`).
//
// For every MAC layer, on calibration images: the layer alone (its input taken from the FP32
// network, so earlier layers' errors do not count) under FFP8 with the chosen formats, OCP E4M3
// and INT8 (per-tensor and per-channel weight scales), each as the SQNR of the layer's output
// against its FP32 output; the FFP8 error split into its sources: only the weights quantized,
// only the input activations quantized (FP32 dot products of the decoded values); and the
// layer's output SQNR inside the whole FFP8 network (errors of earlier layers included).
// SQNR = 10 log10(sum y^2 / sum (y - y')^2) over all outputs of the layer on all images, in dB
// (+inf without error).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "ffp8/dnn/engine.hpp"
#include "ffp8/dnn/fashion_mnist.hpp"
#include "ffp8/dnn/model.hpp"

namespace ffp8::dnn {

struct LayerReportRow {
    std::string layer;
    LayerFormats formats;
    double sqnr_ffp8 = 0, sqnr_ocp_e4m3 = 0, sqnr_int8 = 0, sqnr_int8_per_channel = 0;  // layer alone
    double sqnr_weights_only = 0, sqnr_activations_only = 0;  // FFP8 formats, one operand quantized
    double sqnr_in_network = 0;                               // FFP8 network, accumulated error
};

std::vector<LayerReportRow> layer_report(const Model& model, const std::vector<LayerFormats>& formats,
                                         const std::vector<float>& activation_max, const ImageSet& images,
                                         const std::vector<std::size_t>& indices);

}  // namespace ffp8::dnn
