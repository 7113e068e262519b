// Runs generated MACs in Icarus Verilog cycle by cycle and compares with ffp8::MacUnit.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "ffp8/hw/generator.hpp"
#include "ffp8/mac_unit.hpp"
#include "hw_test_support.hpp"

namespace ffp8::hw::test {

// The MAC's input ports in the order the rows below use (format ports only in runtime mode).
std::vector<PortSpec> mac_inputs(const UnitConfig& o);
std::vector<PortSpec> mac_outputs(const UnitConfig& o);
Row mac_row(const UnitConfig& o, const MacInputs& in);

// Simulates `cycles` on the generated MAC; returns the outputs after each rising edge.
std::vector<MacOutputs> simulate_mac(const UnitConfig& o, const std::vector<MacInputs>& cycles, const std::string& tag,
                                     Simulator simulator = Simulator::icarus);

// A random binary32 accumulator or operand: subnormals and zeros, Inf and NaN, ordinary values.
uint32_t random_binary32(std::mt19937_64& rng);

// Runtime-mode port encoding of a format.
Row format_ports(const Format& f);

}  // namespace ffp8::hw::test
