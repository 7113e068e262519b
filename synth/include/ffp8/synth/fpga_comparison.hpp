// The FFP8 MAC against its FP32 baseline on an iCE40: both generated, both placed and routed
// with the same options; FFP8 over baseline in LUTs and post-route Fmax.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ffp8/hw/unit_config.hpp"
#include "ffp8/synth/baseline_cache.hpp"
#include "ffp8/synth/ice40_flow.hpp"
#include "ffp8/synth/ice40_pipeline_planner.hpp"

namespace ffp8::synth {

struct ImplementedMac {
    std::string role;  // "baseline" or "ffp8"
    int latency = 0;
    FpgaMetrics fpga;
    hw::UnitConfig unit;       // the unit built (planned, with --stages auto)
    std::string plan_summary;  // --stages auto: where the planner put the cuts and why
};

struct FpgaComparison {
    hw::UnitConfig config;  // the FFP8 unit built (with --stages auto: as planned)
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

    // A --stages auto unit (its clock the target's period) is planned first, and its baseline on
    // its own by the same rules (Ice40PipelinePlanner; ClockUnreachable when either cannot meet it).
    FpgaComparison compare(const hw::UnitConfig& config);

private:
    ImplementedMac run(const hw::UnitConfig& gen, const std::string& role, const std::string& name);
    ImplementedMac run_planned(const hw::UnitConfig& request, const std::string& role, const std::string& name);
    std::unique_ptr<Ice40PipelinePlanner> planner_;  // made on the first --stages auto unit

    FpgaFlowOptions options_;
    Progress progress_;
    BaselineCache<ImplementedMac> baselines_;
};

}  // namespace ffp8::synth
