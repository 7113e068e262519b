// Cycle-level model of the generated MAC unit (SPEC section 5). The RTL is compared with this
// model on every cycle, so its structure is the hardware's:
//
//   entry --[stages pipeline registers]--> accumulate stage (acc register, one-cycle loop)
//         --[one output register stage, only when an output format O is set]--> ports
//
// Latency L = stages + 1 (+1 with O). All outputs are registers:
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
#include <vector>

#include "ffp8/flags.hpp"
#include "ffp8/format.hpp"
#include "ffp8/mac.hpp"

namespace ffp8 {

struct MacUnitConfig {
    Format act;
    Format wgt;
    std::optional<Format> out;  // output format O
    int stages = 0;             // pipeline registers before the accumulate stage
    int latency() const { return stages + 1 + (out ? 1 : 0); }
};

struct MacInputs {
    bool rst = false;
    bool in_valid = false;
    bool clear = false;
    bool load = false;
    uint32_t load_value = 0;
    uint32_t a = 0;
    uint32_t w = 0;
    // Runtime-mode format ports; when unset the configuration's formats are used.
    std::optional<Format> act{};
    std::optional<Format> wgt{};
};

struct MacOutputs {
    bool out_valid = false;
    uint32_t acc = 0;
    Flags flags = 0;
    uint8_t q = 0;
    friend bool operator==(const MacOutputs&, const MacOutputs&) = default;
};

class MacUnit {
public:
    explicit MacUnit(const MacUnitConfig& config);

    // One rising clock edge with these inputs; returns the outputs after the edge.
    const MacOutputs& step(const MacInputs& in);
    const MacOutputs& outputs() const { return out_; }
    const MacUnitConfig& config() const { return config_; }

private:
    struct Operation {
        bool valid = false;
        bool clear = false, load = false;
        uint32_t load_value = 0, a = 0, w = 0;
        Format act, wgt;
    };
    // The configuration's kernel inline (almost every step), the others looked up.
    const MacKernel& kernel_for(const Format& act, const Format& wgt) {
        return act == config_.act && wgt == config_.wgt ? kernel_ : runtime_kernel_for(act, wgt);
    }
    const MacKernel& runtime_kernel_for(const Format& act, const Format& wgt);

    MacUnitConfig config_;
    std::vector<Operation> pipe_;  // a ring: pipe_[oldest_] is the stage next to the accumulate stage
    std::size_t oldest_ = 0;
    uint32_t acc_ = 0;
    bool acc_valid_ = false;
    Flags acc_flags_ = 0;
    MacOutputs out_;
    MacKernel kernel_;
    // Kernels of the runtime-mode format pairs seen so far (a handful per run), newest used first
    // in the search, so switching formats between accumulations costs no table rebuild.
    std::vector<MacKernel> runtime_kernels_;
    std::size_t last_runtime_ = 0;
};

}  // namespace ffp8
