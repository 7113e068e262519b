// The MAC top: the SPEC section 5 ports, the decode/multiply pipeline, the one-cycle
// accumulate loop and the optional encoder output stage. Matches ffp8::MacUnit cycle by cycle.
#pragma once

#include <string>
#include <vector>

#include "ffp8/hw/generator.hpp"
#include "ffp8/hw/netlist.hpp"

namespace ffp8::hw {

// Which block a generated module belongs to (for the synthesis area breakdown).
enum class BlockKind { decoder, fp32_unpack, encoder, format_config, fma_core, top, dot_lanes, dot_reduce, dot_add };

struct GeneratedModule {
    rtl::Module module;
    BlockKind kind;
};

struct MacBuild {
    std::vector<GeneratedModule> modules;  // the top last
    int latency = 1;
};

MacBuild build_mac(const GenOptions& options);

}  // namespace ffp8::hw
