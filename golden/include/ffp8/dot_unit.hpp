// Cycle-level model of the generated K-lane dot-product unit (issue 11): the structure, latency
// and output-port rules of MacUnit (mac_unit.hpp), with K lanes per operation:
//
//   entry --[stages pipeline registers]--> accumulate stage (acc register, one-cycle loop)
//         --[one output register stage, only when an output format O is set]--> ports
//
// One operation per valid cycle: acc <- round_fp32(addend + sum_{k<K} a[k]*w[k]) with dot.hpp's
// rules, where the addend is acc, +0 with clear, load_value with load (clear wins). Slots as
// MacUnit's. Latency L = stages + accumulate_loop_cycles(slots) (+1 with O); outputs as
// MacUnit's (flags 0 without a result, acc holds, q is encode(O, acc port, rne, saturate)). In runtime mode one format pair serves all lanes and is
// sampled with the operation. lanes = 1 behaves exactly as MacUnit.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "ffp8/detail/unit_pipeline.hpp"
#include "ffp8/dot.hpp"
#include "ffp8/format.hpp"
#include "ffp8/mac_unit.hpp"

namespace ffp8 {

struct DotUnitConfig {
    Format act, wgt;
    std::optional<Format> out;  // output format O
    int stages = 0;             // pipeline registers before the accumulate stage
    int lanes = 1;              // K: lanes_supported(K), FFP8 formats only
    int slots = 1;              // interleaved accumulators: 1, 2, 4, 8
    int latency() const { return stages + accumulate_loop_cycles(slots) + (out ? 1 : 0); }
};

struct DotInputs {
    bool rst = false, in_valid = false, clear = false, load = false;
    uint32_t load_value = 0;
    std::array<uint8_t, kMaxLanes> a{}, w{};  // lanes [0, K) used
    int slot = 0;                             // the accumulator, with slots > 1
    std::optional<Format> act{}, wgt{};       // runtime-mode format ports (one pair for all lanes)
};

class DotUnit {
public:
    // Throws std::invalid_argument for an unsupported lane or slot count, fp32 formats or stages < 0.
    explicit DotUnit(const DotUnitConfig& config);

    const MacOutputs& step(const DotInputs& in);  // one rising edge
    const MacOutputs& outputs() const { return pipeline_.outputs(); }
    const DotUnitConfig& config() const { return config_; }

private:
    struct Operation {
        bool valid = false;
        bool clear = false, load = false;
        uint32_t load_value = 0;
        std::array<uint8_t, kMaxLanes> a{}, w{};
        Format act, wgt;
        int slot = 0;
    };

    DotUnitConfig config_;
    detail::UnitPipeline<Operation> pipeline_;
    detail::KernelCache<DotKernel> kernels_;
};

}  // namespace ffp8
