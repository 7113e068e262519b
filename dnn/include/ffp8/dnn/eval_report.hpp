// The reports of `ffp8 eval`, as text and JSON (the command prints and writes them):
//  - the accuracy tables of evaluate_model's results: top-1 with `~` on the columns not
//    significantly different from ffp8, agreement with FP32, every pair's McNemar test;
//  - per model, its calibrated formats, the whole-network search and the CPU times;
//  - with --layers, the per-layer SQNR table of layer_report() (layer_report.hpp).
// Field names and layout are the ones dnn/README.md documents.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "ffp8/dnn/evaluate.hpp"
#include "ffp8/dnn/layer_report.hpp"
#include "ffp8/dnn/model_calibration.hpp"
#include "ffp8/dnn/network_search.hpp"

namespace ffp8::dnn {

// McNemar's test level of the `~` marks and of `significant_at_5_percent`.
inline constexpr double significance_level = 0.05;

// The tables of the accuracy report (every result has the same runs, the first's name the columns).
std::string accuracy_tables(const std::vector<EvalResult>& results);
// One model's formats, whole-network candidates (network mode) and CPU times.
std::string calibration_summary(const EvalResult& result);
// One model's object in the JSON `models` array.
nlohmann::json result_json(const EvalResult& result);
// The network mode's `calibration_search` object.
nlohmann::json search_json(const NetworkSearch& search);

// The --layers table of one model, calibrated on `images` images.
std::string layer_report_table(std::string_view model, const std::vector<LayerReportRow>& rows, std::size_t images);
// The --layers `layers` array (SQNR null where there is no error).
nlohmann::json layer_report_json(const std::vector<LayerReportRow>& rows);

}  // namespace ffp8::dnn
