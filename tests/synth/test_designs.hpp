// The small designs of tests/synth/designs as flow input.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "ffp8/synth/synthesize.hpp"

namespace ffp8::synth::test {

inline std::string design_text(const std::string& name) {
    std::ifstream in(std::filesystem::path(FFP8_SYNTH_TEST_DIR) / "designs" / name);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// An 8-bit adder block between registers (25 flip-flops, 27 ports), the block kept.
inline RtlDesign reg_adder() {
    return {"reg_adder", "reg_adder", {{"reg_adder.v", design_text("reg_adder.v")}}, {{"adder", "adder_block"}}};
}

}  // namespace ffp8::synth::test
