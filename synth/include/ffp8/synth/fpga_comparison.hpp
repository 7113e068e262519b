// The FFP8 MAC against its FP32 baseline on an iCE40: both generated, both placed and routed
// with the same options; FFP8 over baseline in LUTs and post-route Fmax.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "ffp8/hw/unit_config.hpp"
#include "ffp8/synth/baseline_cache.hpp"
#include "ffp8/synth/ice40_flow.hpp"

namespace ffp8::synth {

struct ImplementedMac {
    std::string role;  // "baseline" or "ffp8"
    int latency = 0;
    FpgaMetrics fpga;
};

struct FpgaComparison {
    hw::UnitConfig config;
    ImplementedMac baseline;
    ImplementedMac ffp8;

    double lut_overhead_pct() const;
    // FFP8 Fmax over the baseline's in %; empty when either did not fit.
    std::optional<double> fmax_change_pct() const;
};

class FpgaMacImplementer {
public:
    using Progress = std::function<void(std::string_view design, std::string_view step)>;

    explicit FpgaMacImplementer(FpgaFlowOptions options, Progress progress = {});

    FpgaComparison compare(const hw::UnitConfig& config);

private:
    ImplementedMac run(const hw::UnitConfig& gen, const std::string& role, const std::string& name);

    FpgaFlowOptions options_;
    Progress progress_;
    BaselineCache<ImplementedMac> baselines_;
};

}  // namespace ffp8::synth
