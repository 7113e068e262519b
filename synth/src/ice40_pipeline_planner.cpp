#include "ffp8/synth/ice40_pipeline_planner.hpp"

#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

#include "ffp8/hw/generator.hpp"
#include "ffp8/slots.hpp"
#include "ffp8/synth/ice40_stage_delays.hpp"
#include "ffp8/user_cache.hpp"

namespace ffp8::synth {

namespace {
// Bump when the probe, the measurement or its reading changes meaning.
constexpr const char* measurement_version = "ice40 stage-delays 1";
}  // namespace

Ice40PipelinePlanner::Ice40PipelinePlanner(FpgaFlowOptions flow, std::optional<std::filesystem::path> cache_dir)
    : flow_(std::move(flow)), cache_dir_(cache_dir ? *cache_dir : user_cache_dir("stage-delays")) {}

std::string Ice40PipelinePlanner::target() const {
    return fmt::format("ice40 {} {}", flow_.device.name, flow_.device.package);
}

StageDelays Ice40PipelinePlanner::measure(const hw::UnitConfig& request) {
    if (request.lanes > 1) throw std::invalid_argument("--stages auto on ice40 plans the MAC only (--lanes 1)");
    // The input registers cut too: nextpnr times register-to-register paths only.
    const hw::UnitConfig probe = PipelinePlanner::probe_config(request, true);
    const hw::GeneratedDesign design = hw::generate(probe);
    Fnv1a h;
    h.add(measurement_version);
    h.add(target());
    h.add(fmt::format("{} {}", flow_.target_mhz, flow_.device.has_dsp));
    for (const auto& [name, text] : design.files) {
        h.add(name);
        h.add(text);
    }
    return cached_stage_delays(cache_dir_, h.hex(), [&] {
        const RtlDesign rtl = rtl_design(design, "stage probe: " + probe.label());
        return measure_ice40_stages(rtl, {rtl.top, rtl.stages, rtl.loop_module, rtl.loop_cycles, true}, flow_);
    });
}

PipelinePlan Ice40PipelinePlanner::plan(const hw::UnitConfig& request, bool within_reach) {
    if (!request.clock_ns || std::abs(1000.0 / *request.clock_ns - flow_.target_mhz) > 1e-6 * flow_.target_mhz)
        throw std::logic_error("Ice40PipelinePlanner: the unit's clock is not the flow's target");
    const StageDelays delays = measure(request);
    return within_reach ? plan_within_reach(request, delays, target()) : plan_from_delays(request, delays, target());
}

PipelinePlan Ice40PipelinePlanner::replan(const hw::UnitConfig& request, double period_ns) {
    return plan_for_period(request, measure(request), target(), period_ns);
}

}  // namespace ffp8::synth
