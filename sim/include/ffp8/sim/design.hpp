// What the co-simulation needs to know about the RTL under test: its top module, latency and
// formats, read from the manifest that the RTL generator writes next to the Verilog.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ffp8/hw/unit_config.hpp"

namespace ffp8::sim {

// A port as a manifest lists it.
struct PortInfo {
    std::string name;
    std::string dir;  // "in" or "out" ("inout" only as Verilator reads a hand-written port)
    int width = 0;    // 0: not a plain vector (a struct, an array)
};

struct DesignInfo {
    // What the unit is (a runtime unit's formats are its defaults; lanes > 1: golden DotUnit).
    hw::UnitConfig unit;
    int latency = 1;
    std::vector<std::string> verilog_files;  // relative to the design folder
    std::vector<PortInfo> ports;             // the manifest's (empty when a job is read back)

    // One line for reports: "static ue4m4b7 x se4m3b7, stages 0, latency 1, top ffp8_mac".
    std::string describe() const;
};

// Reads DIR/manifest.json; throws std::runtime_error naming the file on a missing or bad field, or
// on a listed Verilog file that is not a plain name of a file inside DIR.
DesignInfo read_design(const std::filesystem::path& dir);
// Also refuses a listed file that is not a plain name (see check_plain_file_name).
DesignInfo design_from_manifest(const nlohmann::json& manifest);

// A design's Verilog files are plain names (no '/', not "." or "..", no control bytes): copied
// into the simulation cache, any other name could read or write outside the folders involved.
// Throws std::runtime_error naming the entry.
void check_plain_file_name(const std::string& name);

}  // namespace ffp8::sim
