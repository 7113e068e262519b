// Public entry point of the RTL generator: options in, Verilog files and a manifest out.
// (Contract shared by `ffp8 gen`, the co-simulation and the synthesis flow.)
#pragma once

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "ffp8/dot.hpp"  // lanes_supported: 1 (the MAC), 2, 4, 8, 16
#include "ffp8/format.hpp"

namespace ffp8::hw {

enum class Mode { static_formats, runtime_formats };

struct GenOptions {
    Format act = Format::parse("ue4m4");
    Format wgt = Format::parse("se4m3");
    std::optional<Format> out;  // output format O (encoder stage) when set
    Mode mode = Mode::static_formats;
    int stages = 0;             // pipeline registers before the accumulate stage
    // The first of the stages registers the inputs (the rest split the logic as usual): every
    // path then starts at a flop, which event-driven simulators evaluate once per clock edge.
    bool input_stage = false;
    // Products per operation: 1 is the MAC; 2, 4, 8, 16 the fused dot-product unit
    // (acc <- round_fp32(acc + sum_k a[k] * w[k]), a and w 8 * lanes bits wide, static FFP8 formats).
    int lanes = 1;
    std::string top = "ffp8_mac";
};

struct GeneratedDesign {
    std::string top;
    int latency = 1;
    // Relative path -> file content (Verilog-2005). Deterministic for the same options.
    std::map<std::string, std::string> files;
    nlohmann::json manifest;  // what DIR/manifest.json holds
};

// The generator's version, written in every file header and the manifest.
std::string generator_version();

// The `ffp8 gen` command line that reproduces these options (for headers and manifests).
std::string options_text(const GenOptions& options);

// The default top name for a lane count: ffp8_mac, or ffp8_dot for lanes > 1.
std::string default_top(int lanes);

// Throws FormatError / std::invalid_argument with a one-line message on illegal options.
GeneratedDesign generate(const GenOptions& options);

// Writes the design and manifest.json to `dir` atomically (staged in a sibling temporary folder
// and renamed); refuses to replace an existing `dir` unless `force`.
void write_design(const GeneratedDesign& design, const std::string& dir, bool force);

}  // namespace ffp8::hw
