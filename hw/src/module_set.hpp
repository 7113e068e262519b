// What a unit's build produces: its modules, each tagged with the block it belongs to (the
// manifest's `blocks` and the synthesis area breakdown), and its latency. Shared by the tops
// (mac_top, dot_top), the pipeline they use and the generator that writes them out.
#pragma once

#include <string>
#include <vector>

#include "ffp8/hw/netlist.hpp"

namespace ffp8::hw {

enum class BlockKind { decoder, fp32_unpack, encoder, format_config, fma_core, top, dot_lanes, dot_reduce, dot_add };

struct GeneratedModule {
    rtl::Module module;
    BlockKind kind;
};

struct ModuleSet {
    std::vector<GeneratedModule> modules;  // the top last
    int latency = 1;
    std::string loop_module;  // the fused add, whose registers (with slots) cut the accumulate loop
};

}  // namespace ffp8::hw
