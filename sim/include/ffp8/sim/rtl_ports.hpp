// A --rtl folder's manifest is checked against its Verilog before anything is verilated: the
// top module it names is there, with the ports it lists (name, direction, width), and those are
// the ports of the unit its options describe, which the harness is built for. Otherwise a
// contradiction reached g++ as a page of template errors, or passed unseen.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "ffp8/sim/design.hpp"

namespace ffp8::sim {

// Verilator's first error on the files (it names the file and line).
struct VerilogError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The ports of module `top`, as Verilator reads `files` (verilator --xml-only). Throws
// VerilogError on a Verilog error, std::runtime_error when no file defines `top`;
// `defined_in` receives the file that holds it.
std::vector<PortInfo> verilog_top_ports(const std::vector<std::filesystem::path>& files, const std::string& top,
                                           std::filesystem::path& defined_in);

// Throws std::runtime_error, one line naming DIR/manifest.json, when the manifest's ports are not
// its unit's or not its Verilog top module's.
void check_rtl_ports(const std::filesystem::path& dir, const DesignInfo& info);

}  // namespace ffp8::sim
