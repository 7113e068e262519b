// The waveform of the cycles around a mismatch, as an FST file (GTKWave, Surfer): the inputs and,
// side by side, the RTL's outputs (dut.*) and the golden model's (golden.*), plus a `mismatch`
// marker. Written from the checker's record, so it is the same for every harness.
#pragma once

#include <filesystem>

#include "ffp8/sim/checker.hpp"
#include "ffp8/sim/design.hpp"

namespace ffp8::sim {

// One clock period is 10 ns, cycle c's rising edge at 10*c + 5 ns. Written atomically.
void write_fst_window(const std::filesystem::path& path, const Mismatch& mismatch, const DesignInfo& design);

}  // namespace ffp8::sim
