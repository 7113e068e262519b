// A design as input to the synthesis flows (Yosys + OpenSTA, iCE40): its Verilog, its top and
// the modules kept as blocks, whose area is read separately.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "ffp8/hw/generator.hpp"

namespace ffp8::synth {

// A module synthesized as its own unit so its area can be read separately.
struct Block {
    std::string role;    // decoder, encoder, config, fma, ...
    std::string module;  // its Verilog module name
};

struct RtlDesign {
    std::string name;  // label in reports
    std::string top;
    std::map<std::string, std::string> files;  // relative path -> content; *.v / *.sv are read
    std::vector<Block> blocks;
    std::string clock_port = "clk";
    // The module of the accumulate loop (the fused add; manifest `accumulate_loop`): its
    // registers and the accumulators are the loop's. Empty: the design has no loop to report.
    std::string loop_module;
    int stages = 0;       // pipeline register stages of the top (manifest `stages`), registers named *_q<k>
    int loop_cycles = 1;  // the loop's cycles (manifest `accumulate_loop.cycles`)
};

// The generated design as flow input; every module the manifest lists under a block kind
// other than `top` is kept as a block (its area read separately, role = the manifest key).
RtlDesign rtl_design(const hw::GeneratedDesign& d, const std::string& name);

}  // namespace ffp8::synth
