// The port values of a design, cycle by cycle, read from a VCD (`ffp8 sim --activity FILE`):
// the inputs that drive the mapped netlist's simulation and the outputs it must reproduce.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ffp8::synth {

struct TracePort {
    std::string name;
    int width = 1;
};

struct PortTrace {
    nlohmann::json header;         // the "ffp8-activity {...}" $comment (empty object when absent)
    std::vector<TracePort> ports;  // every $var of the top scope except the clock
    // Per rising clock edge: each port's value just before the edge (inputs of the cycle) and
    // just after it (outputs of the cycle), in `ports` order.
    std::vector<std::vector<uint64_t>> before;
    std::vector<std::vector<uint64_t>> after;

    // Index of a port; -1 when the trace has none of that name.
    int find(std::string_view name) const;
    std::size_t cycles() const { return before.size(); }
};

// Reads a VCD whose top scope holds the ports (one clock named `clock`). Throws
// std::runtime_error with a one-line message on anything it cannot use: no clock, x/z values,
// vectors wider than 64 bits, unknown identifiers, no rising edge, and an ffp8-activity comment
// whose "ops" is not the number of operations (cycles with in_valid out of reset) the file holds.
PortTrace read_activity_vcd(std::string_view text, const std::string& clock = "clk");

}  // namespace ffp8::synth
