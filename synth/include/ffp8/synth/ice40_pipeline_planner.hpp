// `--stages auto` on an iCE40: the plan of PipelinePlanner (the same rule, plan_from_delays),
// from the probe's delays measured post-route by nextpnr-ice40 (measure_ice40_stages), cached
// by the part, package, target frequency and the probe's Verilog.
#pragma once

#include <filesystem>
#include <optional>

#include "ffp8/hw/unit_config.hpp"
#include "ffp8/synth/ice40_flow.hpp"
#include "ffp8/synth/pipeline_planner.hpp"

namespace ffp8::synth {

class Ice40PipelinePlanner {
public:
    // `flow`: the part, package and target frequency the unit is placed and routed for.
    explicit Ice40PipelinePlanner(FpgaFlowOptions flow, std::optional<std::filesystem::path> cache_dir = {});

    // Plans `request` (an auto unit; its clock must be the flow's target period). Throws
    // ClockUnreachable, ToolRunError / ToolOutputError.
    // `within_reach`: plan_within_reach instead of refusing an unreachable clock.
    PipelinePlan plan(const hw::UnitConfig& request, bool within_reach = false);
    // plan_for_period on the same measurement.
    PipelinePlan replan(const hw::UnitConfig& request, double period_ns);
    // The probe's delays (a MAC's: the K-lane unit is not built for iCE40): cached.
    StageDelays measure(const hw::UnitConfig& request);
    // The target's name in plans and manifests: "ice40 hx8k ct256".
    std::string target() const;

private:
    FpgaFlowOptions flow_;
    std::filesystem::path cache_dir_;
};

}  // namespace ffp8::synth
