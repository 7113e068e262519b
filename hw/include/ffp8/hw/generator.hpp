// Public entry point of the RTL generator: a unit configuration in, Verilog files and a manifest out.
// (Contract shared by `ffp8 gen`, the co-simulation and the synthesis flow.)
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "ffp8/hw/unit_config.hpp"

namespace ffp8::hw {

struct GeneratedDesign {
    std::string top;
    int latency = 1;
    // Relative path -> file content (Verilog-2005). Deterministic for the same options.
    std::map<std::string, std::string> files;
    nlohmann::json manifest;  // what DIR/manifest.json holds
};

// The generator's version, written in every file header and the manifest.
std::string generator_version();

// Throws FormatError / std::invalid_argument with a one-line message on an illegal configuration.
GeneratedDesign generate(const UnitConfig& config);

// Writes the design and manifest.json to `dir` atomically (staged in a sibling temporary folder
// and renamed); refuses to replace an existing `dir` unless `force`, and even then unless `dir`
// holds a design ffp8 gen wrote (its manifest.json): one error line, nothing deleted.
void write_design(const GeneratedDesign& design, const std::string& dir, bool force);

}  // namespace ffp8::hw
