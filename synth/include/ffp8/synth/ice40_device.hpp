// The iCE40 parts the FPGA flow places and routes on: nextpnr-ice40's device switch, the
// default package (the one with the most I/O pins), and whether the part has SB_MAC16 DSPs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ffp8::synth {

struct Ice40Device {
    std::string name;     // "hx8k", "up5k", ...
    std::string package;  // nextpnr --package
    bool has_dsp = false; // UltraPlus: SB_MAC16 blocks (synth_ice40 -dsp)

    std::string nextpnr_switch() const { return "--" + name; }
};

// Known device names, for messages and --help.
std::vector<std::string> ice40_device_names();

// `name` with its default package, or `package` when not empty. Throws std::invalid_argument with
// a one-line message naming the known devices, or the device's known packages (before any tool
// runs: nextpnr would only refuse a package after synthesis).
Ice40Device ice40_device(std::string_view name, std::string_view package = {});

}  // namespace ffp8::synth
