// The RTL under test as the C++ harness sees it: one call per clock cycle.
#pragma once

#include <cstdint>

#include "ffp8/format.hpp"
#include "ffp8/sim/ports.hpp"

namespace ffp8::sim {

class Dut {
public:
    virtual ~Dut() = default;
    // Drives `in` on the input ports (after the falling edge), applies the rising edge and returns
    // the outputs after it.
    virtual CycleOutput cycle(const CycleInput& in) = 0;
};

// The values of a runtime-configurable unit's format ports for one format (hw manifest
// `format_ports`): <p>_signed, <p>_exp_bits, <p>_frac_bits, <p>_bias (9-bit two's complement), <p>_policy.
struct FormatPortValues {
    uint32_t is_signed;
    uint32_t exp_bits;
    uint32_t frac_bits;
    uint32_t bias;
    uint32_t policy;  // 0 finite, 1 ieee, 2 fn, 3 fnuz
};

inline FormatPortValues format_port_values(const Format& f) {
    return {f.is_signed ? 1u : 0u, static_cast<uint32_t>(f.E), static_cast<uint32_t>(f.M),
            static_cast<uint32_t>(f.bias) & 0x1FFu, static_cast<uint32_t>(f.policy)};
}

}  // namespace ffp8::sim
