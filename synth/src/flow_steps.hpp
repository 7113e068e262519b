// Steps every flow (ASIC, FPGA, power) shares: the design's sources in the work folder, tool
// output read back, Yosys runs with their ERROR line in the message. Private to synth/src.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "ffp8/synth/synthesize.hpp"

namespace ffp8::synth::detail {

// The file's text; throws ToolOutputError naming it when it is missing.
std::string read_text(const std::filesystem::path& p);

// The design's files under `dir/rtl`; returns the Verilog ones relative to `dir`. Throws
// ToolRunError when the design has no Verilog file.
std::vector<std::string> write_rtl(const RtlDesign& design, const std::filesystem::path& dir);

// Writes `script` to `dir/script_name` and runs `yosys -q -l <script_name>.log -s script_name`
// in `dir`. Throws ToolRunError with Yosys's last ERROR line when it fails.
void run_yosys(const std::filesystem::path& dir, const std::string& script_name, const std::string& script,
               const std::string& design_name);

}  // namespace ffp8::synth::detail
