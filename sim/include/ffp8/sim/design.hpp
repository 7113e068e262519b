// What the co-simulation needs to know about the RTL under test: its top module, latency and
// formats, read from the manifest that the RTL generator writes next to the Verilog.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ffp8/format.hpp"
#include "ffp8/mac_unit.hpp"

namespace ffp8::sim {

struct DesignInfo {
    std::string top = "ffp8_mac";
    bool runtime = false;  // runtime-configurable: format ports beside the SPEC ports
    Format act, wgt;       // the formats of a static design (a runtime design's defaults)
    std::optional<Format> out;
    int stages = 0;
    bool input_stage = false;  // the first stage registers the inputs (ffp8 gen --input-stage)
    int latency = 1;
    int lanes = 1;  // > 1: a K-lane dot-product unit (golden: DotUnit)
    std::vector<std::string> verilog_files;  // relative to the design folder

    MacUnitConfig golden_config(const Format& act_format, const Format& wgt_format) const {
        return MacUnitConfig{act_format, wgt_format, out, stages};
    }
    // One line for reports: "runtime, stages 0, latency 1, top ffp8_mac".
    std::string describe() const;
};

// Reads DIR/manifest.json; throws std::runtime_error naming the file on a missing or bad field.
DesignInfo read_design(const std::filesystem::path& dir);
DesignInfo design_from_manifest(const nlohmann::json& manifest);

}  // namespace ffp8::sim
