// Cycle-level model of the generated MAC unit (SPEC section 5). The RTL is compared with this
// model on every cycle, so its structure is the hardware's:
//
//   entry --[stages pipeline registers]--> accumulate stage (acc register, one-cycle loop)
//         --[one output register stage, only when an output format O is set]--> ports
//
// With `slots` > 1 (SPEC section 8) the accumulate stage holds that many accumulators, each
// operation reads and writes the one its `slot` names, and the loop takes D =
// accumulate_loop_cycles(slots) cycles; acc reports the slot the result belongs to. An operation
// that breaks the schedule rule of slots.hpp throws SlotScheduleError naming the cycle.
//
// Latency L = stages + D (+1 with O). All outputs are registers:
//   out_valid  the operation that entered L rising edges earlier has its result here
//   acc        the accumulator after the newest operation that has reached the ports; it holds
//              its value on cycles without a result (+0 after reset)
//   flags      that operation's flags when out_valid, else 0
//   q          encode(O, acc, rne, saturate) of the acc port value (0 when O is not set)
// rst (synchronous) empties the pipeline and zeroes every register; an operation presented
// together with rst does not enter. clear wins over load. In runtime mode the formats of a and
// w are sampled with the operation, exactly like a and w.
#pragma once

#include <cstdint>
#include <optional>

#include "ffp8/detail/unit_pipeline.hpp"
#include "ffp8/flags.hpp"
#include "ffp8/format.hpp"
#include "ffp8/mac.hpp"
#include "ffp8/slots.hpp"

namespace ffp8 {

struct MacUnitConfig {
    Format act;
    Format wgt;
    std::optional<Format> out;  // output format O
    int stages = 0;             // pipeline registers before the accumulate stage
    int slots = 1;              // interleaved accumulators: 1, 2, 4, 8
    int latency() const { return stages + accumulate_loop_cycles(slots) + (out ? 1 : 0); }
};

struct MacInputs {
    bool rst = false;
    bool in_valid = false;
    bool clear = false;
    bool load = false;
    uint32_t load_value = 0;
    uint32_t a = 0;
    uint32_t w = 0;
    int slot = 0;  // the accumulator, with slots > 1
    // Runtime-mode format ports; when unset the configuration's formats are used.
    std::optional<Format> act{};
    std::optional<Format> wgt{};
};

class MacUnit {
public:
    // Throws std::invalid_argument for stages < 0 or an unsupported slot count.
    explicit MacUnit(const MacUnitConfig& config);

    // One rising clock edge with these inputs; returns the outputs after the edge.
    const MacOutputs& step(const MacInputs& in);
    const MacOutputs& outputs() const { return pipeline_.outputs(); }
    const MacUnitConfig& config() const { return config_; }

private:
    struct Operation {
        bool valid = false;
        bool clear = false, load = false;
        uint32_t load_value = 0, a = 0, w = 0;
        Format act, wgt;
        int slot = 0;
    };

    MacUnitConfig config_;
    detail::UnitPipeline<Operation> pipeline_;
    detail::KernelCache<MacKernel> kernels_;
};

}  // namespace ffp8
