#include "ffp8/debian_package.hpp"

#include <utility>

namespace ffp8 {

std::string_view debian_package_of(std::string_view tool) {
    static constexpr std::pair<std::string_view, std::string_view> packages[] = {
        {"verilator", "verilator"},
        {"yosys", "yosys"},
        {"yosys-abc", "yosys"},
        {"sta", "opensta"},
        {"iverilog", "iverilog"},
        {"vvp", "iverilog"},
        {"nextpnr-ice40", "nextpnr-ice40"},
        {"icepack", "fpga-icestorm"},
        {"icetime", "fpga-icestorm"},
        {"c++", "g++"},
        {"g++", "g++"},
    };
    for (const auto& [name, package] : packages)
        if (name == tool) return package;
    return {};
}

}  // namespace ffp8
